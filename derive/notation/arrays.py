"""Vector and matrix forms as SymPy expressions that keep the written order.

A name that stands for a whole vector or matrix (`W^{[l]}`, `a^{[l-1]}`, a name declared
`matrix(m, n)`) is read as a *non-commutative* SymPy object, so `W^T\\delta` and `\\delta W^T`
stay different products. The operations SymPy has no order-keeping form for are these
functions, all non-commutative; they are only markers: `derive.checks.arrays` gives them their
meaning on concrete matrices (we do not use SymPy's matrix calculus, see docs/design.md).
"""

from __future__ import annotations

import sympy


class ArrayOp(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """An operation on vectors/matrices, evaluated only once sizes are concrete."""

    is_commutative = False


class TransposeOf(ArrayOp):
    """`X^T`."""

    nargs = 1


class Hadamard(ArrayOp):
    """`X \\odot Y \\odot ...`: the elementwise product."""


class RowMean(ArrayOp):
    """`\\mathrm{meanOfEachRow}(X)`: the column vector of the means of the rows of X."""

    nargs = 1


class Grad(ArrayOp):
    """`\\frac{\\partial C}{\\partial W}`, `\\nabla_W C`: the matrix of the partial derivatives of
    the scalar C with respect to the entries of W, shaped like W."""

    nargs = 2


class Hessian(ArrayOp):
    """`\\nabla^2_x f`: the square matrix of the second derivatives of the scalar f by the
    entries of the column vector x, entry (i, j) the derivative by x_i and x_j."""

    nargs = 2


class Entry(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """`(X)_{ij}`, `(\\nabla_A f(A))_{ij}`: one entry of a vector or matrix written as a group (a
    number, so commutative); the indices are 1-based as written."""

    is_commutative = True


class NormOf(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """`\\|X\\|` of a vector or matrix form: its Euclidean (Frobenius) norm, a number. Not SymPy's
    Abs, whose eval means the absolute value of a number and recurses without end on a sum
    holding a non-commutative term (`\\|x_{ij} + z^{[l]}\\|` once a diagnosis rewrites it).
    Evaluated once X is a concrete matrix; a number is the absolute value of that number."""

    is_commutative = True
    is_real = True
    is_nonnegative = True
    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Basic) -> sympy.Expr | None:
        if isinstance(x, sympy.MatrixBase):
            return sympy.sqrt(sympy.Add(*[e**2 for e in x]))
        if x.is_commutative:
            return sympy.Abs(x)
        return None


class TraceOf(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """`\\mathrm{tr}(X)`: the trace of a square matrix, a number. Evaluated once X is a
    concrete matrix (a number is its own trace); a matrix that is not square stays unevaluated
    and is reported when the claim is checked."""

    is_commutative = True
    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Basic) -> sympy.Expr | None:
        if isinstance(x, sympy.MatrixBase):
            rows, cols = x.shape
            return x.trace() if rows == cols else None
        if x.is_commutative:
            return x
        return None


class Dot(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """`u \\cdot v` of two column vectors: their dot product, a number. The argument is the
    1 x 1 product `u^T v` (so shapes are inferred as for any product); evaluated to its one
    entry once u and v are concrete."""

    is_commutative = True
    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Basic) -> sympy.Expr | None:
        if isinstance(x, sympy.MatrixBase) and x.shape == (1, 1):
            return x[0, 0]
        if x.is_commutative:
            return x
        return None


class Power(ArrayOp):
    """`A^2`, `A^{-1}` of a square matrix, kept apart so SymPy cannot cancel A^{-1} A."""

    nargs = 2


class Column(ArrayOp):
    """`X_{:,i}`: column i of the matrix X (a column vector)."""

    nargs = 2


class Apply(ArrayOp):
    """A scalar function written on a vector or matrix (`\\sigma(Z)`, `\\sigma'(z^{[l]})`):
    applied to every entry. Wrapping keeps the written position of the result in a product."""

    nargs = 1


class Literal(ArrayOp):
    """A vector or matrix written out entry by entry (`\\begin{bmatrix} a & b \\\\ c & d
    \\end{bmatrix}`): the arguments are the number of rows, the number of columns, then the
    entries row by row."""

    @property
    def rows(self) -> int:
        return int(self.args[0])

    @property
    def cols(self) -> int:
        return int(self.args[1])

    @property
    def entries(self) -> tuple[sympy.Expr, ...]:
        return tuple(self.args[2:])


class Stack(ArrayOp):
    """`[e_1; e_2; \\vdots]`: the column of e_k for k = 1 up to the size of the layered or
    declared name whose component index k is (args: the template e_k, then k). k is bound."""

    nargs = 2

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, var = self.args
        return set(body.free_symbols) - {var}


def stacks_names(x: Literal) -> bool:
    """Whether a column literal stacks names of vectors and numbers (`[w \\\\ b]`, `[x_i \\\\ 1]`),
    one of them a whole vector: the column of their entries (derive/shapes/stacks.py). A column
    of gradients (`[\\nabla f \\\\ \\nabla g]`) or other vector expressions is not that."""
    if x.cols != 1:
        return False
    arrays_in = [e for e in x.entries if not e.is_commutative]
    return bool(arrays_in) and all(isinstance(e, sympy.Symbol | sympy.Indexed) for e in arrays_in)


def literal(rows: list[list[sympy.Expr]]) -> Literal:
    """The literal of the given rows (all of one length)."""
    cols = len(rows[0])
    return Literal(sympy.Integer(len(rows)), sympy.Integer(cols), *[e for r in rows for e in r])


class Softmax(ArrayOp):
    """`\\operatorname{softmax}(z)`: the column of e^{z_i} / sum_j e^{z_j} of a column z."""

    nargs = 1


class Diag(ArrayOp):
    """`\\operatorname{diag}(x)`: the square matrix with the entries of the column x on its
    diagonal and 0 elsewhere."""

    nargs = 1


ARRAY_FUNCTIONS = {
    "meanOfEachRow": RowMean,
    "tr": TraceOf,
    "Tr": TraceOf,
    "trace": TraceOf,
    "softmax": Softmax,
    "diag": Diag,
}


def is_array(expr: sympy.Basic) -> bool:
    """Whether a read expression holds a whole vector or matrix."""
    return not bool(expr.is_commutative)
