"""Notation as published notes write it (issue 13): declared layer superscripts, trailing
punctuation, joined equations, \\cfrac, roman transposes, label subscripts, operator forms of
derivatives, trace, max/min. Each test asserts the structure that was read, not only that it
reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from derive.errors import LatexError, SpecError
from derive.notation import arrays
from derive.notation.names import Family, Names
from derive.notation.statements import Notation, Rel
from derive.specs import parse_spec
from tests.notation.reading import assert_read_error, exprs
from tests.notation.reading import make_specs as specs
from tests.notation.reading import read_statement as read

# -- declared layer superscripts --------------------------------------------------------------------

LAYERS = {"l": "layer", "L": "layer", "sigma": "sigmoid"}


def test_declared_layer_superscript_is_a_layer_index() -> None:
    st, n = read("z^l_j = \\sum_k w^l_{jk} a^{l-1}_k + b^l_j", LAYERS)
    names = n.names
    lay = names.layer_symbol("l")
    j, k = names.symbol("j"), names.symbol("k")
    z = names.indexed(Family("z", True, False), (lay, j))
    w = names.indexed(Family("w", True, False), (lay, j, k))
    a = names.indexed(Family("a", True, False), (lay - 1, k))
    assert exprs(st)[0] == z
    assert exprs(st)[1].has(w) and exprs(st)[1].has(a)  # the same families as ^{[l]}


def test_bare_layer_is_the_same_family_as_the_bracketed_one() -> None:
    st, _ = read("a^L = a^{[L]}", LAYERS)
    lhs, rhs = exprs(st)
    assert lhs == rhs and arrays.is_array(lhs)  # a whole vector, as a^{[L]}


def test_undeclared_superscript_letter_stays_a_power() -> None:
    st, n = read("x^l = 1")
    assert exprs(st)[0] == n.names.symbol("x") ** n.names.symbol("l")


def test_declared_sample_superscript_is_the_sample_index_on_every_name() -> None:
    st, n = read("\\hat{y}_j^k - y^k_j = (y_j^k)^2 + x^2", {"k": "sample"})
    names = n.names
    k, j = names.symbol("k"), names.symbol("j")
    yhat = names.indexed(Family("\\hat{y}", False, True), (k, j))
    y = names.indexed(Family("y", False, True), (k, j))
    assert exprs(st)[0] == yhat - y  # the same family as y^{(k)}_j
    assert exprs(st)[1] == y**2 + names.symbol("x") ** 2  # an outer power stays a power
    st, _ = read("y^{(k)}_j = y^k_j", {"k": "sample"})
    assert exprs(st)[0] == exprs(st)[1]


def test_sample_spec_takes_no_domain() -> None:
    with pytest.raises(SpecError, match="a sample index has no domain"):
        parse_spec("k", "sample, positive")


def test_layer_spec_takes_no_domain() -> None:
    from derive.errors import SpecError

    with pytest.raises(SpecError, match="a layer name has no domain"):
        parse_spec("l", "layer, count")


# -- sentence punctuation and joined equations ------------------------------------------------------


@pytest.mark.parametrize(
    "latex", ["J = L + s.", "J = L + s,", "J = L + s \\, .", "J = L + s.\\quad"]
)
def test_trailing_punctuation_ends_the_formula(latex: str) -> None:
    st, n = read(latex)
    assert st.relations == (Rel.EQ,)
    assert exprs(st) == [n.names.symbol("J"), n.names.symbol("L") + n.names.symbol("s")]


@pytest.mark.parametrize(
    "latex",
    [
        "\\frac{\\partial J}{\\partial L} = 1 \\; \\textrm{and} \\; \\frac{\\partial J}{\\partial s} = 2",
        "\\frac{\\partial J}{\\partial L} = 1, \\frac{\\partial J}{\\partial s} = 2",
        "\\frac{\\partial J}{\\partial L} = 1 \\quad \\frac{\\partial J}{\\partial s} = 2",
        "\\frac{\\partial J}{\\partial L} = 1, \\quad \\text{and} \\quad \\frac{\\partial J}{\\partial s} = 2.",
    ],
)
def test_two_equations_in_one_display_are_not_one_chain(latex: str) -> None:
    st, _ = read(latex)
    assert st.relations == (Rel.EQ, Rel.AND, Rel.EQ)  # never the chain 1 = 2
    assert exprs(st)[1] == 1 and exprs(st)[3] == 2


def test_joined_equations_are_checked_separately() -> None:
    from derive.engine import check_claim
    from derive.model import Claim, Verdict

    claim = Claim(
        id="joined",
        latex="\\frac{\\partial J}{\\partial L} = 1 \\; \\textrm{and} \\; \\frac{\\partial J}{\\partial s} = 2",
        given=("J = L + 2 s",),
    )
    result = check_claim(claim)
    assert result.verdict is Verdict.VERIFIED, result.message


def test_comma_inside_an_equation_is_still_an_error() -> None:
    with pytest.raises(LatexError, match="a comma outside"):
        read("a = b, c")


@pytest.mark.parametrize(
    ("latex", "words", "fragment"),
    [
        ("a = b \\text{ and } c", "joins something that is not an equation", "\\text{ and }"),
        ("\\text{MSE}(z) = 1", "is not a function derive knows", "\\text{MSE}("),
        ("\\text{a}(z) = 1", "is not read as a function", "\\text{a}"),
        ("a^{\\text{new}} = 1", "cannot be an annotation", "\\text{new}"),
    ],
)
def test_text_that_cannot_be_an_annotation_is_an_error(
    latex: str, words: str, fragment: str
) -> None:
    with pytest.raises(LatexError, match=words) as info:
        read(latex)
    assert info.value.fragment == fragment


@pytest.mark.parametrize(
    "latex",
    ["\\text{softmax}(o)_j", "\\operatorname{softmax}(o)_j", "\\mathrm{softmax}(o)_{j}"],
)
def test_an_entry_of_the_softmax_of_a_column(latex: str) -> None:
    # a word set upright before ( is an operator name; a subscript after the call is an entry
    st, n = read(f"{latex} = 1", {"o": "vector(k)"})
    o = n.names.array(Family("o", False, False), ())
    assert exprs(st)[0] == arrays.Entry(arrays.Softmax(o), n.names.symbol("j"))


@pytest.mark.parametrize(
    ("latex", "words", "fragment"),
    [
        ("\\operatorname{softmax}(o)_{i,j,k} = 1", "one or two indices", "i,j,k"),
        ("\\sigma(t)_j = 1", "a subscript on nothing", "_"),  # the sigmoid of a number
    ],
)
def test_an_entry_of_a_call_that_cannot_be_one(latex: str, words: str, fragment: str) -> None:
    with pytest.raises(LatexError, match=words) as info:
        read(latex, {"o": "vector(k)", "sigma": "sigmoid"})
    assert info.value.fragment == fragment


@pytest.mark.parametrize(
    ("latex", "table", "given"),
    [
        ("\\zeta^{2}(t) = 1", {}, ["\\zeta(t) = \\log(1 + e^t)"]),  # was zeta(t)^2 t
        ("\\zeta^{-2}(t) = 1", {}, ["\\zeta(t) = \\log(1 + e^t)"]),  # was t / zeta(t)^2
        ("\\sigma^{n}(t) = 1", {"sigma": "sigmoid"}, []),
        ("u^2(t) = 1", {"u": "function"}, []),
    ],
)
def test_a_superscript_between_a_function_and_its_argument_is_an_error(
    latex: str, table: dict[str, str], given: list[str]
) -> None:
    # a power of the function, or of its value? never the bare function times a group (the
    # inverse f^{-1}(x) is read: tests/test_inverses.py)
    with pytest.raises(LatexError, match="a superscript between the function") as info:
        read(latex, table, given)
    assert info.value.fragment == latex[: latex.index("(") + 1]


def test_text_annotation_at_the_end_is_still_dropped() -> None:
    st, _ = read("L = \\sum_{i=1}^{n} l_i \\quad \\text{(the total loss)}")
    assert len(st.sides) == 2


# -- macros and scripts -----------------------------------------------------------------------------


def test_cfrac_is_a_fraction() -> None:
    st, n = read("a = \\cfrac{1}{1 + e^{-z}}")
    assert exprs(st)[1] == 1 / (1 + sympy.exp(-n.names.symbol("z")))


@pytest.mark.parametrize(
    "sup",
    [
        "^{\\mathrm{T}}",
        "^\\mathrm{T}",
        "^{\\text{T}}",
        "^{\\mathsf{T}}",
        "^\\top",
        "^{\\intercal}",
        # without braces: it was read as x to the power of a name T
        "^{\\mathsf T}",
        "^{\\mathrm T}",
        "^{\\mathit T}",
    ],
)
def test_roman_t_is_a_transpose(sup: str) -> None:
    st, n = read(f"x{sup} = 1", {"x": "vector(n)"})
    assert exprs(st)[0] == arrays.TransposeOf(n.names.array(Family("x", False, False), ()))


def test_declared_t_is_a_power() -> None:
    st, n = read("\\gamma^T = 1", {"T": "count"})
    assert exprs(st)[0] == n.names.symbol("\\gamma") ** n.names.symbol("T")


@pytest.mark.parametrize("latex", ["L_{\\text{CE}} = y", "L_\\text{CE} = y"])
def test_text_subscript_is_a_label(latex: str) -> None:
    st, n = read(latex)
    label = exprs(st)[0]
    assert isinstance(label, sympy.Symbol) and label.name == "L_{\\text{CE}}"
    assert label != n.names.symbol("L")


# -- derivatives: operator forms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "operand"),
    [
        ("\\frac{d}{dx} x^n", lambda x, n: x**n),
        ("\\frac{d}{dx}\\ln x", lambda x, n: sympy.log(x)),
        ("\\frac{d}{dx}\\tanh(x)", lambda x, n: sympy.tanh(x)),
        ("\\frac{d}{dx}\\left[x^2 + n\\right]", lambda x, n: x**2 + n),
        ("\\frac{d}{dx} e^{-x}", lambda x, n: sympy.exp(-x)),
        ("\\frac{d}{dx}\\sqrt{x}", lambda x, n: sympy.sqrt(x)),
        ("\\frac{d}{dx}(x + n)^2", lambda x, n: (x + n) ** 2),
    ],
)
def test_frac_d_dx_applies_to_the_next_factor(latex: str, operand) -> None:  # type: ignore[no-untyped-def]
    st, no = read(f"{latex} = 1")
    x, n = no.names.symbol("x"), no.names.symbol("n")
    assert exprs(st)[0] == sympy.Derivative(operand(x, n), x)


def test_frac_d_dx_applies_to_the_whole_product() -> None:
    # Parr & Howard write \frac{d}{dx} 9(x + x^2) and \frac{d}{dx}x^2x: the whole product
    st, no = read("\\frac{d}{dx} 9(x + x^2) + \\frac{d}{dx}x^2x = 1")
    x = no.names.symbol("x")
    assert exprs(st)[0] == sympy.Derivative(9 * (x + x**2), x) + sympy.Derivative(x**3, x)


def test_operator_inside_a_group_stops_at_the_group() -> None:
    st, no = read("9(\\frac{d}{dx}x + \\frac{d}{dx}x^2) = 1")
    x = no.names.symbol("x")
    assert exprs(st)[0] == 9 * (sympy.Derivative(x, x) + sympy.Derivative(x**2, x))


def test_function_word_inside_a_longer_word_stays_letters() -> None:
    st, no = read("y = basin")
    s = no.names.symbol
    assert exprs(st)[1] == s("b") * s("a") * s("s") * s("i") * s("n")


TRACE = {"A": "matrix(n, m)", "B": "matrix(m, n)", "v": "vector(n)"}


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        # the trace applies to the whole product after it, up to the next + or - at its level
        ("tr AB", "\\operatorname{tr}(AB)"),
        ("tr AB + tr(BA)", "\\operatorname{tr}(AB) + \\operatorname{tr}(BA)"),
        (
            "(tr v^T A B v - 2tr v^T v)",
            "(\\operatorname{tr}(v^T A B v) - 2 \\operatorname{tr}(v^T v))",
        ),
        ("\\mathrm{tr}\\, A B \\cdot 3 - 1", "\\operatorname{tr}(3 A B) - 1"),
        ("tr AB, \\quad c = 1", "\\operatorname{tr}(AB), \\quad c = 1"),
    ],
)
def test_trace_without_parentheses_takes_the_product(latex: str, plain: str) -> None:
    """CS229's `tr \\theta^T X^T X \\theta`: never the product t r theta^T ..."""
    st, _ = read(f"f = {latex}", TRACE)
    again, _ = read(f"f = {plain}", TRACE)
    assert exprs(st) == exprs(again)
    assert any(isinstance(x, arrays.TraceOf) for x in sympy.preorder_traversal(exprs(st)[1]))


