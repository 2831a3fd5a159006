"""The definitions of a claim's `given`, registered by what they define and checked for cycles.

A definition defines a plain name (`J = ...`), an indexed family (`A_j = ...`, `x_0 = ...`,
`x_{k+1} = ...`, `z^{[l]}_j = ...`; a `Pattern`) or a function (`f(x) = ...`). A name defined
twice, an index on the right that is neither the defined name's nor summed over, and a cycle
among the definitions are errors (`DefinitionError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DefinitionError
from derive.model import GradientLayout
from derive.notation import arrays
from derive.notation.definitions import Definition
from derive.notation.families import label_of
from derive.notation.names import LAST as LAST  # L, the last layer (re-exported)
from derive.notation.names import Names, family_of


@dataclass(frozen=True)
class Pattern:
    """One definition of an indexed family: `A_j = ...`, `x_0 = ...`, `x_{k+1} = ...`,
    `z^{[l]}_j = ...`. A generic layer index holds for layers 1..L (layer 0 is the input),
    and for layer 0 too when the value is a derivative (`dA^{[l]} = \\frac{\\partial C}{\\partial
    A^{[l]}}` is as meaningful for the input as for any layer)."""

    target: sympy.Indexed
    value: sympy.Expr
    latex: str
    layered: bool
    last: sympy.Basic  # the Symbol of the last layer (L, or the name declared `last-layer`)

    @property
    def at_input(self) -> bool:
        return bool(self.value.has(sympy.Derivative))

    @property
    def indices(self) -> tuple[sympy.Expr, ...]:
        return tuple(self.target.indices)

    @property
    def specificity(self) -> int:
        return sum(1 for i in self.indices if i.is_Integer or self.last in _layer_free(i))

    def match(
        self, concrete: Sequence[int], fixed: Mapping[sympy.Symbol, int]
    ) -> dict[sympy.Symbol, int] | None:
        """The values of the pattern's index names that give these concrete indices; fixed
        holds the value of L (the last layer), which is not a pattern variable."""
        if len(concrete) != len(self.indices):
            return None
        binding: dict[sympy.Symbol, int] = {}
        for slot, (pat, v) in enumerate(zip(self.indices, concrete, strict=True)):
            pat = pat.xreplace({k: sympy.Integer(x) for k, x in fixed.items()})
            if pat.is_Integer:
                if int(pat) != v:
                    return None
                continue
            (s,) = pat.free_symbols
            value = v - int(pat - s)
            if binding.get(s, value) != value:
                return None
            if self.layered and slot == 0 and v < 1 and value < 1 and not self.at_input:
                return None  # layer 0 is the input: only a definition written for it applies
            binding[s] = value
        return binding


class Definitions:
    """The definitions of one claim, checked for cycles."""

    def __init__(
        self,
        names: Names,
        definitions: Sequence[Definition],
        gradient: GradientLayout = GradientLayout.DENOMINATOR,
    ) -> None:
        self.names = names
        self.definitions = list(definitions)
        self.gradient = gradient  # the claim's layout of derivatives by vectors
        self.symbols: dict[sympy.Symbol, sympy.Expr] = {}
        self.patterns: dict[str, list[Pattern]] = {}
        self.functions: dict[str, sympy.Lambda] = {}
        for d in definitions:
            self._add(d)
        self._check_cycles()

    # -- registry ----------------------------------------------------------------------------
    def _add(self, d: Definition) -> None:
        t = d.target
        if isinstance(t, sympy.Symbol):
            if t in self.symbols:
                raise DefinitionError(f"{d.latex!r} defines {t} a second time")
            self.symbols[t] = d.value
        elif isinstance(t, sympy.Indexed):
            # L, the last layer, is one layer (a constant), never a loose index: y_i = a_i^L
            extra = free_indices(d.value) - set(d.params) - {self.names.layer_symbol(LAST)}
            idx_syms = {s for ix in d.value.atoms(sympy.Indexed) for s in ix.free_symbols}
            # an index in a sample slot only (the k of \hat{y}_j^k, the current sample) may
            # stay free: the claim gives it its value
            sample_only = {
                s
                for s in extra
                if all(
                    _only_in_sample_slot(s, ix)
                    for ix in d.value.atoms(sympy.Indexed)
                    if s in ix.free_symbols
                )
            }
            # other loose indices (g_j = -dE_k/d\hat{y}_j^k: k is the current sample) are allowed
            # only when they are a sample or are also used as the subscript of a plain name
            plain_subscript = {
                s
                for s in extra
                if any(
                    len(ix.indices) == 1 and ix.indices[0] == s
                    for ix in d.value.atoms(sympy.Indexed)
                )
            }
            loose = sorted(
                (s for s in extra if s in idx_syms and s not in sample_only | plain_subscript),
                key=str,
            )
            if loose:
                raise DefinitionError(
                    f"in {d.latex!r} the index {loose[0]} is neither an index of the defined "
                    "name nor summed over"
                )
            label = label_of(t)
            pats = self.patterns.setdefault(label, [])
            if any(_same_pattern(p.indices, tuple(t.indices)) for p in pats):
                raise DefinitionError(f"{d.latex!r} defines {t} a second time")
            last = self.names.layer_symbol(LAST)
            pats.append(Pattern(t, d.value, d.latex, family_of(label).layer, last))
            pats.sort(key=lambda p: -p.specificity)
        else:
            name = str(t)
            if name in self.functions:
                raise DefinitionError(f"{d.latex!r} defines {name} a second time")
            self.functions[name] = sympy.Lambda(d.params, d.value)

    def _deps(self, expr: sympy.Basic, origin: Pattern | None = None) -> set[object]:
        out: set[object] = set()
        for s in expr.free_symbols:
            if s in self.symbols:
                out.add(s)
        for ix in expr.atoms(sympy.Indexed):
            label = label_of(ix)
            if label in self.patterns and not _descends(origin, ix):
                out.add(label)
        for f in expr.atoms(AppliedUndef):
            if str(f.func) in self.functions:
                out.add(str(f.func))
        for dv in expr.atoms(sympy.Derivative):
            out |= self._deps(dv.expr, origin)
        return out

    def _check_cycles(self) -> None:
        graph: dict[object, set[object]] = {}
        for k, v in self.symbols.items():
            graph[k] = self._deps(v)
        for label, pats in self.patterns.items():
            graph[label] = set().union(*(self._deps(p.value, p) for p in pats))
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

    def parameters(self) -> frozenset[sympy.Symbol]:
        """The plain names that are the arguments of a function definition (z in
        `g(z) = 1z`): the definition makes them variables, so when one is written in the claim
        without a definition of its own it is an input, independent of every other variable."""
        return frozenset(
            p
            for d in self.definitions
            if not isinstance(d.target, sympy.Symbol | sympy.Indexed)
            for p in d.params
            if not isinstance(p, sympy.Dummy)
        )

    def all_exprs(self, extra: Iterable[sympy.Expr] = ()) -> list[sympy.Expr]:
        """extra, then every definition's value (and an indexed target, with its indices)."""
        exprs = list(extra)
        exprs += list(self.symbols.values())
        exprs += [p.value for pats in self.patterns.values() for p in pats]
        exprs += [p.target for pats in self.patterns.values() for p in pats]
        exprs += [lam.expr for lam in self.functions.values()]
        return exprs

    def bounds(self, claim_exprs: Iterable[sympy.Expr]) -> set[sympy.Basic]:
        """Names used as sizes: in the limits of a sum or product, or declared counts."""
        found: set[sympy.Basic] = set()
        for e in self.all_exprs(claim_exprs):
            for s in e.atoms(sympy.Sum, sympy.Product):
                for _, a, b in s.limits:
                    found |= a.free_symbols | b.free_symbols
        return found | {self.names.symbol(n) for n in self.names.sizes()}


