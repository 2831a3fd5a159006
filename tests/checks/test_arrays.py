"""Vector and matrix forms: backpropagation and linear regression written with whole arrays
(`w^{[l+1]T}\\delta^{[l+1]}`, `X^T(X\\theta - y)`), shapes that do not fit refuted with kind
`shape`, broadcasting, the order of products, and the matrix operations of
derive/checks/arrays.py on concrete matrices."""

from __future__ import annotations

import re

import pytest
import sympy
from sympy import ImmutableMatrix as M

from derive import Claim, DiagnosisKind, Method, Settings, Verdict
from derive.checks import arrays as ops
from derive.checks.instances import SizePlan
from derive.engine import check_claim
from derive.notation import arrays
from derive.notation.names import Names
from derive.notation.reader import read_expression
from derive.shapes.layout import ShapeMismatch
from derive.specs import parse_spec
from tests.checks.networks import (
    BP_MATRIX,
    FAST,
    INDEX_FORWARD,
    LINREG_COST,
    LINREG_GRAD,
    LINREG_SYMBOLS,
    MATRIX_FORWARD,
    NET,
    NUMERIC_ONLY,
    ONE_NETWORK,
    check,
)

FORWARDS = {"index-forward": INDEX_FORWARD, "matrix-forward": MATRIX_FORWARD}

# multi-sample layered matrices: one column per sample
SAMPLES = {
    "A": "matrix(n[l], m)",
    "Z": "matrix(n[l], m)",
    "dA": "matrix(n[l], m)",
    "dZ": "matrix(n[l], m)",
    "db": "vector(n[l])",
    "sigma": "sigmoid",
}

# a shape message names two shapes "R x C"
SHAPES = re.compile(r"(\d+) x (\d+)\D+(\d+) x (\d+)")


def _shapes(message: str) -> tuple[tuple[int, int], tuple[int, int]]:
    m = SHAPES.search(message)
    assert m is not None, message
    a, b, c, d = map(int, m.groups())
    return (a, b), (c, d)


# -- backpropagation in matrix form ---------------------------------------------------------------


@pytest.mark.parametrize("forward", sorted(FORWARDS))
@pytest.mark.parametrize("name", sorted(BP_MATRIX))
def test_backprop_in_matrix_form_verifies(name: str, forward: str) -> None:
    # the claim in matrix form is decided whether the network is given entry by entry or as
    # whole vectors and matrices (on one network: both networks are checked in test_mutations)
    r = check(BP_MATRIX[name], given=FORWARDS[forward], symbols=NET, settings=ONE_NETWORK)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert Method.SIZES in r.methods


TRANSPOSED_GRADIENT = "\\frac{\\partial C}{\\partial w^{[l]}} = a^{[l-1]}\\delta^{[l]T}"


