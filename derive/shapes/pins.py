"""Layer widths that the writing fixes to a number.

- A sum in a `given` definition written with limits over the units of a numbered layer:
  `\\sum_{k=1}^{3} w^{[1]}_{jk} a^{[0]}_k` makes layer 0 three units wide (the limit may be a size
  name: the width is then that size's value).
- A vector or matrix literal (in the claim or a definition) that writes out a *whole* layered
  vector or matrix at a numbered layer, in order: `[b^{[1]}_1; b^{[1]}_2]` makes layer 1 two
  units wide.
- A number added to a whole layered vector at a numbered layer, or at L (the last layer) or
  L - 1, ...: `1 - a^{[3]}` (a cross-entropy of one output, `\\log(1 - a^{[3]})`) makes layer 3
  one unit wide: a number plus a vector is well-formed only when the vector has one entry. A
  plain name neither defined nor declared with a shape is a number too, and a plain name
  defined as a whole layered vector stands for it: `\\hat y - y` with `\\hat y = a^{[N]}`.

Anything else leaves the widths to the layer convention (`derive/shapes/layout.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from derive.notation import arrays
from derive.notation.names import Names, family_of
from derive.shapes.layout import Layout, component_slots


def count_symbol(v: sympy.Symbol) -> sympy.Symbol:
    """The upper bound the reader gives a sum written without limits (`\\sum_k`)."""
    return sympy.Symbol(f"#{v.name}", integer=True, positive=True)


def pinned_layers(
    names: Names,
    definitions: Iterable[sympy.Basic],
    claim: Iterable[sympy.Basic],
    flipped: frozenset[str] = frozenset(),
) -> dict[int, sympy.Expr]:
    """Layer -> its width (a number, or an expression in size names), from the sums of the
    definitions and the literals of the claim and the definitions (see the module docstring).
    A flipped family (orient.py) has the unit of layer l-1 first."""
    definitions = list(definitions)
    pinned: dict[int, sympy.Expr] = {}
    for e in definitions:
        for s in e.atoms(sympy.Sum):
            for v, a, b in s.limits:
                if a != 1 or b == count_symbol(v):
                    continue
                for ix in s.function.atoms(sympy.Indexed):
                    label = str(ix.base.label)
                    if not family_of(label).layer or not ix.indices[0].is_Integer:
                        continue
                    spec = names.spec(family_of(label).name)
                    if spec is not None and spec.shape is not None:
                        continue
                    comps = ix.indices[component_slots(label) :]
                    for c, value in enumerate(comps[:2]):
                        if value == v:
                            back = 1 - c if label in flipped and len(comps) == 2 else c
                            pinned.setdefault(int(ix.indices[0]) - back, b)
    for e in [*claim, *definitions]:
        for lit in sorted(e.atoms(arrays.Literal), key=sympy.default_sort_key):
            for k, size in literal_pins(lit, names).items():
                pinned.setdefault(k, sympy.Integer(size))
    return pinned


def literal_pins(lit: arrays.Literal, names: Names) -> dict[int, int]:
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


def number_sum_pins(
    layout: Layout,
    exprs: Iterable[sympy.Basic],
    last: sympy.Symbol,
    values: Mapping[sympy.Symbol, sympy.Expr] | None = None,
) -> tuple[dict[int, sympy.Expr], dict[int, sympy.Expr]]:
    """The layers whose whole layered vector a number is added to (`1 - a^{[3]}`, `1 - a^{[L]}`:
    see the module docstring), each one unit wide: (numbered layer -> 1, c -> 1 for the layer
    L - c counted from the last layer L). `values` are the plain names `given` defines: a name
    defined as a whole layered vector (`\\hat y = a^{[N]}`) stands for it, and a plain name
    neither defined nor declared with a shape (`y`) is a number (`\\hat y - y`)."""
    values = values or {}

    def number(t: sympy.Basic) -> bool:
        _, rest = t.as_coeff_Mul()
        return bool(t.is_Number) or (
            isinstance(rest, sympy.Symbol)
            and rest.is_commutative is not False
            and rest not in values
            and layout.declared(rest.name) is None
            and not layout.names.is_layer(rest)
        )

    numbered: dict[int, sympy.Expr] = {}
    from_last: dict[int, sympy.Expr] = {}
    for e in exprs:
        for add in sorted(e.atoms(sympy.Add), key=sympy.default_sort_key):
            if not any(number(t) for t in add.args):
                continue
            for t in add.args:
                _, rest = t.as_coeff_Mul()
                rest = values.get(rest, rest) if isinstance(rest, sympy.Symbol) else rest
                if not isinstance(rest, sympy.Indexed) or rest.is_commutative is not False:
                    continue
                label = str(rest.base.label)
                layer = rest.indices[0] if family_of(label).layer else None
                found = layout.terms(label, layer) if layer is not None else None
                if layer is None or found is None or found[1] != "layered vector":
                    continue
                if layer.is_Integer:
                    numbered.setdefault(int(layer), sympy.Integer(1))
                elif layer.free_symbols == {last} and (last - layer).is_Integer:
                    from_last.setdefault(int(last - layer), sympy.Integer(1))
    return numbered, from_last