def free_indices(expr: sympy.Basic) -> set[sympy.Symbol]:
    """The indices of expr that no sum binds (the i of `\\partial L/\\partial w_i`)."""
    free = set(expr.free_symbols)
    for d in expr.atoms(sympy.Derivative, arrays.Grad):  # SymPy does not count the index h of
        variables = d.variables if isinstance(d, sympy.Derivative) else d.args[1:]
        for v in variables:  # d/d b_h as free
            free |= {s for s in v.free_symbols if not _bound_in(s, expr)}
    out: set[sympy.Symbol] = set()
    for ix in expr.atoms(sympy.Indexed):
        for i in ix.indices:
            out |= {s for s in i.free_symbols if s in free}
    for col in expr.atoms(arrays.Column):  # X_{:,i}
        out |= {s for s in col.args[1].free_symbols if s in free}
    for d in expr.atoms(sympy.KroneckerDelta):  # \delta_{ij}: both are indices
        out |= {s for s in d.free_symbols if s in free}
    return out


def _layer_free(i: sympy.Expr) -> set[sympy.Basic]:
    return set(i.free_symbols) if bool(getattr(i, "free_symbols", None)) else set()


def _same_pattern(a: tuple[sympy.Expr, ...], b: tuple[sympy.Expr, ...]) -> bool:
    """x_k and x_j (or z^{[l]}_j and z^{[m]}_i) define the same elements."""
    if len(a) != len(b):
        return False
    names: dict[sympy.Basic, sympy.Basic] = {}
    for p, q in zip(a, b, strict=True):
        fp, fq = sorted(p.free_symbols, key=str), sorted(q.free_symbols, key=str)
        if len(fp) != len(fq):
            return False
        for s, u in zip(fp, fq, strict=True):
            if names.setdefault(s, u) != u:
                return False
        if p.xreplace(names) != q:
            return False
    return True