def test_trace_word_with_nothing_after_it_is_an_error() -> None:
    with pytest.raises(LatexError, match="tr needs an argument in parentheses") as info:
        read("f = tr + A", {"A": "matrix(n, n)"})
    assert info.value.latex[info.value.start : info.value.end] == "tr"


def test_a_name_given_defines_is_no_function_of_its_variables() -> None:
    """`J(\\theta)` after `J = ...` in given read as the product J theta refuted true claims."""
    with pytest.raises(LatexError, match="J is defined in given as a value") as info:
        read("J(\\theta) = (\\theta - y)^2", given=["J = (\\theta - y)^2"])
    assert info.value.fragment == "J(\\theta)"


def test_an_undeclared_name_before_its_variables_is_not_guessed() -> None:
    """`J(\\theta)` with J neither declared nor defined: a call or a product, never guessed."""
    with pytest.raises(LatexError, match="J is not declared or defined") as info:
        read("J(\\theta) = \\theta")
    assert info.value.fragment == "J(\\theta)"
    st, no = read("J(\\theta) = \\theta", {"J": "function"})
    call = exprs(st)[0]
    assert isinstance(call, sympy.core.function.AppliedUndef)
    assert call.args == (no.names.symbol("\\theta"),)


def test_a_name_given_defines_times_an_expression_is_a_product() -> None:
    st, no = read("g = a(1-a)", given=["a = \\sigma(z)"], table={"sigma": "sigmoid"})
    a = no.names.symbol("a")
    assert exprs(st)[1] == a * (1 - a)


