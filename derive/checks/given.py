"""One claim's `given`, ready to instantiate: its definitions (`definitions.py`), the sizes and
free indices it is checked at (`instances.py`), unrolling (`unroll.py`) and the substitution of
definitions (`substitute.py`), all reading shapes and sizes from the shapes stage
(`derive/shapes`: the `SizeModel` of the claim, `sizemodel.py`).

`Given` is made once per claim and does not change: the claim's sides are given when it is made
(`with_claim`), so the layout every expression is unrolled with is the claim's, whatever
instances were drawn before.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence

import sympy

from derive.checks import instances as draw
from derive.checks import sizemodel
from derive.checks.definitions import Definitions, Pattern
from derive.checks.instances import Instance, SizePlan
from derive.checks.substitute import Substitution
from derive.checks.unroll import Unroller
from derive.model import GradientLayout
from derive.notation.definitions import Definition
from derive.notation.names import Names
from derive.shapes.infer import SizeModel


class Given:
    """The definitions of one claim, checked for cycles, and the means to instantiate."""

    def __init__(
        self,
        names: Names,
        definitions: Sequence[Definition],
        claim: Sequence[sympy.Expr] = (),
        gradient: GradientLayout = GradientLayout.DENOMINATOR,
    ) -> None:
        self.defs = Definitions(names, definitions, gradient)
        self.claim = tuple(claim)
        self._models: dict[tuple[sympy.Expr, ...], SizeModel] = {}

    def with_claim(self, claim: Sequence[sympy.Expr]) -> Given:
        """The same definitions, for a claim with these sides (or quantities)."""
        return Given(self.names, self.definitions, claim, self.defs.gradient)

    @property
    def names(self) -> Names:
        return self.defs.names

    @property
    def definitions(self) -> list[Definition]:
        return self.defs.definitions

    @property
    def symbols(self) -> dict[sympy.Symbol, sympy.Expr]:
        return self.defs.symbols

    @property
    def patterns(self) -> dict[str, list[Pattern]]:
        return self.defs.patterns

    @property
    def functions(self) -> dict[str, sympy.Lambda]:
        return self.defs.functions

    # -- the shapes stage and the instances --------------------------------------------------
    def size_model(self, claim_exprs: Sequence[sympy.Expr]) -> SizeModel:
        """What every name is and which sizes are one (memoised per expressions)."""
        key = tuple(claim_exprs)
        if key not in self._models:
            self._models[key] = sizemodel.size_model(self.defs, key)
        return self._models[key]

    def sizes(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        return draw.sizes(self.defs, claim_exprs)

    def free_indices(self, claim_exprs: Sequence[sympy.Expr]) -> list[sympy.Symbol]:
        return draw.claim_indices(self.defs, claim_exprs)

    def network(self, claim_exprs: Sequence[sympy.Expr]) -> tuple[bool, int]:
        return draw.network(self.defs, claim_exprs)

    def instances(
        self, claim_exprs: Sequence[sympy.Expr], plan: SizePlan, seed: int
    ) -> Iterator[tuple[dict[sympy.Symbol, int], Instance]]:
        """Assignments of sizes (first) and free indices (second) to integers, drawn from the
        size model of these expressions (see `instances.instances`)."""
        solved = self.size_model(claim_exprs)
        return draw.instances(self.defs, claim_exprs, solved, plan, seed)

    # -- instantiation -------------------------------------------------------------------------
    @functools.cached_property
    def _substitution(self) -> Substitution:
        layout = self.size_model(self.claim).layout
        assert layout is not None
        unroller = Unroller(self.defs, layout, self.defs.bounds(self.claim))
        return Substitution(self.defs, unroller)

    def instantiates_as(self, other: Given) -> bool:
        """Whether expressions unroll as with `other`, made from the same definitions and names:
        the same layout and the same names used as sizes."""
        mine, theirs = self._substitution.unroller, other._substitution.unroller
        return mine.bounds == theirs.bounds and mine.layout == theirs.layout

    def adopt_instantiation(self, other: Given) -> None:
        """Substitute with `other`'s substitution and what it has expanded (`instantiates_as`)."""
        self._substitution = other._substitution

    def unroll(self, expr: sympy.Basic, env: Mapping[sympy.Symbol, int]) -> sympy.Expr:
        """expr at one instance, with the claim's layout (see `unroll.py`)."""
        return self._substitution.unroller.unroll(expr, env)

    def expand(
        self,
        expr: sympy.Basic,
        env: Mapping[sympy.Symbol, int],
        keep: frozenset[sympy.Symbol] = frozenset(),
    ) -> sympy.Expr:
        """Substitute every definition into an unrolled expression (see `substitute.py`)."""
        return self._substitution.expand(expr, env, keep)

    def definition_of(
        self, symbol: sympy.Basic, env: Mapping[sympy.Symbol, int] | None = None
    ) -> sympy.Expr | None:
        """The defining expression of a Symbol (or element Symbol), not yet unrolled."""
        return self._substitution.definition_of(symbol, env)

    def defines(self, symbol: sympy.Basic) -> bool:
        return self.definition_of(symbol) is not None
