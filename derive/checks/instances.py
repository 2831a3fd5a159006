"""Instances: the concrete sizes and free-index values a claim is checked at.

An *instance* fixes every size (the n of `\\sum_{j=1}^{n}`) and every free index (the i of
`\\partial L/\\partial w_i`) to integers. The sizes to draw, the layer widths the writing pins
and the shape of every name come from the shapes stage (`derive/shapes`: the claim's
`SizeModel`); this module draws distinct small values for them (so a swapped n and m, or a
transposed weight matrix, cannot pass by accident), ties the sizes the model makes one, and gives
each free index the range of the slots it is used in.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.checks.definitions import LAST, Definitions, free_indices
from derive.errors import NoSizes, UnsupportedError
from derive.notation.names import family_of
from derive.notation.printer import element_name
from derive.shapes import stacks
from derive.shapes.infer import SizeModel
from derive.shapes.layout import Layout, component_slots, layer_size, layer_slots
from derive.shapes.offsets import index_values
from derive.shapes.pins import count_symbol
from derive.shapes.solve import index_size, tie

Instance = tuple[tuple[sympy.Symbol, int], ...]

DEFAULT_INDEX_RANGE = (1, 3)


@dataclass(frozen=True)
class SizePlan:
    """Which concrete sizes and index values to check."""

    size_sets: int = 2  # how many assignments of the sizes
    max_instances: int = 6  # free-index assignments per size assignment, at most


def sizes(defs: Definitions, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
    """Symbols that must be given a concrete value: sum bounds, declared counts, and the sizes
    named in declared shapes. Layer sizes are added per instance (see instances)."""
    found: set[sympy.Symbol] = set()
    exprs = defs.all_exprs(claim_exprs)
    # a size a shape declares is a size wherever it is written (the n of `\hat{w}_{n+1} = b`
    # with `w = "vector(n)"`, w itself unused): never a pattern's free index
    shaped = {d for spec in defs.names.specs.values() for d in spec.shape or ()}
    layout = Layout.of(defs.names, exprs, defs.gradient)
    for e in exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            for v, a, b in s.limits:
                bound = {x for x in (a.free_symbols | b.free_symbols)}
                if layout.width_of(b) is not None:  # M_{l-1}: a layer's width, not drawn
                    bound = set(a.free_symbols)
                if b == count_symbol(v) and layout.shaped_slot(s.function, v) is not None:
                    continue  # \sum_k over a layer's units: its size comes from the layer
                found |= bound
        found |= {
            x
            for x in e.free_symbols
            if (x.name in defs.names.sizes() or x.name in shaped) and x.name not in layout.widths
        }
        named = [str(ix.base.label) for ix in e.atoms(sympy.Indexed)]
        named += [x.name for x in e.free_symbols if x.is_commutative is False]
        for label in named:
            shape = layout.declared(family_of(label).name) or ()
            for text in shape:
                if text.isidentifier():
                    found.add(defs.names.symbol(text))
    fixed = {s for s, v in defs.symbols.items() if v.is_number}
    return sorted(found - fixed - set(_layer_symbols(exprs)), key=lambda s: s.name)


def claim_indices(defs: Definitions, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
    """The free indices of the claim (not L, the last layer)."""
    out: set[sympy.Symbol] = set()
    for e in claim_exprs:
        out |= free_indices(e)
    last = defs.names.layer_symbol("L")
    return sorted(out - {last}, key=lambda s: s.name)


def network(defs: Definitions, claim_exprs: Sequence[sympy.Expr]) -> tuple[bool, int]:
    """(whether the number of layers is free, the highest layer written as a number), or
    (False, -1) when no name carries a layer index."""
    layers = [lay for e in defs.all_exprs(claim_exprs) for _, lay in layer_slots(e)]
    if not layers:
        return False, -1
    numeric = [int(x) for x in layers if x.is_Integer]
    return any(not x.is_Integer for x in layers), max(numeric, default=0)


def instances(
    defs: Definitions,
    claim_exprs: Sequence[sympy.Expr],
    solved: SizeModel,
    plan: SizePlan,
    seed: int,
) -> Iterator[tuple[dict[sympy.Symbol, int], Instance]]:
    """Assignments of sizes (first) and free indices (second) to integers, from the claim's
    solved `SizeModel`. With layers, each size set also fixes L (2, 3, ...) and the size of
    every layer."""
    # a size a stacked column declared with a number determines (3 = n + 1) is that, not drawn
    numbers = {s: int(v) for s, v in defs.symbols.items() if v.is_Integer}
    stacked = stacks.solved_sizes(defs.names, defs.definitions, numbers)
    drawn = [s for s in sizes(defs, claim_exprs) if s not in stacked]
    fixed = frozenset({*numbers, *stacked})  # given by the writing: never raised for an index
    # a declared size written as an index (y_n of `y = "vector(n)"`) is that size, the last
    # entry: not a free index too, whose values would override the size and the sums to it
    declared = {d for spec in defs.names.specs.values() for d in spec.shape or ()}
    declared |= set(defs.names.sizes())
    indices = [s for s in claim_indices(defs, claim_exprs) if s.name not in declared]
    ranges = _ranges(defs, claim_exprs)
    last = defs.names.layer_symbol(LAST)
    free_layers, top = network(defs, claim_exprs)
    layer_vars = [
        s
        for s in indices
        if any(s in lay.free_symbols for e in claim_exprs for _, lay in layer_slots(e))
    ]
    others = [s for s in indices if s not in layer_vars]
    rng = random.Random(seed)
    no_room: NoSizes | None = None  # the layers of a combination leave a name no value
    given = 0
    for r in range(plan.size_sets if drawn or top >= 0 else 1):
        size_set = {**_size_set(defs, solved, drawn, r, free_layers, top, stacked), **stacked}
        # the second size set puts sums' upper limits at the size they run over (m = n)
        size_env = tie(
            solved, _defined_sizes(defs, size_set), last, boundary=r % 2 == 1, fixed=fixed
        )
        stacks.agree(defs.names, defs.definitions, size_env)  # or raise: no such instance
        combos = []
        for layer_combo in _layer_choices(defs, layer_vars, claim_exprs, size_env):
            bound = dict(zip(layer_vars, layer_combo, strict=True))
            try:  # widths of the claim's layer l
                env = tie(solved, {**size_env, **bound}, last, boundary=r % 2 == 1, fixed=fixed)
                sized = {k: v for k, v in env.items() if k not in bound}
                choices = [_index_range(defs, s, claim_exprs, env, ranges, solved) for s in others]
            except NoSizes as exc:  # no sizes allow these layers: none to check, none refuted
                no_room = exc
                continue
            for combo in itertools.product(*choices):
                combos.append((sized, (*layer_combo, *combo)))
        # a network instance is expensive (every weight is a symbol): fewer per size set
        limit = plan.max_instances if top < 0 else min(plan.max_instances, 3)
        if len(combos) > limit:
            keep = {0, len(combos) - 1} if limit >= 2 else {0}
            keep |= set(rng.sample(range(len(combos)), max(0, limit - 2)))
            combos = [c for k, c in enumerate(combos) if k in keep]
        for sized, combo in combos:
            given += 1
            yield sized, tuple(zip([*layer_vars, *others], combo, strict=True))
    if not given and no_room is not None:
        raise no_room


def _defined_sizes(defs: Definitions, env: dict[sympy.Symbol, int]) -> dict[sympy.Symbol, int]:
    """The drawn sizes with each size a definition gives from other sizes (`m = k+1`) computed
    from them: the claim says nothing about sizes its definitions rule out."""
    out = dict(env)
    for s in sorted(env, key=lambda x: x.name):
        value = defs.symbols.get(s)
        if value is None or not value.free_symbols or not value.free_symbols <= set(out) - {s}:
            continue
        size = value.xreplace(out)
        if size.is_Integer and size > 0:
            out[s] = int(size)
    out.update(stacks.derived_sizes(defs.names, defs.definitions, out))  # [w \\ b]: n + 1
    return out


def _size_set(
    defs: Definitions,
    solved: SizeModel,
    drawn: Sequence[sympy.Symbol],
    r: int,
    free_layers: bool,
    top: int,
    taken: Mapping[sympy.Symbol, int],
) -> dict[sympy.Symbol, int]:
    """The r-th assignment of the drawn sizes, none of them a size taken already (solved)."""
    if top < 0:
        avoid = _written_dims(defs) | set(taken.values())
        return size_assignments(drawn, r + 1, avoid)[r] if drawn else {}
    last = max(top, 2 + r) if free_layers else top
    pinned = solved.pinned
    # layers: 2 or 3 units, neighbours always different (a transposed weight matrix cannot
    # fit); other sizes (samples m, ...) from 4 up, different from every layer. Kept small:
    # every element of every matrix becomes a symbol of the proof.
    env = {s: v + 2 for s, v in zip(drawn, distinct_sizes(len(drawn), r), strict=True)}
    for k in range(last + 1):
        if k not in pinned:
            env[layer_size(k)] = 2 + (k + r) % 2
    from_last = {
        last - c: b for c, b in solved.from_last.items() if last - c >= 0 and last - c not in pinned
    }
    for k, bound in [*pinned.items(), *from_last.items()]:
        value = sympy.sympify(bound).xreplace({s: sympy.Integer(v) for s, v in env.items()})
        if not value.is_Integer:
            raise UnsupportedError(f"cannot tell the size of layer {k} from {bound}")
        env[layer_size(k)] = int(value)
    env[defs.names.layer_symbol("L")] = last
    return env


def _written_dims(defs: Definitions) -> set[int]:
    """The numbers written as dimensions of declared shapes (`matrix(m, 2)`): no size takes
    them, so that X stays non-square and X^T X cannot pass for X X^T."""
    return {
        int(d) for spec in defs.names.specs.values() for d in spec.shape or () if str(d).isdigit()
    }


def _layer_choices(
    defs: Definitions,
    layer_vars: Sequence[sympy.Symbol],
    claim_exprs: Sequence[sympy.Expr],
    env: Mapping[sympy.Symbol, int],
) -> list[tuple[int, ...]]:
    """Values of the free layer indices (l) for which every layer the claim names exists:
    from 1 (layer 0 is the input) to L."""
    if not layer_vars:
        return [()]
    last = env[defs.names.layer_symbol("L")]
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
    defs: Definitions,
    s: sympy.Symbol,
    claim_exprs: Sequence[sympy.Expr],
    env: Mapping[sympy.Symbol, int],
    ranges: Mapping[tuple[str, int], tuple],  # type: ignore[type-arg]
    solved: SizeModel,
) -> list[int]:
    """The values of a free index: the size of the first shaped slot it is used in, else the
    size the model gives the slots it is used in, else a sum's range over such a slot; only
    those its offsets allow (`x_{i+1}`: i + 1 <= len(x), `shapes/offsets.py`)."""
    plain = _plain_range(defs, s, claim_exprs, env, ranges, solved)
    fitted = index_values(solved, s, plain, env)
    if fitted is not None:
        return fitted
    return _concrete_range(s, *DEFAULT_INDEX_RANGE, env)


def _plain_range(
    defs: Definitions,
    s: sympy.Symbol,
    claim_exprs: Sequence[sympy.Expr],
    env: Mapping[sympy.Symbol, int],
    ranges: Mapping[tuple[str, int], tuple],  # type: ignore[type-arg]
    solved: SizeModel,
) -> list[int] | None:
    assert solved.layout is not None
    for e in claim_exprs:
        for ix in sorted(e.atoms(sympy.Indexed), key=sympy.default_sort_key):
            label = str(ix.base.label)
            for slot, value in enumerate(ix.indices):
                if value != s or slot < component_slots(label):
                    continue
                dims = solved.layout.dims(label, layer_of(ix, env), env)
                if dims is not None:
                    k = slot - component_slots(label)
                    what = element_name(label, ix.indices, defs.names.specs)
                    return list(range(1, dim(dims, k, what) + 1))
    count = index_size(solved, s, env)
    if count is not None:  # the slots it is used in are summed to a size, or declared
        return list(range(1, count + 1))
    for e in claim_exprs:
        for ix in e.atoms(sympy.Indexed):
            for slot, value in enumerate(ix.indices):
                if value == s and (str(ix.base.label), slot) in ranges:
                    a, b = ranges[(str(ix.base.label), slot)]
                    return _concrete_range(s, a, b, env)
    return None


def _concrete_range(s: sympy.Symbol, a: object, b: object, env: Mapping) -> list[int]:  # type: ignore[type-arg]
    lo = sympy.sympify(sympy.sympify(a).xreplace(env))
    hi = sympy.sympify(sympy.sympify(b).xreplace(env))
    if not (lo.is_Integer and hi.is_Integer):
        raise UnsupportedError(f"cannot tell the range of the index {s}")
    return list(range(int(lo), int(hi) + 1))


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


def layer_of(ix: sympy.Indexed, env: Mapping[sympy.Basic, int]) -> int | None:
    """The layer of a layered element under env; None for a name without a layer index."""
    if not family_of(str(ix.base.label)).layer:
        return None
    value = sympy.sympify(ix.indices[0]).xreplace({k: sympy.Integer(v) for k, v in env.items()})
    return int(value) if value.is_Integer else None


def dim(dims: Sequence[int], k: int, what: str) -> int:
    """The size of component slot k of a name of these dims: a vector is a column, so its
    second index takes only 1 (x_{i1}); a third index fits nothing."""
    if k < len(dims):
        return dims[k]
    if k == 1 and len(dims) == 1:
        return 1
    raise UnsupportedError(
        f"{what} is written with {k + 1} component indices, but its shape has {len(dims)}"
    )


def _ranges(defs: Definitions, claim_exprs: Sequence[sympy.Expr]) -> dict[tuple[str, int], tuple]:  # type: ignore[type-arg]
    ranges: dict[tuple[str, int], tuple] = {}  # type: ignore[type-arg]
    for e in defs.all_exprs(claim_exprs):
        for s in e.atoms(sympy.Sum, sympy.Product):
            for v, a, b in s.limits:
                for ix in s.function.atoms(sympy.Indexed):
                    for slot, value in enumerate(ix.indices):
                        if value == v:
                            ranges.setdefault((str(ix.base.label), slot), (a, b))
    return ranges


def _layer_symbols(exprs: Iterable[sympy.Basic]) -> set[sympy.Symbol]:
    return {s for e in exprs for _, lay in layer_slots(e) for s in lay.free_symbols}
