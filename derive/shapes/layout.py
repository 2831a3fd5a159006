"""The one place that decides the shape of a name: its declaration, or the layer convention.

A name written with a layer index (`w^{[l]}_{jk}`, `a^{[l]}_j`) belongs to a network whose layers
are numbered 0 (the input) to L (the output); layer k has `n^{[k]}` units. Shapes follow the
usual convention unless a shape is declared: one component index is a vector of its layer's
size, two are a matrix (size of layer l) x (size of layer l-1), or (size of layer l-1) x (size of
layer l) when the writing indexes it so (`z_j^l = \\sum_i w_{ij}^l a_i^{l-1}`: `flipped`, decided
in orient.py). `Z = "matrix(n[l], m)"` declares another shape; `n[...]` is the size of a layer,
other sizes are counts of the claim; a count family with a layer subscript (`M_{l-1}`) is the
width of that layer.

`Layout.terms` gives the shape as size terms (for the unification of `infer.py`), `Layout.dims`
the same shape as integers under an instance's sizes (for the instantiation): both read the same
declaration and the same convention.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy

from derive.errors import DefinitionError, UnsupportedError
from derive.model import Domain, GradientLayout
from derive.notation.families import label_of
from derive.notation.names import Names, family_of
from derive.shapes.unify import Term, Width, width_symbol

_LAYER_SIZE = re.compile(r"^[A-Za-z]\w*\[(.+)\]$")
_WEIGHTS = frozenset({"W", "w"})


class ShapeMismatch(Exception):
    """A name used outside its shape: an index past the size of its layer, a layer that does
    not exist, a product of matrices whose sizes do not fit. The claim is refuted (kind
    `shape`); this is a result, raised only inside the checks."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def layer_size(k: int) -> sympy.Symbol:
    """The size of layer k as it appears in an instance (and in a verdict's list of sizes)."""
    return width_symbol(k)


def layer_slots(expr: sympy.Basic) -> list[tuple[sympy.Indexed, sympy.Expr]]:
    """Every indexed name that carries a layer index, with that index."""
    out = []
    for ix in expr.atoms(sympy.Indexed):
        if family_of(label_of(ix)).layer:
            out.append((ix, ix.indices[0]))
    return out


def component_slots(label: str) -> int:
    """The position of the first component index (after the layer and sample slots)."""
    fam = family_of(label)
    return int(fam.layer) + int(fam.sample)


def ranks_of(exprs: Iterable[sympy.Basic]) -> dict[str, int]:
    """Family label -> the most component indices any of its elements is written with."""
    ranks: dict[str, int] = {}
    for e in exprs:
        for ix in e.atoms(sympy.Indexed):
            label = label_of(ix)
            n = len(ix.indices) - component_slots(label)
            ranks[label] = max(ranks.get(label, 0), n)
    return ranks


def width_families(names: Names, exprs: Iterable[sympy.Basic]) -> frozenset[str]:
    """Families that count the units of each layer: a name declared `count` written with a
    layer subscript (`M_{l-1}`, `M_{L-1}` with l and L layers) is the width of that layer."""
    found: set[str] = set()
    for e in exprs:
        for ix in e.atoms(sympy.Indexed):
            label = label_of(ix)
            fam = family_of(label)
            spec = names.spec(fam.name)
            if (
                not fam.layer
                and not fam.sample
                and spec is not None
                and spec.domain is Domain.COUNT
                and spec.shape is None
                and len(ix.indices) == 1
                and any(names.is_layer(s) for s in ix.indices[0].free_symbols)
            ):
                found.add(label)
    return frozenset(found)


