"""Which way round each layered matrix is written.

The layer convention reads `w^{[l]}_{jk}` as the weight from unit k of layer l-1 to unit j of
layer l (a matrix of n^{[l]} x n^{[l-1]}). Many notes write it the other way round:
`z_j^l = \\sum_i w_{ij}^l a_i^{l-1} + b_j^l`, with i the unit of layer l-1. Which way a family
is written follows from its uses: a sum over the units of layer l-1 (`a_i^{l-1}`) that runs over
the first index of w, and a free index that is a unit of layer l (`z_j^l`) in its second, fit
only the flipped orientation.

`orient` keeps the convention unless it makes two neighbouring layers one size (the widths of
layers l and l-1 in one class of the size model, which no instance allows: neighbouring layers
always differ) and flipping a family removes such classes; then the family is flipped. The
definitions in `given` decide first (they fix the notes' notation; the claim is what is
checked): a claim that indexes w against its own definitions is refuted. So a shape refutation
is left only when no orientation fits everything written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sympy

from derive.errors import ShapeConflict
from derive.notation.names import family_of
from derive.shapes.infer import SizeModel
from derive.shapes.layout import Layout
from derive.shapes.unify import Width


def neighbour_clashes(model: SizeModel) -> int:
    """How many classes of the model hold the widths of two layers a fixed number apart
    (n^{[l]} and n^{[l-1]}): sizes no instance gives."""
    clashes = 0
    for cls in model.classes:
        layers = [t.layer for t in cls if isinstance(t, Width)]
        if any(
            sympy.sympify(a - b).is_Integer and a != b
            for k, a in enumerate(layers)
            for b in layers[k + 1 :]
        ):
            clashes += 1
    return clashes


def candidates(layout: Layout) -> list[str]:
    """Layered families written with two component indices and no declared shape."""
    out = []
    for label, rank in sorted(layout.ranks.items()):
        fam = family_of(label)
        if rank == 2 and fam.layer and not fam.sample and layout.declared(fam.name) is None:
            out.append(label)
    return out


def orient(layout: Layout, solve: Callable[[Layout, bool], SizeModel]) -> SizeModel:
    """The size model under the orientation of each layered matrix that fits the writing best:
    the convention, unless flipping a family leaves fewer clashes of neighbouring layers in the
    definitions (which fix the notation; the claim is what is checked), or as many there and
    fewer in the claim with them. `solve(layout, whole)` reads the definitions, and the claim
    too when `whole`."""
    best = solve(layout, True)
    whole = neighbour_clashes(best)
    if not whole:
        return best
    score = (neighbour_clashes(solve(layout, False)), whole)
    for label in candidates(layout):
        trial = dataclasses.replace(layout, flipped=layout.flipped | {label})
        try:
            model = solve(trial, True)
            found = (neighbour_clashes(solve(trial, False)), neighbour_clashes(model))
        except ShapeConflict:  # the flipped family makes the definitions inconsistent
            continue
        if found < score:
            best, score, layout = model, found, trial
        if not score[1]:
            break
    return best
