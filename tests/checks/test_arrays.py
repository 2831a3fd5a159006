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
from derive.checks.expand import SizePlan
from derive.checks.layers import ShapeMismatch
from derive.engine import check_claim
from derive.notation import arrays
from derive.notation.names import Names
from derive.notation.reader import read_expression
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
    # undeclared, a^{[L]} is the whole output layer (2 or 3 units): 1 - a^{[L]} is a shape error
    r = check("1 - a^{[L](i)} = 1 - a^{[L](i)}", symbols={}, settings=ONE_NETWORK)
    assert r.verdict is Verdict.REFUTED and "a number added to" in r.message, r.message
