"""The walk of every written use of a name (`infer.py` reads the claim and its definitions with
it): each use puts equations between size terms (`derive/shapes/unify.py`) into one `Unifier`,
and records the kind and first shape of each array name, the size of each family's index slot,
the sizes a free index is used at, the upper limits of sums over a slot, and the bounds an index
or a limit written with an offset gives (`a_{r+1}`: r + 1 <= the size; `x_{r-1}`: r >= 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef

from derive.model import GradientLayout
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.shapes.layout import Layout
from derive.shapes.unify import Offset, Slot, Term, Unifier, Use, Width

Shape = tuple[Term, Term]  # (rows, cols); a vector is (n, 1)
# the range of the indices of a Kronecker delta: \sum_{j=1}^{n} \delta_{ij} makes a free i
# range over 1..n too (an index, never a real number)
DELTA = Slot("\\delta", 0)


@dataclass(frozen=True)
class Source:
    """One expression to read uses from: a claim side, or both sides of a definition."""

    exprs: tuple[sympy.Basic, ...]
    where: str
    same_shape: bool = False  # a definition: its target has the shape of its value
    claim: bool = False  # the claim's sides share their free indices
    latex: str = ""  # a definition's LaTeX (for the carets of a conflict)


@dataclass
class Walk:
    """One walk over the sources of a claim: what their uses say about sizes."""

    layout: Layout
    unifier: Unifier = field(default_factory=Unifier)
    occurrences: dict[tuple[str, sympy.Symbol], list[Term]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)  # the first use of each array name
    slots: dict[tuple[str, int], Term] = field(default_factory=dict)  # (family, slot) -> size
    limits: set[sympy.Symbol] = field(default_factory=set)  # upper limits of sums over a slot
    offsets: list[Offset] = field(default_factory=list)  # r + 1 <= size (a_{r+1}, limit r+1)
    floors: dict[sympy.Symbol, int] = field(default_factory=dict)  # x_{r-1}: r >= 2
    least: list[tuple[Term, int]] = field(default_factory=list)  # x_3: the size is 3 or more
    # the column counts a sum's index picks from (x_i of x = "rows(X)": a column of X^T)
    columns: dict[sympy.Symbol, list[Term]] = field(default_factory=dict)
    where: str = ""
    scope: str = ""
    latex: str = ""

    # -- dimensions of names ---------------------------------------------------------------
    def whole(self, label: str, layer: sympy.Expr | None) -> Shape | None:
        """The shape of a whole vector or matrix of a family (declared, or by the layers)."""
        found = self.layout.terms(label, layer)
        if found is None:
            return None
        shape, kind = found
        name = family_of(label).name
        self.kinds[name] = kind
        self.shapes.setdefault(name, shape)  # the claim is read first: its layer if any
        return shape

    def slot_terms(self, ix: sympy.Indexed) -> list[tuple[int, Term]]:
        """(slot, size term) of each index of an element: its layer slot has none."""
        label = str(ix.base.label)
        fam = family_of(label)
        first = int(fam.layer) + int(fam.sample)
        layer = ix.indices[0] if fam.layer else None
        out: list[tuple[int, Term]] = []
        shape = self.whole(label, layer) if fam.layer or self.layout.names.spec(fam.name) else None
        for k in range(int(fam.layer), len(ix.indices)):
            comp = k - first
            if shape is not None and 0 <= comp < 2 and not (comp == 1 and shape[1] == 1):
                out.append((k, shape[comp]))
            elif not fam.layer or k < first:
                out.append((k, Slot(label, k)))
                self.kinds.setdefault(fam.name, "indexed family")
        for k, term in out:
            self.slots.setdefault((label, k), term)
        return out

    # -- the walk --------------------------------------------------------------------------
    def use(self, x: sympy.Basic) -> Use:
        try:
            text = to_latex(x, self.layout.names.specs)
        except (TypeError, ValueError, AttributeError):  # printing is only for the message
            text = str(x)
        return Use(text, self.where, self.latex)

    def equate_shapes(self, a: Shape, b: Shape, x: sympy.Basic) -> None:
        use = self.use(x)
        self.unifier.equate(a[0], b[0], use)
        self.unifier.equate(a[1], b[1], use)

    def walk(self, x: sympy.Basic, bound: frozenset[sympy.Symbol]) -> Shape | None:
        if isinstance(x, sympy.Sum | sympy.Product):
            inner = bound | {v for v, _, _ in x.limits}
            for v, a, b in x.limits:
                self.walk(a, bound)
                self.walk(b, bound)
                # a sum without limits (`\\sum_i`, upper bound the count #i) runs over the slots
                # it indexes too: `\\sum_i w_i x_i` beside `\\sum_{i=1}^{n} w_i x_i` is over n
                width = self.layout.width_of(b)  # \sum_{i=1}^{M_{l-1}}: the width of l-1
                if a == 1 and (width is not None or isinstance(b, sympy.Integer | sympy.Symbol)):
                    limit: Term = Width(width) if width is not None else b
                    for ix in x.function.atoms(sympy.Indexed):
                        for k, term in self.slot_terms(ix):
                            if ix.indices[k] == v:
                                self.unifier.equate(limit, term, self.use(x))
                                if isinstance(b, sympy.Symbol):
                                    self.limits.add(b)
                    for d in x.function.atoms(sympy.KroneckerDelta):
                        if v in d.args:
                            self.unifier.equate(b, DELTA, self.use(x))
                self.shifted_limits(x, v, a, b, inner)
            self.walk(x.function, inner)
            for v, a, b in x.limits:  # \sum_{i=1}^{m} x_i with x = "rows(X)": m <= X's rows
                for term in self.columns.pop(v, []):
                    if a == 1 and isinstance(b, sympy.Symbol):
                        self.unifier.equate(b, term, self.use(x))
                        self.limits.add(b)
            return None
        if isinstance(x, sympy.Indexed) and x.is_commutative is not False:
            for k, term in self.slot_terms(x):
                i = x.indices[k]
                if isinstance(i, sympy.Symbol) and i not in bound:
                    self.occurrences.setdefault((self.scope, i), []).append(term)
                else:
                    self.bounded(i, term, x, bound)
            return None
        if isinstance(x, sympy.KroneckerDelta):  # \delta_{ij}: both indices of one range
            for i in x.args:
                if isinstance(i, sympy.Symbol) and i not in bound:
                    self.occurrences.setdefault((self.scope, i), []).append(DELTA)
            return None
        if isinstance(x, sympy.Symbol):
            if x.is_commutative is False:
                return self.whole(x.name, None)
            return None
        if isinstance(x, sympy.Indexed):  # W^{[l]}: a whole layered array
            fam = family_of(str(x.base.label))
            return self.whole(str(x.base.label), x.indices[0] if fam.layer else None)
        parts = [self.walk(a, bound) for a in x.args]
        return self.combine(x, parts, bound)

    def shifted_limits(
        self,
        x: sympy.Sum | sympy.Product,
        v: sympy.Symbol,
        a: sympy.Expr,
        b: sympy.Expr,
        inner: frozenset[sympy.Symbol],
    ) -> None:
        """What a sum's limits say about the sizes they are written with, through the index
        v + d of each slot its summand indexes: `\\sum_{j=1}^{r+1} x_j` says r + 1 <= len(x),
        `\\sum_{j=0}^{r-1} x_{j+1}` says r <= len(x) (the plain `\\sum_{j=1}^{r} x_j` is the
        equation the walk made, r the slot's length or below it)."""
        for ix in sorted(x.function.atoms(sympy.Indexed), key=sympy.default_sort_key):
            if ix.is_commutative is False:
                continue
            for k, term in self.slot_terms(ix):
                d = ix.indices[k] - v
                if not d.is_Integer:
                    continue
                if (a + d).is_Integer and (b + d).is_Integer and b >= a:
                    self.least.append((term, int(b + d)))  # \sum_{j=2}^{5} x_j: 5 or more
                if not (d == 0 and a == 1 and isinstance(b, sympy.Symbol)):
                    # an empty sum is allowed (\\sum_{j=1}^{r-2} at r = 2), not a negative one
                    least = int(a + d) - 1 if (a + d).is_Integer else None
                    self.bounded(b + d, term, x, inner - {v}, least)
                lower = _shifted(a + d)
                if lower is not None and lower[0] not in inner and lower[1] < 0:
                    self.floors[lower[0]] = max(self.floors.get(lower[0], 1), 1 - lower[1])

    def bounded(
        self,
        i: sympy.Expr,
        term: Term,
        x: sympy.Basic,
        bound: frozenset[sympy.Symbol],
        least: int | None = 1,
    ) -> None:
        """Record what an index (or a sum's last index) i = s + c written in a slot of size
        `term` says: s + c <= the size, and s + c >= least (1 for an index, the first index
        less one for a sum's last: an empty sum is allowed)."""
        if i.is_Integer and isinstance(x, sympy.Indexed):
            self.least.append((term, int(i)))  # x_3: the size is 3 or more
            return
        found = _shifted(i)
        if found is None or found[0] in bound or found[0].name.startswith("#"):
            return
        if self.layout.names.is_layer(found[0]) or isinstance(found[0], sympy.Dummy):
            return  # M_{l-1}: a layer (instances.py); a definition's own index: not drawn
        s, c = found
        if isinstance(x, sympy.Indexed) and c == 0:
            return  # x_r: an occurrence of r, ranged by the walk
        self.offsets.append(Offset(s, c, term, self.use(x).what))
        # an undeclared family may be numbered from 0 (x_0 = 1 for a bias): no floor from it
        if least is not None and least - c > 1 and not isinstance(term, Slot):
            self.floors[s] = max(self.floors.get(s, 1), least - c)

    def combine(
        self, x: sympy.Basic, parts: Sequence[Shape | None], bound: frozenset[sympy.Symbol]
    ) -> Shape | None:
        if isinstance(x, arrays.TransposeOf):
            s = parts[0]
            return (s[1], s[0]) if s is not None else None
        if isinstance(x, sympy.Add | arrays.Hadamard):
            shaped = [p for p in parts if p is not None]
            for other in shaped[1:]:
                self.equate_shapes(shaped[0], other, x)
            return shaped[0] if shaped else None
        if isinstance(x, sympy.Mul):
            return self.product(x, parts)
        if isinstance(x, arrays.Column):
            s = parts[0]
            if s is None:
                return None
            i = x.args[1]
            if isinstance(i, sympy.Symbol) and i not in bound:
                self.occurrences.setdefault((self.scope, i), []).append(s[1])
            elif isinstance(i, sympy.Symbol):
                self.columns.setdefault(i, []).append(s[1])
            return s[0], sympy.Integer(1)
        if isinstance(x, arrays.RowMean):
            s = parts[0]
            return (s[0], sympy.Integer(1)) if s is not None else None
        if isinstance(x, arrays.Grad):
            return _grad_shape(parts[0], parts[1], self.layout.gradient)
        if isinstance(x, arrays.Hessian):
            s = parts[1]
            return (s[0], s[0]) if s is not None else None
        if isinstance(x, arrays.Literal):
            rows = [p for p in parts[2:] if p is not None]
            if x.cols == 1 and rows and len(rows) == x.rows and all(r[0] == 1 for r in rows):
                for other in rows[1:]:  # [\nabla f(x,y) \\ \nabla g(x,y)]: rows stacked
                    self.equate_shapes(rows[0], other, x)
                return sympy.Integer(x.rows), rows[0][1]
            if x.rows == 1 and x.cols == 1:
                return None
            if arrays.stacks_names(x) and any(p is not None and p[1] == 1 for p in parts[2:]):
                # [w \\ b]: columns stacked, of length the sum of theirs, which is no one size
                # term; a name it defines is declared with a size that instances.py derives
                return None
            return sympy.Integer(x.rows), sympy.Integer(x.cols)
        if isinstance(x, arrays.Power | arrays.Apply | arrays.Softmax):
            return parts[0]
        if isinstance(x, arrays.Diag):
            s = parts[0]
            return (s[0], s[0]) if s is not None else None
        if isinstance(x, sympy.Pow) and parts[0] is not None:
            return parts[0]
        if isinstance(
            x, sympy.Abs | arrays.NormOf | arrays.Entry | sympy.Derivative | AppliedUndef
        ):
            return None  # a norm, an entry, a number-valued function: a number
        if isinstance(x, sympy.Function) and x.is_commutative is False and len(parts) == 1:
            return parts[0]  # e^{-W^T X}: entry by entry
        return None

    def product(self, x: sympy.Basic, parts: Sequence[Shape | None]) -> Shape | None:
        current: Shape | None = None
        for p in parts:
            if p is None:
                continue
            if current is not None:
                self.unifier.equate(current[1], p[0], self.use(x))
                current = (current[0], p[1])
            else:
                current = p
        if current is not None and current[0] == 1 and current[1] == 1:
            return None  # b^T x: a number
        return current

    def source(self, src: Source) -> None:
        self.where = src.where
        self.scope = "claim" if src.claim else src.where
        self.latex = src.latex
        shapes = [self.walk(e, frozenset()) for e in src.exprs]
        if src.same_shape and len(shapes) == 2 and shapes[0] is not None and shapes[1] is not None:
            self.equate_shapes(shapes[0], shapes[1], src.exprs[1])


def _shifted(i: sympy.Expr) -> tuple[sympy.Symbol, int] | None:
    """(s, c) for an index s + c written with one name s and a whole number c, else None."""
    free = i.free_symbols
    if len(free) != 1:
        return None
    (s,) = free
    c = i - s
    if not isinstance(s, sympy.Symbol) or not c.is_Integer:
        return None
    return s, int(c)


def _grad_shape(value: Shape | None, var: Shape | None, layout: GradientLayout) -> Shape | None:
    """The shape of d value / d var: in the denominator layout the variable's rows and the
    function's (a scalar's gradient shaped like the variable), in the numerator layout the
    transpose (the Jacobian, rows of the function)."""
    if value is None:  # a number
        shape = var
    elif var is None:  # by a number: a row in the denominator layout
        shape = (value[1], value[0])
    else:  # a column by a column
        shape = (var[0], value[0])
    if shape is None or layout is GradientLayout.DENOMINATOR:
        return shape
    return shape[1], shape[0]
