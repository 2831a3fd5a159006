"""Notation as published notes write it (issue 13): declared layer superscripts, trailing
punctuation, joined equations, \\cfrac, roman transposes, label subscripts, operator forms of
derivatives, trace. Each test asserts the structure that was read, not only that it reads.
Functions: test_published_functions.py; vectors and matrices: test_published_arrays.py."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import LatexError, SpecError
from derive.notation import arrays
from derive.notation.names import Family
from derive.notation.statements import Rel
from derive.specs import parse_spec
from tests.notation.reading import exprs
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


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("z^l_j + z^2_j = 1", "z^2", id="layered-then-number"),
        pytest.param("a^{[l]}_j = a^{1}_j", "a^{1}", id="bracketed-then-number"),
    ],
)
def test_number_superscript_of_a_layered_name_is_an_error(latex: str, fragment: str) -> None:
    # with l declared `layer`, z^2_j beside z^l_j was read as the power (z_j)^2 of another z
    # (a true derivative of layer 2 refuted); layer 2 or a power is not guessed
    with pytest.raises(LatexError, match="a layer or a power") as info:
        read(latex, LAYERS)
    assert info.value.fragment == fragment


def test_number_superscript_stays_a_power_on_a_name_without_layers() -> None:
    st, n = read("z^l_j + x^2_j = 1", LAYERS)
    assert exprs(st)[0].has(n.names.indexed(Family("x", False, False), (n.names.symbol("j"),)) ** 2)


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