def _bound_in(s: sympy.Symbol, expr: sympy.Basic) -> bool:
    """Whether s is only a summation variable in expr (never free outside its sums)."""
    stripped = expr.replace(
        lambda x: isinstance(x, sympy.Sum | sympy.Product) and any(v == s for v, *_ in x.limits),
        lambda x: sympy.Integer(0),
    )
    return s not in stripped.free_symbols and not any(
        s in v.free_symbols for d in stripped.atoms(sympy.Derivative) for v in d.variables
    )


def _only_in_sample_slot(s: sympy.Symbol, ix: sympy.Indexed) -> bool:
    fam = family_of(label_of(ix))
    if not fam.sample:
        return False
    slot = int(fam.layer)
    return all(s not in i.free_symbols for k, i in enumerate(ix.indices) if k != slot)


def _descends(origin: Pattern | None, ix: sympy.Indexed) -> bool:
    """Whether a definition's use of ix refers to an earlier layer (or step) than the name it
    defines (z^{[l]} uses a^{[l-1]}; x_{k+1} uses x_k): such a dependency is not a cycle."""
    if origin is None or not ix.indices or not origin.indices:
        return False
    offset = sympy.sympify(ix.indices[0] - origin.indices[0])
    return bool(offset.is_Integer and offset < 0)


def check_entries_of_names(definitions: Sequence[Definition], exprs: Iterable[sympy.Expr]) -> None:
    """A name `given` defines as one number from other names (`p = \\text{softmax}(z)`, z a
    number) and written elsewhere with an index (`p_k`): the entries p_k would be a second
    quantity, free, not the entries of p's value, so a derivative of p_k by z_k would read as 0.
    That is an error. Left alone: a family whose entries the claim differentiates by (`z = w_1
    x_1 + b`, then `\\frac{d}{dz_i} \\ln(1 + e^{-z_i}) = ...`: the entries are the claim's own
    variables), a plain name defined by a value alone (`y = 0`, an example), a family the
    definition itself uses (`L = \\frac{1}{n}\\sum_i L_i`) or that has definitions of its own."""
    plain = {
        str(d.target): d
        for d in definitions
        if isinstance(d.target, sympy.Symbol) and not arrays.is_array(d.target)
    }
    families = {label_of(d.target) for d in definitions if isinstance(d.target, sympy.Indexed)}
    claim = list(exprs)
    variables = {
        family_of(label_of(v)).name if isinstance(v, sympy.Indexed) else str(v)
        for e in claim
        for dv in e.atoms(sympy.Derivative)
        for v in dv.variables
    }
    texts = [*claim, *(d.value for d in definitions)]
    for ix in sorted({ix for e in texts for ix in e.atoms(sympy.Indexed)}, key=str):
        label = label_of(ix)
        fam = family_of(label)
        d = plain.get(fam.name)
        if d is None or fam.layer or fam.sample or label in families or fam.name in variables:
            continue
        used = {str(s) for s in d.value.free_symbols} | {
            family_of(label_of(x)).name for x in d.value.atoms(sympy.Indexed)
        }
        if fam.name in used or not used:
            continue
        raise DefinitionError(
            f"{d.latex!r} defines {fam.name} as one number, without an index, but "
            f"{fam.name}_{{{', '.join(map(str, ix.indices))}}} is written with one: an entry "
            f"of a vector {fam.name} or another quantity? Declare {fam.name} a vector, or "
            "define its entries"
        )
