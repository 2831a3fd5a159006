"""Warnings about notation that reads without error but is probably not what the author meant.

`notices` works on the engine's reading of a claim (engine.check_linted: the claim is read once
for the check and its warnings); `lint(claim)` reads a claim and its `given` itself first (a code
claim, whose text is the quantities its code implements). Three kinds of inconsistency are
reported (the rules, and what is deliberately not flagged, are in docs/verdicts.md#warnings):

- MEAN_TERMS: `\\frac{1}{n}` in front of a sum whose range has n+1 or n-1 (n+c) terms.
- INDEX_RANGE: one slot of a family summed over ranges that differ by a few terms nobody writes
  out, a fixed index outside every range its sums give it, or a summation index also used
  outside its sum.
- TWO_MEANINGS: a function name used as an indexed name, a layer index that is also a quantity,
  one name read as several unrelated quantities (`x` and `x_{j}`, `x_{j}` and `x_{ij}`).

Warnings never change a verdict. Input the reader refuses gives no warnings (the engine reports
the error); input it accepts never makes `lint` raise.

`means.py` finds MEAN_TERMS; `uses.py` scans every use of every name for INDEX_RANGE and
TWO_MEANINGS.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from derive.errors import DeriveError
from derive.lint.means import means
from derive.lint.uses import Scan, names_of
from derive.model import Claim, Notice, WarningKind
from derive.notation.definitions import Definition
from derive.notation.families import label_of
from derive.notation.statements import Notation, Rel, Statement
from derive.prepared import read_given


def lint(claim: Claim) -> tuple[Notice, ...]:
    """The notation warnings of one claim: reads `given` and the claim, then `notices`."""
    try:
        notation, model = read_given(claim)  # with the shapes `given` fixes (literals, softmax)
        definitions = model.definitions
        statement = notation.statement(claim.latex)
    except DeriveError:
        return ()  # unreadable: the engine reports it as an error, with a caret
    return notices(notation, definitions, statement)


def notices(
    notation: Notation, definitions: Sequence[Definition], statement: Statement
) -> tuple[Notice, ...]:
    """The warnings of a claim already read: its definitions and its statement. Only the
    definitions the claim uses (directly or through other definitions) are looked at, all of
    them for an update rule (its loss is chosen from `given`)."""
    definitions = _relevant(definitions, statement)
    scan = Scan(notation.names.specs)
    for d in definitions:
        scan.definition(d)
    scan.statement([side.expr for side in statement.sides])
    functions = {n for n, s in notation.names.specs.items() if s.function is not None}
    found = [
        *scan.found,
        *means(definitions, statement, scan.latex),
        *scan.range_notices(),
        *scan.meaning_notices(functions | set(notation.defined_functions)),
    ]
    unique: dict[tuple[WarningKind, str], Notice] = {}
    for n in found:
        unique.setdefault((n.kind, n.message), n)
    return tuple(unique.values())


# -- the definitions a claim uses --------------------------------------------------------------


def _relevant(definitions: Sequence[Definition], statement: Statement) -> list[Definition]:
    """The definitions a claim uses, in `given` order; all of them for an update rule."""
    sides = statement.sides
    lhs, rhs = sides[0].expr, sides[-1].expr
    if Rel.UPDATE in statement.relations or (
        statement.relations == (Rel.EQ,)
        and isinstance(lhs, sympy.Symbol | sympy.Indexed)
        and isinstance(rhs, sympy.Add)
        and lhs in rhs.args
    ):
        return list(definitions)
    needed: set[tuple[str, str]] = set()
    for side in sides:
        needed |= names_of(side.expr)
    keys = [_key(d) for d in definitions]
    chosen: set[int] = set()
    grew = True
    while grew:
        grew = False
        for i, d in enumerate(definitions):
            if i not in chosen and keys[i] in needed:
                chosen.add(i)
                needed |= names_of(d.value)
                grew = True
    return [d for i, d in enumerate(definitions) if i in chosen]


def _key(d: Definition) -> tuple[str, str]:
    if isinstance(d.target, sympy.Symbol):
        return ("name", d.target.name)
    if isinstance(d.target, sympy.Indexed):
        return ("family", label_of(d.target))
    return ("function", str(getattr(d.target, "__name__", d.target)))
