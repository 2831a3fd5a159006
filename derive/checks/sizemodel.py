"""The claim's `SizeModel`: what every name is and which sizes are one, from the shapes stage
(`derive/shapes`) read over the claim's sides and every definition of its `given`.

This module says what the shapes stage reads (each definition's own indices and counts renamed
apart from the claim's, the layer widths and sums the writing pins) and solves it in the
gradient layout that fits (`shapes/orient.py`); `instances.py` draws the concrete sizes and
index values of an instance from the model it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy

from derive.checks.definitions import LAST, Definitions
from derive.shapes.infer import SizeModel, infer
from derive.shapes.layout import Layout
from derive.shapes.offsets import notes as offset_notes
from derive.shapes.orient import orient
from derive.shapes.pins import count_symbol, number_sum_pins, pinned_layers
from derive.shapes.walk import Source


def size_model(defs: Definitions, claim_exprs: Sequence[sympy.Expr]) -> SizeModel:
    """What every name is and which sizes are one (derive/shapes): the claim's sides and every
    definition, each definition's own indices renamed apart from the claim's."""
    sources = [Source(tuple(claim_exprs), "the claim", claim=True)]
    counts = [_counts(e) for e in claim_exprs]
    shared = _shared([set().union(*counts), *(_counts(d.value) for d in defs.definitions)])
    for d in defs.definitions:
        own = set(d.params)
        if isinstance(d.target, sympy.Indexed):
            own |= {x for i in d.target.indices for x in i.free_symbols}
        # the count #k of a sum written without limits is the sum's own: `\\sum_k` in a
        # definition (over the units of layer l-1) is not the claim's `\\sum_k` (over layer
        # L), which sharing it tied into one class with two layer widths (a true claim refuted).
        # Only a count written elsewhere too: renamed here, a count of this definition alone
        # would lose the ties its summand gives it (\\sum_j e^{o_j}: #j is the length of o)
        own |= _counts(d.value) & shared
        apart = {x: sympy.Dummy(x.name, **x.assumptions0) for x in own}
        exprs: tuple[sympy.Basic, ...] = (d.value.xreplace(apart),)
        if isinstance(d.target, sympy.Symbol | sympy.Indexed):
            exprs = (d.target.xreplace(apart), *exprs)
        sources.append(
            Source(exprs, f"in given {d.latex}", same_shape=len(exprs) == 2, latex=d.latex)
        )
    layout = Layout.of(defs.names, defs.all_exprs(claim_exprs), defs.gradient)

    def solve(layout: Layout, whole: bool) -> SizeModel:
        ones = number_sum_pins(
            layout,
            defs.all_exprs(claim_exprs),
            defs.names.layer_symbol(LAST),
            defs.symbols,
            defs.functions,
            defs.all_exprs(),
        )
        written = pinned_layers(defs.names, defs.all_exprs(), claim_exprs, layout.flipped)
        read = sources if whole else sources[1:]  # sources[0] is the claim
        notes = ones.notes_beside(written)
        model = infer(layout, read, {**ones.numbered, **written}, ones.from_last, notes)
        return replace(model, notes=(*model.notes, *offset_notes(model)))

    return orient(layout, solve)


def _counts(e: sympy.Basic) -> set[sympy.Basic]:
    """The counts #k of the sums written without limits in e."""
    return {
        b for s in e.atoms(sympy.Sum, sympy.Product) for v, _, b in s.limits if b == count_symbol(v)
    }


def _shared(groups: Sequence[set[sympy.Basic]]) -> set[sympy.Basic]:
    """What is in two of the groups or more."""
    seen: set[sympy.Basic] = set()
    twice: set[sympy.Basic] = set()
    for g in groups:
        twice |= g & seen
        seen |= g
    return twice
