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

from derive.checks import arrays as ops
from derive.checks.layers import ShapeMismatch, Shapes, component_slots, layer_size, layer_slots
from derive.errors import DefinitionError, UnsupportedError
from derive.model import Layout
from derive.notation import arrays
from derive.notation.names import Names, family_of
from derive.notation.printer import to_latex
from derive.notation.statements import Definition
from derive.shapes.infer import SizeModel, Source, infer
from derive.shapes.solve import index_size, tie

Instance = tuple[tuple[sympy.Symbol, int], ...]

DEFAULT_INDEX_RANGE = (1, 3)
MAX_DEPTH = 150  # nested definition substitutions before a recursion is called endless


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

    @property
    def at_input(self) -> bool:
        return bool(self.value.has(sympy.Derivative))

    @property
    def indices(self) -> tuple[sympy.Expr, ...]:
        return tuple(self.target.indices)

    @property
    def specificity(self) -> int:
        return sum(
            1 for i in self.indices if i.is_Integer or _LAST in {str(s) for s in _layer_free(i)}
        )

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


@dataclass(frozen=True)
class SizePlan:
    """Which concrete sizes and index values to check."""

    size_sets: int = 2  # how many assignments of the sizes
    max_instances: int = 6  # free-index assignments per size assignment, at most


