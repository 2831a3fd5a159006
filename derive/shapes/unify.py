"""Size variables and their unification.

Every dimension a claim writes or implies is a *size term*: a number (`matrix(m, 2)`, a sum to
3), a size name (`n`, `r`, the `q` of `\\sum_{j=1}^{q}`), the width of a layer (`Width(L)`,
`Width(l-1)`: `n^{[L]}` in a verdict), or the length of one index slot of a family that has no
shape of its own (`Slot("x", 0)`: how many x_i there are). Each use of a name says that two
terms are equal (`y - a^{[L]}` makes the length of y the width of layer L); union-find gathers
the terms into classes, and each class is one size of the instance.

Layer widths are decided by the layer convention (`derive/shapes/layout.py`; drawn in
`derive/checks/instances.py`, neighbours different), and numbers are numbers: a class is
never used to make two of those equal unless a declared size name demands it
(`W = "matrix(n, n)"` on a layered W makes the layers it joins one width). A class with two
different numbers, or with two different layer widths and no declared size, is left to the
instantiation, which reports the mismatch it meets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

import sympy


def width_symbol(k: int) -> sympy.Symbol:
    """The size of layer k as it appears in an instance (and in a verdict's list of sizes)."""
    return sympy.Symbol(f"n^{{[{k}]}}", integer=True, positive=True)


@dataclass(frozen=True)
class Width:
    """The number of units of a layer; layer is an integer or an expression in L and l."""

    layer: sympy.Expr

    def __str__(self) -> str:  # a definition's own l (a Dummy) prints as l
        layer = self.layer.xreplace(
            {d: sympy.Symbol(d.name) for d in self.layer.atoms(sympy.Dummy)}
        )
        return f"n^{{[{layer}]}}"


@dataclass(frozen=True)
class Slot:
    """The length of index slot `slot` of a family with no shape of its own (x_i, v_j)."""

    label: str
    slot: int

    def __str__(self) -> str:
        return f"len({self.label}, {self.slot + 1})"


Term: TypeAlias = "sympy.Integer | sympy.Symbol | Width | Slot"


@dataclass(frozen=True)
class Use:
    """Where an equation comes from: the written expression and the entry it is in."""

    what: str  # the expression, in LaTeX
    where: str  # "the claim", "given 2", "the declaration of y"
    latex: str = ""  # the entry it is written in (a `given` definition); "" for the claim

    def place(self) -> tuple[str, int, int]:
        """(entry, start, end) of the use in its entry, for a caret; the whole entry when the
        printed form is not found as written."""
        start = self.latex.find(self.what)
        if start < 0:
            return self.latex, 0, len(self.latex)
        return self.latex, start, start + len(self.what)

    def __str__(self) -> str:
        return f"{self.what} ({self.where})"


@dataclass(frozen=True)
class Offset:
    """`symbol + shift <= size`: what an index or a sum's limit written with an offset over a
    slot of that size says (`a^{[L]}_{r+1}`, `\\sum_{j=1}^{r+1} x_j`: r + 1 <= the size). The
    writing also bounds it below: `x_{r-1}` says r >= 2 (`SizeModel.floors`)."""

    symbol: sympy.Symbol
    shift: int
    size: Term
    written: str  # the use, in LaTeX (for the verdict's note)

    def text(self) -> str:
        shift = f" + {self.shift}" if self.shift > 0 else f" - {-self.shift}" if self.shift else ""
        return f"{self.symbol}{shift} <= {self.size}"


@dataclass
class Unifier:
    """Union-find over size terms, remembering the use that joined each pair."""

    parent: dict[Term, Term] = field(default_factory=dict)
    uses: list[tuple[Term, Term, Use]] = field(default_factory=list)

    def find(self, t: Term) -> Term:
        self.parent.setdefault(t, t)
        root = t
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[t] != root:  # path compression
            self.parent[t], t = root, self.parent[t]
        return root

    def equate(self, a: Term, b: Term, use: Use) -> None:
        """Record that a and b are one size. A 1 is never joined: a 1 x 1 product is a number
        and a column broadcasts over a matrix, so a 1 in a product or sum says nothing."""
        if a == b or _is_one(a) or _is_one(b):
            return
        self.uses.append((a, b, use))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb

    def classes(self) -> list[frozenset[Term]]:
        groups: dict[Term, set[Term]] = {}
        for t in list(self.parent):
            groups.setdefault(self.find(t), set()).add(t)
        return sorted(
            (frozenset(g) for g in groups.values() if len(g) > 1),
            key=lambda g: sorted(map(str, g)),
        )

    def class_of(self, t: Term) -> frozenset[Term]:
        root = self.find(t)
        return frozenset(u for u in list(self.parent) if self.find(u) == root)

    def uses_between(self, members: Iterable[Term]) -> Iterator[Use]:
        inside = set(members)
        for a, b, use in self.uses:
            if a in inside and b in inside:
                yield use


def _is_one(t: Term) -> bool:
    return isinstance(t, sympy.Integer) and int(t) == 1
