"""What becomes of each display formula: a Finding (verified, refuted, undecided, a definition,
or not checked with the reason), from its classification and, for a claim, the engine's result.
Pure values. The rules that turn a result into "not checked" live here: an engine error, and a
claim that rests on a name the note gives two values (docs/scan.md).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from derive.errors import LatexError
from derive.model import Claim, ClaimResult, Macro, SymbolSpec, Verdict
from derive.notation import macrotext
from derive.scan import extract, surface
from derive.scan.scope import Classified, Role, closure


class Outcome(enum.Enum):
    VERIFIED = "verified"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    DEFINITION = "definition"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Formula:
    """One display formula of a note, classified; `claim` is set for claims."""

    file: str  # the note's path; for a notebook, `path#cell-N`
    display: extract.Display
    classified: Classified
    claim: Claim | None = None
    note: str = ""  # the note's path (a notebook's path for all its cells)
    inline: bool = False  # inline math read as a definition (or a definition chain)
    macros: tuple[Macro, ...] = ()  # the author's macros in force at the formula
    settings: tuple[str, ...] = ()  # the comments' settings in force: `w = vector(n) (line 60)`
    specs: Mapping[str, SymbolSpec] = field(default_factory=dict)  # every setting in force
    # the `derive:` comments that marked it: `expect refuted (line 9)`
    markers: tuple[str, ...] = ()
    # each definition a claim is checked with, and where it is written: `notes.md:12:1`
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def written_out(self) -> str:
        """The formula with the author's macros replaced by their bodies (for a renderer that
        knows no macros: the HTML page's MathML), as restored when a repair was made; as
        written when that cannot be done."""
        latex = self.display.latex
        if self.classified.restored:
            latex, _ = surface.restore(latex)
        try:
            return macrotext.expand_text(latex, self.macros)
        except LatexError:
            return latex

    @property
    def restored(self) -> str:
        """What a repair gave back (`derive: restore backslashes`), for every outcome's output:
        `read as restored: `rac` as `\\frac`, ...`; "" when nothing was."""
        done = self.classified.restored
        return f"read as restored: {', '.join(done)}" if done else ""

    @property
    def read_as(self) -> str:
        """How the formula was found, when it is not a display as written: `(inline math) `, or
        `(math line) ` (inline math alone on its line, read as a display: derive/scan/mathlines.py);
        "" for a display."""
        if self.inline:
            return "(inline math) "
        return "(math line) " if self.display.math_lines else ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.display.where.line}:{self.display.where.col}"


@dataclass(frozen=True)
class Finding:
    formula: Formula
    outcome: Outcome
    reason: str = ""  # why not checked
    result: ClaimResult | None = None

    @property
    def as_expected(self) -> bool:
        """False for a checked claim whose verdict contradicts its expectation (refuted without
        an `expect refuted` comment, or not refuted with one). Undecided is as expected here."""
        if self.result is None or self.outcome not in {Outcome.VERIFIED, Outcome.REFUTED}:
            return True
        return self.result.as_expected

    @property
    def link_at(self) -> extract.Where | None:
        """Where the failing link of a refuted chain is written, when the chain runs over several
        rows and the link's right side starts on a later row than the first (`J = A` / `= B` /
        `= C`, wrong at C: C's row); None otherwise, or when the link cannot be found in the
        formula as written (a macro expanded in it)."""
        r, d = self.result, self.formula.display
        sides = self.formula.classified.sides
        if r is None or r.counterexample is None or len(d.row_at) < 2 or len(sides) < 3:
            return None
        at, cursor = [], 0
        for side in sides:  # each side's offset in the formula as written, in order
            cursor = d.latex.find(side, cursor)
            if cursor < 0:
                return None
            at.append(cursor)
            cursor += len(side)
        link = " ".join(r.counterexample.link.split())
        for k in range(1, len(sides)):
            lhs, rhs = (" ".join(x.split()) for x in (sides[k - 1], sides[k]))
            rel = link[len(lhs) : len(link) - len(rhs)].strip()
            if link.startswith(lhs) and link.endswith(rhs) and rel and " " not in rel:
                rows = [w for offset, w in d.row_at if offset <= at[k]]
                return rows[-1] if rows and rows[-1] != d.row_at[0][1] else None
        return None

    @property
    def where(self) -> str:
        """`file:line:col` of the formula, or of its failing link when that is on a later row."""
        w = self.link_at or self.formula.display.where
        return f"{self.formula.file}:{w.line}:{w.col}"

    @property
    def rule(self) -> str:
        """The rule that made the formula a definition or a claim. A refuted second `L = ...`
        says what it was read as (a claim about the earlier definition, by the ambiguity rule)
        and the marker that makes it a new definition instead, in the note's comment syntax."""
        c = self.formula.classified
        if self.outcome is not Outcome.REFUTED or c.restates is None:
            return c.note
        marker = (
            "% derive: redefines"
            if self.formula.note.endswith(".tex")
            else "<!-- derive: redefines -->"
        )
        return (
            f"read as a claim about the definition of {c.restates.shown} at line "
            f"{c.restates.line} (ambiguity rule); if the note means a new definition, put "
            f"`{marker}` before it"
        )


