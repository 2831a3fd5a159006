"""Vectors, matrices and piecewise definitions written out (notation/literals.py)."""

from __future__ import annotations

import pytest
import sympy

from derive import functions
from derive.errors import LatexError
from derive.notation import arrays
from derive.notation.statements import Notation
from tests.notation.reading import idx, make_specs, read

# -- matrix literals and piecewise definitions -----------------------------------------------------


def lit(rows: list[list[sympy.Expr]]) -> arrays.Literal:
    return arrays.literal(rows)


@pytest.mark.parametrize(
    "latex",
    [
        "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}",
        "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
        "\\begin{matrix} a & b \\\\ c & d \\end{matrix}",
        "\\left[ \\begin{array}{cc} a & b \\\\ c & d \\end{array} \\right]",
        "\\left( \\begin{array}{cc} a & b \\\\ c & d \\\\ \\end{array} \\right)",
    ],
    ids=["bmatrix", "pmatrix", "matrix", "array", "array-trailing-row-end"],
)
def test_matrix_literal_keeps_its_entries_in_order(latex: str) -> None:
    expr, n = read(latex, {})
    a, b, c, d = (n.symbol(x) for x in "abcd")
    assert expr == lit([[a, b], [c, d]])
    assert expr != lit([[a, c], [b, d]])  # not transposed
    assert (expr.rows, expr.cols) == (2, 2)
    assert arrays.is_array(expr)


def test_matrix_literal_entries_are_ordinary_expressions() -> None:
    expr, n = read(
        "\\begin{bmatrix} w^{[1]}_{12} a^{[0]}_2 + b & \\frac{\\partial L}{\\partial x} \\\\ "
        "\\sigma(z) & x \\odot y \\end{bmatrix}"
    )
    w = idx(n, "w", 1, 1, 2, layer=True)
    a0 = idx(n, "a", 0, 2, layer=True)
    x, y, z, b, L = (n.symbol(s) for s in "xyzbL")
    d = sympy.Derivative(L, x, evaluate=False)
    assert expr == lit([[w * a0 + b, d], [functions.sigmoid(z), x * y]])


def test_product_of_literals_keeps_the_written_order() -> None:
    expr, n = read(
        "\\begin{bmatrix} x & 1 \\end{bmatrix}\\begin{bmatrix} k \\\\ b \\end{bmatrix}", {}
    )
    row = lit([[n.symbol("x"), sympy.Integer(1)]])
    col = lit([[n.symbol("k")], [n.symbol("b")]])
    assert expr == row * col
    assert expr != col * row


def test_transpose_of_a_literal() -> None:
    expr, n = read("\\begin{bmatrix} x \\\\ y \\end{bmatrix}^T", {})
    assert expr == arrays.TransposeOf(lit([[n.symbol("x")], [n.symbol("y")]]))
    bracketed, _ = read("\\left[\\begin{array}{c} x \\\\ y \\end{array}\\right]^{\\top}", {})
    assert bracketed == expr


def test_relations_and_odot_inside_a_literal_stay_inside() -> None:
    statement = Notation({}).statement(
        "\\begin{bmatrix} x \\odot y \\end{bmatrix} = \\begin{cases} x & x > 0 \\\\ 0 & x \\le 0 "
        "\\end{cases}"
    )
    assert len(statement.sides) == 2


@pytest.mark.parametrize(
    ("latex", "message", "fragment"),
    [
        (
            "\\begin{bmatrix} a & b \\\\ c \\end{bmatrix}",
            "a row of 1 entry in a matrix whose first row has 2 entries",
            "c",
        ),
        ("\\begin{bmatrix} a & \\\\ c & d \\end{bmatrix}", "an empty entry", "&"),
        ("\\begin{bmatrix} a \\end{pmatrix}", "is closed by \\end{pmatrix}", None),
        ("\\begin{bmatrix} a & b", "is never closed", None),
        ("\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", "a determinant (vmatrix)", None),
        ("\\begin{tabular} a \\end{tabular}", "the environment tabular is not read", None),
        ("\\begin{array} a \\end{array}", "column specification", None),
        ("\\begin{bmatrix} a & \\cdots \\end{bmatrix}", "an ellipsis in a matrix", "\\cdots"),
        ("\\{ x \\}", "does not open a piecewise definition", "\\{"),
    ],
)
def test_unreadable_literal_is_an_error_naming_the_latex(
    latex: str, message: str, fragment: str | None
) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, {})
    assert message in info.value.message
    if fragment is not None:
        assert info.value.fragment == fragment


