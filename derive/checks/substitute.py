"""Substituting the definitions of `given` into an unrolled expression.

A derivative `\\partial F/\\partial v` with respect to a *defined* name v means the partial
derivative of F with v held as an independent variable (the node derivative of backprop):
everything except v is substituted, and v's own definition is put in after differentiating.
An element of a vector or matrix defined in matrix form (`z^{[l]} = W^{[l]} a^{[l-1]} +
b^{[l]}`) is the entry of its unrolled value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.exceptions import NonSquareMatrixError

from derive.checks import arrays as ops
from derive.checks.definitions import LAST, Definitions
from derive.checks.unroll import Unroller
from derive.errors import DefinitionError, UnsupportedError
from derive.notation.printer import to_latex
from derive.shapes.layout import ShapeMismatch

MAX_DEPTH = 150  # nested definition substitutions before a recursion is called endless


class Substitution:
    """Puts the definitions of one claim into its unrolled expressions (memoised per
    instance)."""

    def __init__(self, defs: Definitions, unroller: Unroller) -> None:
        self.defs = defs
        self.names = defs.names
        self.unroller = unroller
        self._depth = 0
        self._array_cache: dict[object, sympy.Basic] = {}
        # expanded definitions, per name and instance: each with the names kept whole it was
        # expanded under and the names whose keeping it depends on (see _recall)
        self._memo: dict[
            object, list[tuple[frozenset[sympy.Symbol], set[sympy.Symbol], sympy.Expr]]
        ]
        self._memo = {}
        self._tested: list[set[sympy.Symbol]] = []  # per expansion under way: its names tested
        self._renamed: dict[sympy.Expr, sympy.Expr] = {}  # templates with fresh sum variables
        self._bound: dict[object, sympy.Expr] = {}  # templates with their indices bound
        self._inputs = defs.parameters()  # undefined names that are a function's variable
        # expanded compound subtrees, per instance and names kept whole, with the names their
        # expansion tested: a network's expression shares its subtrees, each expanded once
        self._nodes: dict[object, tuple[sympy.Expr, set[sympy.Symbol]]] = {}
        self._env: tuple[Mapping[sympy.Symbol, int], frozenset[object]] | None = None

    def defines(self, symbol: sympy.Basic) -> bool:
        return self.definition_of(symbol) is not None

    def _undefined(
        self, written: sympy.Expr, body: sympy.Expr, variables: list[sympy.Expr]
    ) -> list[str]:
        """The names of a derivative's operand when it is one name nothing defines (expanded:
        `body`), or is written as a product or power of such names only (the letters of
        `oLss`; not an operand that only expands to one, such as a defined f(x, y) whose body
        is x^2/10); else []."""

        def undefined(x: sympy.Basic) -> bool:
            return (
                isinstance(x, sympy.Symbol)
                and x not in variables
                and self.names.origin(x) is None
                and x not in self._inputs  # a function's variable: an input, by its definition
                and (x is body or self.definition_of(x) is None)
            )

        if undefined(body):
            return [str(body)]
        if not isinstance(written, sympy.Mul | sympy.Pow) or not written.free_symbols:
            return []
        if written != body or not all(undefined(x) for x in written.free_symbols):
            return []
        return sorted(map(str, written.free_symbols))

    def definition_of(
        self, symbol: sympy.Basic, env: Mapping[sympy.Symbol, int] | None = None
    ) -> sympy.Expr | None:
        """The defining expression of a Symbol (or element Symbol), not yet unrolled."""
        if not isinstance(symbol, sympy.Symbol):
            return None
        if symbol in self.defs.symbols:
            return self.defs.symbols[symbol]
        origin = self.names.origin(symbol)
        if origin is None:
            return None
        label = str(origin.base.label)
        concrete = [int(i) for i in origin.indices]
        whole = self.defs.symbols.get(sympy.Symbol(label, commutative=False))
        if whole is not None:  # X = ... for a name declared with a shape
            return self._entry(whole, {}, concrete, env)
        pats = self.defs.patterns.get(label)
        if not pats:
            return None
        fixed = self._fixed(env)
        for pat in pats:
            binding = pat.match(concrete, fixed)
            if binding is not None:
                return self._instance_of(pat.value, binding)
        for pat in pats:  # z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}: a whole vector defined
            if len(pat.indices) < len(concrete):
                binding = pat.match(concrete[: len(pat.indices)], fixed)
                if binding is not None:
                    return self._entry(pat.value, binding, concrete[len(pat.indices) :], env)
        lengths = {len(p.indices) for p in pats}
        if len(concrete) not in lengths and min(lengths) > len(concrete):
            raise DefinitionError(
                f"{label} is defined with {min(lengths)} indices but used with {len(concrete)}"
            )
        return None

    def _fixed(self, env: Mapping[sympy.Symbol, int] | None) -> dict[sympy.Symbol, int]:
        """The names a pattern's indices do not range over, with their values: L, and a size
        declared as a count or in a shape (`x_{n+1} = b` with `n = "count"` is one element, the
        one after the n-th, not every x_k with k >= 2)."""
        if env is None:
            return {}
        last = self.names.layer_symbol(LAST)
        declared = {d for spec in self.names.specs.values() for d in spec.shape or ()}
        declared |= set(self.names.sizes())
        return {s: v for s, v in env.items() if s == last or s.name in declared}

    def _instance_of(self, template: sympy.Expr, binding: Mapping[sympy.Symbol, int]) -> sympy.Expr:
        """A pattern's value with its indices bound: made once per template and binding (the
        same element is looked up again under every instance and every name kept whole)."""
        key = (template, frozenset(binding.items()))
        known = self._bound.get(key)
        if known is None:
            if template not in self._renamed:  # one renaming per template, not per use
                self._renamed[template] = rename_bound(template)
            sub = {k: sympy.Integer(v) for k, v in binding.items()}
            known = self._bound[key] = self._renamed[template].xreplace(sub)
        return known

    def _entry(
        self,
        value: sympy.Expr,
        binding: Mapping[sympy.Symbol, int],
        where: Sequence[int],
        env: Mapping[sympy.Symbol, int] | None,
    ) -> sympy.Expr:
        """One entry of a vector or matrix given by a definition in matrix form."""
        full = {**(env or {}), **binding}
        key = (value, tuple(sorted((str(k), v) for k, v in full.items())))
        if key not in self._array_cache:
            self._array_cache[key] = self.unroller.unroll(value, full)
        matrix = self._array_cache[key]
        if not ops.is_matrix(matrix) and all(k == 1 for k in where):
            return matrix  # a vector of one entry (a layer of one unit) unrolls to a number
        if not ops.is_matrix(matrix):
            raise ShapeMismatch(
                f"{to_latex(value, self.names.specs)} is a number, not a vector or matrix"
            )
        rows, cols = matrix.shape
        i, j = (where[0], where[1]) if len(where) > 1 else (where[0], 1)
        if not (1 <= i <= rows and 1 <= j <= cols):
            raise ShapeMismatch(
                f"entry ({i}, {j}) of {to_latex(value, self.names.specs)}, which is {rows} x {cols}"
            )
        return matrix[i - 1, j - 1]

    def _test(self, name: sympy.Symbol) -> None:
        """Note that the expansion under way asks whether `name` is kept whole."""
        if self._tested:
            self._tested[-1].add(name)

    def _recall(self, memo_key: object, keep: frozenset[sympy.Symbol]) -> sympy.Expr | None:
        """A name's expansion done before under other names kept whole: the same expression
        when no name it asked about is kept in one and not in the other (the expansion of the
        layers below a derivative's variable, or of the other samples, does not depend on that
        variable being kept: one expansion serves every derivative of a network)."""
        for kept, tested, value in self._memo.get(memo_key, ()):
            if kept == keep or not tested & (kept ^ keep):
                if self._tested:
                    self._tested[-1] |= tested
                return value
        return None

    def expand(
        self,
        expr: sympy.Basic,
        env: Mapping[sympy.Symbol, int],
        keep: frozenset[sympy.Symbol] = frozenset(),
    ) -> sympy.Expr:
        """Substitute every definition into an unrolled expression (see module docstring)."""
        if ops.is_matrix(expr):
            return sympy.ImmutableMatrix(expr.applyfunc(lambda e: self.expand(e, env, keep)))
        if isinstance(expr, sympy.Symbol):
            self._test(expr)
            if expr in keep:
                return expr
            memo_key = (expr, frozenset(env.items()))
            known = self._recall(memo_key, keep)
            if known is not None:
                return known
            d = self.definition_of(expr, env)
            if d is None:
                return expr
            self._depth += 1
            self._tested.append(set())
            try:
                if self._depth > MAX_DEPTH:
                    raise DefinitionError(
                        f"the definition of {expr} recurses without end (is a starting value "
                        "such as x_0 missing?)"
                    )
                value = self.expand(self.unroller.unroll(d, env), env, keep)
            finally:
                self._depth -= 1
                tested = self._tested.pop()
                if self._tested:
                    self._tested[-1] |= tested
            if (
                self.names.origin(expr) is not None
                and not value.free_symbols
                and not value.is_Number
            ):
                # an element of a numeric sequence (x_{k+1} = x_k - 0.4 f'(x_k)): its value in
                # 60 digits, or every step would double the expression it is written out in
                number = value.doit().evalf(60)
                if number.is_Number:
                    value = number
            self._memo.setdefault(memo_key, []).append((keep, tested, value))
            return value
        if not expr.args:
            return expr
        key = (expr, self._env_key(env), keep)
        known_node = self._nodes.get(key)
        if known_node is not None:
            value, tested = known_node
            if self._tested:
                self._tested[-1] |= tested
            return value
        self._tested.append(set())
        try:
            value = self._compound(expr, env, keep)
        finally:
            tested = self._tested.pop()
            if self._tested:
                self._tested[-1] |= tested
        self._nodes[key] = (value, tested)
        return value

    def _env_key(self, env: Mapping[sympy.Symbol, int]) -> frozenset[object]:
        """The instance as a key (made once for the instance of one expansion)."""
        if self._env is None or self._env[0] != env:
            self._env = (dict(env), frozenset(env.items()))
        return self._env[1]

    def _compound(
        self, expr: sympy.Basic, env: Mapping[sympy.Symbol, int], keep: frozenset[sympy.Symbol]
    ) -> sympy.Expr:
        """expand() of a compound expression (not a name)."""
        if isinstance(expr, sympy.Derivative):
            variables = [v for v, _ in expr.variable_count]
            body = self.expand(expr.expr, env, keep | frozenset(variables))
            undefined = self._undefined(expr.expr, body, variables)
            if undefined:
                # a name nothing defines, or a product of them (`\\partial oLss`, the letters o,
                # L, s): nothing says how it depends on the variables
                what = (
                    str(body)
                    if isinstance(body, sympy.Symbol)
                    else f"{', '.join(undefined)} (in {to_latex(body, self.names.specs)})"
                )
                raise DefinitionError(
                    f"{what} {'has' if len(undefined) == 1 else 'have'} no definition in "
                    f"`given`, so {'its' if len(undefined) == 1 else 'their'} derivative with "
                    f"respect to {', '.join(map(str, variables))} is unknown (it is not 0): "
                    "define it, e.g. C = \\ell(a^{[L]}) with \\ell declared a function"
                )
            result: sympy.Expr = sympy.Derivative(body, *expr.variable_count)
            for v in variables:
                self._test(v)
            defined = [
                v for v in variables if self.definition_of(v, env) is not None and v not in keep
            ]
            if defined:
                points = [self.expand(v, env, keep) for v in defined]
                result = sympy.Subs(result, defined, points)
            return result
        if isinstance(expr, AppliedUndef) and str(expr.func) in self.defs.functions:
            lam = self.defs.functions[str(expr.func)]
            args = [self.expand(a, env, keep) for a in expr.args]
            # the body's sums too
            return self.expand(self.unroller.unroll(lam(*args), env), env, keep)
        args = [self.expand(a, env, keep) for a in expr.args]
        if all(a is b for a, b in zip(args, expr.args, strict=True)):
            return expr  # nothing inside was defined: the unrolled node as it is (not built again)
        try:
            return expr.func(*args)
        except NonSquareMatrixError:  # `\\theta \\theta` read as a number squared, defined a column
            raise UnsupportedError(
                f"{to_latex(expr, self.names.specs)} is read as a power of a number, but the "
                "definition in `given` makes it a column or a matrix that is not square: declare "
                "its shape"
            ) from None


def rename_bound(expr: sympy.Expr) -> sympy.Expr:
    """Give the summation variables of a template fresh names, so that substituting an index
    value cannot be captured by a sum over a variable of the same name."""
    sums = list(expr.atoms(sympy.Sum, sympy.Product))
    if not sums:
        return expr
    mapping = {}
    for s in sums:
        for v, _, _ in s.limits:
            if v not in mapping:
                mapping[v] = sympy.Dummy(v.name, **v.assumptions0)

    def rename(x: sympy.Basic) -> sympy.Basic:
        if isinstance(x, sympy.Sum | sympy.Product):
            sub = {v: mapping[v] for v, _, _ in x.limits}
            body = rename(x.function).xreplace(sub)
            limits = [(sub[v], rename(a), rename(b)) for v, a, b in x.limits]
            return x.func(body, *limits)
        if not x.args:
            return x
        return x.func(*[rename(a) for a in x.args])

    return rename(expr)