def judged(formulas: Sequence[Formula], results: Sequence[ClaimResult]) -> list[Finding]:
    """The findings of claims checked apart (the pytest plugin's items), in note order, with the
    rule of `check`: a name the note gives two values leaves the claims after it unchecked."""
    return after_refuted_chains([finding(f, r) for f, r in zip(formulas, results, strict=True)])


def depends_on(formula: Formula, earlier: Sequence[Formula]) -> list[Formula]:
    """The earlier claims whose verdict can leave this one unchecked: those that define a name
    by a chain, or restate a definition, that this claim is checked with."""
    given = set(formula.classified.given)
    out = []
    for g in earlier:
        c = g.classified
        mine = [d.latex for d in (c.defines, c.restates) if d is not None]
        if g.claim is not None and any(latex in given for latex in mine):
            out.append(g)
    return out


def after_refuted_chains(findings: list[Finding]) -> list[Finding]:
    """A name the note gives two values has no clear value after the second: a name defined by
    a chain that is refuted (`g_j = A = B` with A != B: the note may mean A or B), or a name
    whose second `L = ...` is refuted as a claim about the first (the note may have meant a new
    definition). A later claim that uses it is not checked: its verdict would rest on a value
    the refutation puts in doubt (docs/scan.md)."""
    doubtful: dict[str, tuple[str, int]] = {}  # a definition's LaTeX -> the name, the line
    known = {
        d.latex: d
        for f in findings
        for d in (f.formula.classified.defines, f.formula.classified.restates)
        if d is not None
    }
    out: list[Finding] = []
    checked = {Outcome.VERIFIED, Outcome.REFUTED, Outcome.UNDECIDED}
    for f in findings:
        c = f.formula.classified
        given = [known[g] for g in c.given if g in known]
        # an update rule gets every definition in scope; only those it reaches count here
        reach = closure(c.uses, {d.name: d for d in given}) if c.uses is not None else None
        bad = sorted(
            {
                doubtful[d.latex]
                for d in given
                if d.latex in doubtful and (reach is None or d.name in reach)
            },
            key=lambda b: b[1],
        )
        if f.outcome in checked and bad:
            where = ", ".join(f"{name} (line {line})" for name, line in bad)
            f = Finding(
                f.formula,
                Outcome.NOT_CHECKED,
                f"uses {where}, which the note gives two values (a refuted chain or "
                "redefinition there): which one it means is unclear",
            )
        if f.outcome is Outcome.REFUTED:
            line = f.formula.display.where.line
            for d in (c.defines, c.restates):
                if d is not None:
                    doubtful[d.latex] = (d.shown, line)
        out.append(f)
    return out


def unchecked(f: Formula) -> Finding:
    if f.classified.role is Role.DEFINITION:
        return Finding(f, Outcome.DEFINITION)
    return Finding(f, Outcome.NOT_CHECKED, f.classified.note)


def finding(f: Formula, r: ClaimResult) -> Finding:
    """The finding of a claim from its result (an `error` result: not checked)."""
    if r.verdict is Verdict.ERROR:
        first = r.message.strip().splitlines()[0] if r.message.strip() else "error"
        return Finding(f, Outcome.NOT_CHECKED, f"the engine cannot check it: {first}", r)
    return Finding(f, Outcome(r.verdict.value), "", replace(r))