def test_piecewise_definition_reads_every_condition() -> None:
    statement = Notation(make_specs({"relu": "relu"})).statement(
        "relu(z)= \\left\\{ \\begin{array}{rcl} z & z>0\\\\ 0&z\\leq0\\end{array} \\right."
    )
    value = statement.sides[1].expr
    z = sympy.Symbol("z", real=True)
    assert isinstance(value, sympy.Piecewise)
    assert value.args[0] == (z, z > 0)
    # the second condition is the complement of the first, which SymPy writes as True
    assert value.subs(z, -1) == 0 and value.subs(z, 2) == 2
    assert statement.sides[1].latex.endswith("\\right.")  # the side is balanced LaTeX


@pytest.mark.parametrize(
    ("latex", "at", "value"),
    [
        ("\\begin{cases} x, & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", -1, 0),
        (
            "\\begin{cases} x & 0 < x < 1 \\\\ 5 & x \\ge 1 \\end{cases}",
            sympy.Rational(1, 2),
            sympy.Rational(1, 2),
        ),
        ("\\begin{cases} x & 0 < x < 1 \\\\ 5 & x \\ge 1 \\end{cases}", 3, 5),
        ("\\begin{cases} x & x \\ge 0 \\\\ -x & x \\le 0 \\end{cases}", -2, 2),  # agree at 0
    ],
)
def test_piecewise_cases(latex: str, at: sympy.Expr, value: sympy.Expr) -> None:
    expr, n = read(latex, {})
    assert isinstance(expr, sympy.Piecewise)
    assert expr.subs(n.symbol("x"), at) == value


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        ("\\begin{cases} x & x > 0 \\\\ 0 & \\end{cases}", "without a condition"),
        ("\\begin{cases} x & x > 0 \\\\ 0 & \\text{for small x} \\end{cases}", "without a"),
        ("\\begin{cases} x & x \\\\ 0 & x < 0 \\end{cases}", "a condition should compare"),
        ("\\begin{cases} x \\\\ 0 & x < 0 \\end{cases}", "a value & its condition"),
        ("\\begin{cases} x & x \\ge 0 \\\\ 7 & x > 5 \\end{cases}", "rows 1 and 2"),
        ("\\begin{cases} \\begin{bmatrix} x \\end{bmatrix} & x > 0 \\end{cases}", "a number"),
    ],
)
def test_unreadable_piecewise_is_an_error(latex: str, message: str) -> None:
    with pytest.raises(LatexError) as info:
        read(latex, {})
    assert message in info.value.message


def test_vdots_column_follows_the_pattern_of_its_written_entries() -> None:
    expr, n = read(
        "\\begin{bmatrix} a^{[L]}_1 b_1 \\\\ a^{[L]}_2 b_1 \\\\ \\vdots \\end{bmatrix}", {}
    )
    assert isinstance(expr, arrays.Stack)
    body, k = expr.args
    assert body.xreplace({k: 3}) == idx(n, "a", "L", 3, layer=True) * idx(n, "b", 1)
    assert k not in expr.free_symbols  # the running index is bound, never a free index


@pytest.mark.parametrize(
    "latex",
    [
        "\\begin{bmatrix} a_1 \\\\ a_3 \\\\ \\vdots \\end{bmatrix}",
        "\\begin{bmatrix} a_1 \\\\ \\vdots \\end{bmatrix}",
        "\\begin{bmatrix} a_1 \\\\ a_2 \\\\ \\vdots \\\\ a_n \\end{bmatrix}",
    ],
    ids=["no-pattern", "one-entry", "vdots-not-last"],
)
def test_vdots_without_a_pattern_is_an_error(latex: str) -> None:
    with pytest.raises(LatexError):
        read(latex, {})