def test_function_word_with_a_space_is_no_function_word() -> None:
    """`s i n(x)` is not sin: the letters stay names, and `n(x)` (n undeclared) is then a call
    or a product, which derive does not guess."""
    with pytest.raises(LatexError, match="n is not declared or defined") as info:
        read("y = s i n(x)")
    assert info.value.fragment == "n(x)"
    st, no = read("y = s i n(x)", {"n": "real"})
    s = no.names.symbol
    assert exprs(st)[1] == s("s") * s("i") * s("n") * s("x")


def test_partial_subscript_and_inline_ratio() -> None:
    st, no = read("\\partial_w E = \\partial E/\\partial w")
    d = sympy.Derivative(no.names.symbol("E"), no.names.symbol("w"))
    assert exprs(st) == [d, d]


def test_partial_alone_is_still_an_error() -> None:
    with pytest.raises(LatexError, match="\\\\partial outside a derivative"):
        read("\\partial L = 1")


def test_trace_of_a_matrix() -> None:
    st, _ = read(
        "\\frac{\\partial}{\\partial W}(\\mathrm{tr}(W^T A)) = A",
        {"W": "matrix(n, m)", "A": "matrix(n, m)"},
    )
    grad = exprs(st)[0]
    assert isinstance(grad, arrays.Grad)
    assert isinstance(grad.args[0], arrays.TraceOf)  # the trace, not a name `tr` multiplied in


