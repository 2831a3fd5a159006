"""Sizes of an instance that every written constraint allows.

Instantiation draws sizes as before (distinct small sizes; layer widths by the layer convention,
neighbours different); `tie` then gives the one size name of a class of the `SizeModel` the
value the class fixes:

- a number: `\\sum_{j=1}^{n} x_j` beside `\\sum_{j=1}^{3} x_j` makes n = 3;
- one layer width: `\\sum_{j=1}^{r} a^{[L]}_j` makes r the width of layer L, `y - a^{[L]}` the
  length n of a declared `y = "vector(n)"`;
- a declared size on a generic layer (`W = "matrix(n, n)"` used as `W^{[l]}`): every layer has
  that width.

A layer width in a class with a number the claim writes (`\\sum_{j=1}^{3} a^{[1]}_j`) takes it
as a size name does, unless a definition writes that width (`pins.py`); a class with two numbers
gives its name or width the larger (every number written fits; where they cannot all be the
size the instantiation meets the mismatch). A class with two layer widths, or two size names the
author wrote apart (m and n of `X = "matrix(m, n)"`), is left as drawn: distinct letters are
distinct sizes, and the instantiation reports the mismatch it meets there as a shape that no
such sizes allow. Only
a sum's upper limit is no size of a shape: `\\sum_{i=1}^{m} x_i` with `x = "vector(n)"` says
m <= n, not m = n, so the limits of such a class take its smallest drawn values and the sizes
of shapes the largest (still distinct letters, distinct sizes, and x_m within x); in the second
size set each such limit is the size of the shape instead (m = n, also allowed).

A limit or index written with an offset (`a^{[L]}_{r+1}`: r + 1 <= the width) bounds its name
further; `derive/shapes/offsets.py` raises the sizes that leave it no room first and gives it
its value last (at the bound in the second size set, below it in the first).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derive.shapes.infer import SizeModel
from derive.shapes.offsets import fit, make_room, written_width
from derive.shapes.unify import Slot, Term, Width, width_symbol


def _layer(t: Width, env: Mapping[sympy.Symbol, int]) -> int | None:
    value = t.layer.xreplace({k: sympy.Integer(v) for k, v in env.items()})
    return int(value) if value.is_Integer else None


def _own(t: Width) -> bool:
    """Whether the layer is a definition's own index (renamed apart: a Dummy)."""
    free = t.layer.free_symbols
    return bool(free) and all(isinstance(s, sympy.Dummy) for s in free)


def tie(
    model: SizeModel,
    env: Mapping[sympy.Symbol, int],
    last: sympy.Symbol,
    *,
    boundary: bool = False,
    fixed: frozenset[sympy.Symbol] = frozenset(),
) -> dict[sympy.Symbol, int]:
    """env with the sizes of each class made one (see the module docstring). `last` is the
    Symbol of L, the last layer (its value in env, when there are layers). With `boundary`, a
    sum's upper limit takes the size of the shape it indexes (m = n, the largest m allowed).
    `fixed`: sizes of env the writing gives (`m = 3`, or n = 2 of a stacked column of 3
    entries), never raised to make room for an index."""
    out = dict(env)
    _numbered_widths(model, out, last)  # \sum_{j=1}^{3} a^{[1]}_j: layer 1 has 3 units
    make_room(model, out, last, boundary=boundary, fixed=fixed)  # a_{r+1}: room below the width
    for cls in model.classes:
        numbers = _numbers(model, cls)
        sized = [t for t in cls if isinstance(t, sympy.Symbol) and t in out]
        # the count #i of a sum written without limits is no size the author wrote: it takes
        # the size of the class it is in, whatever letter the author gave that size
        counts = [t for t in sized if t.name.startswith("#")]
        names = [t for t in sized if not t.name.startswith("#")]
        if len(names) > 1:
            _limits_below(model, names, out, boundary)
        if len(names) > 1:
            continue  # two size names the author wrote apart: as drawn
        if not names:
            if not counts:
                continue
            names, counts = counts[:1], counts[1:]
        (name,) = names
        _tie_class(model, cls, out, name, numbers, last)
        for count in counts:
            if name in out:
                out[count] = out[name]
    fit(model, out, boundary=boundary)  # r + 1 <= n: r at its bound, or below it
    return out


def _numbers(model: SizeModel, cls: frozenset[Term]) -> set[int]:
    """The numbers a class of sizes is written with, and, beside one, the indices written as
    numbers in its slots (`a^{[1]}_3` beside `\\sum_{j=1}^{2} a^{[1]}_j`: 3 units, where the sum
    is a partial one); without a number, those indices only raise a drawn size
    (`offsets.make_room`)."""
    numbers = {int(t) for t in cls if isinstance(t, sympy.Integer)}
    if numbers:
        numbers |= {k for term, k in model.least if term in cls}
    return numbers


