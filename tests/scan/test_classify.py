"""Definition, claim or not checked: each rule of derive/scan/classify.py, with what decided it."""

from __future__ import annotations

from derive.model import Macro, SymbolSpec
from derive.scan.classify import classify, classify_inline
from derive.scan.scope import Classified, Defined, Role, given_definition
from derive.specs import parse_spec

SIGMOID = {"\\sigma": parse_spec("sigma", "sigmoid")}


def run(latexes: list[str], specs: dict[str, SymbolSpec] | None = None) -> list[Classified]:
    """Classify formulas in order, as a note would (definitions go into scope)."""
    scope: list[Defined] = []
    out = []
    for line, latex in enumerate(latexes, start=1):
        c = classify(latex, line, specs or {}, scope)
        scope += c.defined
        out.append(c)
    return out


def test_a_name_equals_expression_defines_the_name() -> None:
    (c,) = run(["L = (w x - y)^2"])
    assert c.role is Role.DEFINITION
    assert c.defines is not None and c.defines.name == "L"
    assert c.note == "defines L"


def test_a_second_definition_of_a_name_is_a_claim_about_it_and_says_so() -> None:
    _, second = run(["L = (w x - y)^2", "L = w^2 x^2 - 2 w x y + y^2"])
    assert second.role is Role.CLAIM
    assert second.note == "a claim: L is defined at line 1"
    assert second.given == ("L = (w x - y)^2",)


def test_a_chain_after_a_new_name_defines_it_by_the_first_side() -> None:
    _, c = run(["E = w^2", "g = \\frac{\\partial E}{\\partial w} = 2 w"])
    assert c.role is Role.CLAIM
    assert c.claim == "\\frac{\\partial E}{\\partial w} = 2 w"
    assert c.defines is not None and c.defines.name == "g"
    assert c.note == "defines g and claims the rest of the chain"


def test_a_name_on_both_sides_is_an_update_rule_with_every_definition_in_scope() -> None:
    *_, c = run(["u = 3 v", "L = (w - 1)^2", "w = w - \\eta \\frac{\\partial L}{\\partial w}"])
    assert c.role is Role.CLAIM and c.defines is None
    assert c.given == ("u = 3 v", "L = (w - 1)^2")


def test_a_claim_gets_only_the_definitions_it_uses_directly_or_not() -> None:
    *_, c = run(
        ["u = 3 v", "z = w x", "L = z^2", "\\frac{\\partial L}{\\partial w} = 2 z x"], SIGMOID
    )
    assert c.given == ("z = w x", "L = z^2")


def test_the_derivative_of_an_undefined_name_is_not_checked() -> None:
    (c,) = run(["\\frac{\\partial E}{\\partial w} = 2 w"])
    assert c.role is Role.NOT_CHECKED
    assert c.note == "the derivative of E, which no display formula in scope defines"