def test_plain_trace_with_parentheses_is_the_trace() -> None:
    st, _ = read("t = tr(A B)", {"A": "matrix(n, m)", "B": "matrix(m, n)"})
    assert isinstance(exprs(st)[1], arrays.TraceOf)  # tr(...) as CS229 writes it: not t r (AB)


# -- functions defined with indexed arguments ----------------------------------------------------------

ENTRY_ARGUMENTS = ["F(w_1, w_2) = w_1^2 w_2 + w_3", "{q_\\phi}(s^{(k)}) = \\phi s^{(k)}"]


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        # the call with the arguments the definition writes is the function of its entries
        ("\\frac{\\partial}{\\partial w_1} F(w_1, w_2)", lambda w, phi, s, k: 2 * w[1] * w[2]),
        ("\\frac{\\partial F}{\\partial w_2}", lambda w, phi, s, k: w[1] ** 2),  # F bare
        (
            "\\sum_{k=1}^{3} q_\\phi(s^{(k)})",
            lambda w, phi, s, k: phi * sum(s[j] for j in (1, 2, 3)),
        ),
    ],
)
def test_function_defined_with_entry_arguments(
    latex: str, value: Callable[..., sympy.Expr]
) -> None:
    notation = Notation(specs({}), ENTRY_ARGUMENTS)
    defs = [notation.definition(g) for g in ENTRY_ARGUMENTS]
    assert [d.arguments[-1] for d in defs] == [
        notation.names.indexed(Family("w", False, False), (2,)),
        notation.names.indexed(Family("s", False, True), (notation.names.symbol("k"),)),
    ]
    st = notation.statement(f"{latex} = 0")
    lam = {str(d.target): sympy.Lambda(d.params, d.value) for d in defs}
    got = st.sides[0].expr.replace(
        lambda x: str(getattr(x, "func", "")) in lam, lambda x: lam[str(x.func)](*x.args)
    )
    got = got.doit()
    w = sympy.IndexedBase(notation.names.indexed(Family("w", False, False), (1,)).base.label)
    s = sympy.IndexedBase(notation.names.indexed(Family("s", False, True), (1,)).base.label)
    phi, k = notation.names.symbol("\\phi"), notation.names.symbol("k")
    assert sympy.simplify(got - value(w, phi, s, k)) == 0


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        ("F(w_2, w_1) = 0", "F(w_2, w_1)", "for the arguments it is written with"),
        ("F(w_1, w_3) = 0", "F(w_1, w_3)", "for the arguments it is written with"),
        ("q_\\phi(s^{(j)}) = 0", "q_\\phi(s^{(j)})", "for the arguments it is written with"),
    ],
)
def test_function_of_entries_applied_to_other_arguments_is_an_error(
    latex: str, fragment: str, words: str
) -> None:
    # its value there would have to reach into every definition its body uses
    with pytest.raises(LatexError) as info:
        Notation(specs({}), ENTRY_ARGUMENTS).statement(latex)
    assert words in info.value.message and info.value.fragment == fragment