def _numbered_widths(model: SizeModel, out: dict[sympy.Symbol, int], last: sympy.Symbol) -> None:
    """In place: a layer width that a number of the claim sizes (`\\sum_{j=1}^{3} a^{[1]}_j`, the
    largest of two) takes it, as a size name does (the layer convention drew 2 or 3, and a true
    `\\sum_{j=1}^{3} a^{[1]}_j = a^{[1]}_1 + a^{[1]}_2 + a^{[1]}_3` was refuted as a shape); a
    width the definitions write (`pins.py`) is kept. A neighbour drawn equal is moved up (never
    one sized so): the weight matrix between them stays non-square."""
    fixed: dict[int, int] = {}
    for cls in model.classes:
        numbers = _numbers(model, cls)
        for w in (t for t in cls if isinstance(t, Width) and numbers):
            k = _layer(w, out)
            if k is None or width_symbol(k) not in out:
                continue
            if written_width(model, k, out, last) is None:
                fixed[k] = max(numbers)
    for k, value in fixed.items():
        out[width_symbol(k)] = value
    for k in sorted(fixed):
        for j in (k - 1, k + 1):
            key = width_symbol(j)
            if j in fixed or key not in out or written_width(model, j, out, last) is not None:
                continue
            avoid = {out.get(width_symbol(j - 1)), out.get(width_symbol(j + 1))}
            while out[key] in avoid:
                out[key] += 1


def _limits_below(
    model: SizeModel, names: list[sympy.Symbol], out: dict[sympy.Symbol, int], boundary: bool
) -> None:
    """The drawn values of a class's size names reordered, in place, so that every sum's upper
    limit is below every size of a shape it indexes (`\\sum_{i=1}^{m} x_i`: m <= len(x)); with
    `boundary`, equal to the smallest of them (m = len(x) is allowed too: a claim true only
    for m < n, `\\sum_{i=1}^{m} x_i = \\sum_{i=1}^{n} x_i - x_n`, must meet m = n)."""
    limits = sorted((s for s in names if s in model.limits), key=lambda s: s.name)
    shapes = sorted((s for s in names if s not in model.limits), key=lambda s: out[s])
    if not limits or not shapes:
        return
    values = sorted(out[s] for s in names)
    for s, v in zip([*limits, *shapes], values, strict=True):
        out[s] = v
    if boundary:
        for s in limits:
            out[s] = min(out[t] for t in shapes)


def _tie_class(
    model: SizeModel,
    cls: frozenset[Term],
    out: dict[sympy.Symbol, int],
    name: sympy.Symbol,
    numbers: set[int],
    last: sympy.Symbol,
) -> None:
    """Give `name` the value its class fixes (a number, or one layer's width), in place. Of two
    numbers (`\\sum_{j=1}^{2} x_j` and `\\sum_{j=1}^{3} x_j`) the larger: every one written fits
    (where they cannot all be the size, `X = "matrix(2, 3)"` in `X x`, the instance meets the
    mismatch either way, a shape no sizes allow)."""
    if numbers:
        out[name] = max(numbers)
        return
    widths = [w for w in cls if isinstance(w, Width)]
    layers = {_layer(w, out) for w in widths}
    generic = any(_own(w) for w in widths)  # a definition's l: it holds for every layer
    if generic and name in model.declared and last in out:
        # W = "matrix(n, n)" on W^{[l]}: every layer has n units; n takes the input
        # layer's drawn width (a layer's small size, not a sample count's)
        value = out.get(width_symbol(0), out[name])
        out[name] = value
        for k in range(int(out[last]) + 1):
            out[width_symbol(k)] = value
    elif len(layers) == 1:
        (only,) = layers
        if only is not None and width_symbol(only) in out:
            out[name] = out[width_symbol(only)]


def index_size(
    model: SizeModel, index: sympy.Symbol, env: Mapping[sympy.Symbol, int]
) -> int | None:
    """How many values a free index takes, from the sizes of the slots it is used in; None when
    nothing written bounds it, or when its uses give it different sizes (a claim that indexes
    a name past its size is then refuted by the range check, as written)."""
    cls = model.indices.get(index)
    if cls is None:
        return None
    values: set[int] = set()
    for t in cls:
        value = _value(t, env)
        if value is not None:
            values.add(value)
    return values.pop() if len(values) == 1 else None  # two sizes: the uses disagree


def _value(t: Term, env: Mapping[sympy.Symbol, int]) -> int | None:
    if isinstance(t, sympy.Integer):
        return int(t)
    if isinstance(t, sympy.Symbol):
        return int(env[t]) if t in env else None
    if isinstance(t, Width):
        k = _layer(t, env)
        return int(env[width_symbol(k)]) if k is not None and width_symbol(k) in env else None
    assert isinstance(t, Slot)
    return None