@dataclass(frozen=True)
class Layout:
    """Shapes of the names of one claim: from declarations, or from the layer convention."""

    names: Names
    ranks: Mapping[str, int]  # family label -> number of component indices seen
    # how a derivative by a vector or matrix is arranged (the claim's `layout`)
    gradient: GradientLayout = GradientLayout.DENOMINATOR
    # families whose element at a layer is that layer's width (`M_{l-1}`: width_families)
    widths: frozenset[str] = frozenset()
    # layered matrices written with the unit of layer l-1 first (`w_{ij}^l` in
    # `z_j^l = \\sum_i w_{ij}^l a_i^{l-1}`): derive/shapes/orient.py
    flipped: frozenset[str] = frozenset()

    @staticmethod
    def of(
        names: Names,
        exprs: Iterable[sympy.Basic],
        gradient: GradientLayout = GradientLayout.DENOMINATOR,
    ) -> Layout:
        exprs = list(exprs)
        return Layout(names, ranks_of(exprs), gradient, width_families(names, exprs))

    def width_of(self, x: sympy.Basic) -> sympy.Expr | None:
        """The layer whose width x is (`M_{l-1}`: l - 1), or None when x is no such element."""
        if isinstance(x, sympy.Indexed) and label_of(x) in self.widths:
            return sympy.sympify(x.indices[0])
        return None

    def declared(self, name: str) -> tuple[str, ...] | None:
        spec = self.names.spec(name)
        return spec.shape if spec is not None else None

    def terms(self, label: str, layer: sympy.Expr | None) -> tuple[tuple[Term, Term], str] | None:
        """The shape (rows, cols) of a whole vector or matrix of a family as size terms, and
        what it is ("matrix", "vector", "layered matrix", "layered vector"); None when neither
        a declaration nor the layer convention gives one."""
        fam = family_of(label)
        shape = self.declared(fam.name)
        if shape is not None:
            terms = [self._term(t, layer) for t in shape]
            if any(t is None for t in terms):
                return None
            rows = terms[0]
            cols = terms[1] if len(terms) > 1 else sympy.Integer(1)
            assert rows is not None and cols is not None
            kind = "matrix" if len(shape) > 1 and shape[1] != "1" else "vector"
            return (rows, cols), kind
        if not fam.layer or layer is None:
            return None
        rank = self.ranks.get(label, 0)
        if rank == 2 and label in self.flipped:
            return (Width(layer - 1), Width(layer)), "layered matrix"
        if rank == 2 or (rank == 0 and fam.name in _WEIGHTS):
            return (Width(layer), Width(layer - 1)), "layered matrix"
        return (Width(layer), sympy.Integer(1)), "layered vector"

    def _term(self, text: str, layer: sympy.Expr | None) -> Term | None:
        if text.isdigit():
            return sympy.Integer(int(text))
        m = _LAYER_SIZE.match(text)
        if m:
            if layer is None:
                return None
            inner = sympy.sympify(m.group(1).replace(" ", ""))
            free = sorted(inner.free_symbols, key=str)
            return Width(sympy.sympify(inner.subs({s: layer for s in free})))
        return self.names.symbol(text)

    def dims(
        self, label: str, layer: int | None, env: Mapping[sympy.Symbol, int]
    ) -> tuple[int, ...] | None:
        """The concrete shape (rows, cols) or (size,) of a family at a layer, or None when the
        shape is not known (a plain indexed name with no declaration)."""
        fam = family_of(label)
        shape = self.declared(fam.name)
        if shape is not None:
            dims = tuple(self._size(s, layer, env) for s in shape)
            return dims[:1] if shape[1:] == ("1",) else dims  # vector(n) is read as (n, "1")
        if not fam.layer or layer is None:
            return None
        rank = self.ranks.get(label, 0)
        if layer < 0 or (rank == 2 and layer < 1):
            raise ShapeMismatch(f"{fam.name}^{{[{layer}]}}: the layer does not exist")
        if rank == 1:
            return (_get(env, layer_size(layer)),)
        if rank == 2:
            dims = (_get(env, layer_size(layer)), _get(env, layer_size(layer - 1)))
            return dims[::-1] if label in self.flipped else dims
        return None

    def default_dims(
        self, label: str, head: tuple[int, ...], env: Mapping[sympy.Basic, int]
    ) -> tuple[int, ...]:
        """A layered name never written with a component index: W/w is a weight matrix,
        anything else a vector of its layer's units."""
        fam = family_of(label)
        if not (fam.layer and head):
            raise UnsupportedError(f"cannot tell the shape of {fam.name}: declare it in [symbols]")
        k = head[0]
        layers = (k, k - 1) if fam.name in _WEIGHTS else (k,)
        for layer in layers:
            if layer_size(layer) not in env:
                raise ShapeMismatch(f"{fam.name}^{{[{k}]}}: layer {layer} does not exist")
        return tuple(env[layer_size(layer)] for layer in layers)

    def _size(self, text: str, layer: int | None, env: Mapping[sympy.Symbol, int]) -> int:
        if text.isdigit():
            return int(text)
        m = _LAYER_SIZE.match(text)
        if m:
            if layer is None:
                raise DefinitionError(f"the size {text} needs a layer index on the name")
            return _get(env, layer_size(_layer_of_size(m.group(1), layer)))
        return _get(env, self.names.symbol(text))

    def shaped_slot(self, body: sympy.Basic, v: sympy.Symbol) -> tuple[sympy.Indexed, int] | None:
        """An indexed name of known shape with v as one of its component indices: (name,
        slot)."""
        for ix in sorted(body.atoms(sympy.Indexed), key=sympy.default_sort_key):
            label = label_of(ix)
            fam = family_of(label)
            if not (fam.layer or self.declared(fam.name) is not None):
                continue
            first = component_slots(label)
            for slot, value in enumerate(ix.indices[first:]):
                if value == v:
                    return ix, slot
        return None


@functools.lru_cache(maxsize=1024)
def _layer_of_size(inner: str, layer: int) -> int:
    """The layer named by the inside of `n[l-1]` for the name's layer l (memoised: the same few
    size strings are looked up for every entry of every instance)."""
    expr = sympy.sympify(inner.replace(" ", ""))
    free = sorted(expr.free_symbols, key=str)
    return int(expr.subs({s: layer for s in free}) if free else expr)


def _get(env: Mapping[sympy.Symbol, int], key: sympy.Symbol) -> int:
    if key not in env:
        raise DefinitionError(f"the size {key} has no value in this instance")
    return int(env[key])
