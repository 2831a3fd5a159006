"""Unrolling: an expression at one instance, with sums written out and names made concrete.

Under an instance (every size and free index an integer), sums become explicit additions,
indexed names become plain symbols (`w[2]`), and a form holding whole vectors or matrices
becomes a concrete matrix of those symbols, shaped as the shapes stage decided (the claim's
`Layout`, `derive/shapes/layout.py`). An element outside its shape, a product of matrices
whose sizes do not fit, a layer that does not exist: `ShapeMismatch` (a shape refutation).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import sympy
from sympy.core.function import AppliedUndef

from derive.checks import arrays as ops
from derive.checks.definitions import LAST, Definitions
from derive.checks.instances import dim, layer_of
from derive.errors import UnsupportedError
from derive.model import GradientLayout
from derive.notation import arrays
from derive.notation.families import label_of
from derive.notation.names import Names, family_of
from derive.notation.printer import element_name, to_latex
from derive.shapes.layout import Layout, ShapeMismatch, component_slots, layer_size
from derive.shapes.pins import count_symbol


class Unroller:
    """Unrolls the expressions of one claim: its definitions, the layout of its names and the
    names it uses as sizes are fixed when it is made."""

    def __init__(self, defs: Definitions, layout: Layout, bounds: set[sympy.Basic]) -> None:
        self.defs = defs
        self.names = defs.names
        self.layout = layout
        self.bounds = bounds
        # the elements written with concrete indices, one Indexed per family and indices: made
        # once (SymPy checks and converts the indices on every `base[...]`), and the same object
        # is then found at once in `Names.element`'s memo (no hash or comparison of a fresh one)
        self._items: dict[tuple[sympy.Basic, tuple[sympy.Basic, ...]], sympy.Indexed] = {}

    def unroll(self, expr: sympy.Basic, env: Mapping[sympy.Symbol, int]) -> sympy.Expr:
        """Put in the integers of env, write out sums, turn concrete elements into Symbols.
        A summation variable shadows an env entry of the same name inside its sum."""
        return self._unroll(sympy.sympify(expr), dict(env))

    def _unroll(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        if x.is_commutative is False and not isinstance(x, sympy.Sum | sympy.Product):
            return self._unroll_array(x, env)
        if isinstance(x, sympy.Symbol) and x in env:
            return sympy.Integer(env[x])
        if (
            isinstance(x, sympy.Symbol)
            and x in self.defs.symbols
            and self.defs.symbols[x].is_Integer
            and x in self.bounds
        ):
            return self.defs.symbols[x]  # a size fixed in `given` (m = 4) is that number
        if isinstance(x, sympy.Sum | sympy.Product):
            (v, a, b), *rest = x.limits
            body = x.func(x.function, *rest) if rest else x.function
            if b == count_symbol(v) and b not in env:
                slot = self.layout.shaped_slot(body, v)
                if slot is not None:
                    ix, k = slot
                    dims = self.layout.dims(label_of(ix), layer_of(ix, env), env)
                    if dims is not None:
                        b = sympy.Integer(dim(dims, k, _show(ix, self.names)))
            a, b = self._unroll(a, env), self._unroll(b, env)
            if not (a.is_Integer and b.is_Integer):
                raise UnsupportedError(f"the limits of {x} are not concrete sizes")
            terms = [self._unroll(body, {**env, v: k}) for k in range(int(a), int(b) + 1)]
            if isinstance(x, sympy.Sum) and not any(map(ops.is_matrix, terms)):
                return sympy.Add(*terms)  # what ops.add does, without printing x for its errors
            if isinstance(x, sympy.Sum):
                return ops.add(terms, str(x))
            return sympy.Mul(*terms)
        if isinstance(x, arrays.Entry):  # (X)_{ij}
            parts = [self._unroll(a, env) for a in x.args]
            return ops.entry(parts[0], parts[1:], ops.Shown(lambda: to_latex(x, self.names.specs)))
        width = self.layout.width_of(x)
        if width is not None:  # M_{l-1}: the width of layer l - 1
            (layer,) = self._concrete_indices(x, env)
            if layer_size(int(layer)) not in env:
                raise ShapeMismatch(f"{_show(x, self.names)}: layer {layer} does not exist")
            return sympy.Integer(env[layer_size(int(layer))])
        if isinstance(x, sympy.Indexed):
            key = (x.base, tuple(self._concrete_indices(x, env)))
            item = self._items.get(key)
            if item is None:
                item = self._items[key] = x.base[key[1]]
            self._check_range(item, env)
            return self.names.element(item)
        if isinstance(x, sympy.Derivative):
            variables = [(self._unroll(v, env), n) for v, n in x.variable_count]
            _check_variables(variables, x, self.names)
            return sympy.Derivative(self._unroll(x.expr, env), *variables)
        if isinstance(x, sympy.Abs | arrays.NormOf):  # \|v\| of a vector or matrix: Euclidean
            inner = self._unroll(x.args[0], env)
            return ops.norm(inner) if ops.is_matrix(inner) else sympy.Abs(inner)
        if isinstance(x, AppliedUndef):
            args: list[sympy.Basic] = []
            for arg in x.args:
                whole = self._whole(arg, env)
                args += whole if whole is not None else ops.entries(self._unroll(arg, env))
            return x.func(*args)
        if not x.args:
            return x
        return x.func(*[self._unroll(a, env) for a in x.args])

    def _concrete_indices(self, x: sympy.Indexed, env: dict[sympy.Basic, int]) -> list[sympy.Basic]:
        """The indices of x under env, each an integer; an index with no value (a layer `m` no
        definition or size gives) is an error, not a crash."""
        idx = [self._unroll(i, env) for i in x.indices]
        if not all(i.is_Integer for i in idx):
            free = sorted({str(s) for i in idx for s in i.free_symbols})
            what = to_latex(x, self.names.specs)
            raise UnsupportedError(f"the index {', '.join(free)} of {what} has no value")
        return idx

    def _unroll_array(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        """A form holding whole vectors or matrices, as a concrete matrix (or a number)."""
        what = ops.Shown(lambda: to_latex(x, self.names.specs))
        if isinstance(x, sympy.Symbol):  # a name declared with a shape
            return self._array(x.name, (), env)
        if isinstance(x, sympy.Indexed):  # W^{[l]}: the layer given, no component index
            head = tuple(int(i) for i in self._concrete_indices(x, env))
            return self._array(label_of(x), head, env)
        if isinstance(x, AppliedUndef) and str(x.func) in self.defs.functions:  # f(z) = z^T z
            lam = self.defs.functions[str(x.func)]
            if len(x.args) == 1 and lam.variables[0].is_commutative:
                # \sigma(x) = 1/(1 + e^{-x}), defined for a number, applied to a vector or a
                # matrix: on each entry, as a declared activation is (_elementwise)
                whole = self._unroll(x.args[0], env)
                if ops.is_matrix(whole):
                    return sympy.ImmutableMatrix(
                        whole.applyfunc(lambda e: self._unroll(lam(e), env))
                    )
            return self._unroll(lam(*x.args), env)
        if isinstance(x, AppliedUndef):  # \ell(a^{[L]}): a function of every entry
            args: list[sympy.Basic] = []
            for arg in x.args:
                args += ops.entries(self._unroll(arg, env))
            return x.func(*args)
        if isinstance(x, arrays.Literal):
            return self._literal(x, env, what)
        if isinstance(x, arrays.Stack):
            return self._stack(x, env, what)
        if isinstance(x, arrays.Apply):
            return self._elementwise(x.args[0], env)
        if isinstance(x, arrays.Softmax | arrays.Diag):
            return _of_column(x, self._unroll(x.args[0], env), what)
        if isinstance(x, arrays.Grad):
            return self._gradient(x, env)
        if isinstance(x, sympy.Derivative):  # \frac{\partial f(A)}{\partial A_{ij}}
            value = ops.scalar(self._unroll(x.expr, env))
            variables = [(self._unroll(v, env), n) for v, n in x.variable_count]
            _check_variables(variables, x, self.names)
            if ops.is_matrix(value) and len(variables) == 1 and variables[0][1] == 1:
                return self._by(value, variables[0][0], x)  # d(t x + a)/dt: by the layout
            if ops.is_matrix(value) or any(ops.is_matrix(v) for v, _ in variables):
                raise UnsupportedError(f"cannot evaluate {what}: a derivative of or by an array")
            return sympy.Derivative(value, *variables)
        if isinstance(x, arrays.Hessian):
            value = ops.scalar(self._unroll(x.args[0], env))  # x^T A x is 1 x 1: a number
            return ops.hessian(value, self._unroll(x.args[1], env), what)
        parts = [self._unroll(a, env) for a in x.args]
        if isinstance(x, arrays.TransposeOf):
            return ops.transpose(parts[0])
        if isinstance(x, arrays.Hadamard):
            return ops.hadamard(parts, what)
        if isinstance(x, arrays.RowMean):
            return ops.row_mean(parts[0])
        if isinstance(x, arrays.Power):
            base, exp = parts
            if not ops.is_matrix(base):
                return sympy.Pow(base, exp)
            if exp == -1:
                return ops.inverse(base, what)
            if getattr(exp, "is_Integer", False) and int(exp) >= 1:
                return ops.mul([base] * int(exp), what)
            raise UnsupportedError(f"{what}: only powers 1, 2, ... and -1 of a matrix")
        if isinstance(x, arrays.Column):
            return ops.column(parts[0], parts[1], what)
        if isinstance(x, sympy.Add):
            return ops.add(parts, what)
        if isinstance(x, sympy.Mul):
            return ops.mul(parts, what)
        if isinstance(x, sympy.Pow) and not ops.is_matrix(parts[0]):
            return sympy.Pow(*parts)
        if isinstance(x, sympy.Pow) and parts[1] == -1:
            return ops.inverse(parts[0], what)
        if isinstance(x, sympy.Pow) and parts[1].is_Integer and int(parts[1]) >= 1:
            return ops.mul([parts[0]] * int(parts[1]), what)  # A A, read by SymPy as A^2
        if isinstance(x, sympy.Function) and len(parts) == 1:  # e^{-W^T X}: entry by entry
            value = parts[0]
            if not ops.is_matrix(value):
                return x.func(value)
            return sympy.ImmutableMatrix(value.applyfunc(x.func))
        raise UnsupportedError(f"cannot evaluate {what} on vectors or matrices")

    def _literal(
        self, x: arrays.Literal, env: dict[sympy.Basic, int], what: ops.What
    ) -> sympy.Basic:
        """A matrix written entry by entry: each entry unrolled (a 1 x 1 entry is a number)."""
        values = [ops.scalar(self._unroll(e, env)) for e in x.entries]
        rows = _stacked_rows(values) if x.cols == 1 else None
        if rows is not None:  # [\nabla f(x,y) \\ \nabla g(x,y)]: gradients as rows (a Jacobian)
            return ops.scalar(rows)
        column = ops.stacked_column(values) if x.cols == 1 and arrays.stacks_names(x) else None
        if column is not None:  # [w \\ b]: a column of columns and numbers, one on another
            return column
        for v in values:
            if ops.is_matrix(v):
                raise UnsupportedError(
                    f"{what}: an entry is a {ops.shape_text(v)} matrix; a matrix of matrices "
                    "(a block matrix) is not read"
                )
        return ops.scalar(sympy.ImmutableMatrix(x.rows, x.cols, values))

    def _stack(self, x: arrays.Stack, env: dict[sympy.Basic, int], what: ops.What) -> sympy.Basic:
        """[e_1; e_2; \\vdots]: e_k for k up to the size of the name that k indexes."""
        body, k = x.args
        slot = self.layout.shaped_slot(body, k)
        dims = None
        if slot is not None:
            ix, n = slot
            dims = self.layout.dims(label_of(ix), layer_of(ix, env), env)
        if slot is None or dims is None:
            raise UnsupportedError(
                f"{what}: cannot tell the length of a column continued with \\vdots (its "
                "entries should be indexed by a component of a layered or declared name)"
            )
        length = dim(dims, n, _show(ix, self.names))
        written = 2  # the reader checked the pattern against at least two written entries
        if length < written:
            raise ShapeMismatch(
                f"{what}: a column written with {written} entries, but {_show(ix, self.names)} "
                f"has only {length}"
            )
        return self._literal(
            arrays.literal([[body.xreplace({k: sympy.Integer(i)})] for i in range(1, length + 1)]),
            env,
            what,
        )

    def _gradient(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        """dC/dW: the matrix of the derivatives of C by each entry of W, shaped like W in the
        denominator layout (the default) and like W^T in the numerator layout; df/dx of a
        column f by a column x: entry (j, i) is df_i/dx_j in the denominator layout, entry
        (i, j) in the numerator layout (the Jacobian)."""
        c, v = x.args
        value = ops.scalar(self._unroll(c, env))  # b^T x is 1 x 1: a number
        var = ops.scalar(self._unroll(v, env))
        if not ops.is_matrix(value):
            if not ops.is_matrix(var):
                return sympy.Derivative(value, var)
            out = sympy.ImmutableMatrix(var.applyfunc(lambda e: sympy.Derivative(value, e)))
            return out if self.layout.gradient is GradientLayout.DENOMINATOR else out.T
        return self._by(value, var, x)

    def _by(self, value: sympy.Basic, var: sympy.Basic, x: sympy.Basic) -> sympy.Basic:
        """The derivative of a column by a column or a number, in the claim's layout."""
        fs, xs = ops.entries(value), ops.entries(var) if ops.is_matrix(var) else [var]
        if value.shape[1] != 1 or (ops.is_matrix(var) and var.shape[1] != 1):
            raise UnsupportedError(
                f"{to_latex(x, self.names.specs)}: the derivative of a {ops.shape_text(value)} "
                "matrix by a vector or matrix is not read (only of a column by a column)"
            )
        jacobian = sympy.ImmutableMatrix(
            [[sympy.Derivative(f, e) for e in xs] for f in fs]  # rows: the function's entries
        )
        numerator = self.layout.gradient is GradientLayout.NUMERATOR
        return ops.scalar(jacobian if numerator else jacobian.T)

    def _elementwise(self, inner: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        """sigma(Z) or sigma'(Z) on every entry of Z."""
        target = inner.point[0] if isinstance(inner, sympy.Subs) else inner.args[0]
        value = self._unroll(target, env)
        if not ops.is_matrix(value):
            return self._unroll(inner.xreplace({target: value}), env)
        return sympy.ImmutableMatrix(
            value.applyfunc(lambda e: self._unroll(inner.xreplace({target: e}), env))
        )

    def _array(
        self, label: str, head: tuple[int, ...], env: Mapping[sympy.Basic, int]
    ) -> sympy.Basic:
        """The matrix of the elements of a family: its entries are the indexed names."""
        fam = family_of(label)
        if not head and (fam.layer or fam.sample):  # a^{[L](i)}'s family with no index at all
            slots = " and ".join(
                w for w, on in (("layer", fam.layer), ("sample", fam.sample)) if on
            )
            raise UnsupportedError(f"{fam.name} is used as a whole without its {slots} index")
        dims = self.layout.dims(label, head[0] if fam.layer and head else None, env)
        if dims is None:
            dims = self.layout.default_dims(label, head, env)
        if fam.layer and head:
            last = env.get(self.names.layer_symbol(LAST))
            if head[0] < 0 or (last is not None and head[0] > last):
                raise ShapeMismatch(f"{label}: layer {head[0]} does not exist (layers 0..{last})")
        rows, cols = (dims[0], dims[1]) if len(dims) > 1 else (dims[0], 1)
        base = self.names.indexed(fam, (*head, *([1] * (len(dims))))).base
        if rows == cols == 1:  # vector(1): one output unit a^{[L]}, a number like x^T w
            return self.names.element(base[(*head, *([1] * len(dims)))])
        if len(dims) == 1:
            items = [[self.names.element(base[(*head, i + 1)])] for i in range(rows)]
        else:
            items = [
                [self.names.element(base[(*head, i + 1, j + 1)]) for j in range(cols)]
                for i in range(rows)
            ]
        return sympy.ImmutableMatrix(items)

    def _whole(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> list[sympy.Basic] | None:
        r"""The elements of a vector or matrix written without its component indices
        (`a^{[L]}` in `\ell(a^{[L]})`), in row-major order; None for anything else."""
        if not isinstance(x, sympy.Indexed):
            return None
        label = label_of(x)
        rank = self.layout.ranks.get(label, 0)
        if len(x.indices) - component_slots(label) >= rank or rank == 0:
            return None
        head = self._concrete_indices(x, env)
        dims = self.layout.dims(label, int(head[0]) if family_of(label).layer else None, env)
        if dims is None:
            raise UnsupportedError(f"cannot tell the shape of {x}")
        cells = itertools.product(*(range(1, d + 1) for d in dims[:rank]))
        return [self.names.element(x.base[(*head, *c)]) for c in cells]

    def _check_range(self, item: sympy.Indexed, env: Mapping[sympy.Basic, int]) -> None:
        label = label_of(item)
        fam = family_of(label)
        last = env.get(self.names.layer_symbol("L"))
        if fam.layer:
            layer = int(item.indices[0])
            if layer < 0 or (last is not None and layer > last):
                raise ShapeMismatch(
                    f"{_show(item, self.names)}: layer {layer} does not exist (layers 0..{last})"
                )
        shape = self.layout.dims(label, int(item.indices[0]) if fam.layer else None, env)
        if shape is None:
            return
        comps = item.indices[component_slots(label) :]
        for k, (i, d) in enumerate(zip(comps, shape, strict=False)):
            if not 1 <= int(i) <= d:
                raise ShapeMismatch(
                    f"{_show(item, self.names)}: index {k + 1} is {int(i)}, outside 1..{d} "
                    f"(shape {' x '.join(map(str, shape))} with sizes {_env_text(env)})"
                )


def _check_variables(
    variables: Sequence[tuple[sympy.Basic, object]], x: sympy.Basic, names: Names
) -> None:
    """A derivative is by a name: one that is a number once sizes and indices are put in (the
    i of `\\frac{\\partial f(x_i)}{\\partial i}`, a size n) is an error, not SymPy's ValueError."""
    for v, _ in variables:
        if getattr(v, "is_number", False):
            raise UnsupportedError(
                f"{to_latex(x, names.specs)}: a derivative by an index or a size (here {v}), "
                "not by a variable"
            )


def _show(item: sympy.Indexed, names: Names) -> str:
    return element_name(label_of(item), item.indices, names.specs)


def _env_text(env: Mapping[sympy.Basic, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in env.items() if str(k).startswith("n^"))


def _of_column(x: sympy.Basic, v: sympy.Basic, what: ops.What) -> sympy.Basic:
    """softmax(v) (a column) or diag(v) (a square matrix) of a column v."""
    entries = ops.entries(v)
    if not ops.is_matrix(v):
        raise UnsupportedError(f"{what}: of a number, not a column (declare it a vector)")
    if v.shape[1] != 1:
        raise ShapeMismatch(f"{what}: of a {ops.shape_text(v)} matrix, not a column")
    if isinstance(x, arrays.Diag):
        return ops.scalar(sympy.ImmutableMatrix(sympy.diag(*entries)))
    exps = [sympy.exp(e) for e in entries]
    total = sympy.Add(*exps)
    return ops.scalar(sympy.ImmutableMatrix([[e / total] for e in exps]))


def _stacked_rows(values: list[sympy.Basic]) -> sympy.ImmutableMatrix | None:
    """A column whose entries are all rows of one length n > 1: the matrix of those rows (the
    Jacobian written as its gradients, one per row). None otherwise."""
    if not all(ops.is_matrix(v) and v.shape[0] == 1 for v in values):
        return None
    widths = {v.shape[1] for v in values}
    if len(widths) != 1:
        return None
    return sympy.ImmutableMatrix.vstack(*values)