def test_indexed_name_applied_to_a_list_needs_a_declaration() -> None:
    with pytest.raises(LatexError) as info:
        read("r = \\sum_{j=1}^{n} e_j(u_j, v)")
    assert 'e = "function"' in info.value.message and info.value.fragment == "e_j(u_j, v)"
    st, no = read("r = e_j(u_j, v)", {"e": "function"})  # declared: the call, e(j, u_j, v)
    j, v = no.names.symbol("j"), no.names.symbol("v")
    u_j = no.names.indexed(Family("u", False, False), (j,))
    assert exprs(st)[1] == sympy.Function("e")(j, u_j, v)


def test_lg_is_the_base_10_logarithm() -> None:
    st, no = read("r = \\lg{u} + \\lg 100")
    u = no.names.symbol("u")
    assert sympy.simplify(exprs(st)[1] - (sympy.log(u) / sympy.log(10) + 2)) == 0


def test_two_digit_subscript_of_a_declared_matrix_is_row_and_column() -> None:
    st, _ = read("a = A_{12} + A_{21}", {"A": "matrix(2, 2)"})
    assert exprs(st)[1] == exprs(read("a = A_{1,2} + A_{2,1}", {"A": "matrix(2, 2)"})[0])[1]


def test_an_operator_set_in_text_is_the_operator() -> None:
    st, no = read("y = 1\\text{+}x")  # Ng's notes (fengdu78) write 1\text{+}e^{...}
    assert exprs(st)[1] == 1 + no.names.symbol("x")  # never dropped as an annotation


def test_kronecker_delta() -> None:
    st, _ = read("a = \\delta_{ij} + \\delta_j")
    value = exprs(st)[1]
    assert any(isinstance(x, sympy.KroneckerDelta) for x in sympy.preorder_traversal(value))
    assert not isinstance(value, sympy.KroneckerDelta)  # \delta_j (one index) stays a name


def test_max_and_min_of_several_arguments() -> None:
    st, no = read("a = \\max(0, z) + \\min(x, y, z)")
    s = no.names.symbol
    assert exprs(st)[1] == sympy.Max(0, s("z")) + sympy.Min(s("x"), s("y"), s("z"))


def test_sum_limit_subscripted_by_its_own_index_is_a_label() -> None:
    st, _ = read("E = \\sum_{o=1}^{N_{o}} t_o")
    total = exprs(st)[1]
    assert isinstance(total, sympy.Sum)
    (_, _, upper) = total.limits[0]
    assert isinstance(upper, sympy.Symbol) and upper.name == "N_{o}"


def test_sum_to_n_without_a_lower_limit() -> None:
    st, no = read("y = \\sum_i^n w_i x_i")
    total = exprs(st)[1]
    assert isinstance(total, sympy.Sum)
    assert total.limits[0][1:] == (1, no.names.symbol("n"))


def test_pasted_minus_signs_are_minus() -> None:
    st, no = read("a = b \u2013 c \u2212 d")
    s = no.names.symbol
    assert exprs(st)[1] == s("b") - s("c") - s("d")


def test_a_defined_function_written_bare_is_applied_to_its_arguments() -> None:
    st, no = read("\\frac{\\partial f}{\\partial x} = 1", given=["f(x,y) = 3x^2y"])
    s = no.names.symbol
    (lhs, _) = exprs(st)
    assert isinstance(lhs, sympy.Derivative)
    assert str(lhs.expr.func) == "f" and lhs.expr.args == (s("x"), s("y"))


def test_a_declared_function_written_bare_is_still_an_error() -> None:
    with pytest.raises(LatexError, match="needs an argument"):
        read("\\frac{\\partial f}{\\partial x} = 1", {"f": "function"})


# -- functions written as words, indexed and parametrised function names ---------------------------


def test_operatorname_softmax_and_diag_are_array_functions() -> None:
    st, n = read("\\operatorname{softmax}(o) = \\mathrm{diag}(o) o", {"o": "vector(n)"})
    lhs, rhs = exprs(st)
    o = n.names.array(Family("o", False, False), ())
    assert lhs == arrays.Softmax(o)  # never the product softmax * o
    assert rhs == arrays.Diag(o) * o


def test_declared_softmax_name_is_the_softmax() -> None:
    st, n = read("S(o) = S(o)", {"S": "softmax", "o": "vector(n)"})
    assert exprs(st)[0] == arrays.Softmax(n.names.array(Family("o", False, False), ()))


@pytest.mark.parametrize("word", ["ReLU", "relu"])
def test_relu_word_is_the_activation(word: str) -> None:
    from derive.functions import relu

    st, n = read(f"\\mathrm{{{word}}}(z) = z")
    assert exprs(st)[0] == relu(n.names.symbol("z"))


