"""Shapes that a claim's `given` fixes by writing a value out: a name defined by a matrix
literal (`A = \\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}`) is a 2 x 2 matrix, exactly as if it were
declared `A = "matrix(2, 2)"`; a name defined by a vector or matrix expression of declared names
(`u = A v` with `A = "matrix(m, n)"`, `v = "vector(n)"`) has the shape of that expression (here
`vector(m)`), read by the same walk as the rest of the shapes stage (`infer.py`).

Without this, such a name is read as a number before its definition is known, so `A \\odot B`
(the elementwise product) and `A B` (the matrix product) become the same commutative product
and a false claim `A \\odot B = A B` would verify.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import sympy

from derive.model import GradientLayout, SymbolSpec
from derive.notation import arrays
from derive.notation.definitions import Definition
from derive.notation.names import Names
from derive.shapes.infer import shape_of
from derive.shapes.layout import Layout, ranks_of
from derive.shapes.unify import Term


def literal_shapes(
    specs: Mapping[str, SymbolSpec], definitions: Iterable[Definition]
) -> dict[str, SymbolSpec]:
    """The specs with a shape added for every plain name defined by a vector or matrix literal
    and not declared with a shape: (rows, cols), or (rows, "1") for a column. Names declared with
    a shape keep theirs (a conflict with the literal is found when the definition is unrolled)."""
    out = dict(specs)
    for d in definitions:
        target, value = d.target, d.value
        if not isinstance(target, sympy.Symbol) or not isinstance(value, arrays.Literal):
            continue
        if any(_array_valued(e) for e in value.entries):
            continue  # [\nabla f \\ \nabla g]: rows stacked, shaped by defined_shapes
        name = target.name
        spec = out.get(name)
        if spec is not None and (spec.shape is not None or spec.is_function):
            continue
        shape = (str(value.rows), str(value.cols))
        out[name] = replace(spec, shape=shape) if spec else SymbolSpec(name, shape=shape)
    return out


def defined_shapes(
    specs: Mapping[str, SymbolSpec],
    definitions: Sequence[Definition],
    gradient: GradientLayout = GradientLayout.DENOMINATOR,
) -> dict[str, SymbolSpec]:
    """The specs with a shape added for every plain name, not declared with a shape, whose
    definition's value is a vector or matrix of a size the writing names (a number or a
    declared size): a literal, or an expression such as `A v` of names declared with shapes.
    A value whose shape depends on a layer or on nothing written stays a number. A name
    defined by another so-defined name (`z = B u`) is shaped when the `given` is read again
    with these specs (`engine.read_given` reads until nothing changes)."""
    out = literal_shapes(specs, definitions)
    layout = Layout(Names(out), ranks_of(d.value for d in definitions), gradient)
    found: dict[str, tuple[Definition, tuple[str, str]]] = {}
    for d in definitions:
        target = d.target
        if not isinstance(target, sympy.Symbol) or d.params:
            continue
        spec = out.get(target.name)
        if spec is not None and (spec.shape is not None or spec.is_function):
            continue
        shape = _written(shape_of(layout, d.value))
        if shape is not None:
            found[target.name] = (d, shape)
    for name, (d, shape) in found.items():
        # a value using a name shaped only now (z = B u) was read with that name a number:
        # its shape is known after the re-read
        if any(s.name in found for s in d.value.free_symbols if isinstance(s, sympy.Symbol)):
            continue
        spec = out.get(name)
        out[name] = replace(spec, shape=shape) if spec else SymbolSpec(name, shape=shape)
    return out


def _array_valued(entry: sympy.Basic) -> bool:
    """Whether a literal's entry may be a vector or matrix (a gradient, a declared array): its
    literal is then not entries by rows and columns."""
    return bool(entry.atoms(arrays.ArrayOp)) or any(
        not s.is_commutative for s in entry.free_symbols
    )


def _written(shape: tuple[Term, Term] | None) -> tuple[str, str] | None:
    """A shape as a declaration writes it, when both sizes are written ones (not 1 x 1)."""
    if shape is None:
        return None
    if not all(isinstance(t, sympy.Integer | sympy.Symbol) for t in shape):
        return None
    if all(isinstance(t, sympy.Integer) and int(t) == 1 for t in shape):
        return None
    return str(shape[0]), str(shape[1])
