"""Notation as published notes write it (issue 13), continued: vectors and matrices: the dot
product `u \\cdot v`, chains inside a cases row, `\\nabla f(x, y)`, rows `[a, b]`, families of
rows (`rows(X)`), vectors numbered from 0, the logarithm of a product holding `\\exp`, functions
of numbered entries. Each test asserts the structure that was read, not only that it reads."""

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