def test_unknown_word_call_is_an_error_with_a_caret() -> None:
    with pytest.raises(LatexError, match=r"MSE.*is not a function derive knows") as info:
        read("\\operatorname{MSE}(w) = w")
    assert "^" in info.value.format_message()


def test_indexed_function_is_one_function_of_its_index_and_arguments() -> None:
    st, n = read("f_c(x) = f_{c}(x)", {"f": "function"})
    c, x = n.names.symbol("c"), n.names.symbol("x")
    lhs, rhs = exprs(st)
    assert lhs == rhs == sympy.Function("f")(c, x)  # never the product f_c * x


def test_indexed_function_defined_in_given() -> None:
    notation = Notation({}, ["f_i(w_i) = w_i^2"])
    d = notation.definition("f_i(w_i) = w_i^2")
    i = notation.names.symbol("i")
    assert d.target == sympy.Function("f") and d.params[0] == i
    (t,) = d.params[1:]
    assert d.value == t**2  # the entry w_i stands for the argument


def test_semicolon_separates_parameters() -> None:
    st, n = read("p_1(x;\\beta) = p(x, \\beta)", {"p": "function"})
    x, beta = n.names.symbol("x"), n.names.symbol("\\beta")
    lhs, rhs = exprs(st)
    assert lhs == sympy.Function("p")(1, x, beta) and rhs == sympy.Function("p")(x, beta)


def test_sample_indexed_function_takes_the_sample_first() -> None:
    st, n = read("l^{(i)}(w, b) = 1", {"l": "function"})
    i, w, b = (n.names.symbol(x) for x in "iwb")
    assert exprs(st)[0] == sympy.Function("l")(i, w, b)


# -- \otimes (Parr & Howard's element-wise product) ---------------------------------------------


def test_otimes_between_numbers_is_the_product() -> None:
    st, n = read("a \\otimes (b + c) = f_i(x) \\otimes -b", {"f": "function"})
    a, b, c, i, x = (n.names.symbol(s) for s in "abcix")
    lhs, rhs = exprs(st)
    assert lhs == a * (b + c) and rhs == -b * sympy.Function("f")(i, x)


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        pytest.param("u \\otimes v", "between vectors or matrices is not read", id="vectors"),
        pytest.param("\\frac{a \\otimes b}{2}", "in parentheses", id="in-frac"),
    ],
)
def test_otimes_of_arrays_or_in_a_frac_is_an_error(latex: str, words: str) -> None:
    assert_read_error(latex, "\\otimes", words, {"u": "vector(n)", "v": "vector(n)"})


# -- the dot product of two declared columns: u \cdot v ----------------------------------------

COLUMNS = {"u": "vector(n)", "v": "vector(n)", "A": "matrix(n, n)", "B": "matrix(n, n)"}


def test_cdot_of_two_columns_is_their_dot_product_a_number() -> None:
    st, n = read("s = \\max(0, \\mathbf{u}\\cdot\\mathbf{v} + c)", COLUMNS)
    u, v = (n.names.array(Family(x, False, False), ()) for x in "uv")
    dot = arrays.Dot(arrays.TransposeOf(u) * v)
    assert exprs(st)[1] == sympy.Max(0, dot + n.names.symbol("c"))
    assert dot.is_commutative  # a number: it may stand inside \max


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("A u \\cdot v", id="juxtaposed-before"),
        pytest.param("u \\cdot v^T", id="transposed-after"),
        pytest.param("A \\cdot B", id="matrices"),
    ],
)
def test_cdot_is_the_matrix_product_otherwise(latex: str) -> None:
    st, _ = read(f"s = {latex}", COLUMNS)
    assert not exprs(st)[1].has(arrays.Dot)


# -- a relation inside a cases row: the row's value and what it equals -------------------------

CHAIN = "\\frac{dy}{dx} = \\begin{cases} 0 & x \\le 0 \\\\ \\frac{d}{dx} x^3 = 3x^2 & x > 0 \\end{cases}"


def test_cases_row_written_as_a_chain_chains_the_piecewise_values() -> None:
    st, n = read(CHAIN)
    x = n.names.symbol("x")
    assert st.relations == (Rel.EQ, Rel.EQ)
    _, first, later = exprs(st)
    assert first == sympy.Piecewise((0, x <= 0), (sympy.Derivative(x**3, x), x > 0))
    assert later == sympy.Piecewise((0, x <= 0), (3 * x**2, x > 0))
    assert st.sides[2].latex.endswith("\\\\ 3x^2 & x > 0 \\end{cases}")  # the member, as written


