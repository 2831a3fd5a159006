"""Sizes of an instance that every written constraint allows.

Instantiation draws sizes as before (distinct small sizes; layer widths by the layer convention,
neighbours different); `tie` then gives every size of one class of the `SizeModel` one value:

- a class with one number: its size names take that number;
- a class with a layer width: its size names take that width (`\\sum_{j=1}^{r} a^{[L]}_j`: r is
  the width of layer L); several widths joined through a *declared* size name
  (`W = "matrix(n, n)"`) become that one size;
- size names joined to each other (`r` and `n`) take one value.

A class with two different numbers, or two layer widths joined only through uses, is left as
drawn: the instantiation reports the mismatch it meets there (a shape that no sizes allow).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derive.shapes.infer import SizeModel
from derive.shapes.unify import Slot, Term, Width, width_symbol


def _layer(t: Width, env: Mapping[sympy.Symbol, int]) -> int | None:
    value = t.layer.xreplace({k: sympy.Integer(v) for k, v in env.items()})
    return int(value) if value.is_Integer else None


def tie(
    model: SizeModel, env: Mapping[sympy.Symbol, int], last: sympy.Symbol
) -> dict[sympy.Symbol, int]:
    """env with the sizes of each class made one (see the module docstring). `last` is the
    Symbol of L, the last layer (its value in env, when there are layers)."""
    out = dict(env)
    for cls in model.classes:
        numbers = {int(t) for t in cls if isinstance(t, sympy.Integer)}
        names = sorted(
            (t for t in cls if isinstance(t, sympy.Symbol) and t in out), key=lambda s: s.name
        )
        widths = [t for t in cls if isinstance(t, Width)]
        if len(numbers) > 1:
            continue
        if numbers:
            for s in names:
                out[s] = next(iter(numbers))
            continue
        declared = [s for s in names if s in model.declared]
        layers = [_layer(w, out) for w in widths]
        if widths and declared and (None in layers or len(set(layers)) > 1):
            value = out[declared[0]]
            if None in layers and last in out:  # generic in l: every layer
                ks = list(range(int(out[last]) + 1))
            else:
                ks = [k for k in layers if k is not None]
            for k in ks:
                out[width_symbol(k)] = value
            for s in names:
                out[s] = value
            continue
        concrete = sorted({k for k in layers if k is not None and width_symbol(k) in out})
        if len(concrete) == 1:
            for s in names:
                out[s] = out[width_symbol(concrete[0])]
        elif not widths and names:
            for s in names[1:]:
                out[s] = out[names[0]]
    return out


def index_size(
    model: SizeModel, index: sympy.Symbol, env: Mapping[sympy.Symbol, int]
) -> int | None:
    """How many values a free index takes, from the sizes of the slots it is used in; None when
    nothing written bounds it."""
    cls = model.indices.get(index)
    if cls is None:
        return None
    values: set[int] = set()
    for t in cls:
        value = _value(t, env)
        if value is not None:
            values.add(value)
    return min(values) if values else None


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
