"""Shapes that a claim's `given` fixes by writing a value out: a name defined by a matrix
literal (`A = \\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}`) is a 2 x 2 matrix, exactly as if it were
declared `A = "matrix(2, 2)"`.

Without this, such a name is read as a number before its definition is known, so `A \\odot B`
(the elementwise product) and `A B` (the matrix product) become the same commutative product
and a false claim `A \\odot B = A B` would verify.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import sympy

from derive.model import SymbolSpec
from derive.notation import arrays
from derive.notation.statements import Definition


def literal_shapes(
    specs: Mapping[str, SymbolSpec], definitions: Iterable[Definition]
) -> dict[str, SymbolSpec]:
    """The specs with a shape added for every plain name defined by a vector or matrix literal
    and not declared with a shape: (rows, cols), or (rows, "1") for a column. Names declared with
    a shape keep theirs (a conflict with the literal is found when the definition is unrolled)."""
    out = dict(specs)
    for d in definitions:
        target, value = d.target, d.value
        shape = _written_shape(value, out)
        if not isinstance(target, sympy.Symbol) or shape is None:
            continue
        name = target.name
        spec = out.get(name)
        if spec is not None and (spec.shape is not None or spec.is_function):
            continue
        out[name] = replace(spec, shape=shape) if spec else SymbolSpec(name, shape=shape)
    return out


def _written_shape(value: sympy.Basic, specs: Mapping[str, SymbolSpec]) -> tuple[str, str] | None:
    """The shape a definition's value fixes: a literal's, or the softmax (a column like its
    argument) or diag (square) of a name declared a column, `\\hat{y} = softmax(o)`."""
    if isinstance(value, arrays.Literal):
        return str(value.rows), str(value.cols)
    if isinstance(value, arrays.Softmax | arrays.Diag) and isinstance(value.args[0], sympy.Symbol):
        spec = specs.get(value.args[0].name)
        if spec is None or spec.shape is None or spec.shape[1] != "1":
            return None
        n = spec.shape[0]
        return (n, "1") if isinstance(value, arrays.Softmax) else (n, n)
    return None