def test_cases_row_chain_in_a_definition_is_an_error() -> None:
    notation = Notation({}, [])
    with pytest.raises(LatexError, match="inside a piecewise row, where nothing is claimed"):
        notation.definition("y = \\begin{cases} 0 & x \\le 0 \\\\ x = 1 & x > 0 \\end{cases}")


def test_cases_row_chain_joins_by_equals_only() -> None:
    with pytest.raises(LatexError, match="relation < inside a piecewise value") as info:
        read("y = \\begin{cases} 0 & x \\le 0 \\\\ x < 1 & x > 0 \\end{cases}")
    assert info.value.fragment == "<"


# -- \nabla f(x, y) without a subscript; a row written [a, b] -----------------------------------


def test_nabla_of_a_call_is_the_gradient_by_its_arguments_in_order() -> None:
    st, n = read("\\nabla h(u, t) = \\nabla h", {"h": "function"}, ["h(u, t) = u t^2"])
    u, t = n.names.symbol("u"), n.names.symbol("t")
    by = arrays.literal([[u], [t]])  # the written order, as a column the layout may turn
    assert exprs(st) == [arrays.Grad(sympy.Function("h")(u, t), by)] * 2


def test_nabla_of_a_call_on_one_vector_is_the_gradient_by_it() -> None:
    st, n = read("\\nabla h(\\mathbf{u}) = 1", {"h": "function", "u": "vector(m)"})
    u = n.names.array(Family("u", False, False), ())
    assert exprs(st)[0] == arrays.Grad(sympy.Function("h")(u), u)


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("\\nabla h(u, u)", id="repeated-argument"),
        pytest.param("\\nabla h(u, t + 1)", id="not-a-name"),
        pytest.param("\\nabla h(u, t) v", id="more-after-the-call"),
        pytest.param("\\nabla L", id="not-a-function"),
    ],
)
def test_nabla_without_a_subscript_otherwise_is_an_error(latex: str) -> None:
    assert_read_error(
        latex, "\\nabla", "write the variable of a gradient as a subscript", {"h": "function"}
    )


def test_bracket_list_is_a_row_and_its_transpose_a_column() -> None:
    st, n = read("[a, 2b] = [a, b^2]^T")
    a, b = n.names.symbol("a"), n.names.symbol("b")
    lhs, rhs = exprs(st)
    assert lhs == arrays.literal([[a, 2 * b]])
    assert rhs == arrays.TransposeOf(arrays.literal([[a, b**2]]))


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("[u, a]", "u", "a row [a, b] of vectors or matrices", id="vector-entry"),
        pytest.param("[a, b, ]", "]", "an empty entry in a row", id="empty-entry"),
    ],
)
def test_bracket_list_of_arrays_or_empty_entries_is_an_error(
    latex: str, fragment: str, words: str
) -> None:
    assert_read_error(latex, fragment, words, {"u": "vector(n)"})


# -- a family of vectors: x = "rows(X)", x_i the i-th row of X ---------------------------------

ROWS = {"X": "matrix(n, q)", "x": "rows(X)", "w": "vector(q)", "u": "rows(w)"}


def test_rows_spec_makes_x_i_row_i_of_the_matrix() -> None:
    st, n = read("a_i = x_i^T w + x_{k}", ROWS)
    X = n.names.array(Family("X", False, False), ())
    w = n.names.array(Family("w", False, False), ())
    i, k = n.names.symbol("i"), n.names.symbol("k")
    row_i = arrays.Column(arrays.TransposeOf(X), i)
    assert exprs(st)[1] == arrays.TransposeOf(row_i) * w + arrays.Column(arrays.TransposeOf(X), k)


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("x + 1", "x", "write one row x_i", id="whole"),
        pytest.param("x_{ij}", "x_{ij}", "write one row x_i", id="two-indices"),
        pytest.param("u_1", "u_1", "which is not declared a matrix", id="rows-of-a-vector"),
    ],
)
def test_rows_of_needs_one_index_and_a_matrix(latex: str, fragment: str, words: str) -> None:
    assert_read_error(latex, fragment, words, ROWS)


def test_rows_spec_stands_alone() -> None:
    assert parse_spec("x", "rows(X)").rows == "X"
    with pytest.raises(SpecError, match="rows"):
        parse_spec("x", "rows(X), positive")


# -- a vector numbered from 0: beta = "vector(2), zero-based" ----------------------------------

ZERO = {"beta": "vector(2), zero-based"}


