"""Names as SymPy objects: one Symbol per name with the assumptions of its declared domain,
one IndexedBase per indexed family. Every part of derive asks this table, so a name always
maps to the same object (a summation index `j` and the `j` of `H_j` are one Symbol)."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derive.model import Domain, Macro, SymbolSpec

# re-exported for the modules that ask the symbol table for a name's family
from derive.notation.families import Family as Family
from derive.notation.families import family_of as family_of
from derive.notation.printer import element_name

_ASSUMPTIONS: dict[Domain, dict[str, bool]] = {
    Domain.REAL: {"real": True},
    Domain.POSITIVE: {"positive": True},
    Domain.UNIT: {"positive": True},
    Domain.BINARY: {"integer": True, "nonnegative": True},
    Domain.INTEGER: {"integer": True},
    Domain.COUNT: {"integer": True, "positive": True},
    Domain.ONEHOT: {"integer": True, "nonnegative": True},
    Domain.PROBABILITY: {"nonnegative": True},
}


LAST = "L"  # the name of the last layer


class Names:
    """The symbol table of one claim: specs in, SymPy objects out."""

    def __init__(self, specs: Mapping[str, SymbolSpec], macros: tuple[Macro, ...] = ()) -> None:
        self.specs = dict(specs)
        self.macros = macros  # the author's macros, expanded before any formula is read
        self._symbols: dict[str, sympy.Symbol] = {}
        self._bases: dict[str, sympy.IndexedBase] = {}
        self._origins: dict[sympy.Symbol, sympy.Indexed] = {}
        self._elements: dict[sympy.Indexed, sympy.Symbol] = {}
        self._layers: set[sympy.Basic] = set()

    def spec(self, name: str) -> SymbolSpec | None:
        return self.specs.get(name)

    def domain(self, name: str) -> Domain:
        spec = self.specs.get(name)
        return spec.domain if spec else Domain.REAL

    def symbol(self, name: str) -> sympy.Symbol:
        spec = self.specs.get(name)
        if spec is not None and spec.layer:  # `l = "layer"`: l is the layer wherever written
            return self.layer_symbol(name)
        if name not in self._symbols:
            self._symbols[name] = sympy.Symbol(name, **_ASSUMPTIONS[self.domain(name)])
        return self._symbols[name]

    def layer_symbol(self, name: str) -> sympy.Symbol:
        """The Symbol of a name written inside a layer index `^{[l]}`: an integer, distinct from
        the same letter used elsewhere (001 writes `L` for the loss and for the last layer).
        L is the last layer, and so is a name declared `last-layer` (`N = "last-layer"`: the
        notes call the output layer N): one Symbol, named as declared."""
        lasts = sorted(n for n, spec in self.specs.items() if spec.last)
        if name == LAST or name in lasts:
            name, key = (lasts[0] if lasts else LAST), f"[{LAST}]"
        else:
            key = f"[{name}]"
        if key not in self._symbols:
            self._symbols[key] = sympy.Symbol(name, integer=True)
            self._layers.add(self._symbols[key])
        return self._symbols[key]

    def is_layer(self, s: sympy.Basic) -> bool:
        """Whether s is the Symbol of a layer (a name in `^{[l]}`, or declared `layer`)."""
        return s in self._layers

    def indexed(self, family: Family, indices: tuple[sympy.Expr, ...]) -> sympy.Indexed:
        label = family.label
        if label not in self._bases:
            self._bases[label] = sympy.IndexedBase(label)
        return self._bases[label][indices]

    def layered(self, name: str) -> bool:
        """Whether the family `name` has been read with a layer index (`z^l_j`, `W^{[l]}`)."""
        return any(
            (f := family_of(label.removeprefix("array "))).layer and f.name == name
            for label in self._bases
        )

    def array(self, family: Family, indices: tuple[sympy.Expr, ...]) -> sympy.Basic:
        """A whole vector or matrix: `W^{[l]}` (the layer given, no component index) or a name
        declared with a shape. Non-commutative, so that products keep their written order;
        its label is the family's, so its entries are the entries of the indexed family."""
        key = "array " + family.label
        if key not in self._bases:
            self._bases[key] = sympy.IndexedBase(family.label, commutative=False)
        if not indices:
            return sympy.Symbol(family.label, commutative=False)
        return self._bases[key][indices]

    def domain_of(self, expr: sympy.Basic) -> Domain:
        """The declared domain of a Symbol or of an element of an indexed family."""
        if isinstance(expr, sympy.Indexed):
            return self.domain(family_of(str(expr.base.label)).name)
        return self.domain(str(expr))

    def element(self, item: sympy.Indexed) -> sympy.Symbol:
        """The Symbol standing for one element with concrete indices, such as w_{2} or x_{1,3}."""
        known = self._elements.get(item)  # a memo of this method: printing the key is costly
        if known is not None:
            return known
        fam = family_of(str(item.base.label))
        key = f"{item.base.label}{tuple(item.indices)}"
        if key not in self._symbols:
            name = element_name(str(item.base.label), item.indices, self.specs)
            sym = sympy.Symbol(name, **_ASSUMPTIONS[self.domain(fam.name)])
            self._symbols[key] = sym
            self._origins[sym] = item
        self._elements[item] = self._symbols[key]
        return self._symbols[key]

    def origin(self, symbol: sympy.Symbol) -> sympy.Indexed | None:
        """The element an element Symbol stands for (w_{2} for the Symbol made from w[2])."""
        return self._origins.get(symbol)

    def sizes(self) -> list[str]:
        """Names declared as counts."""
        return [n for n, s in self.specs.items() if s.domain is Domain.COUNT]
