"""From claims about symbolic sizes and indices to concrete expressions the checks can decide.

An *instance* fixes every size (the n of `\\sum_{j=1}^{n}`) and every free index (the i of
`\\partial L/\\partial w_i`) to integers. Under an instance, sums become explicit additions,
indexed names become plain symbols (`w[2]`), and definitions from `given` are substituted in.
A derivative `\\partial F/\\partial v` with respect to a *defined* name v means the partial
derivative of F with v held as an independent variable (the node derivative of backprop):
everything except v is substituted, and v's own definition is put in after differentiating.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DefinitionError, UnsupportedError
from derive.notation.names import Names
from derive.notation.statements import Definition

Instance = tuple[tuple[sympy.Symbol, int], ...]

DEFAULT_INDEX_RANGE = (1, 3)


@dataclass(frozen=True)
class SizePlan:
    """Which concrete sizes and index values to check."""

    size_sets: int = 2  # how many assignments of the sizes
    max_instances: int = 6  # free-index assignments per size assignment, at most


class Model:
    """The definitions of one claim, checked for cycles, and the means to instantiate."""

    def __init__(self, names: Names, definitions: Sequence[Definition]) -> None:
        self.names = names
        self.definitions = list(definitions)
        self.symbols: dict[sympy.Symbol, sympy.Expr] = {}
        self.families: dict[str, tuple[tuple[sympy.Symbol, ...], sympy.Expr]] = {}
        self.elements: dict[sympy.Indexed, sympy.Expr] = {}
        self.functions: dict[str, sympy.Lambda] = {}
        for d in definitions:
            self._add(d)
        self._check_cycles()

    # -- registry ----------------------------------------------------------------------------
    def _add(self, d: Definition) -> None:
        t = d.target
        if isinstance(t, sympy.Symbol):
            key: object = t
            table: dict = self.symbols  # type: ignore[type-arg]
            table_key: object = t
        elif isinstance(t, sympy.Indexed) and d.params:
            extra = _free_indices(d.value) - set(d.params)
            idx_syms = {s for ix in d.value.atoms(sympy.Indexed) for s in ix.free_symbols}
            loose = sorted((s for s in extra if s in idx_syms), key=str)
            if loose:
                raise DefinitionError(
                    f"in {d.latex!r} the index {loose[0]} is neither an index of the defined "
                    "name nor summed over"
                )
            table, table_key = self.families, str(t.base.label)
            key = table_key
        elif isinstance(t, sympy.Indexed):
            table, table_key = self.elements, t
            key = t
        else:
            name = str(t)
            table, table_key = self.functions, name
            key = name
        if table_key in table:
            raise DefinitionError(f"{d.latex!r} defines {key} a second time")
        if isinstance(t, sympy.Indexed) and d.params:
            table[table_key] = (d.params, d.value)
        elif table is self.functions:
            table[table_key] = sympy.Lambda(d.params, d.value)
        else:
            table[table_key] = d.value

    def _deps(self, expr: sympy.Basic) -> set[object]:
        out: set[object] = set()
        for s in expr.free_symbols:
            if s in self.symbols:
                out.add(s)
        for ix in expr.atoms(sympy.Indexed):
            label = str(ix.base.label)
            if label in self.families:
                out.add(label)
            if ix in self.elements:
                out.add(ix)
        for f in expr.atoms(AppliedUndef):
            if str(f.func) in self.functions:
                out.add(str(f.func))
        for dv in expr.atoms(sympy.Derivative):
            out |= self._deps(dv.expr)
        return out

    def _check_cycles(self) -> None:
        graph: dict[object, set[object]] = {}
        for k, v in self.symbols.items():
            graph[k] = self._deps(v)
        for label, (_, v) in self.families.items():
            graph[label] = self._deps(v)
        for ix, v in self.elements.items():
            graph[ix] = self._deps(v)
        for name, lam in self.functions.items():
            graph[name] = self._deps(lam.expr)
        state: dict[object, int] = {}

        def visit(node: object, path: list[object]) -> None:
            state[node] = 1
            for nxt in graph.get(node, ()):
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                    raise DefinitionError(
                        "the definitions in `given` form a cycle: "
                        + " -> ".join(str(c) for c in cycle)
                    )
                if state.get(nxt) is None:
                    visit(nxt, [*path, nxt])
            state[node] = 2

        for node in graph:
            if state.get(node) is None:
                visit(node, [node])

    def defines(self, symbol: sympy.Basic) -> bool:
        return self.definition_of(symbol) is not None

    # -- sizes and indices -------------------------------------------------------------------
    def _all_exprs(self, extra: Iterable[sympy.Expr]) -> list[sympy.Expr]:
        exprs = list(extra)
        exprs += list(self.symbols.values()) + [v for _, v in self.families.values()]
        exprs += list(self.elements.values()) + [lam.expr for lam in self.functions.values()]
        return exprs

    def sizes(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        """Symbols that must be given a concrete value: sum bounds and declared counts."""
        found: set[sympy.Symbol] = set()
        for e in self._all_exprs(claim_exprs):
            for s in e.atoms(sympy.Sum, sympy.Product):
                for _, a, b in s.limits:
                    found |= {x for x in (a.free_symbols | b.free_symbols)}
            found |= {x for x in e.free_symbols if x.name in self.names.sizes()}
        fixed = {s for s, v in self.symbols.items() if v.is_number}
        return sorted(found - fixed, key=lambda s: s.name)

    def _ranges(self, claim_exprs: Sequence[sympy.Expr]) -> dict[tuple[str, int], tuple]:  # type: ignore[type-arg]
        ranges: dict[tuple[str, int], tuple] = {}  # type: ignore[type-arg]
        for e in self._all_exprs(claim_exprs):
            for s in e.atoms(sympy.Sum, sympy.Product):
                for v, a, b in s.limits:
                    for ix in s.function.atoms(sympy.Indexed):
                        for slot, value in enumerate(ix.indices):
                            if value == v:
                                ranges.setdefault((str(ix.base.label), slot), (a, b))
        return ranges

    def free_indices(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        out: set[sympy.Symbol] = set()
        for e in claim_exprs:
            out |= _free_indices(e)
        return sorted(out, key=lambda s: s.name)

    def instances(
        self, claim_exprs: Sequence[sympy.Expr], plan: SizePlan, seed: int
    ) -> Iterator[tuple[dict[sympy.Symbol, int], Instance]]:
        """Assignments of sizes (first) and free indices (second) to integers."""
        sizes = self.sizes(claim_exprs)
        indices = self.free_indices(claim_exprs)
        ranges = self._ranges(claim_exprs)
        slot_of: dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr]] = {}
        for e in claim_exprs:
            for ix in e.atoms(sympy.Indexed):
                for slot, value in enumerate(ix.indices):
                    if value in indices and (str(ix.base.label), slot) in ranges:
                        slot_of.setdefault(value, ranges[(str(ix.base.label), slot)])
        rng = random.Random(seed)
        for size_env in size_assignments(sizes, plan.size_sets):
            choices = []
            for s in indices:
                a, b = slot_of.get(s, DEFAULT_INDEX_RANGE)
                lo = sympy.sympify(a).xreplace(size_env)
                hi = sympy.sympify(b).xreplace(size_env)
                lo, hi = sympy.sympify(lo), sympy.sympify(hi)
                if not (lo.is_Integer and hi.is_Integer):
                    raise UnsupportedError(f"cannot tell the range of the index {s}")
                choices.append(list(range(int(lo), int(hi) + 1)))
            combos = list(itertools.product(*choices))
            if len(combos) > plan.max_instances:
                keep = {0, len(combos) - 1}
                keep |= set(rng.sample(range(len(combos)), plan.max_instances - 2))
                combos = [c for k, c in enumerate(combos) if k in keep]
            for combo in combos:
                yield size_env, tuple(zip(indices, combo, strict=True))

    # -- instantiation -----------------------------------------------------------------------
    def unroll(self, expr: sympy.Basic, env: Mapping[sympy.Symbol, int]) -> sympy.Expr:
        """Put in the integers of env, write out sums, turn concrete elements into Symbols.
        A summation variable shadows an env entry of the same name inside its sum."""
        return self._unroll(sympy.sympify(expr), dict(env))

    def _unroll(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        if isinstance(x, sympy.Symbol) and x in env:
            return sympy.Integer(env[x])
        if isinstance(x, sympy.Symbol) and x in self.symbols and self.symbols[x].is_number:
            return self.symbols[x]  # a size fixed in `given` (m = 4) is that number
        if isinstance(x, sympy.Sum | sympy.Product):
            (v, a, b), *rest = x.limits
            a, b = self._unroll(a, env), self._unroll(b, env)
            if not (a.is_Integer and b.is_Integer):
                raise UnsupportedError(f"the limits of {x} are not concrete sizes")
            body = x.func(x.function, *rest) if rest else x.function
            terms = [self._unroll(body, {**env, v: k}) for k in range(int(a), int(b) + 1)]
            return sympy.Add(*terms) if isinstance(x, sympy.Sum) else sympy.Mul(*terms)
        if isinstance(x, sympy.Indexed):
            idx = [self._unroll(i, env) for i in x.indices]
            if not all(i.is_Integer for i in idx):
                free = sorted({str(s) for i in idx for s in i.free_symbols})
                raise UnsupportedError(f"the index {', '.join(free)} of {x} has no value")
            return self.names.element(x.base[tuple(idx)])
        if not x.args:
            return x
        return x.func(*[self._unroll(a, env) for a in x.args])

    def definition_of(self, symbol: sympy.Basic) -> sympy.Expr | None:
        """The defining expression of a Symbol (or element Symbol), not yet unrolled."""
        if not isinstance(symbol, sympy.Symbol):
            return None
        if symbol in self.symbols:
            return self.symbols[symbol]
        origin = self.names.origin(symbol)
        if origin is None:
            return None
        if origin in self.elements:
            return self.elements[origin]
        label = str(origin.base.label)
        if label in self.families:
            params, value = self.families[label]
            if len(params) != len(origin.indices):
                raise DefinitionError(
                    f"{label} is defined with {len(params)} indices but used with "
                    f"{len(origin.indices)}"
                )
            return _rename_bound(value).xreplace(dict(zip(params, origin.indices, strict=True)))
        return None

    def expand(
        self,
        expr: sympy.Basic,
        env: Mapping[sympy.Symbol, int],
        keep: frozenset[sympy.Symbol] = frozenset(),
    ) -> sympy.Expr:
        """Substitute every definition into an unrolled expression (see module docstring)."""
        if isinstance(expr, sympy.Symbol):
            if expr in keep:
                return expr
            d = self.definition_of(expr)
            return expr if d is None else self.expand(self.unroll(d, env), env, keep)
        if isinstance(expr, sympy.Derivative):
            variables = [v for v, _ in expr.variable_count]
            body = self.expand(expr.expr, env, keep | frozenset(variables))
            result: sympy.Expr = sympy.Derivative(body, *expr.variable_count)
            defined = [v for v in variables if self.definition_of(v) is not None and v not in keep]
            if defined:
                points = [self.expand(v, env, keep) for v in defined]
                result = sympy.Subs(result, defined, points)
            return result
        if isinstance(expr, AppliedUndef) and str(expr.func) in self.functions:
            lam = self.functions[str(expr.func)]
            args = [self.expand(a, env, keep) for a in expr.args]
            return self.expand(lam(*args), env, keep)
        if not expr.args:
            return expr
        return expr.func(*[self.expand(a, env, keep) for a in expr.args])


def size_assignments(sizes: Sequence[sympy.Symbol], count: int) -> list[dict[sympy.Symbol, int]]:
    """Distinct small sizes, each assignment a rotation of the last, so that no two sizes are
    equal (a swapped n and m cannot pass by accident) and every size takes several values."""
    if not sizes:
        return [{}]
    base = [2 + k for k in range(len(sizes))]
    out = []
    for r in range(count):
        if len(sizes) == 1:
            values = [2 + r]
        else:
            values = base[r % len(base) :] + base[: r % len(base)]
            values = [v + r // len(base) for v in values]
        out.append(dict(zip(sizes, values, strict=True)))
    return out


def _free_indices(expr: sympy.Basic) -> set[sympy.Symbol]:
    free = expr.free_symbols
    out: set[sympy.Symbol] = set()
    for ix in expr.atoms(sympy.Indexed):
        for i in ix.indices:
            out |= {s for s in i.free_symbols if s in free}
    return out


def _rename_bound(expr: sympy.Expr) -> sympy.Expr:
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