def test_zero_based_entries_are_the_vector_entries_from_the_first() -> None:
    from derive.notation.printer import to_latex

    st, _ = read("a = \\beta_0 + 2\\beta_1", ZERO)
    beta = sympy.IndexedBase("\\beta")
    assert exprs(st)[1] == beta[1] + 2 * beta[2]  # stored from 1, as derive counts
    assert to_latex(exprs(st)[1], specs(ZERO)) == "\\beta_{0} + 2 \\beta_{1}"  # as written


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("\\beta_j", "\\beta_j", "only numbered entries", id="letter-index"),
        pytest.param("\\beta_{-1}", "\\beta_{-1}", "no entry below 0", id="negative"),
    ],
)
def test_zero_based_letter_or_negative_index_is_an_error(
    latex: str, fragment: str, words: str
) -> None:
    assert_read_error(latex, fragment, words, ZERO)


def test_zero_based_needs_a_vector() -> None:
    for spec in ("zero-based", "matrix(2, 2), zero-based"):
        with pytest.raises(SpecError, match="zero-based numbers the entries of a vector"):
            parse_spec("b", spec)


# -- a logarithm of a product holding \exp; the rows after the first of an aligned display -----------


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        # the log of a density: \exp(...) is in the argument, as e^{...} is
        (
            "\\log \\frac{1}{\\sqrt{2\\pi}s} \\exp(-u^2)",
            "\\log(\\frac{1}{\\sqrt{2\\pi}s} e^{-u^2})",
        ),
        ("log \\frac 1{c} exp(-u) + v", "\\log(\\frac{1}{c} e^{-u}) + v"),  # plain letters
        ("\\ln c \\exp(u) - \\exp(v)", "\\ln(c e^{u}) - e^{v}"),  # up to the next -
        # an explicit product ends it (notation/bare_arguments.py)
        ("\\ln c \\cdot \\exp(u) - \\exp(v)", "\\ln(c) e^{u} - e^{v}"),
        ("\\ln(c) \\exp(u)", "\\ln(c) e^{u}"),  # parentheses: the argument is theirs
    ],
)
def test_logarithm_of_a_product_holding_an_exponential(latex: str, plain: str) -> None:
    st, _ = read(f"r = {latex}")
    again, _ = read(f"r = {plain}")
    assert exprs(st) == exprs(again)


@pytest.mark.parametrize(
    ("call", "entries"),
    [
        ("h(u)", lambda n: [n.indexed(Family("u", False, False), (k,)) for k in (0, 1)]),
        ("h(z)", lambda n: [n.indexed(Family("z", False, False), (k,)) for k in (0, 1)]),
        (  # Ng's h_theta(x^{(i)}) with h_theta(x) = theta_0 x_0 + ...: the entries x^{(i)}_k
            "h(z^{(k)})",
            lambda n: [n.indexed(Family("z", False, True), (n.symbol("k"), j)) for j in (0, 1)],
        ),
        ("h", lambda n: [n.indexed(Family("u", False, False), (k,)) for k in (0, 1)]),  # bare
    ],
)
def test_function_of_numbered_entries_takes_the_entries_of_its_argument(
    call: str, entries: Callable[[Names], list[sympy.Expr]]
) -> None:
    """`h(x) = 2x_0 + x_1` applied to z was 2x_0 + x_1, not 2z_0 + z_1: a true claim refuted."""
    notation = Notation(specs({}), ["h(u) = 2 u_0 + u_1"])
    d = notation.definition("h(u) = 2 u_0 + u_1")
    t0, t1 = d.params
    assert d.value == 2 * t0 + t1  # h of the entries u_0, u_1
    st = notation.statement(f"r = {call}")
    assert exprs(st)[1] == sympy.Function("h")(*entries(notation.names))


@pytest.mark.parametrize(
    ("given", "call", "words"),
    [
        ("h(u) = \\sum_{j=1}^{n} u_j", "h(z)", "for the arguments it is written with"),  # u_j
        ("h(u) = 2 u_0 + u_1", "h(z + 1)", "numbered entries of this argument"),
    ],
)
def test_function_of_other_entries_applies_to_its_argument_only(
    given: str, call: str, words: str
) -> None:
    with pytest.raises(LatexError) as info:
        Notation(specs({}), [given]).statement(f"r = {call}")
    assert words in info.value.message and info.value.fragment == call


def test_an_argument_used_itself_keeps_its_subscripted_names_apart() -> None:
    # F(x) = f(x_0) + f'(x_0)(x - x_0), a Taylor model: x_0 is the point, no entry of x
    notation = Notation(specs({"f": "function"}), ["F(u) = f(u_0) + (u - u_0)^2"])
    st = notation.statement("r = F(z)")
    u_0 = notation.names.indexed(Family("u", False, False), (0,))
    assert exprs(st)[1] == sympy.Function("F")(notation.names.symbol("z"))
    d = notation.definition("F(u) = f(u_0) + (u - u_0)^2")
    assert d.params == (notation.names.symbol("u"),) and d.value.has(u_0)
