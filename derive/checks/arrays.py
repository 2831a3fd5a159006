"""Vector and matrix operations on concrete matrices of SymPy expressions.

Once an instance fixes every size, a vector or matrix form is a SymPy `ImmutableMatrix` whose
entries are the named elements (w^{[2]}_{1,3}, ...). Products, sums, transposes and elementwise
operations are done here, entry by entry, with the shape checks course material gets wrong:
a size that does not fit raises ShapeMismatch with both shapes. A column vector added to a
matrix is added to every column (NumPy broadcasting, as in `Z = W A + b`), and a constant (a
number written as one, `1 - y`) to every entry; a 1 x 1 product (`x^T w`) is a number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import sympy
from sympy.matrices import ImmutableMatrix, MatrixBase

from derive.errors import UnsupportedError
from derive.shapes.layout import ShapeMismatch

Value: TypeAlias = Any  # a SymPy expression or an ImmutableMatrix (SymPy is untyped)


class Shown:
    """How a form reads in an error message, printed only when a message shows it: most forms
    unrolled never fail, and printing each as LaTeX cost a few percent of a claim."""

    __slots__ = ("_make", "_text")

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._make()
        return self._text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


What: TypeAlias = str | Shown  # the form an error message names


def is_matrix(x: object) -> bool:
    return isinstance(x, MatrixBase)


def shape_text(x: Value) -> str:
    if is_matrix(x):
        r, c = x.shape
        return f"{r} x {c}"
    return "a number"


def scalar(x: Value) -> Value:
    """A 1 x 1 matrix is its entry."""
    if is_matrix(x) and x.shape == (1, 1):
        return x[0, 0]
    return x


def add(terms: Sequence[Value], what: What) -> Value:
    mats = [t for t in terms if is_matrix(t)]
    if not mats:
        return sympy.Add(*terms)
    shape = max((m.shape for m in mats), key=lambda s: s[0] * s[1])
    total = sympy.zeros(*shape)
    for t in terms:
        if not is_matrix(t):
            if t.free_symbols:  # a name that is a number beside a vector: an index slip
                raise ShapeMismatch(f"{what}: a number added to a {shape[0]} x {shape[1]} matrix")
            total += t * sympy.ones(*shape)  # a constant: added to every entry, as NumPy does
            continue
        if t.shape == shape:
            total += t
        elif t.shape == (shape[0], 1):
            total += t * sympy.ones(1, shape[1])  # a column added to every column
        else:
            raise ShapeMismatch(
                f"{what}: a {shape_text(t)} matrix added to a {shape[0]} x {shape[1]} matrix"
            )
    return ImmutableMatrix(total)


def mul(factors: Sequence[Value], what: What) -> Value:
    result: Value = sympy.Integer(1)
    for f in factors:
        if is_matrix(result) and is_matrix(f):
            if result.shape[1] != f.shape[0]:
                raise ShapeMismatch(
                    f"{what}: a product of a {shape_text(result)} and a {shape_text(f)} matrix"
                )
            result = ImmutableMatrix(result * f)
        elif is_matrix(f):
            result = ImmutableMatrix(f * result)
        elif is_matrix(result):
            result = ImmutableMatrix(result * f)
        else:
            result = result * f
    return scalar(result)


def hadamard(factors: Sequence[Value], what: What) -> Value:
    mats = [f for f in factors if is_matrix(f)]
    if not mats:
        return sympy.Mul(*factors)
    shape = mats[0].shape
    for m in mats[1:]:
        if m.shape != shape:
            raise ShapeMismatch(
                f"{what}: an elementwise product (\\odot) of a {shape_text(mats[0])} and a "
                f"{shape_text(m)} matrix"
            )
    out = sympy.ones(*shape)
    for f in factors:
        out = out.multiply_elementwise(f) if is_matrix(f) else out * f
    return ImmutableMatrix(out)


def transpose(x: Value) -> Value:
    return ImmutableMatrix(x.T) if is_matrix(x) else x


def row_mean(x: Value) -> Value:
    if not is_matrix(x):
        return x
    rows, cols = x.shape
    return ImmutableMatrix(
        [[sympy.Add(*[x[i, j] for j in range(cols)]) / cols] for i in range(rows)]
    )


def norm(x: Value) -> Value:
    """The Euclidean norm of a vector, the Frobenius norm of a matrix (entries are real), the
    absolute value of a number."""
    if not is_matrix(x):
        return sympy.Abs(x)
    return sympy.sqrt(sympy.Add(*[e**2 for e in x]))


def entries(x: Value) -> list[sympy.Basic]:
    return list(x) if is_matrix(x) else [x]


def column(x: Value, i: Value, what: What) -> Value:
    """Column i (from 1) of a matrix, as a column vector."""
    if not is_matrix(x) or not getattr(i, "is_Integer", False):
        raise ShapeMismatch(f"{what}: a column of something that is not a matrix")
    rows, cols = x.shape
    if not 1 <= int(i) <= cols:
        raise ShapeMismatch(f"{what}: column {int(i)} of a {rows} x {cols} matrix")
    return ImmutableMatrix(x[:, int(i) - 1])


def inverse(x: Value, what: What) -> Value:
    """X^{-1} of a square matrix (a number's reciprocal)."""
    if not is_matrix(x):
        return 1 / x
    rows, cols = x.shape
    if rows != cols:
        raise ShapeMismatch(f"{what}: the inverse of a {rows} x {cols} matrix")
    return ImmutableMatrix(x.inv())


def entry(x: Value, indices: Sequence[Value], what: What) -> Value:
    """Entry (i, j) (from 1) of a matrix, entry i of a row or column vector: `(X)_{ij}`."""
    if not is_matrix(x):
        raise ShapeMismatch(f"{what}: an entry of a number")
    if not all(getattr(i, "is_Integer", False) for i in indices):  # not a shape error
        free = ", ".join(sorted({str(s) for i in indices for s in i.free_symbols}))
        raise UnsupportedError(
            f"{what}: the index {free} has no range (write it also on a name, e.g. A_{{ij}})"
        )
    rows, cols = x.shape
    idx = [int(i) for i in indices]
    if len(idx) == 1 and 1 in {rows, cols}:
        idx = [idx[0], 1] if cols == 1 else [1, idx[0]]
    if len(idx) != 2:
        raise ShapeMismatch(f"{what}: one index on a {rows} x {cols} matrix")
    if not (1 <= idx[0] <= rows and 1 <= idx[1] <= cols):
        raise ShapeMismatch(f"{what}: entry ({idx[0]}, {idx[1]}) of a {rows} x {cols} matrix")
    return x[idx[0] - 1, idx[1] - 1]


def hessian(value: Value, var: Value, what: What) -> Value:
    """The matrix of the second derivatives of a number by each pair of entries of a column
    vector (a number's second derivative by a number)."""
    if is_matrix(value):
        raise ShapeMismatch(f"{what}: the Hessian of a {shape_text(value)} matrix")
    if not is_matrix(var):
        return sympy.Derivative(value, (var, 2))
    rows, cols = var.shape
    if cols != 1:
        raise ShapeMismatch(f"{what}: a Hessian by a {rows} x {cols} matrix, not a column vector")
    xs = list(var)
    return ImmutableMatrix(rows, rows, lambda i, j: sympy.Derivative(value, xs[i], xs[j]))


def stacked_column(values: list[sympy.Basic]) -> sympy.ImmutableMatrix | None:
    """A column whose entries are columns and numbers, at least one a column of more than one
    entry (`\\hat{w} = [w \\\\ b]`: w of R^n, then b): the column of all their entries, in order.
    None otherwise (a row among the entries: a Jacobian, or a block matrix, not read)."""
    if not any(is_matrix(v) for v in values):
        return None
    if not all(not is_matrix(v) or v.shape[1] == 1 for v in values):
        return None
    parts = [v if is_matrix(v) else sympy.ImmutableMatrix([[v]]) for v in values]
    return sympy.ImmutableMatrix.vstack(*parts)