def test_a_derivative_by_a_name_the_definitions_do_not_reach_is_not_checked() -> None:
    _, c = run(["E = (a - y)^2", "\\frac{\\partial E}{\\partial w} = 2 (a - y) x"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("E does not depend on w through the display formulas in scope")


def test_a_function_derivative_is_left_to_the_engine() -> None:
    (c,) = run(["\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))"], SIGMOID)
    assert c.role is Role.CLAIM and c.given == ()


def test_side_by_side_formulas_are_not_read_as_one_product() -> None:
    (c,) = run(["a = b \\qquad c = d"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("pieces side by side (separated by \\qquad)")


def test_a_text_label_after_a_quad_is_not_a_second_piece() -> None:
    (c,) = run(["a + a = 2 a \\qquad \\text{(5.2)}"])
    assert c.role is Role.CLAIM


def test_an_expression_without_relation_is_not_checked() -> None:
    (c,) = run(["\\frac{|w x + b|}{\\|w\\|}"])
    assert (c.role, c.note) == (Role.NOT_CHECKED, "no relation: an expression, not a statement")


def test_a_lost_backslash_is_caught_before_reading() -> None:
    (c,) = run(["E = rac{1}{2} (y - a)^2"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("a backslash lost in conversion: `rac` is `\\frac` without its")


def test_every_remnant_of_a_lost_backslash_is_named() -> None:
    cases = {
        "\\left(a - b\n ight)^2 = c": "`ight` is `\\right`",
        "\\hat{m{w}} = w": "`m` is `\\bm`",
        "y = f(x) \\qquad f \\; ext{is a sigmoid}": "`ext` is `\\text`",
        "\\hat{oldsymbol{w}} = w": "`oldsymbol` is `\\boldsymbol`",
    }
    for latex, named in cases.items():
        (c,) = run([latex])
        assert c.role is Role.NOT_CHECKED and named in c.note, latex


def test_a_word_that_only_contains_a_remnant_is_not_a_lost_backslash() -> None:
    for latex in (
        "\\text{next} = 1",
        "\\mathrm{m}{x} = x",
        "\\sum_m{x_m} = s",
        "a = b \\text{ ext }",
    ):
        (c,) = run([latex])
        assert "backslash lost" not in c.note, latex


def test_a_multi_letter_name_in_a_command_argument_is_fine() -> None:
    (c,) = run(["\\mathrm{relu}(x) = \\max(0, x)"], {"relu": parse_spec("relu", "relu")})
    assert "word" not in c.note


def test_a_control_character_is_not_read() -> None:
    (c,) = run(["E = \x0crac{1}{2} y"])
    assert c.role is Role.NOT_CHECKED and "U+000C" in c.note


def test_unreadable_latex_gives_the_readers_reason() -> None:
    (c,) = run(["a = \\frac{1}{2"])
    assert c.role is Role.NOT_CHECKED and c.note.startswith("unreadable: ")


def test_skip_comes_first() -> None:
    c = classify("a = b", 1, {}, [], skip=True)
    assert (c.role, c.note) == (Role.NOT_CHECKED, "skipped by a `derive: skip` comment")


def test_a_word_in_an_index_after_a_number_is_caught() -> None:
    (c,) = run(["w_{1new} = w_{1old} - 1"])
    assert c.note.startswith("the word 'new'")


def test_a_top_level_list_is_not_checked() -> None:
    (c,) = run(["y = 1, p = 0"])
    assert c.role is Role.NOT_CHECKED and c.note.startswith("a list at the top level")


def test_a_derivative_of_an_indexed_name_defined_plain_is_not_checked() -> None:
    _, c = run(["z = w x + b", "\\frac{\\partial z_i}{\\partial w} = x_i"])
    assert c.role is Role.NOT_CHECKED
    assert "define z only without an index (line 1)" in c.note


def test_commas_inside_cases_are_not_a_list() -> None:
    (c,) = run(["s(z) = \\begin{cases} 1, & z \\ge 0 \\\\ 0, & z < 0 \\end{cases}"])
    assert c.role is Role.DEFINITION


def test_a_redefinition_with_another_index_structure_is_not_checked() -> None:
    _, c = run(["L = (a - y)^2", "L_i = (a_i - y_i)^2"])
    assert c.role is Role.NOT_CHECKED
    assert c.note == (
        "L is written here with an index, but defined without an index at line 1: "
        "not the same quantity"
    )


def test_trailing_punctuation_and_spacing_are_dropped() -> None:
    (c,) = run(["a + a = 2 a \\,."])
    assert c.role is Role.CLAIM and c.claim == "a + a = 2 a"


def test_an_implication_arrow_is_not_a_relation() -> None:
    (c,) = run(["a = b => a + a = 2a"])
    assert c.role is Role.NOT_CHECKED and c.note.startswith("`=>` (an implication")


def test_the_prose_arrow_before_a_claim_is_not_part_of_it() -> None:
    for lead in ("\\text{Base on (3), (4)} =>", "\\Rightarrow", "\\text{so} \\therefore"):
        (c,) = run([f"{lead} \\frac{{d}}{{dx}} x^2 = 2 x"])
        assert c.role is Role.CLAIM, lead
        assert c.claim == "\\frac{d}{dx} x^2 = 2 x"
        assert c.note == f"a claim (after the prose `{lead}`)"
    (alone,) = run(["\\text{Base on (10)} =>"])  # nothing after the arrow
    assert alone.role is Role.NOT_CHECKED


def test_a_function_name_without_its_backslash_is_the_function() -> None:
    (loss,) = run(["L = - (y \\cdot log(a) + (1-y)\\cdot log(1-a))"])
    assert loss.role is Role.DEFINITION
    assert loss.defines is not None and loss.defines.uses == {"y", "a"}  # no l, o, g
    (base,) = run(["log_{2}4 = log_{2}{2 ^ 2} = 2"])
    assert base.role is Role.CLAIM and base.claim == "\\log_{2}4 = \\log_{2}{2 ^ 2} = 2"
    (e,) = run(["p = \\frac{exp(z)}{1 + exp(z)}"])
    assert e.defines is not None and e.defines.uses == {"z"}
    for latex in ("\\text{log(a)} = b", "blog(x) = 1", "a = log x"):  # text, a longer word, no (
        (c,) = run([latex])
        assert "\\log" not in (c.claim or ""), latex
        assert c.role is Role.NOT_CHECKED or c.defines is None or "log" not in c.defines.latex


def test_a_definition_written_let_is_one_or_not_checked() -> None:
    (u,) = run(["\\text{Let } u = -z"])
    assert u.role is Role.DEFINITION and u.note == "defines u (written `\\text{Let }`)"
    _, again = run(["u = z^2", "\\text{Let } u = -z"])  # not a claim about the first u
    assert again.role is Role.DEFINITION and again.replaces
    assert again.note == "defines u (written `\\text{Let }`: replaces the definition at line 1)"
    (back,) = run(["\\text{Let } \\log_{e}x = y"])  # y defined backwards: never a claim
    assert back.role is Role.NOT_CHECKED
    assert back.note.startswith("written `\\text{Let }`, a definition, but not of the form")


def test_let_then_an_arrow_defines_and_claims_with_the_definition() -> None:
    (c,) = run(
        [
            "\\text{Let } u = -z => \\frac{d}{dz} e^{-z} = \\frac{d(e^u)}{du} \\cdot "
            "\\frac{du}{dz} = -e^{u}"
        ]
    )
    assert c.role is Role.CLAIM
    assert c.defines is not None and c.defines.name == "u"
    assert c.claim is not None and c.claim.startswith("\\frac{d}{dz} e^{-z}")
    assert c.given == ("u = -z",)
    assert c.note == "defines u (written `\\text{Let }`); claims what follows `=>` with it"


def test_a_number_for_a_defined_name_is_an_evaluation_and_keeps_the_definition() -> None:
    _, value = run(
        ["L = -(y \\log a + (1 - y) \\log(1 - a))", "L = -(0 \\cdot \\log 1 - \\log 0.5)"]
    )
    assert value.role is Role.NOT_CHECKED and value.defines is None
    assert value.note == (
        "the value of L at values of its names that the prose gives (an evaluation); the "
        "definition at line 1 stays in scope"
    )


def test_a_damaged_expression_says_that_restored_it_states_nothing() -> None:
    (c,) = run(["rac{\\left|\\hat{oldsymbol{w}}^T\\hat{oldsymbol{x}}_0\n ight|}{\\|w\\|}"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.endswith(
        "; restored, it is an expression with no relation: a `derive: equals` marker before it "
        "says what it equals"
    )
    assert "(`derive: restore backslashes` gives it back)" in c.note  # `rac`: a remnant of \f
    (claim,) = run(["E = rac{1}{2} (y - a)^2"])
    assert "restored" not in claim.note


def test_a_left_side_read_as_a_power_of_a_name_is_not_checked() -> None:
    (c,) = run(["\\delta^L = y - a^L"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("the left side \\delta^L reads as a power of ")


def test_inline_math_is_read_only_when_it_defines_a_name() -> None:
    beta = classify_inline("\\beta_j = \\sum_{h=1}^{q} w_{hj} b_h", 1, {}, [])
    assert beta is not None and beta.role is Role.DEFINITION
    assert beta.defines is not None and beta.defines.name == "\\beta" and beta.defines.indexed
    assert classify_inline("y = 1", 1, {}, []) is None  # a condition: no other name on the right
    assert classify_inline("w^T x + b = 0", 1, {}, []) is None  # an equation
    assert classify_inline("x \\in R^n", 1, {}, []) is None
    (z,) = run(["z = w x"])
    assert z.defines is not None
    assert classify_inline("z = w x", 2, {}, [z.defines]) is None  # a restatement


def test_an_inline_definition_chain_is_a_claim_and_a_definition() -> None:
    (e,) = run(["E = w^2"])
    assert e.defines is not None
    c = classify_inline(
        "\\Leftrightarrow g = \\frac{\\partial E}{\\partial w} = 2 w.", 2, {}, [e.defines]
    )
    assert c is not None and c.role is Role.CLAIM
    assert c.claim == "\\frac{\\partial E}{\\partial w} = 2 w"
    assert c.defines is not None and c.defines.name == "g"
    assert c.given == ("E = w^2",)


def test_a_given_comment_reads_one_definition() -> None:
    d = given_definition("\\alpha_h = \\sum_{i=1}^{d} v_{ih} x_i", 3, {}, [])
    assert d is not None and (d.name, d.line, d.indexed) == ("\\alpha", 3, True)
    assert given_definition("a = b = c", 3, {}, []) is None
    assert given_definition("a + b = c", 3, {}, []) is None


def test_a_differential_outside_a_derivative_fraction_is_not_checked() -> None:
    for latex, word in [
        ("dx \\cdot (\\frac{1}{x} - df) = x \\cdot df", "dx"),
        ("x = \\frac{dx}{x \\cdot df}", "dx"),  # not a derivative: x \cdot df below
        ("dw = (a - y) x", "dw"),  # a gradient's shorthand, not d times w
    ]:
        (c,) = run([latex])
        assert c.role is Role.NOT_CHECKED and c.note.startswith(f"`{word}` outside a derivative")
    for latex in ("\\frac{dy}{dx} = 2 x", "\\frac{d}{dx} x^2 = 2 x", "\\frac{d^2 y}{dx^2} = 2"):
        (c,) = run(["y = x^2", latex])[1:]
        assert "outside a derivative" not in c.note, latex


def test_a_function_definition_that_cannot_be_read_is_not_a_product() -> None:
    # t(m) with m a function defined above and applied (m(x)): read as t times m, the claim
    # would be refuted
    _, c = run(["m(x) = -x", "t(m) = e^{m(x)}"])
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("the left side t(m) reads like a function definition")
    # used only bare, m is an intermediate variable (m = -x): t(m) defines t
    _, bare = run(["m(x) = -x", "t(m) = e^{m}"])
    assert bare.role is Role.DEFINITION and bare.defines is not None
    assert bare.defines.name == "t" and bare.defines.uses == frozenset({"m"})
    # the reader's reason is named: here what is missing is a vector declaration
    (v,) = run(["L(\\hat{w}) = \\hat{w}^T x"])
    assert v.role is Role.NOT_CHECKED
    assert "(a transpose of \\hat{w}, which is not declared as a vector or matrix)" in v.note
    (ln,) = run(["\\ln(0.5) = -\\ln(2)"])  # LaTeX's own function: a claim
    assert ln.role is Role.CLAIM


def test_a_new_value_for_a_defined_name_is_a_new_example() -> None:
    _, again = run(
        [
            "A = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}",
            "A = \\begin{bmatrix} 2 & 3 \\end{bmatrix}",
        ]
    )
    assert again.role is Role.DEFINITION and again.replaces
    assert again.note == (
        "defines A again by a value (a new example): the definition at line 1 no longer applies"
    )
    (x,) = run(["x = \\begin{bmatrix} x_1 \\\\ x_2 \\end{bmatrix}"])
    assert (x.role, x.note) == (
        Role.NOT_CHECKED,
        "writes x as the array of its own components: not read",
    )


def test_upright_words_under_a_name_are_labels_and_acronyms_are_names() -> None:
    tanh, relu = run(["\\sigma_\\mathrm{tanh}(z) = \\tanh(z)", "\\sigma_{\\mathrm{relu}}(z) = z"])
    assert tanh.defines is not None and tanh.defines.shown == "\\sigma_{\\text{tanh}}"
    assert relu.defines is not None and relu.defines.shown == "\\sigma_{\\text{relu}}"
    mse, derivative = run(
        [
            "\\text{MSE} = \\frac{1}{n} \\sum_{i=1}^{n} (\\hat{y}_i - y_i)^2",
            "\\frac{\\partial \\text{MSE}}{\\partial \\hat{y}_i} = \\frac{2}{n} (\\hat{y}_i - y_i)",
        ]
    )
    assert mse.defines is not None and mse.defines.name == "MSE"
    assert derivative.role is Role.CLAIM and derivative.given == (mse.defines.latex,)


def test_a_redefines_marker_makes_a_second_definition_replace_the_first() -> None:
    scope = [classify("C = \\frac{1}{2N} \\sum_{j=1}^{N} (a_j - y_j)^2", 3, {}, []).defines]
    assert scope[0] is not None
    c = classify("C = \\frac{1}{2} (a - y)^2", 8, {}, scope, redefines=True)
    assert c.role is Role.DEFINITION and c.replaces and c.restates is None
    assert c.defines is not None and c.defines.latex == "C = \\frac{1}{2} (a - y)^2"
    assert c.note == "defines C (marked `derive: redefines`: replaces the definition at line 3)"
    # a chain: defined by its first side, the rest claimed without the old definition
    chain = classify(
        "C = \\frac{1}{2}(a - y)^2 = \\frac{1}{2}(y - a)^2", 8, {}, scope, redefines=True
    )
    assert chain.role is Role.CLAIM and chain.replaces and chain.given == ()
    assert chain.claim == "\\frac{1}{2}(a - y)^2 = \\frac{1}{2}(y - a)^2"
    # the marker before what defines nothing is reported, not dropped
    d = classify("\\frac{\\partial C}{\\partial a} = a - y", 9, {}, scope, redefines=True)
    assert d.role is Role.NOT_CHECKED and "marked `derive: redefines`" in d.note
    # the marker with nothing to replace still defines, and says so
    e = classify("E = w^2", 2, {}, [], redefines=True)
    assert e.role is Role.DEFINITION
    assert e.note.endswith("(marked `derive: redefines`, but no definition of E is in scope)")


def test_a_function_after_a_plain_name_of_the_same_letter_is_not_a_claim_about_it() -> None:
    # the Huber loss L_\delta(a) after a loss L: read as a claim about L, it was refuted at a
    # point holding a value for "L_1" (L_\delta(a) taken as the product L_\delta a)
    _, c = run(["L = (w - 1)^2", "L_\\delta(a) = a^2"])
    assert c.role is Role.NOT_CHECKED and c.claim is None
    assert c.note == (
        "L_\\delta is written here as a function, but L is defined at line 1 as a name: "
        "not the same quantity"
    )
    _, same = run(["f(x) = x^2", "f(x) = x x"])  # the same function again: a claim about it
    assert same.role is Role.CLAIM and same.note == "a claim: f is defined at line 1"


def test_a_word_alone_on_the_left_names_the_quantity_it_defines() -> None:
    odds, log_odds, again = run(
        ["Odds = \\frac{P}{1-P}", "\\ln(Odds) = \\ln(P) - \\ln(1 - P)", "Odds \\leftarrow Odds + 1"]
    )
    assert odds.role is Role.DEFINITION and odds.defines is not None
    assert (odds.defines.name, odds.defines.uses) == ("Odds", {"P"})
    assert log_odds.role is Role.CLAIM and log_odds.uses == {"Odds", "P"}  # a name in scope now
    assert again.role is Role.CLAIM
    for prose in ("\\ln(p) => when y = 1", "y = 1 \\text{ when } Odds = 2", "log = 3"):
        (c,) = run([prose])
        assert c.role is Role.NOT_CHECKED and c.defines is None, prose  # words stay prose


def test_sides_in_names_no_definition_relates_are_not_checked() -> None:
    *_, restated, chain, fine = run(
        [
            "J = -\\frac{1}{N} \\sum_{i=1}^{N} [y_i \\ln(p_i) + (1 - y_i) \\ln(1 - p_i)]",
            "J = \\frac{1}{N} \\sum_{i=1}^{N} [\\ln(1 + e^{-z_i}) + (1 - y_i) z_i]",
            "\\frac{1}{p} = \\frac{1}{\\sigma(z)} = 1 + e^{-z}",
            "\\frac{d}{dx}(x^2 + c) = 2 x",
        ],
        SIGMOID,
    )
    assert restated.role is Role.NOT_CHECKED  # p_i = \\sigma(z_i) is in the prose
    assert restated.note == (
        "the sides of J = ... are written in different names (p on the left, z on the right) "
        "that no display formula in scope relates (given in prose, a figure or a \\because row?)"
    )
    assert chain.role is Role.NOT_CHECKED and "(p on the left, z on the right)" in chain.note
    assert fine.role is Role.CLAIM  # a name on one side only (c) is no unrelated side


def test_the_authors_macros_are_expanded_before_the_rules() -> None:
    macros = (Macro("sig", "\\sigma\\left(#1\\right)", 1), Macro("cond", "\\quad x > 0"))
    a = classify("a = \\sig{z}", 1, SIGMOID, [], macros=macros)
    assert a.role is Role.DEFINITION and a.defines is not None and a.defines.uses == {"z"}
    assert a.defines.latex == "a = \\sigma\\left(z\\right)"  # what the engine is given
    claim = classify("\\frac{da}{dz} = \\sig{z}(1 - a)", 2, SIGMOID, [a.defines], macros=macros)
    assert (
        claim.role is Role.CLAIM
        and claim.claim == "\\frac{da}{dz} = \\sigma\\left(z\\right)(1 - a)"
    )
    # a rule on what the macro hides applies: side by side, once expanded
    hidden = classify("y = x^2 \\cond", 3, {}, [], macros=macros)
    assert hidden.role is Role.NOT_CHECKED and "side by side" in hidden.note
    # without the macro it cannot be read: the engine says why (`unknown macro \\sig`)
    unknown = classify("y = \\sig{z}", 4, SIGMOID, [])
    assert unknown.uses is None and unknown.claim == "y = \\sig{z}"


def test_a_second_new_name_in_a_chain_is_a_second_definition() -> None:
    softmax = "\\text{softmax}(z_i) = S_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}"
    both, derivative = run(
        [softmax, "\\frac{\\partial S_i}{\\partial z_k} = S_i (\\delta_{ik} - S_k)"]
    )
    assert both.role is Role.DEFINITION and both.claim is None  # nothing claimed
    assert [d.name for d in both.defined] == ["softmax", "S"]
    assert both.note == "defines \\text{softmax} and S, two names for one value (no claim)"
    assert derivative.role is Role.CLAIM and derivative.given == (
        "S_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}",
    )
    # the middle name already defined: the chain claims about it, as before
    *_, about = run(["S_i = e^{z_i}", softmax])
    # (S_i's own index i is no name S uses: both sides reach z, so the link is checked)
    assert about.also is None and about.role is Role.CLAIM
    # a longer chain is not two names: the first link defines, the rest is claimed
    (longer,) = run(["q = p = x^2 = x \\cdot x"])
    assert longer.also is None and longer.role is not Role.DEFINITION


def test_the_definition_of_a_declared_function_is_a_claim_about_it() -> None:
    # seed 004's `\operatorname{sgn}(z) = \begin{cases} ...` with the settings' sgn = "step"
    cases = (
        "\\operatorname{sgn}(z) = \\begin{cases} 1, & z \\geqslant 0 \\\\ 0, & z < 0 \\end{cases}"
    )
    step = {"sgn": parse_spec("sgn", "step")}
    (c,) = run([cases], step)
    assert c.role is Role.CLAIM and c.defines is None
    assert c.note == "a claim: \\operatorname{sgn} is declared sgn = step (the note states it)"
    (undeclared,) = run([cases])  # nothing declares sgn: the note's own definition
    assert undeclared.role is Role.DEFINITION
    assert undeclared.defines is not None and undeclared.defines.label == "\\operatorname{sgn}"


def test_a_sample_vector_family_reads_the_perceptron_loss() -> None:
    # `"\hat{x}" = "samples(d)"`: \hat{x}_i the i-th sample, so the transpose reads and L(\hat{w})
    # is a function definition (with vector(d) it was `a transpose of \hat{w}, ...`)
    table = {
        "\\hat{w}": parse_spec("\\hat{w}", "vector(d)"),
        "\\hat{x}": parse_spec("\\hat{x}", "samples(d)"),
    }
    loss = "L(\\hat{w}) = \\sum_{\\hat{x}_i \\in M} (\\hat{y}_i - y_i) \\hat{w}^T \\hat{x}_i"
    d, c = run(
        [loss, "\\nabla L(\\hat{w}) = \\sum_{\\hat{x}_i \\in M} (\\hat{y}_i - y_i) \\hat{x}_i"],
        table,
    )
    assert d.role is Role.DEFINITION and d.defines is not None and d.defines.label == "L"
    assert c.role is Role.CLAIM and c.given == (loss,)


def test_a_formula_longer_than_any_is_not_read() -> None:
    # found by bench/fuzz_scan.py: an unclosed `<!--` repeated inside a display took minutes
    (c,) = run(["a = " + "b + " * 1300 + "b"])
    assert c.role is Role.NOT_CHECKED and c.note.startswith("5,205 characters: longer than any")
    (c,) = run(["a = " + "b + " * 1240 + "b"])  # 4,965 characters: read
    assert c.role is not Role.NOT_CHECKED and c.claim is not None and len(c.claim) == 4965


def test_a_defined_function_differentiated_by_a_name_it_does_not_reach_is_not_checked() -> None:
    # Q is defined as a function of its parameter p, in the outputs u; that u_k = h_k the
    # note says in prose. Checked, dQ/dh_k would be 0 and the true formula refuted.
    specs = {"h": parse_spec("h", "vector(m)"), "u": parse_spec("u", "vector(m)")}
    _, c = run(
        [
            "Q(\\bm{p}) = \\sum_{k=1}^m (u_k - t_k)^2",
            "\\frac{\\partial Q}{\\partial h_k} = 2 (h_k - t_k)",
        ],
        specs,
    )
    assert c.role is Role.NOT_CHECKED
    assert c.note.startswith("Q does not depend on h through the display formulas in scope")
    # the same by the whole vector, a gradient: not checked either
    _, g = run(
        ["Q(p) = \\sum_{k=1}^m (u_k - t_k)^2", "\\frac{\\partial Q}{\\partial h} = 2 (h - t)"],
        {**specs, "t": parse_spec("t", "vector(m)")},
    )
    assert g.role is Role.NOT_CHECKED
    assert g.note.startswith("Q does not depend on h")
    # by its own argument it is checked
    _, a = run(["Q(p) = 3 p^2", "\\frac{d Q}{d p} = 6 p"])
    assert a.role is Role.CLAIM


def test_inline_math_setting_a_layer_or_sample_index_to_a_value_defines_nothing() -> None:
    # "let us take the last layer $q = Q$": with q and Q layer letters, a case, no quantity
    layers = {"q": parse_spec("q", "layer"), "Q": parse_spec("Q", "layer")}
    assert classify_inline("q = Q", 1, layers, []) is None
    samples = {"s": parse_spec("s", "sample"), "m": parse_spec("m", "count")}
    assert classify_inline("s = m", 1, samples, []) is None
    # undeclared, the same text defines q (a quantity set to another)
    c = classify_inline("q = Q", 1, {}, [])
    assert c is not None and c.defines is not None and c.defines.name == "q"


def test_a_function_definition_whose_value_ends_in_grouping_braces_is_read_whole() -> None:
    """`J\\left( \\theta \\right) = \\sum ... {{{\\left( ... \\right)}^{2}}}`: the reader leaves out
    braces that only group, so the definition used to be cut before the closing `}}` (an error,
    '{' is never closed); and its name is J, not `J\\left`."""
    (c,) = run(
        ["J\\left( \\theta \\right) = \\sum_{i=1}^{m}{{{\\left( \\theta x_i - y_i \\right)}^{2}}}"]
    )
    assert c.role is Role.DEFINITION
    assert c.note == "defines J"
    assert c.defines is not None and c.defines.latex.endswith("^{2}}}")


def test_a_claim_records_the_names_it_differentiates_by() -> None:
    _, c = run(["E = (w x - y)^2", "\\frac{\\partial E}{\\partial w} = 2 (w x - y) x"])
    assert c.role is Role.CLAIM and c.variables == frozenset({"w"})
    assert c.sides == ("\\frac{\\partial E}{\\partial w}", "2 (w x - y) x")


def test_the_index_of_an_elementwise_definition_is_no_name_it_uses() -> None:
    """`X_{i2} = x_i` holds for every i: i is bound, and a side that reaches X through it does
    not "use i" (it made the two sides of `\\frac{2}{n} \\sum_j x_j = 2 \\sum_j X_{j2}`
    unrelated, so a lost factor 1/n went unchecked: Hjorth-Jensen's week 39 ridge gradient)."""
    claim_latex = "\\frac{2}{n}\\sum_{j=1}^{3} x_j = 2\\sum_{j=1}^{3} X_{j2}"
    *_, claim = run(["X_{i2} = x_i", claim_latex])
    assert claim.role is Role.CLAIM, claim.note
    assert claim.given == ("X_{i2} = x_i",)
