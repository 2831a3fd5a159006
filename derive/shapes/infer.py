"""What every written name is, and which sizes its uses make equal.

`infer` walks the claim's sides and every `given` definition once, before any size is drawn,
and collects equations between size terms (`derive/shapes/unify.py`):

- a declared shape names its sizes (`y = "vector(n)"`: the length of y is n);
- a vector or matrix literal fixes its shape; a layered name follows the layer convention
  (`W^{[l]}` is Width(l) x Width(l-1), `a^{[l]}` a vector of Width(l));
- `+`, `-` and `\\odot` make the shapes of their operands equal, a product the inner sizes,
  `^T` swaps, `X_{:,i}` is a column of X (and i ranges over X's columns);
- a sum's upper limit is the length of the slot its index runs over
  (`\\sum_{j=1}^{r} a^{[L]}_j`: r is the width of layer L);
- a free index ranges over the same sizes at every occurrence.

The two sides of a relation are never made equal: that is what the claim asserts, and what the
checks decide. The result, a `SizeModel`, is what instantiation reads sizes and index ranges from.
The walk of the uses is `walk.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sympy

from derive.errors import ShapeConflict
from derive.shapes.layout import Layout
from derive.shapes.unify import Offset, Term, Unifier, Use
from derive.shapes.walk import Shape, Source, Walk


@dataclass(frozen=True)
class SizeModel:
    """The solved sizes of one claim: classes of size terms that are one size, the size terms of
    every free index, and what each name was read as."""

    classes: tuple[frozenset[Term], ...]
    indices: Mapping[sympy.Symbol, frozenset[Term]]
    kinds: Mapping[str, str]
    declared: frozenset[sympy.Symbol]
    shapes: Mapping[str, Shape] = field(default_factory=dict)  # array name -> (rows, cols)
    slots: Mapping[tuple[str, int], Term] = field(default_factory=dict)  # family slot -> size
    layout: Layout | None = None  # how the shape of each name at each layer is decided
    pinned: Mapping[int, sympy.Expr] = field(default_factory=dict)  # layer -> its written width
    from_last: Mapping[int, sympy.Expr] = field(default_factory=dict)  # c -> width of layer L - c
    # the upper limits of sums over an index slot: \\sum_{i=1}^{m} x_i says m <= the slot's size
    limits: frozenset[sympy.Symbol] = frozenset()
    # what forced a layer to one unit (`pins.number_sum_pins`), for the verdict to say
    notes: tuple[str, ...] = ()
    # r + c <= a size, from an index or a sum's limit written with an offset (`a_{r+1}`), and
    # the least value such writing allows each name (`x_{r-1}`: r >= 2); `shapes/offsets.py`
    offsets: tuple[Offset, ...] = ()
    floors: Mapping[sympy.Symbol, int] = field(default_factory=dict)
    # (size, k): an index k written as a number in a slot of that size (`x_3`, or the last of
    # `\sum_{j=2}^{5} x_j`) says size >= k; `shapes/offsets.py` raises a drawn size below it
    least: tuple[tuple[Term, int], ...] = ()

    def class_of(self, t: Term) -> frozenset[Term]:
        for c in self.classes:
            if t in c:
                return c
        return frozenset({t})


def infer(
    layout: Layout,
    sources: Iterable[Source],
    pinned: Mapping[int, sympy.Expr] | None = None,
    from_last: Mapping[int, sympy.Expr] | None = None,
    notes: tuple[str, ...] = (),
) -> SizeModel:
    """Read every use in the sources and solve the equations between sizes. The result carries
    the layout it read shapes with and the layer widths the writing pins (`pins.py`): what
    instantiation draws sizes and reads shapes from."""
    names = layout.names
    w = Walk(layout)
    for src in sources:
        w.source(src)
    for (scope, i), terms in w.occurrences.items():
        for t in terms[1:]:
            w.unifier.equate(terms[0], t, Use(f"every {i}", scope))
    classes = tuple(w.unifier.classes())
    indices = {
        i: w.unifier.class_of(terms[0])
        for (scope, i), terms in w.occurrences.items()
        if scope == "claim"
    }
    shaped = frozenset(
        names.symbol(t)
        for spec in names.specs.values()
        for t in spec.shape or ()
        if t.isidentifier()
    )
    declared = shaped | frozenset(names.symbol(n) for n in names.sizes())
    for cls in classes:
        _check_conflict(cls, w.unifier, declared)
    return SizeModel(
        classes,
        indices,
        dict(w.kinds),
        declared,
        dict(w.shapes),
        dict(w.slots),
        layout,
        dict(pinned or {}),
        dict(from_last or {}),
        frozenset(w.limits) - shaped,  # a size a shape names is that shape's, not a limit
        notes,
        tuple(dict.fromkeys(w.offsets)),
        dict(w.floors),
        tuple(dict.fromkeys(w.least)),
    )


def shape_of(layout: Layout, expr: sympy.Basic) -> Shape | None:
    """The shape of one expression as read by the walk (None for a number), each size given as
    the written size (a number or a size name) its uses make it equal to, when there is one."""
    w = Walk(layout)
    shape = w.walk(expr, frozenset())
    if shape is None:
        return None
    return _written_term(w.unifier, shape[0]), _written_term(w.unifier, shape[1])


def _written_term(unifier: Unifier, t: Term) -> Term:
    if isinstance(t, sympy.Integer | sympy.Symbol):
        return t
    written = {
        u
        for u in unifier.class_of(t)
        if isinstance(u, sympy.Integer) or (isinstance(u, sympy.Symbol) and u.name[:1] != "#")
    }
    return written.pop() if len(written) == 1 else t


def _check_conflict(
    cls: frozenset[Term], unifier: Unifier, declared: frozenset[sympy.Symbol]
) -> None:
    """Two different numbers, or two different declared size names (distinct letters are
    distinct sizes: m and n of `X = "matrix(m, n)"`), made one size by the definitions alone:
    no sizes allow the `given` as written, an error naming both uses. A claim's own uses are
    left to the checks, which refute a shape that does not fit (no sizes allow the claim as
    written beside its definitions: a counterexample to the claim, not an unreadable input)."""
    numbers = sorted({int(t) for t in cls if isinstance(t, sympy.Integer)})
    written: list[Term] = [sympy.Integer(n) for n in numbers]
    written += sorted((t for t in cls if isinstance(t, sympy.Symbol) and t in declared), key=str)
    if len(written) < 2:
        return
    uses = list(unifier.uses_between(cls))
    if not uses or any(not u.latex for u in uses):
        return
    a, b = written[0], written[1]
    first = next((u for u in uses if a in _terms(unifier, u)), uses[0])
    second = next((u for u in uses if b in _terms(unifier, u)), first)
    places = (first.place(),) if first == second else (first.place(), second.place())
    raise ShapeConflict(
        f"the sizes {a} and {b} must be one size: {first}"
        + ("" if first == second else f" and {second}"),
        places,
    )


def _terms(unifier: Unifier, use: Use) -> set[Term]:
    return {t for a, b, u in unifier.uses if u is use for t in (a, b)}
