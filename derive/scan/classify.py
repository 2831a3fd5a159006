"""Each display formula of a note is a definition, a claim, or not checked (with the reason).

The rules, in order (docs/scan.md#how-a-formula-is-classified):

1. A `derive: skip` comment before it: not checked.
2. Pieces side by side at the top level, separated by `\\quad`, `\\qquad` or `\\hspace` (two
   formulas in columns, or a formula and a condition): not checked, since reading them as one
   product would check something the note does not say. Pieces holding only `\\text{...}` do not
   count (a label such as `\\qquad \\text{(5.2)}`).
3. LaTeX the reader cannot read: not checked, with the reader's message.
4. No relation (an expression, `x \\in R^n`): not checked.
5. `name = expr` (one `=`, the left side a name, an indexed name or `f(x)`) **defines** the name
   when no definition of it is in scope. When one is (the note wrote `L = ...` earlier), it is a
   **claim** that the new right side equals the earlier definition, and the output says so.
   `name = a = b = ...` defines the name by `a` and claims `a = b = ...`.
   `w = w - ...` (the name on both sides) is an update rule, not a definition.
6. Anything else with a relation (a derivative, a chain, an update rule `\\leftarrow`, a bound)
   is a claim, checked with the definitions in scope it uses (directly or through others); an
   update rule gets every definition in scope, since the loss it descends need not be named.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DefinitionError, DeriveError, LatexError
from derive.model import SymbolSpec
from derive.notation.statements import Notation
from derive.notation.tokens import Kind, Token, tokenize

_GAPS = frozenset({"\\quad", "\\qquad", "\\hspace", "\\hfill"})
_OPEN = frozenset({"{", "(", "["})
_CLOSE = frozenset({"}", ")", "]"})
_TRAILING = re.compile(r"[\s.,;]+$")
_LEFT = re.compile(r"\\left\s*$")


class Role(enum.Enum):
    DEFINITION = "definition"
    CLAIM = "claim"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Defined:
    """A definition in scope: its LaTeX, the name it defines, the names its value uses."""

    latex: str
    name: str
    uses: frozenset[str]
    line: int


@dataclass(frozen=True)
class Classified:
    role: Role
    note: str  # why not checked; for definitions and claims, the rule that applied
    claim: str | None = None  # the LaTeX to check
    given: tuple[str, ...] = ()
    defines: Defined | None = None


def classify(
    latex: str,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    *,
    skip: bool = False,
) -> Classified:
    """Sort one display formula (see the module docstring for the rules)."""
    if skip:
        return Classified(Role.NOT_CHECKED, "skipped by a `derive: skip` comment")
    latex = _TRAILING.sub("", latex)
    try:
        side_by_side = _side_by_side(tokenize(latex))
    except LatexError as exc:
        return Classified(Role.NOT_CHECKED, f"unreadable: {exc.message}")
    if side_by_side:
        return Classified(
            Role.NOT_CHECKED,
            f"pieces side by side (separated by {side_by_side}): two formulas in columns or a "
            "formula with a condition",
        )
    try:
        notation = Notation(specs, [d.latex for d in scope])
        reader = notation.reader(latex)
        parts, rels = reader.split_relations()
    except LatexError as exc:
        return Classified(Role.NOT_CHECKED, f"unreadable: {exc.message}")
    if not rels:
        return Classified(Role.NOT_CHECKED, "no relation: an expression, not a statement")
    tokens = reader.tokens
    defined = {d.name: d for d in scope}
    new: Defined | None = None
    claim = latex
    note = "a claim"
    update = any(r in {"\\leftarrow", ":="} for r in rels)
    if rels[0] == "=":
        first = latex[tokens[parts[0][0]].start : tokens[parts[1][1] - 1].end]
        target = _definition(first, specs, scope, line)
        if target is not None and target.name in target.uses:  # w = w - \eta g: an update
            target, update = None, True
        if target is not None and target.name in defined:
            note = f"a claim: {target.name} is defined at line {defined[target.name].line}"
        elif target is not None and len(rels) == 1:
            return Classified(Role.DEFINITION, f"defines {target.name}", defines=target)
        elif target is not None:
            new = target
            claim = latex[_start(latex, tokens[parts[1][0]].start) :]
            note = f"defines {target.name} and claims the rest of the chain"
    known = scope if new is None else [*scope, new]
    # an update rule descends a loss it need not name: every definition in scope is passed,
    # and the engine takes the last one that depends on the updated name (docs/scan.md)
    names = None if update else reader_names(notation, claim)
    given = _relevant(names, known)
    return Classified(Role.CLAIM, note, claim=claim, given=given, defines=new)


def reader_names(notation: Notation, latex: str) -> frozenset[str] | None:
    """The names a statement uses, or None when it cannot be read (then every definition in
    scope is passed along and the engine reports what it cannot read)."""
    try:
        statement = notation.statement(latex)
    except DeriveError:
        return None
    out: set[str] = set()
    for side in statement.sides:
        out |= _names(side.expr)
    return frozenset(out)


def _definition(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined], line: int
) -> Defined | None:
    notation = Notation(specs, [*(d.latex for d in scope), latex])
    try:
        d = notation.definition(latex)
    except (DefinitionError, LatexError):
        return None
    target = d.target
    name = str(target.base.label) if isinstance(target, sympy.Indexed) else str(target)
    return Defined(latex, name, frozenset(_names(d.value)), line)


def _relevant(names: frozenset[str] | None, scope: Sequence[Defined]) -> tuple[str, ...]:
    """The definitions a claim uses, directly or through other definitions, in note order.
    Over-inclusive by design: a name that matches is always kept."""
    if names is None:
        return tuple(d.latex for d in scope)
    wanted = set(names)
    keep: set[int] = set()
    grew = True
    while grew:
        grew = False
        for k, d in enumerate(scope):
            if k not in keep and d.name in wanted:
                keep.add(k)
                wanted |= d.uses
                grew = True
    return tuple(d.latex for k, d in enumerate(scope) if k in keep)


def _names(e: sympy.Basic) -> set[str]:
    out = {str(s) for s in e.free_symbols}
    out |= {f.func.__name__ for f in e.atoms(AppliedUndef)}
    return out


def _start(latex: str, offset: int) -> int:
    m = _LEFT.search(latex[:offset])
    return m.start() if m else offset


def _side_by_side(tokens: list[Token]) -> str | None:
    """The spacing command that separates two top-level pieces with math in both, if any."""
    depth = 0
    pieces: list[list[Token]] = [[]]
    gaps: list[str] = []
    for t in tokens:
        if t.kind is Kind.CHAR and t.text in _OPEN:
            depth += 1
        elif t.kind is Kind.CHAR and t.text in _CLOSE:
            depth -= 1
        if depth == 0 and t.kind is Kind.COMMAND and t.text in _GAPS:
            pieces.append([])
            gaps.append(t.text)
            continue
        pieces[-1].append(t)
    with_math = [k for k, p in enumerate(pieces) if any(_is_math(t) for t in p)]
    if len(with_math) > 1:
        return gaps[with_math[1] - 1]
    return None


def _is_math(t: Token) -> bool:
    if t.kind is Kind.TEXT:
        return False
    if t.kind is Kind.COMMAND and (t.text in _GAPS or t.text in {"\\,", "\\;", "\\:", "\\!"}):
        return False
    return not (t.kind is Kind.CHAR and t.text in {",", ".", ";", "~", "{", "}"})