def test_transposed_gradient_is_a_shape_refutation_naming_both_shapes() -> None:
    r = check(TRANSPOSED_GRADIENT, given=MATRIX_FORWARD, symbols=NET, settings=NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    left, right = _shapes(r.message)
    assert left == right[::-1] and left[0] != left[1]  # w^{[l]} and its transpose
    assert "left side" in r.message and "right side" in r.message


def test_transposed_gradient_is_diagnosed_as_a_transpose() -> None:
    # with the diagnosis on, the shape refutation is explained (on a one-layer model: the
    # diagnosis of a network costs half a minute)
    r = check(
        "\\frac{\\partial L}{\\partial W} = x (x^T W^T - y^T)",
        given=("L = \\frac{1}{2}\\sum_{i=1}^{2}(\\sum_{j=1}^{3} W_{ij}x_j - y_i)^2",),
        symbols={"W": "matrix(2, 3)", "x": "vector(3)", "y": "vector(2)"},
        settings=Settings(),
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.TRANSPOSE
    assert r.correction is not None  # reported only once it verifies


# -- linear regression ----------------------------------------------------------------------------


def test_linear_regression_gradient_verifies() -> None:
    r = check(LINREG_GRAD, given=LINREG_COST, symbols=LINREG_SYMBOLS)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert {dict(s)["m"] for s in r.sizes} == {2, 3}


def test_linear_regression_without_the_transpose_is_a_shape_refutation() -> None:
    r = check(
        "\\nabla_{\\theta} J = \\frac{1}{m}X(X\\theta - y)",
        given=LINREG_COST,
        symbols=LINREG_SYMBOLS,
        settings=NUMERIC_ONLY,
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    x, residual = _shapes(r.message)  # X is m x n, X\theta - y is m x 1
    assert "product" in r.message
    assert x[1] != residual[0] and residual[1] == 1


@pytest.mark.parametrize(
    ("latex", "given", "symbols", "verdict"),
    [
        # a and b are vectors in the note's prose: nothing written makes them numbers
        pytest.param(
            "a \\odot b = \\begin{pmatrix} 1 \\times 4 \\\\ 2 \\times 5 \\end{pmatrix}",
            (),
            {},
            Verdict.ERROR,
            id="undeclared-error",
        ),
        pytest.param(
            "a \\odot b = \\begin{pmatrix} 1 \\times 4 \\\\ 2 \\times 5 \\end{pmatrix}",
            (),
            {"a": "vector(2)", "b": "vector(2)"},
            Verdict.REFUTED,  # by its entries (any a, b), not by the shapes
            id="declared-free-entries",
        ),
        pytest.param(
            "a \\odot b = \\begin{pmatrix} 1 \\times 4 \\\\ 2 \\times 5 \\end{pmatrix}",
            (
                "a = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}",
                "b = \\begin{pmatrix} 4 \\\\ 5 \\end{pmatrix}",
            ),
            {},
            Verdict.VERIFIED,
            id="defined-verified",
        ),
        # declared numbers: the shapes refute it
        pytest.param(
            "a \\odot b = \\begin{pmatrix} 4 \\\\ 10 \\end{pmatrix}",
            (),
            {"a": "real", "b": "real"},
            Verdict.REFUTED,
            id="declared-numbers-refuted",
        ),
    ],
)
def test_a_number_only_by_default_against_a_vector_is_no_shape_refutation(
    latex: str, given: tuple[str, ...], symbols: dict[str, str], verdict: Verdict
) -> None:
    r = check(latex, given=given, symbols=symbols)
    assert r.verdict is verdict, r.message
    if verdict is Verdict.REFUTED:
        shape = r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
        assert shape == (symbols == {"a": "real", "b": "real"})
    if verdict is Verdict.ERROR:
        assert "reads as a number only because a, b are not declared" in r.message


def test_transpose_of_a_parenthesised_group() -> None:
    r = check(
        "J = \\frac{1}{2m}(X\\theta - y)^T(X\\theta - y)",
        given=LINREG_COST,
        symbols=LINREG_SYMBOLS,
    )
    assert r.verdict is Verdict.VERIFIED, r.message


# -- multi-sample layers --------------------------------------------------------------------------


def test_elementwise_product_of_a_transposed_weight_and_dz_is_a_shape_refutation() -> None:
    r = check(
        "dA^{[l-1]} = w^{[l]T}\\odot dZ^{[l]}",
        given=("dA^{[l-1]}_{ki} = \\sum_j w^{[l]}_{jk} dZ^{[l]}_{ji}",),
        symbols=SAMPLES,
        settings=NUMERIC_ONLY,
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert "elementwise product" in r.message
    wt, dz = _shapes(r.message)  # n[l-1] x n[l] against n[l] x m
    assert wt[1] == dz[0] and wt != dz


def test_backprop_to_the_previous_layer_verifies() -> None:
    r = check(
        "dA^{[l]} = w^{[l+1]T} dZ^{[l+1]}",
        given=("dA^{[l]}_{ki} = \\sum_j w^{[l+1]}_{jk} dZ^{[l+1]}_{ji}",),
        symbols=SAMPLES,
    )
    assert r.verdict is Verdict.VERIFIED, r.message


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("dA^{[l-1]} = w^{[l]T} dZ^{[l]}", id="matrix"),
        pytest.param("dA^{[l-1]}_{ki} = \\sum_j w^{[l]}_{jk} dZ^{[l]}_{ji}", id="restated"),
    ],
)
def test_definition_written_at_layer_l_minus_1_holds_at_layer_0(latex: str) -> None:
    r = check(
        latex,
        given=("dA^{[l-1]}_{ki} = \\sum_j w^{[l]}_{jk} dZ^{[l]}_{ji}",),
        symbols=SAMPLES,
    )
    assert r.verdict is Verdict.VERIFIED, r.message


def test_column_vector_is_broadcast_to_every_column() -> None:
    # Z = W A + b: the bias of each unit is added to every sample
    r = check(
        "Z^{[l]}_{ji} = \\sum_k w^{[l]}_{jk} A^{[l-1]}_{ki} + b^{[l]}_j",
        given=("Z^{[l]} = w^{[l]} A^{[l-1]} + b^{[l]}",),
        symbols=SAMPLES,
    )
    assert r.verdict is Verdict.VERIFIED, r.message
    assert all(dict(s)["m"] >= 4 for s in r.sizes)  # samples never the size of a layer


def test_declared_matrices_broadcast_a_column_too() -> None:
    r = check(
        "Z_{ji} = \\sum_{k=1}^{3} W_{jk} A_{ki} + b_j",
        given=("Z = W A + b",),
        symbols={"W": "matrix(2, 3)", "A": "matrix(3, m)", "b": "vector(2)", "Z": "matrix(2, m)"},
    )
    assert r.verdict is Verdict.VERIFIED, r.message


def test_row_vector_is_not_broadcast() -> None:
    r = check("Z^{[l]} = w^{[l]} A^{[l-1]} + b^{[l]T}", symbols=SAMPLES, settings=NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert re.search(r"a 1 x (\d) matrix added to a \1 x \d matrix", r.message)


def test_sigma_of_a_matrix_is_elementwise() -> None:
    r = check(
        "A^{[l]}_{ji} = \\sigma(Z^{[l]}_{ji})",
        given=("A^{[l]} = \\sigma(Z^{[l]})",),
        symbols=SAMPLES,
    )
    assert r.verdict is Verdict.VERIFIED, r.message


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("db^{[l]} = \\mathrm{meanOfEachRow}(dZ^{[l]})", id="mean-of-each-row"),
        pytest.param("db^{[l]} = \\frac{1}{m}\\sum_{i=1}^{m} dZ^{[l]}_{:,i}", id="column-sum"),
    ],
)
def test_bias_gradient_is_the_mean_of_each_row(latex: str) -> None:
    r = check(
        latex,
        given=("db^{[l]}_j = \\frac{1}{m}\\sum_{i=1}^{m} dZ^{[l]}_{ji}",),
        symbols=SAMPLES,
    )
    assert r.verdict is Verdict.VERIFIED, r.message


def test_shape_messages_are_in_latex() -> None:
    r = check("dA^{[l-1]} = w^{[l]T}\\odot dZ^{[l]}", symbols=SAMPLES, settings=NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED
    for internal in ("Hadamard(", "TransposeOf(", "[]["):
        assert internal not in r.message


# -- order of products ----------------------------------------------------------------------------


def _names(table: dict[str, str]) -> Names:
    return Names({s.name: s for s in (parse_spec(k, v) for k, v in table.items())})


def test_reader_keeps_the_order_of_a_product_of_arrays() -> None:
    names = _names({"W": "matrix(n, n)", "d": "vector(n)"})
    wt_d = read_expression("W^T d", names)
    d_wt = read_expression("d W^T", names)
    assert wt_d != d_wt
    assert isinstance(wt_d, sympy.Mul) and isinstance(d_wt, sympy.Mul)
    assert isinstance(wt_d.args[0], arrays.TransposeOf)
    assert isinstance(d_wt.args[1], arrays.TransposeOf)


def test_square_matrices_do_not_commute() -> None:
    r = check("A B = B A", symbols={"A": "matrix(n, n)", "B": "matrix(n, n)"}, settings=FAST)
    assert r.verdict is Verdict.REFUTED
    assert Method.EXACT in r.methods  # a value, not a shape


def test_transposed_order_is_a_shape_refutation() -> None:
    r = check(
        "W^T d = d^T W", symbols={"W": "matrix(n, n)", "d": "vector(n)"}, settings=NUMERIC_ONLY
    )
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    left, right = _shapes(r.message)
    assert left[1] == 1 and right == left[::-1]


# -- derive/checks/arrays.py ----------------------------------------------------------------------

a, b, c, d, e, f = sympy.symbols("a b c d e f")
M23 = M([[a, b, c], [d, e, f]])


def test_shape_text() -> None:
    assert ops.shape_text(M23) == "2 x 3"
    assert ops.shape_text(a) == "a number"


def test_add_same_shapes_and_a_broadcast_column() -> None:
    assert ops.add([M23, M23], "s") == 2 * M23
    assert ops.add([M23, M([[1], [2]])], "s") == M([[a + 1, b + 1, c + 1], [d + 2, e + 2, f + 2]])
    assert ops.add([M23, sympy.Integer(0)], "s") == M23
    assert ops.add([a, b], "s") == a + b


@pytest.mark.parametrize(
    ("other", "message"),
    [
        pytest.param(M([[1, 2, 3]]), "s: a 1 x 3 matrix added to a 2 x 3 matrix", id="row"),
        pytest.param(M([[1, 2], [3, 4]]), "s: a 2 x 2 matrix added to a 2 x 3 matrix", id="2x2"),
        pytest.param(a, "s: a number added to a 2 x 3 matrix", id="number"),
    ],
)
def test_add_shape_errors(other: object, message: str) -> None:
    with pytest.raises(ShapeMismatch) as err:
        ops.add([M23, other], "s")
    assert err.value.message == message


def test_mul() -> None:
    col = M([[1], [2], [3]])
    assert ops.mul([M23, col], "p") == M([[a + 2 * b + 3 * c], [d + 2 * e + 3 * f]])
    assert ops.mul([2, M23], "p") == 2 * M23
    assert ops.mul([M23, 2], "p") == 2 * M23
    # a 1 x 1 product (x^T w) is a number
    one = ops.mul([M([[1, 2, 3]]), col], "p")
    assert not ops.is_matrix(one) and one == 14


def test_mul_shape_error() -> None:
    with pytest.raises(ShapeMismatch) as err:
        ops.mul([M23, M([[1], [2]])], "p")
    assert err.value.message == "p: a product of a 2 x 3 and a 2 x 1 matrix"


def test_hadamard() -> None:
    assert ops.hadamard([M23, M23], "h") == M23.applyfunc(lambda x: x**2)
    assert ops.hadamard([M23, 3], "h") == 3 * M23
    assert ops.hadamard([a, b], "h") == a * b


def test_hadamard_shape_error() -> None:
    with pytest.raises(ShapeMismatch) as err:
        ops.hadamard([M23, M23.T], "h")
    assert err.value.message == "h: an elementwise product (\\odot) of a 2 x 3 and a 3 x 2 matrix"


def test_transpose() -> None:
    assert ops.transpose(M23) == M([[a, d], [b, e], [c, f]])
    assert ops.transpose(M23).shape == (3, 2)
    assert ops.transpose(a) == a


def test_row_mean() -> None:
    assert ops.row_mean(M23) == M([[(a + b + c) / 3], [(d + e + f) / 3]])
    assert ops.row_mean(M23).shape == (2, 1)
    assert ops.row_mean(a) == a


def test_column() -> None:
    assert ops.column(M23, sympy.Integer(2), "x") == M([[b], [e]])
    with pytest.raises(ShapeMismatch) as err:
        ops.column(M23, sympy.Integer(4), "x")
    assert err.value.message == "x: column 4 of a 2 x 3 matrix"
    with pytest.raises(ShapeMismatch):
        ops.column(a, sympy.Integer(1), "x")


# -- soundness: the reading of grouped and powered arrays ---------------------------------------

_SQUARE = {"A": "matrix(n, n)", "B": "matrix(n, n)", "C": "matrix(n, n)", "x": "vector(n)"}


@pytest.mark.parametrize(
    ("latex", "verdict"),
    [
        pytest.param("(A \\odot B) C = A \\odot (B C)", Verdict.REFUTED, id="grouped-odot"),
        pytest.param("A \\odot B C = A \\odot (B C)", Verdict.VERIFIED, id="juxtaposition-tighter"),
        pytest.param("C + A \\odot B = C + (A \\odot B)", Verdict.VERIFIED, id="odot-before-plus"),
        pytest.param("A^{-1} A x = x", Verdict.VERIFIED, id="inverse"),
        pytest.param("A^2 B = A B A", Verdict.REFUTED, id="power-keeps-order"),
    ],
)
def test_grouping_and_powers_of_arrays(latex: str, verdict: Verdict) -> None:
    specs = {s.name: s for s in (parse_spec(k, v) for k, v in _SQUARE.items())}
    r = check_claim(Claim(id="t", latex=latex, symbols=specs), Settings(diagnose=False))
    assert r.verdict is verdict, r.message


def test_inverse_of_a_non_square_matrix_is_never_cancelled() -> None:
    specs = {
        s.name: s
        for s in (parse_spec(k, v) for k, v in {"A": "matrix(n, k)", "x": "vector(k)"}.items())
    }
    r = check_claim(Claim(id="t", latex="A^{-1} A x = x", symbols=specs), Settings(diagnose=False))
    assert r.verdict is Verdict.REFUTED
    assert r.methods == (Method.SIZES,)  # decided by the shapes, before any point
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert r.diagnosis.detail.endswith("the inverse of a 3 x 2 matrix")


def test_a_long_product_of_arrays_keeps_its_written_order() -> None:
    # twelve factors: placeholder names p00010.. must still sort after p00009
    names = {f"M{c}": "matrix(n, n)" for c in "abcdefghijkl"}
    specs = {s.name: s for s in (parse_spec(k, v) for k, v in names.items())}
    order = " ".join(f"M{c}" for c in "abcdefghijkl")
    swapped = " ".join(f"M{c}" for c in "abcdefghijlk")
    r = check_claim(
        Claim(id="t", latex=f"{order} = {swapped}", symbols=specs),
        Settings(diagnose=False, plan=SizePlan(size_sets=1)),
    )
    assert r.verdict is Verdict.REFUTED
    assert Method.EXACT in r.methods
    ce = r.counterexample
    assert ce is not None and ce.link == f"{order} = {swapped}" and ce.lhs != ce.rhs
    assert {name.split("_")[0] for name, _ in ce.point} == {f"M{c}" for c in "abcdefghijkl"}


def test_sizes_avoid_the_dimensions_written_in_shapes() -> None:
    # with m = 2 the 2-column X would be square, and X X^T could pass for X^T X
    symbols = {"X": "matrix(m, 2)", "\\Theta": "vector(2)", "y": "vector(m)"}
    given = ("J = \\frac{1}{2m}(X\\Theta - y)^T(X\\Theta - y)",)
    r = check(
        "\\frac{\\partial J}{\\partial \\Theta} = \\frac{1}{m}X^T(X\\Theta - y)",
        given=given,
        symbols=symbols,
    )
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.sizes and all(dict(s)["m"] != 2 for s in r.sizes)


# -- vectors and matrices written entry by entry ---------------------------------------------------

COL_KB = "\\begin{bmatrix} k \\\\ b \\end{bmatrix}"
ROW_X1 = "\\begin{bmatrix} x & 1 \\end{bmatrix}"
A_B = (
    "A=\\left[ \\begin{array}{cc} 1&2\\\\3&4\\end{array}\\right]",
    "B=\\left[ \\begin{array}{cc} -1&-2\\\\-3&-4\\end{array}\\right]",
)
AB_SYMBOLS = {"A": "matrix(2, 2)", "B": "matrix(2, 2)"}


def test_inner_product_of_literals_is_a_number() -> None:
    r = check(f"kx + b = {ROW_X1}{COL_KB}")
    assert r.verdict is Verdict.VERIFIED, r.message


def test_outer_product_of_literals_is_a_shape_refutation_naming_both_shapes() -> None:
    r = check(f"kx + b = {COL_KB} \\times {ROW_X1}")
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert "a number" in r.message and "2 x 2" in r.message


def test_literal_product_with_sizes_that_do_not_fit_is_a_shape_refutation() -> None:
    r = check(f"{COL_KB}{COL_KB} = 0")
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert _shapes(r.message) == ((2, 1), (2, 1))


def test_literals_in_given_multiply_as_matrices() -> None:
    ok = "AB = \\begin{bmatrix} -7 & -10 \\\\ -15 & -22 \\end{bmatrix}"
    r = check(ok, given=A_B, symbols=AB_SYMBOLS)
    assert (r.verdict, r.methods) == (Verdict.VERIFIED, (Method.SYMBOLIC, Method.NUMERIC))
    ba = "AB = \\begin{bmatrix} -7 & -10 \\\\ -15 & -23 \\end{bmatrix}"
    r = check(ba, given=A_B, symbols=AB_SYMBOLS)
    assert r.verdict is Verdict.REFUTED and r.counterexample is not None
    # the entry in row 2, column 2 is -22, not the -23 written
    ce = r.counterexample
    assert (ce.lhs, ce.rhs, ce.sizes) == ("-22", "-23", (("row", 2), ("col", 2)))
    hadamard = "A \\odot B = \\begin{bmatrix} -1 & -4 \\\\ -9 & -16 \\end{bmatrix}"
    r = check(hadamard, given=A_B, symbols=AB_SYMBOLS)
    assert (r.verdict, r.methods) == (Verdict.VERIFIED, (Method.SYMBOLIC, Method.NUMERIC))


def test_transposed_literal_is_refuted() -> None:
    transposed = "A = \\begin{bmatrix} 1 & 3 \\\\ 2 & 4 \\end{bmatrix}"
    assert check(transposed, given=A_B, symbols=AB_SYMBOLS).verdict is Verdict.REFUTED
    r = check(
        "A^T = \\begin{bmatrix} 1 & 3 \\\\ 2 & 4 \\end{bmatrix}", given=A_B, symbols=AB_SYMBOLS
    )
    assert r.verdict is Verdict.VERIFIED, r.message


def test_literal_entries_keep_their_order() -> None:
    swapped = check(
        "\\begin{bmatrix} x \\\\ y \\end{bmatrix} = \\begin{bmatrix} y \\\\ x \\end{bmatrix}"
    )
    assert swapped.verdict is Verdict.REFUTED
    row = check(
        "\\begin{bmatrix} x \\\\ y \\end{bmatrix}^T = \\begin{bmatrix} x & y \\end{bmatrix}"
    )
    assert row.verdict is Verdict.VERIFIED, row.message
    column = check(
        "\\begin{bmatrix} x \\\\ y \\end{bmatrix}^T = \\begin{bmatrix} x \\\\ y \\end{bmatrix}"
    )
    assert column.verdict is Verdict.REFUTED
    assert column.diagnosis is not None and column.diagnosis.kind is DiagnosisKind.SHAPE


def test_hadamard_of_literals_of_different_shapes_is_a_shape_refutation() -> None:
    r = check(f"{COL_KB} \\odot {ROW_X1} = 0")
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert _shapes(r.message) == ((2, 1), (1, 2))


def test_activation_of_a_literal_is_elementwise() -> None:
    r = check(
        "\\sigma(\\begin{bmatrix} x \\\\ y \\end{bmatrix}) = "
        "\\begin{bmatrix} \\sigma(x) \\\\ \\sigma(y) \\end{bmatrix}",
        symbols={"sigma": "sigmoid"},
    )
    assert r.verdict is Verdict.VERIFIED, r.message


LAYER_1 = ("z^{[1]}_j = \\sum_{k=1}^{3} w^{[1]}_{jk} a^{[0]}_k + b^{[1]}_j",)
W1 = "w_{11}^{[1]} & w_{12}^{[1]} & w_{13}^{[1]} \\\\ w_{21}^{[1]} & w_{22}^{[1]} & w_{23}^{[1]}"
A0 = "\\begin{bmatrix} a^{[0]}_1 \\\\ a^{[0]}_2 \\\\ a^{[0]}_3 \\end{bmatrix}"
B1 = "\\begin{bmatrix} b^{[1]}_1 \\\\ b^{[1]}_2 \\end{bmatrix}"


def test_literal_of_a_whole_layer_fixes_its_size() -> None:
    # z^{[1]} has 2 entries because the literals say so (layer 1 with 2 units)
    r = check(f"z^{{[1]}} = \\begin{{bmatrix}} {W1} \\end{{bmatrix}} {A0} + {B1}", given=LAYER_1)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert all(dict(s)["n^{[1]}"] == 2 for s in r.sizes)


def test_literal_with_a_wrong_entry_of_a_layer_is_refuted() -> None:
    wrong = W1.replace("w_{13}^{[1]}", "w_{23}^{[1]}").replace("& w_{23}^{[1]}", "& w_{13}^{[1]}")
    r = check(f"z^{{[1]}} = \\begin{{bmatrix}} {wrong} \\end{{bmatrix}} {A0} + {B1}", given=LAYER_1)
    assert r.verdict is Verdict.REFUTED
    assert Method.EXACT in r.methods
    ce = r.counterexample
    assert ce is not None and ce.lhs != ce.rhs
    assert dict(ce.sizes)["row"] == 2  # the row with the wrong entry, not the first


@pytest.mark.parametrize(
    ("entries", "pins"),
    [
        ([["b1"], ["b2"]], {1: 2}),
        ([["b1", "b2", "b3"]], {1: 3}),
        ([["w11", "w12", "w13"], ["w21", "w22", "w23"]], {1: 2, 0: 3}),
        ([["w11", "w21"], ["w12", "w22"], ["w13", "w23"]], {1: 2, 0: 3}),
        ([["w11"], ["w12"], ["w13"]], {}),  # one row of a matrix: not the whole matrix
        ([["b2"], ["b1"]], {}),
        ([["w11", "w12"], ["w22", "w21"]], {}),
    ],
)
def test_only_a_whole_layered_array_in_order_fixes_layer_sizes(
    entries: list[list[str]], pins: dict[int, int]
) -> None:
    from derive.shapes.pins import literal_pins

    n = _names({})

    def entry(text: str) -> sympy.Expr:
        return read_expression(f"{text[0]}^{{[1]}}_{{{','.join(text[1:])}}}", n)

    lit = arrays.literal([[entry(e) for e in row] for row in entries])
    assert literal_pins(lit, n) == pins


STACK_GIVEN = (
    "z^{[l]}_j = \\sum_k w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j",
    "a^{[l]}_j = \\sigma(z^{[l]}_j)",
    "C = \\ell(a^{[L]})",
    "\\delta^{[l]}_j = \\frac{\\partial C}{\\partial z^{[l]}_j}",
)
STACK = (
    "\\begin{bmatrix} \\frac{\\partial C}{\\partial a^{[L]}_1} \\\\ "
    "\\frac{\\partial C}{\\partial a^{[L]}_2} \\\\ \\vdots \\end{bmatrix} \\odot "
    "\\begin{bmatrix} \\sigma'(z^{[L]}_1) \\\\ \\sigma'(z^{[L]}_2) \\\\ \\vdots \\end{bmatrix}"
)
STACK_SYMBOLS = {"sigma": "function", "\\ell": "function"}


def test_vdots_column_runs_to_the_size_of_its_layer() -> None:
    r = check(f"\\delta^{{[L]}} = {STACK}", given=STACK_GIVEN, symbols=STACK_SYMBOLS)
    assert r.verdict is Verdict.VERIFIED, r.message


def test_vdots_column_of_the_output_layer_is_not_any_layer() -> None:
    r = check(
        f"\\delta^{{[l]}} = {STACK}",
        given=STACK_GIVEN,
        symbols=STACK_SYMBOLS,
        settings=NUMERIC_ONLY,
    )
    assert r.verdict is Verdict.REFUTED
    assert r.methods == (Method.SIZES,)
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert r.diagnosis.detail.endswith("the left side is 3 x 1, the right side 2 x 1")


def test_derivatives_as_entries_of_a_literal() -> None:
    given = ("z^{[2]}_j = \\sum_{k=1}^{3} w^{[2]}_{jk} a^{[1]}_k + b^{[2]}_j",)
    ok = (
        "\\frac{\\partial z^{[2]}_1}{\\partial a^{[1]}} = \\begin{bmatrix} "
        "\\frac{\\partial z^{[2]}_1}{\\partial a^{[1]}_1} \\\\ "
        "\\frac{\\partial z^{[2]}_1}{\\partial a^{[1]}_2} \\\\ "
        "\\frac{\\partial z^{[2]}_1}{\\partial a^{[1]}_3} \\end{bmatrix} = "
        "\\begin{bmatrix} w^{[2]}_{11} \\\\ w^{[2]}_{12} \\\\ w^{[2]}_{13} \\end{bmatrix}"
    )
    r = check(ok, given=given)
    assert r.verdict is Verdict.VERIFIED
    assert r.methods == (Method.SYMBOLIC, Method.NUMERIC, Method.SIZES)
    swapped = ok.replace("w^{[2]}_{12}", "w^{[2]}_{21}")
    r = check(swapped, given=given)
    assert r.verdict is Verdict.REFUTED and r.counterexample is not None
    ce = r.counterexample
    point = dict(ce.point)
    # row 2: dz_1/da_2 = w_{12}, written w_{21}
    assert dict(ce.sizes)["row"] == 2
    assert (ce.lhs, ce.rhs) == (point["w^{[2]}_{1,2}"], point["w^{[2]}_{2,1}"])


@pytest.mark.parametrize(
    ("cases", "verdict"),
    [
        ("z & z>0\\\\ 0&z\\leq0", Verdict.VERIFIED),
        ("z & z \\ge 0 \\\\ 0 & \\text{otherwise}", Verdict.VERIFIED),
        ("z & z<0\\\\ 0&z\\ge0", Verdict.REFUTED),
        ("z & z>1\\\\ 0&z\\le1", Verdict.REFUTED),
    ],
)
def test_piecewise_definition_is_checked_case_by_case(cases: str, verdict: Verdict) -> None:
    r = check(
        f"relu(z)= \\left\\{{ \\begin{{array}}{{ll}} {cases} \\end{{array}} \\right.",
        symbols={"relu": "relu"},
    )
    assert r.verdict is verdict, r.message


# -- (X)_{ij} and \\nabla^2_x on concrete matrices --------------------------------------------------


def test_entry() -> None:
    one, two = sympy.Integer(1), sympy.Integer(2)
    assert ops.entry(M23, [two, sympy.Integer(3)], "x") == f
    assert ops.entry(M([[a], [b]]), [two], "x") == b  # a column vector: one index
    assert ops.entry(M([[a, b]]), [two], "x") == b  # a row vector
    with pytest.raises(ShapeMismatch, match="entry \\(3, 1\\) of a 2 x 3 matrix"):
        ops.entry(M23, [sympy.Integer(3), one], "x")
    with pytest.raises(ShapeMismatch, match="one index on a 2 x 3 matrix"):
        ops.entry(M23, [one], "x")
    with pytest.raises(ShapeMismatch, match="an entry of a number"):
        ops.entry(a, [one], "x")


def test_hessian() -> None:
    h = ops.hessian(a**2 * b, M([[a], [b]]), "x")
    assert h.doit() == M([[2 * b, 2 * a], [2 * a, 0]])
    with pytest.raises(ShapeMismatch, match="not a column vector"):
        ops.hessian(a, M23, "x")
    with pytest.raises(ShapeMismatch, match="Hessian of a 2 x 3 matrix"):
        ops.hessian(M23, M([[a], [b]]), "x")


_VEC = {"x": "vector(n)", "b": "vector(n)", "A": "matrix(n, n)", "f": "function"}


@pytest.mark.parametrize(
    ("latex", "verdict"),
    [
        pytest.param("\\nabla_xb^Tx=b", Verdict.VERIFIED, id="grad-btx"),
        pytest.param("\\nabla_xx^TAx=(A+A^T)x", Verdict.VERIFIED, id="grad-xtax"),
        pytest.param("\\nabla_xx^TAx=2Ax", Verdict.REFUTED, id="grad-xtax-not-symmetric"),
        pytest.param("\\nabla^2_xx^TAx=A+A^T", Verdict.VERIFIED, id="hessian-xtax"),
        pytest.param("\\nabla^2_xx^TAx=A", Verdict.REFUTED, id="hessian-off-by-factor"),
        pytest.param(
            "(\\nabla_A f(A))_{ij}=\\frac{\\partial f(A)}{\\partial A_{ij}}",
            Verdict.VERIFIED,
            id="entry-of-gradient",
        ),
        pytest.param(
            "(\\nabla_A f(A))_{ij}=\\frac{\\partial f(A)}{\\partial A_{ji}}",
            Verdict.REFUTED,
            id="entry-of-gradient-swapped",
        ),
        pytest.param("(A x)_{i} = \\sum_{k} A_{ik} x_k", Verdict.VERIFIED, id="entry-of-product"),
        pytest.param("(A x)_{i} = \\sum_{k} A_{ki} x_k", Verdict.REFUTED, id="entry-transposed"),
        pytest.param("(A x)_{i} = (A x)_{i}", Verdict.ERROR, id="entry-index-without-range"),
    ],
)
def test_gradients_hessians_and_entries(latex: str, verdict: Verdict) -> None:
    r = check(latex, symbols=_VEC, settings=ONE_NETWORK)
    assert r.verdict is verdict, r.message


# -- a vector of one entry (one output unit) is a number ----------------------------------------


def test_a_declared_one_entry_vector_is_a_number() -> None:
    one = {"a": "unit, vector(1)", "y": "binary"}
    r = check(
        "\\log(a^{[L](i)}) + (1 - a^{[L](i)}) = (1 - a^{[L](i)}) + \\log(a^{[L](i)})",
        symbols=one,
        settings=ONE_NETWORK,
    )
    assert r.verdict is Verdict.VERIFIED, r.message
    r = check("1 - a^{[L](i)} = a^{[L](i)}", symbols=one, settings=NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED, r.message
    # undeclared, a written number added to the output layer's vector is added to every entry
    # (element-wise, as for a declared vector): checked at an output of more than one unit,
    # never a shape refutation, and no layer is pinned to one unit (nothing forces a number)
    r = check("1 - a^{[L](i)} = 1 - a^{[L](i)}", symbols={}, settings=ONE_NETWORK)
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.sizes and all(dict(s)[f"n^{{[{dict(s)['L']}]}}"] > 1 for s in r.sizes), r.sizes
    assert "instantiated with 1 unit" not in r.message


@pytest.mark.parametrize(
    ("latex", "verdict"),
    [
        # sigma defined for a number, applied to a vector: on each entry (it was the inverse
        # of a 3 x 1 matrix: f(z) = f(z) refuted)
        pytest.param("f(z) = f(z)", Verdict.VERIFIED, id="itself"),
        pytest.param(
            "f(z) = \\begin{bmatrix} f(z_1) \\\\ f(z_2) \\\\ f(z_3) \\end{bmatrix}",
            Verdict.VERIFIED,
            id="each-entry",
        ),
        pytest.param(
            "f(z) = \\begin{bmatrix} f(z_1) \\\\ f(z_2) \\\\ 0 \\end{bmatrix}",
            Verdict.REFUTED,
            id="an-entry-wrong",
        ),
    ],
)
def test_a_function_defined_for_a_number_acts_on_each_entry(latex: str, verdict: Verdict) -> None:
    r = check(latex, given=("f(x) = \\frac{1}{1 + e^{-x}}",), symbols={"z": "vector(3)"})
    assert r.verdict is verdict, r.message
    if verdict is Verdict.REFUTED:
        assert r.diagnosis is None or r.diagnosis.kind is not DiagnosisKind.SHAPE
