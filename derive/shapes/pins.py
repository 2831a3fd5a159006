"""Layer widths that the writing fixes to a number.

- A sum in a `given` definition written with limits over the units of a numbered layer:
  `\\sum_{k=1}^{3} w^{[1]}_{jk} a^{[0]}_k` makes layer 0 three units wide (the limit may be a size
  name: the width is then that size's value).
- A vector or matrix literal (in the claim or a definition) that writes out a *whole* layered
  vector or matrix at a numbered layer, in order: `[b^{[1]}_1; b^{[1]}_2]` makes layer 1 two
  units wide.
- A *name* that is a number added to a whole layered vector at a numbered layer, or at L (the
  last layer) or L - 1, ...: `a^{[3]} - y` with y declared `binary`, or a plain name neither
  defined nor declared with a shape (`\\hat y - y` with `\\hat y = a^{[N]}`: a plain name
  defined as a whole layered vector stands for it). A name beside a vector is not added to
  every entry (only a written number is, `derive/checks/arrays.py`), so the sum is well-formed
  only when the vector has one entry: the layer has one unit.
- A *written* number added to a whole layered vector (`1 - a^{[3]}`) is added to every entry,
  element-wise, as NumPy does, unless something written forces the sum to be a number (see
  `forced_by`): then the layer has one unit. So `\\|1 - a^{[L]}\\|^2` is the squared norm of
  the vector of the 1 - a^{[L]}_j, at every width, while the cross-entropy of one output
  `\\mathcal{L} = -[y\\log a^{[3]} + (1-y)\\log(1-a^{[3]})]`, differentiated by the matrix
  W^{[3]}, is a number, so layer 3 has one unit.

Every pin of the last two kinds carries a note saying which layer has one unit and what forced
it, which the verdict repeats.

Anything else leaves the widths to the layer convention (`derive/shapes/layout.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef

from derive.notation import arrays
from derive.notation.families import label_of
from derive.notation.names import Names, family_of
from derive.notation.printer import AuthorPrinter
from derive.shapes.infer import shape_of
from derive.shapes.layout import Layout, component_slots
from derive.shapes.unify import Width


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
                    label = label_of(ix)
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
    labels = {label_of(e) for e in items}
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


@dataclass(frozen=True)
class NumberPins:
    """The layers a number added to their whole vector gives one unit: numbered layer -> 1, and
    c -> 1 for the layer L - c counted from the last layer L; a note for each, saying what
    forced it (the verdict repeats them)."""

    numbered: dict[int, sympy.Expr] = field(default_factory=dict)
    from_last: dict[int, sympy.Expr] = field(default_factory=dict)
    # (counted from the last layer?, the layer or c) -> what forced it
    notes: dict[tuple[bool, int], str] = field(default_factory=dict)

    def notes_beside(self, written: Mapping[int, sympy.Expr]) -> tuple[str, ...]:
        """The notes of the pins kept beside the widths a literal or a sum writes (which win)."""
        return tuple(t for (counted, k), t in self.notes.items() if counted or k not in written)


def number_sum_pins(
    layout: Layout,
    exprs: Iterable[sympy.Basic],
    last: sympy.Symbol,
    values: Mapping[sympy.Symbol, sympy.Expr] | None = None,
    functions: Mapping[str, sympy.Lambda] | None = None,
    definitions: Iterable[sympy.Basic] = (),
) -> NumberPins:
    """The layers whose whole layered vector a number is added to, where that makes the layer
    one unit wide (see the module docstring): a name beside it (`a^{[3]} - y`), or a written
    number (`1 - a^{[3]}`) where something written forces the sum to be a number (`forced_by`).
    `values` and `functions` are what `given` defines (a plain name defined as a whole layered
    vector, `\\hat y = a^{[N]}`, stands for it; a plain name neither defined nor declared with
    a shape, `y`, is a number); `definitions` the defining expressions, whose products may
    force it."""
    values = values or {}
    exprs = list(exprs)
    definitions = list(definitions)

    def name_number(t: sympy.Basic) -> bool:
        _, rest = t.as_coeff_Mul()
        return (
            isinstance(rest, sympy.Symbol)
            and rest.is_commutative is not False
            and rest not in values
            and layout.declared(rest.name) is None
            and not layout.names.is_layer(rest)
        )

    tables: dict[bool, dict[int, sympy.Expr]] = {False: {}, True: {}}  # from the last layer?
    notes: dict[tuple[bool, int], str] = {}
    for e in exprs:
        for add in sorted(e.atoms(sympy.Add), key=sympy.default_sort_key):
            named = [t for t in add.args if name_number(t)]
            if not named and not any(t.is_Number for t in add.args):
                continue
            for t in add.args:
                layer = _whole_layer(layout, t, values)
                if layer is None:
                    continue
                if layer.is_Integer:
                    key, counted = int(layer), False
                elif layer.free_symbols == {last} and (last - layer).is_Integer:
                    key, counted = int(last - layer), True
                else:
                    continue
                if key in tables[counted]:
                    continue
                if named:
                    why: str | None = (
                        f"{_tex(layout, add)}: {_tex(layout, named[0].as_coeff_Mul()[1])} is a "
                        "number, and a name added to a vector is not added to every entry"
                    )
                else:
                    why = forced_by(layout, add, layer, [*exprs], definitions, values, functions)
                if why is None:
                    continue  # element-wise: 1 - a^{[L]} is the vector of the 1 - a^{[L]}_j
                tables[counted][key] = sympy.Integer(1)
                which = "output layer" if counted and key == 0 else "layer"
                notes[counted, key] = f"{which} {layer} instantiated with 1 unit: forced by {why}"
    return NumberPins(tables[False], tables[True], notes)


def forced_by(
    layout: Layout,
    add: sympy.Add,
    layer: sympy.Expr,
    exprs: Iterable[sympy.Basic],
    definitions: Iterable[sympy.Basic],
    values: Mapping[sympy.Symbol, sympy.Expr],
    functions: Mapping[str, sympy.Lambda] | None = None,
) -> str | None:
    """What written use makes `add`, a written number plus the whole vector of `layer`, a
    number; None when nothing does (it is then element-wise):

    - it is in an expression of that layer's shape (a column of its units) that is
      differentiated by a matrix (`\\frac{\\partial E}{\\partial W^{[3]}}` with E defined by
      it, a name defined through such a name, or a defined function's body): a derivative by
      a matrix is taken of a number;
    - a product in a definition holding it joins that layer's width to a 1 (a column times a
      matrix whose rows are that layer's units, `(1 - a^{[2]}) W^{[2]}`): only one unit fits.
    """
    column = (Width(layer), sympy.Integer(1))
    for e in exprs:
        for g in sorted(e.atoms(arrays.Grad), key=sympy.default_sort_key):
            var = shape_of(layout, g.args[1])
            if var is None or sympy.Integer(1) in var:
                continue  # by a number or a vector: a Jacobian is allowed
            for body in _bodies(g.args[0], values, functions or {}):
                if add in body.atoms(sympy.Add) and shape_of(layout, body) == column:
                    return (
                        f"{_tex(layout, add)} in {_tex(layout, g.args[0])}, which is "
                        f"differentiated by the matrix {_tex(layout, g.args[1])} (a derivative "
                        "by a matrix is taken of a number)"
                    )
    for d in definitions:
        for m in sorted(d.atoms(sympy.Mul), key=sympy.default_sort_key):
            if add not in m.atoms(sympy.Add):
                continue
            shapes = [s for s in (shape_of(layout, a) for a in m.args) if s is not None]
            for left, right in itertools.pairwise(shapes):
                if {left[1], right[0]} == {Width(layer), sympy.Integer(1)}:
                    return (
                        f"the product {_tex(layout, m)} in a definition (it fits only one "
                        f"unit of layer {layer})"
                    )
    return None


def _bodies(
    f: sympy.Basic,
    values: Mapping[sympy.Symbol, sympy.Expr],
    functions: Mapping[str, sympy.Lambda],
) -> list[sympy.Basic]:
    """f, and what it stands for through the plain names and functions `given` defines."""
    out: list[sympy.Basic] = []
    todo = [f]
    while todo and len(out) < 16:  # a chain of definitions, never a cycle (checked before)
        x = todo.pop()
        if x in out:
            continue
        out.append(x)
        if isinstance(x, sympy.Symbol) and x in values:
            todo.append(values[x])
        elif isinstance(x, AppliedUndef) and str(x.func) in functions:
            todo.append(functions[str(x.func)].expr)
    return out


def _whole_layer(
    layout: Layout, t: sympy.Basic, values: Mapping[sympy.Symbol, sympy.Expr]
) -> sympy.Expr | None:
    """The layer of t when t is (a multiple of) a whole layered vector, or a plain name defined
    as one; else None."""
    _, rest = t.as_coeff_Mul()
    rest = values.get(rest, rest) if isinstance(rest, sympy.Symbol) else rest
    if not isinstance(rest, sympy.Indexed) or rest.is_commutative is not False:
        return None
    label = label_of(rest)
    if not family_of(label).layer:
        return None
    layer = rest.indices[0]
    found = layout.terms(label, layer)
    return layer if found is not None and found[1] == "layered vector" else None


class _NotePrinter(AuthorPrinter):
    """The author's notation with a sum's positive terms first: `a^{[2]} - y`, where SymPy's
    order of terms prints `- y + a^{[2]}`."""

    def _as_ordered_terms(self, expr: sympy.Basic, order: str | None = None) -> list[sympy.Basic]:
        terms = super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=lambda t: bool(t.could_extract_minus_sign()))  # stable


def _tex(layout: Layout, x: sympy.Basic) -> str:
    try:
        return str(_NotePrinter(layout.names.specs).doprint(x))
    except (TypeError, ValueError, AttributeError):  # printing is only for the note
        return str(x)