class Model:
    """The definitions of one claim, checked for cycles, and the means to instantiate."""

    def __init__(
        self,
        names: Names,
        definitions: Sequence[Definition],
        layout: Layout = Layout.DENOMINATOR,
    ) -> None:
        self.names = names
        self.layout = layout
        self.definitions = list(definitions)
        self.symbols: dict[sympy.Symbol, sympy.Expr] = {}
        self.patterns: dict[str, list[Pattern]] = {}
        self.functions: dict[str, sympy.Lambda] = {}
        self._depth = 0
        self._shapes: Shapes | None = None
        self._array_cache: dict[object, sympy.Basic] = {}
        self._bound_names: set[sympy.Basic] | None = None
        self._memo: dict[object, sympy.Expr] = {}  # expanded definitions, per instance
        self._renamed: dict[sympy.Expr, sympy.Expr] = {}  # templates with fresh sum variables
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
            extra = _free_indices(d.value) - set(d.params)
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
            label = str(t.base.label)
            pats = self.patterns.setdefault(label, [])
            if any(_same_pattern(p.indices, tuple(t.indices)) for p in pats):
                raise DefinitionError(f"{d.latex!r} defines {t} a second time")
            pats.append(Pattern(t, d.value, d.latex, family_of(label).layer))
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
            label = str(ix.base.label)
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

    def defines(self, symbol: sympy.Basic) -> bool:
        return self.definition_of(symbol) is not None

    # -- sizes and indices -------------------------------------------------------------------
    def _all_exprs(self, extra: Iterable[sympy.Expr]) -> list[sympy.Expr]:
        exprs = list(extra)
        exprs += list(self.symbols.values())
        exprs += [p.value for pats in self.patterns.values() for p in pats]
        exprs += [p.target for pats in self.patterns.values() for p in pats]
        exprs += [lam.expr for lam in self.functions.values()]
        return exprs

    def shapes(self, claim_exprs: Sequence[sympy.Expr]) -> Shapes:
        return Shapes.of(self.names, self._all_exprs(claim_exprs))

    def sizes(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        """Symbols that must be given a concrete value: sum bounds, declared counts, and the
        sizes named in declared shapes. Layer sizes are added per instance (see instances)."""
        found: set[sympy.Symbol] = set()
        exprs = self._all_exprs(claim_exprs)
        shapes = Shapes.of(self.names, exprs)
        for e in exprs:
            for s in e.atoms(sympy.Sum, sympy.Product):
                for v, a, b in s.limits:
                    bound = {x for x in (a.free_symbols | b.free_symbols)}
                    if b == _count(v) and _shaped_slot(s.function, v, shapes) is not None:
                        continue  # \sum_k over a layer's units: its size comes from the layer
                    found |= bound
            found |= {x for x in e.free_symbols if x.name in self.names.sizes()}
            named = [str(ix.base.label) for ix in e.atoms(sympy.Indexed)]
            named += [x.name for x in e.free_symbols if x.is_commutative is False]
            for label in named:
                shape = shapes.declared(family_of(label).name) or ()
                for text in shape:
                    if text.isidentifier():
                        found.add(self.names.symbol(text))
        fixed = {s for s, v in self.symbols.items() if v.is_number}
        return sorted(found - fixed - set(_layer_symbols(exprs)), key=lambda s: s.name)

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

    def size_model(self, claim_exprs: Sequence[sympy.Expr]) -> SizeModel:
        """What every name is and which sizes are one (derive/shapes): the claim's sides and
        every definition, each definition's own indices renamed apart from the claim's."""
        sources = [Source(tuple(claim_exprs), "the claim", claim=True)]
        for d in self.definitions:
            own = set(d.params)
            if isinstance(d.target, sympy.Indexed):
                own |= {x for i in d.target.indices for x in i.free_symbols}
            apart = {x: sympy.Dummy(x.name, **x.assumptions0) for x in own}
            exprs: tuple[sympy.Basic, ...] = (d.value.xreplace(apart),)
            if isinstance(d.target, sympy.Symbol | sympy.Indexed):
                exprs = (d.target.xreplace(apart), *exprs)
            sources.append(
                Source(exprs, f"in given {d.latex}", same_shape=len(exprs) == 2, latex=d.latex)
            )
        return infer(self.names, self.shapes(claim_exprs).ranks, sources, self.layout)

    def free_indices(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        out: set[sympy.Symbol] = set()
        for e in claim_exprs:
            out |= _free_indices(e)
        last = self.names.layer_symbol("L")
        return sorted(out - {last}, key=lambda s: s.name)

    def network(self, claim_exprs: Sequence[sympy.Expr]) -> tuple[bool, int]:
        """(whether the number of layers is free, the highest layer written as a number), or
        (False, -1) when no name carries a layer index."""
        layers = [lay for e in self._all_exprs(claim_exprs) for _, lay in layer_slots(e)]
        if not layers:
            return False, -1
        numeric = [int(x) for x in layers if x.is_Integer]
        return any(not x.is_Integer for x in layers), max(numeric, default=0)

    def instances(
        self, claim_exprs: Sequence[sympy.Expr], plan: SizePlan, seed: int
    ) -> Iterator[tuple[dict[sympy.Symbol, int], Instance]]:
        """Assignments of sizes (first) and free indices (second) to integers. With layers, each
        size set also fixes L (2, 3, ...) and the size of every layer."""
        sizes = self.sizes(claim_exprs)
        indices = self.free_indices(claim_exprs)
        ranges = self._ranges(claim_exprs)
        shapes = self._shapes = self.shapes(claim_exprs)
        solved = self.size_model(claim_exprs)
        last = self.names.layer_symbol(_LAST)
        self._bound_names = self._find_bounds(claim_exprs)
        free_layers, top = self.network(claim_exprs)
        layer_vars = [
            s
            for s in indices
            if any(s in lay.free_symbols for e in claim_exprs for _, lay in layer_slots(e))
        ]
        others = [s for s in indices if s not in layer_vars]
        rng = random.Random(seed)
        for r in range(plan.size_sets if sizes or top >= 0 else 1):
            drawn = self._size_set(sizes, r, free_layers, top, claim_exprs)
            size_env = tie(solved, self._defined_sizes(drawn), last)
            combos = []
            for layer_combo in self._layer_choices(layer_vars, claim_exprs, size_env):
                bound = dict(zip(layer_vars, layer_combo, strict=True))
                env = tie(solved, {**size_env, **bound}, last)  # widths of the claim's layer l
                sized = {k: v for k, v in env.items() if k not in bound}
                choices = [
                    self._index_range(s, claim_exprs, env, shapes, ranges, solved) for s in others
                ]
                for combo in itertools.product(*choices):
                    combos.append((sized, (*layer_combo, *combo)))
            # a network instance is expensive (every weight is a symbol): fewer per size set
            limit = plan.max_instances if top < 0 else min(plan.max_instances, 3)
            if len(combos) > limit:
                keep = {0, len(combos) - 1} if limit >= 2 else {0}
                keep |= set(rng.sample(range(len(combos)), max(0, limit - 2)))
                combos = [c for k, c in enumerate(combos) if k in keep]
            for sized, combo in combos:
                yield sized, tuple(zip([*layer_vars, *others], combo, strict=True))

    def _defined_sizes(self, env: dict[sympy.Symbol, int]) -> dict[sympy.Symbol, int]:
        """The drawn sizes with each size a definition gives from other sizes (`m = k+1`)
        computed from them: the claim says nothing about sizes its definitions rule out."""
        out = dict(env)
        for s in sorted(env, key=lambda x: x.name):
            value = self.symbols.get(s)
            if value is None or not value.free_symbols or not value.free_symbols <= set(out) - {s}:
                continue
            size = value.xreplace(out)
            if size.is_Integer and size > 0:
                out[s] = int(size)
        return out

    def _size_set(
        self,
        sizes: Sequence[sympy.Symbol],
        r: int,
        free_layers: bool,
        top: int,
        claim_exprs: Sequence[sympy.Expr] = (),
    ) -> dict[sympy.Symbol, int]:
        if top < 0:
            return size_assignments(sizes, r + 1, self._written_dims())[r] if sizes else {}
        last = max(top, 2 + r) if free_layers else top
        pinned = self._pinned_layers(claim_exprs)
        # layers: 2 or 3 units, neighbours always different (a transposed weight matrix cannot
        # fit); other sizes (samples m, ...) from 4 up, different from every layer. Kept small:
        # every element of every matrix becomes a symbol of the proof.
        env = {s: v + 2 for s, v in zip(sizes, distinct_sizes(len(sizes), r), strict=True)}
        for k in range(last + 1):
            if k not in pinned:
                env[layer_size(k)] = 2 + (k + r) % 2
        for k, bound in pinned.items():
            value = sympy.sympify(bound).xreplace({s: sympy.Integer(v) for s, v in env.items()})
            if not value.is_Integer:
                raise UnsupportedError(f"cannot tell the size of layer {k} from {bound}")
            env[layer_size(k)] = int(value)
        env[self.names.layer_symbol("L")] = last
        return env

    def _written_dims(self) -> set[int]:
        """The numbers written as dimensions of declared shapes (`matrix(m, 2)`): no size takes
        them, so that X stays non-square and X^T X cannot pass for X X^T."""
        return {
            int(d)
            for spec in self.names.specs.values()
            for d in spec.shape or ()
            if str(d).isdigit()
        }

    def _pinned_layers(self, claim_exprs: Sequence[sympy.Expr] = ()) -> dict[int, sympy.Expr]:
        """Layer sizes fixed by a sum written with limits over a layer's units: in
        `\\sum_{k=1}^{3} w^{[1]}_{jk} x_k`, layer 0 has 3 units; then those fixed by a vector or
        matrix written out entry by entry (see _literal_pins)."""
        pinned: dict[int, sympy.Expr] = {}
        for e in self._all_exprs(()):
            for s in e.atoms(sympy.Sum):
                for v, a, b in s.limits:
                    if a != 1 or b == _count(v):
                        continue
                    for ix in s.function.atoms(sympy.Indexed):
                        label = str(ix.base.label)
                        if not family_of(label).layer or not ix.indices[0].is_Integer:
                            continue
                        if self.names.spec(family_of(label).name) is not None and (
                            self.names.spec(family_of(label).name).shape is not None  # type: ignore[union-attr]
                        ):
                            continue
                        comps = ix.indices[component_slots(label) :]
                        for c, value in enumerate(comps[:2]):
                            if value == v:
                                pinned.setdefault(int(ix.indices[0]) - c, b)
        for e in self._all_exprs(claim_exprs):
            for lit in sorted(e.atoms(arrays.Literal), key=sympy.default_sort_key):
                for k, size in _literal_pins(lit, self.names).items():
                    pinned.setdefault(k, sympy.Integer(size))
        return pinned

    def _layer_choices(
        self,
        layer_vars: Sequence[sympy.Symbol],
        claim_exprs: Sequence[sympy.Expr],
        env: Mapping[sympy.Symbol, int],
    ) -> list[tuple[int, ...]]:
        """Values of the free layer indices (l) for which every layer the claim names exists:
        from 1 (layer 0 is the input) to L."""
        if not layer_vars:
            return [()]
        last = env[self.names.layer_symbol("L")]
        layers = [lay for e in claim_exprs for _, lay in layer_slots(e)]
        out = []
        for combo in itertools.product(range(1, last + 1), repeat=len(layer_vars)):
            sub = {**env, **dict(zip(layer_vars, combo, strict=True))}
            values = [lay.xreplace({k: sympy.Integer(v) for k, v in sub.items()}) for lay in layers]
            if all(v.is_Integer and 0 <= int(v) <= last for v in values):
                out.append(combo)
        if not out:
            raise UnsupportedError("no layer of the network fits every layer index of the claim")
        return out

    def _index_range(
        self,
        s: sympy.Symbol,
        claim_exprs: Sequence[sympy.Expr],
        env: Mapping[sympy.Symbol, int],
        shapes: Shapes,
        ranges: Mapping[tuple[str, int], tuple],  # type: ignore[type-arg]
        solved: SizeModel,
    ) -> list[int]:
        for e in claim_exprs:
            for ix in sorted(e.atoms(sympy.Indexed), key=sympy.default_sort_key):
                label = str(ix.base.label)
                for slot, value in enumerate(ix.indices):
                    if value != s or slot < component_slots(label):
                        continue
                    dims = shapes.dims(label, self._layer_of(ix, env), env)
                    if dims is not None:
                        k = slot - component_slots(label)
                        return list(range(1, _dim(dims, k, _show(ix, self.names)) + 1))
        count = index_size(solved, s, env)
        if count is not None:  # the slots it is used in are summed to a size, or declared
            return list(range(1, count + 1))
        for e in claim_exprs:
            for ix in e.atoms(sympy.Indexed):
                for slot, value in enumerate(ix.indices):
                    if value == s and (str(ix.base.label), slot) in ranges:
                        a, b = ranges[(str(ix.base.label), slot)]
                        return self._concrete_range(s, a, b, env)
        return self._concrete_range(s, *DEFAULT_INDEX_RANGE, env)

    @staticmethod
    def _concrete_range(s: sympy.Symbol, a: object, b: object, env: Mapping) -> list[int]:  # type: ignore[type-arg]
        lo = sympy.sympify(sympy.sympify(a).xreplace(env))
        hi = sympy.sympify(sympy.sympify(b).xreplace(env))
        if not (lo.is_Integer and hi.is_Integer):
            raise UnsupportedError(f"cannot tell the range of the index {s}")
        return list(range(int(lo), int(hi) + 1))

    def _layer_of(self, ix: sympy.Indexed, env: Mapping[sympy.Symbol, int]) -> int | None:
        if not family_of(str(ix.base.label)).layer:
            return None
        value = sympy.sympify(ix.indices[0]).xreplace({k: sympy.Integer(v) for k, v in env.items()})
        return int(value) if value.is_Integer else None

    # -- instantiation -----------------------------------------------------------------------
    def unroll(self, expr: sympy.Basic, env: Mapping[sympy.Symbol, int]) -> sympy.Expr:
        """Put in the integers of env, write out sums, turn concrete elements into Symbols.
        A summation variable shadows an env entry of the same name inside its sum."""
        if self._shapes is None:
            self._shapes = Shapes.of(self.names, self._all_exprs([sympy.sympify(expr)]))
        return self._unroll(sympy.sympify(expr), dict(env))

    def _unroll(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        if x.is_commutative is False and not isinstance(x, sympy.Sum | sympy.Product):
            return self._unroll_array(x, env)
        if isinstance(x, sympy.Symbol) and x in env:
            return sympy.Integer(env[x])
        if (
            isinstance(x, sympy.Symbol)
            and x in self.symbols
            and self.symbols[x].is_Integer
            and x in self._bounds()
        ):
            return self.symbols[x]  # a size fixed in `given` (m = 4) is that number
        if isinstance(x, sympy.Sum | sympy.Product):
            (v, a, b), *rest = x.limits
            body = x.func(x.function, *rest) if rest else x.function
            if b == _count(v) and b not in env:
                slot = _shaped_slot(body, v, self._shapes_())
                if slot is not None:
                    ix, k = slot
                    dims = self._shapes_().dims(str(ix.base.label), self._layer_of(ix, env), env)
                    if dims is not None:
                        b = sympy.Integer(_dim(dims, k, _show(ix, self.names)))
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
            from derive.notation.printer import to_latex

            parts = [self._unroll(a, env) for a in x.args]
            return ops.entry(parts[0], parts[1:], to_latex(x, self.names.specs))
        if isinstance(x, sympy.Indexed):
            idx = [self._unroll(i, env) for i in x.indices]
            if not all(i.is_Integer for i in idx):
                free = sorted({str(s) for i in idx for s in i.free_symbols})
                raise UnsupportedError(f"the index {', '.join(free)} of {x} has no value")
            item = x.base[tuple(idx)]
            self._check_range(item, env)
            return self.names.element(item)
        if isinstance(x, sympy.Derivative):
            variables = [(self._unroll(v, env), n) for v, n in x.variable_count]
            _check_variables(variables, x, self.names)
            return sympy.Derivative(self._unroll(x.expr, env), *variables)
        if isinstance(x, sympy.Abs):  # \|v\|: of a vector or matrix, its Euclidean norm
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

    def _unroll_array(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> sympy.Basic:
        """A form holding whole vectors or matrices, as a concrete matrix (or a number)."""
        what = to_latex(x, self.names.specs)
        if isinstance(x, sympy.Symbol):  # a name declared with a shape
            return self._array(x.name, (), env)
        if isinstance(x, sympy.Indexed):  # W^{[l]}: the layer given, no component index
            head = tuple(int(self._unroll(i, env)) for i in x.indices)
            return self._array(str(x.base.label), head, env)
        if isinstance(x, AppliedUndef) and str(x.func) in self.functions:  # f(z) = z^T z
            return self._unroll(self.functions[str(x.func)](*x.args), env)
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

    def _literal(self, x: arrays.Literal, env: dict[sympy.Basic, int], what: str) -> sympy.Basic:
        """A matrix written entry by entry: each entry unrolled (a 1 x 1 entry is a number)."""
        values = [ops.scalar(self._unroll(e, env)) for e in x.entries]
        for v in values:
            if ops.is_matrix(v):
                raise UnsupportedError(
                    f"{what}: an entry is a {ops.shape_text(v)} matrix; a matrix of matrices "
                    "(a block matrix) is not read"
                )
        return ops.scalar(sympy.ImmutableMatrix(x.rows, x.cols, values))

    def _stack(self, x: arrays.Stack, env: dict[sympy.Basic, int], what: str) -> sympy.Basic:
        """[e_1; e_2; \\vdots]: e_k for k up to the size of the name that k indexes."""
        body, k = x.args
        slot = _shaped_slot(body, k, self._shapes_())
        dims = None
        if slot is not None:
            ix, n = slot
            dims = self._shapes_().dims(str(ix.base.label), self._layer_of(ix, env), env)
        if slot is None or dims is None:
            raise UnsupportedError(
                f"{what}: cannot tell the length of a column continued with \\vdots (its "
                "entries should be indexed by a component of a layered or declared name)"
            )
        length = _dim(dims, n, _show(ix, self.names))
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
            return out if self.layout is Layout.DENOMINATOR else out.T
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
        return ops.scalar(jacobian if self.layout is Layout.NUMERATOR else jacobian.T)

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
        dims = self._shapes_().dims(label, head[0] if fam.layer and head else None, env)
        if dims is None:
            dims = self._default_dims(label, head, env)
        if fam.layer and head:
            last = env.get(self.names.layer_symbol(_LAST))
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

    def _default_dims(
        self, label: str, head: tuple[int, ...], env: Mapping[sympy.Basic, int]
    ) -> tuple[int, ...]:
        """A layered name never written with a component index: W/w is a weight matrix,
        anything else a vector of its layer's units."""
        fam = family_of(label)
        if not (fam.layer and head):
            raise UnsupportedError(f"cannot tell the shape of {fam.name}: declare it in [symbols]")
        k = head[0]
        layers = (k, k - 1) if fam.name in {"W", "w"} else (k,)
        for layer in layers:
            if layer_size(layer) not in env:
                raise ShapeMismatch(f"{fam.name}^{{[{k}]}}: layer {layer} does not exist")
        return tuple(env[layer_size(layer)] for layer in layers)

    def _bounds(self) -> set[sympy.Basic]:
        """Names used as sizes: in the limits of a sum or product, or declared counts."""
        if self._bound_names is None:
            self._bound_names = self._find_bounds(())
        return self._bound_names

    def _find_bounds(self, claim_exprs: Sequence[sympy.Expr]) -> set[sympy.Basic]:
        found: set[sympy.Basic] = set()
        for e in self._all_exprs(claim_exprs):
            for s in e.atoms(sympy.Sum, sympy.Product):
                for _, a, b in s.limits:
                    found |= a.free_symbols | b.free_symbols
        return found | {self.names.symbol(n) for n in self.names.sizes()}

    def _shapes_(self) -> Shapes:
        assert self._shapes is not None
        return self._shapes

    def _whole(self, x: sympy.Basic, env: dict[sympy.Basic, int]) -> list[sympy.Basic] | None:
        r"""The elements of a vector or matrix written without its component indices
        (`a^{[L]}` in `\ell(a^{[L]})`), in row-major order; None for anything else."""
        if not isinstance(x, sympy.Indexed):
            return None
        label = str(x.base.label)
        rank = self._shapes_().ranks.get(label, 0)
        if len(x.indices) - component_slots(label) >= rank or rank == 0:
            return None
        head = [self._unroll(i, env) for i in x.indices]
        dims = self._shapes_().dims(label, int(head[0]) if family_of(label).layer else None, env)
        if dims is None:
            raise UnsupportedError(f"cannot tell the shape of {x}")
        cells = itertools.product(*(range(1, d + 1) for d in dims[:rank]))
        return [self.names.element(x.base[(*head, *c)]) for c in cells]

    def _check_range(self, item: sympy.Indexed, env: Mapping[sympy.Basic, int]) -> None:
        label = str(item.base.label)
        fam = family_of(label)
        last = env.get(self.names.layer_symbol("L"))
        if fam.layer:
            layer = int(item.indices[0])
            if layer < 0 or (last is not None and layer > last):
                raise ShapeMismatch(
                    f"{_show(item, self.names)}: layer {layer} does not exist (layers 0..{last})"
                )
        shape = self._shapes_().dims(label, int(item.indices[0]) if fam.layer else None, env)
        if shape is None:
            return
        comps = item.indices[component_slots(label) :]
        for k, (i, d) in enumerate(zip(comps, shape, strict=False)):
            if not 1 <= int(i) <= d:
                raise ShapeMismatch(
                    f"{_show(item, self.names)}: index {k + 1} is {int(i)}, outside 1..{d} "
                    f"(shape {' x '.join(map(str, shape))} with sizes {_env_text(env)})"
                )

    def definition_of(
        self, symbol: sympy.Basic, env: Mapping[sympy.Symbol, int] | None = None
    ) -> sympy.Expr | None:
        """The defining expression of a Symbol (or element Symbol), not yet unrolled."""
        if not isinstance(symbol, sympy.Symbol):
            return None
        if symbol in self.symbols:
            return self.symbols[symbol]
        origin = self.names.origin(symbol)
        if origin is None:
            return None
        label = str(origin.base.label)
        concrete = [int(i) for i in origin.indices]
        whole = self.symbols.get(sympy.Symbol(label, commutative=False))
        if whole is not None:  # X = ... for a name declared with a shape
            return self._entry(whole, {}, concrete, env)
        pats = self.patterns.get(label)
        if not pats:
            return None
        last = self.names.layer_symbol(_LAST)
        fixed = {last: env[last]} if env is not None and last in env else {}
        for pat in pats:
            binding = pat.match(concrete, fixed)
            if binding is not None:
                sub = {k: sympy.Integer(v) for k, v in binding.items()}
                if pat.value not in self._renamed:  # one renaming per template, not per use
                    self._renamed[pat.value] = _rename_bound(pat.value)
                return self._renamed[pat.value].xreplace(sub)
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
            self._array_cache[key] = self.unroll(value, full)
        matrix = self._array_cache[key]
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
            if expr in keep:
                return expr
            memo_key = (expr, keep, frozenset(env.items()))
            if memo_key in self._memo:
                return self._memo[memo_key]
            d = self.definition_of(expr, env)
            if d is None:
                return expr
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise DefinitionError(
                        f"the definition of {expr} recurses without end (is a starting value "
                        "such as x_0 missing?)"
                    )
                value = self.expand(self.unroll(d, env), env, keep)
            finally:
                self._depth -= 1
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
            self._memo[memo_key] = value
            return value
        if isinstance(expr, sympy.Derivative):
            variables = [v for v, _ in expr.variable_count]
            body = self.expand(expr.expr, env, keep | frozenset(variables))
            if (
                isinstance(body, sympy.Symbol)
                and body not in variables
                and self.names.origin(body) is None
            ):
                raise DefinitionError(
                    f"{body} has no definition in `given`, so its derivative with respect to "
                    f"{', '.join(map(str, variables))} is unknown (it is not 0): define it, "
                    "e.g. C = \\ell(a^{[L]}) with \\ell declared a function"
                )
            result: sympy.Expr = sympy.Derivative(body, *expr.variable_count)
            defined = [
                v for v in variables if self.definition_of(v, env) is not None and v not in keep
            ]
            if defined:
                points = [self.expand(v, env, keep) for v in defined]
                result = sympy.Subs(result, defined, points)
            return result
        if isinstance(expr, AppliedUndef) and str(expr.func) in self.functions:
            lam = self.functions[str(expr.func)]
            args = [self.expand(a, env, keep) for a in expr.args]
            return self.expand(self.unroll(lam(*args), env), env, keep)  # sums in the body too
        if not expr.args:
            return expr
        return expr.func(*[self.expand(a, env, keep) for a in expr.args])


def _of_column(x: sympy.Basic, v: sympy.Basic, what: str) -> sympy.Basic:
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


def distinct_sizes(count: int, r: int) -> list[int]:
    """count distinct sizes from 2 up, rotated by r (and raised by one per full turn)."""
    base = [2 + k for k in range(count)]
    if count == 0:
        return []
    values = base[r % count :] + base[: r % count]
    return [v + r // count for v in values]


def size_assignments(
    sizes: Sequence[sympy.Symbol], count: int, avoid: Iterable[int] = ()
) -> list[dict[sympy.Symbol, int]]:
    """Distinct small sizes, each assignment a rotation of the last, so that no two sizes are
    equal (a swapped n and m cannot pass by accident) and every size takes several values. No
    size takes a value of avoid (the fixed dimensions written in the shapes)."""
    if not sizes:
        return [{}]
    skip = set(avoid)
    allowed = [v for v in range(2, 2 + len(sizes) + count + len(skip) + 2) if v not in skip]
    base = [2 + k for k in range(len(sizes))]
    out = []
    for r in range(count):
        if len(sizes) == 1:
            values = [2 + r]
        else:
            values = base[r % len(base) :] + base[: r % len(base)]
            values = [v + r // len(base) for v in values]
        out.append(dict(zip(sizes, [allowed[v - 2] for v in values], strict=True)))
    return out


def _free_indices(expr: sympy.Basic) -> set[sympy.Symbol]:
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
    return out


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


def _dim(dims: Sequence[int], k: int, what: str) -> int:
    """The size of component slot k of a name of these dims: a vector is a column, so its
    second index takes only 1 (x_{i1}); a third index fits nothing."""
    if k < len(dims):
        return dims[k]
    if k == 1 and len(dims) == 1:
        return 1
    raise UnsupportedError(
        f"{what} is written with {k + 1} component indices, but its shape has {len(dims)}"
    )


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


_LAST = "L"


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
    fam = family_of(str(ix.base.label))
    if not fam.sample:
        return False
    slot = int(fam.layer)
    return all(s not in i.free_symbols for k, i in enumerate(ix.indices) if k != slot)


def _count(v: sympy.Symbol) -> sympy.Symbol:
    """The upper bound the reader gives a sum written without limits (`\\sum_k`)."""
    return sympy.Symbol(f"#{v.name}", integer=True, positive=True)


def _shaped_slot(
    body: sympy.Basic, v: sympy.Symbol, shapes: Shapes
) -> tuple[sympy.Indexed, int] | None:
    """An indexed name of known shape with v as one of its component indices: (name, slot)."""
    for ix in sorted(body.atoms(sympy.Indexed), key=sympy.default_sort_key):
        label = str(ix.base.label)
        fam = family_of(label)
        if not (fam.layer or shapes.declared(fam.name) is not None):
            continue
        first = component_slots(label)
        for slot, value in enumerate(ix.indices[first:]):
            if value == v:
                return ix, slot
    return None


def _literal_pins(lit: arrays.Literal, names: Names) -> dict[int, int]:
    """The layer sizes a literal fixes when it writes out a *whole* layered vector or matrix at
    a numbered layer, in order: `[b^{[1]}_1; b^{[1]}_2]` (a column or a row: layer 1 has 2
    units), or the 2 x 3 entries w^{[1]}_{jk} at (j, k), or all of them at (k, j) (layer 1 has 2
    units, layer 0 has 3). Anything else (a few entries, one row of a matrix, another order)
    fixes nothing."""
    items = lit.entries
    if not all(isinstance(e, sympy.Indexed) for e in items):
        return {}
    labels = {str(e.base.label) for e in items}
    if len(labels) != 1:
        return {}
    (label,) = labels
    fam = family_of(label)
    spec = names.spec(fam.name)
    if not fam.layer or fam.sample or (spec is not None and spec.shape is not None):
        return {}
    layers = {e.indices[0] for e in items}
    if len(layers) != 1 or not next(iter(layers)).is_Integer:
        return {}
    layer = int(next(iter(layers)))
    rows, cols = lit.rows, lit.cols
    found = [tuple(e.indices[1:]) for e in items]
    cells = [(i + 1, j + 1) for i in range(rows) for j in range(cols)]
    if min(rows, cols) == 1 and found == [(k + 1,) for k in range(len(items))]:
        return {layer: len(items)}
    if min(rows, cols) < 2:
        return {}
    if found == cells:
        return {layer: rows, layer - 1: cols}
    if found == [(j, i) for i, j in cells]:
        return {layer: cols, layer - 1: rows}
    return {}


def _layer_symbols(exprs: Iterable[sympy.Basic]) -> set[sympy.Symbol]:
    return {s for e in exprs for _, lay in layer_slots(e) for s in lay.free_symbols}


def _descends(origin: Pattern | None, ix: sympy.Indexed) -> bool:
    """Whether a definition's use of ix refers to an earlier layer (or step) than the name it
    defines (z^{[l]} uses a^{[l-1]}; x_{k+1} uses x_k): such a dependency is not a cycle."""
    if origin is None or not ix.indices or not origin.indices:
        return False
    offset = sympy.sympify(ix.indices[0] - origin.indices[0])
    return bool(offset.is_Integer and offset < 0)


def _show(item: sympy.Indexed, names: Names) -> str:
    from derive.notation.printer import element_name

    return element_name(str(item.base.label), item.indices, names.specs)


def _env_text(env: Mapping[sympy.Basic, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in env.items() if str(k).startswith("n^"))
