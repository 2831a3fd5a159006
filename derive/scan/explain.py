"""What `derive scan --explain` shows for each definition and claim of a note (pure values).

Nothing written may be read silently wrong, so every piece of the display as written that is
not read is listed, at the stage that set it aside:

- `display`: what the extractor takes out of the display (labels, tags, a row's `\\because`
  justification, `&`, row breaks; derive/scan/rows.py);
- `formula`: what the scan's rules take off the formula before the reader sees it (sentence
  punctuation, the prose before it such as `\\text{Let}` or `\\Rightarrow`), and what they
  respell (`log(a)` as `\\log(a)`), found by comparing the tokens of the formula with those of
  the text read;
- `claim`, `definition`, `given N`: what the reader reads as nothing (derive/notation/dropped.py,
  as `derive verify --explain` lists it).

With them: what each name was read as (derive/shapes/explain.py), the settings in force, the
definitions the claim is checked with and where each is written, and the markers that applied.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from derive.errors import DeriveError, LatexError
from derive.model import Claim
from derive.notation.tokens import tokenize
from derive.scan import extract, rows, surface
from derive.scan.findings import Formula
from derive.scan.scope import Role
from derive.shapes.explain import Reading, dropped_text, readings

_LEAD = re.compile(surface.PROSE_LEAD.pattern + "|" + surface.LET.pattern)
_WORDS = re.compile(r"\\(?:text|textrm|textbf|textit|mbox)\s*\{")
_ARROW = re.compile(r"\s*(?:" + surface.IMPLIES.pattern + r"|\\(?:Rightarrow|implies))\s*")


@dataclass(frozen=True)
class Piece:
    """Written text that was not read as written: dropped, or respelled (`read_as`)."""

    text: str
    why: str
    stage: str  # "display", "formula", "claim", "definition", "given 2"
    read_as: str = ""

    @property
    def how(self) -> str:
        """Why it was dropped, or what it was read as."""
        return f"read as {self.read_as}" if self.read_as else self.why

    def as_dict(self) -> dict[str, object]:
        return {"stage": self.stage, "text": self.text, "why": self.why, "read_as": self.read_as}


@dataclass(frozen=True)
class Explanation:
    read: str  # the LaTeX read: the claim (with the definition a chain's first link makes), or
    # the definition
    names: tuple[Reading, ...]
    dropped: tuple[Piece, ...]
    settings: tuple[str, ...]  # the comments' settings in force
    definitions: tuple[tuple[str, str], ...]  # each `given` of the claim, where it is written
    markers: tuple[str, ...]  # the `derive:` comments that marked the formula
    # how it was found when it is no display as written (math lines), "" otherwise
    found: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "found": self.found or None,
            "read": self.read,
            "names": [n.as_dict() for n in self.names],
            "dropped": [p.as_dict() for p in self.dropped],
            "settings": list(self.settings),
            "definitions": [{"latex": g, "where": w} for g, w in self.definitions],
            "markers": list(self.markers),
        }


def explain(formula: Formula) -> Explanation | None:
    """The explanation of a definition or a claim; None for a formula not checked by the rules
    (its reason says why; nothing of it was read)."""
    c = formula.classified
    if c.role is Role.CLAIM and formula.claim is not None:
        claim, stage = formula.claim, "claim"
    elif c.role is Role.DEFINITION and c.defines is not None:
        latex = _joined(c.defines.latex, c.also.latex, " ") if c.also else c.defines.latex
        claim = Claim(id="definition", latex=latex, symbols=dict(formula.specs))
        stage = "definition"
    else:
        return None
    names = _names(claim) if stage == "claim" else _names(claim, as_given=True)
    read = diffed = claim.latex
    if c.defines is not None and stage == "claim":  # `J = A = B`: J = A defines J
        read, diffed = _joined(c.defines.latex, read, "; "), _joined(c.defines.latex, read, " ")
    dropped = [Piece(t, why, "display") for t, why in rows.set_aside(formula.display.source)]
    dropped += _taken_off(formula.written_out, diffed)
    for where, gone in dropped_text(claim):
        dropped.append(Piece(gone.text, gone.why, stage if where == "claim" else where))
    return Explanation(
        read,
        names,
        tuple(dropped),
        formula.settings,
        formula.sources,
        formula.markers,
        _found(formula.display),
    )


def _found(display: extract.Display) -> str:
    """`inline math alone on lines 243, 245, 247 (math lines), read as one display chain` for a
    formula read from math lines (derive/scan/mathlines.py); "" for any other."""
    lines = display.math_lines
    at = ", ".join(map(str, lines))
    if not lines:
        return ""
    if len(lines) < display.rows:  # `$$J = A$$`, then `$= B$` alone on a line
        return f"inline math alone on line(s) {at} (math lines), read as rows of this chain"
    if len(lines) == 1:
        return f"inline math alone on line {at} (a math line), read as a display formula"
    return f"inline math alone on lines {at} (math lines), read as one display chain"


def _names(claim: Claim, *, as_given: bool = False) -> tuple[Reading, ...]:
    """What each name was read as; none when that cannot be read. A definition that reads as
    no statement by itself (`u(x) = 2x`: u is no declared function) is read as the reader
    reads it in scope: as the `given` of its name."""
    try:
        return readings(claim)
    except DeriveError:
        if not as_given:
            return ()
    head = claim.latex.partition("=")[0].strip()
    try:
        return readings(replace(claim, latex=f"{head} = {head}", given=(claim.latex,)))
    except DeriveError:
        return ()


def _joined(first: str, then: str, sep: str) -> str:
    """Two texts read from one formula, the second starting where the first ends (`J = A` and
    `A = B`): the text they were read from, `J = A = B`; both, when the second does not start
    so (`\\text{Let } u = 1 - a => A = B`: `u = 1 - a` and `A = B`)."""
    joined = (first[:k] + then for k in range(len(first)) if then.startswith(first[k:]))
    return next(joined, f"{first}{sep}{then}")


def _taken_off(written: str, read: str) -> list[Piece]:
    """The tokens of the formula (its macros expanded) that the text read does not hold, in
    runs, and the runs it holds respelled (`\\mathrm{tanh}` read as `{\\text{tanh}}`)."""
    try:
        mine = tokenize(written)
        tokens = tokenize(read)
    except LatexError:
        return []
    words = [t.text for t in mine]
    out: list[Piece] = []
    theirs = [t.text for t in tokens]
    matcher = difflib.SequenceMatcher(None, words, theirs, autojunk=False)
    # changes next to each other, or apart by braces only, are one: `_\\mathrm{tanh}` read as
    # `_{\\text{tanh}}` is one respelling, not `\\mathrm` dropped and `tanh` respelled
    changes: list[list[int]] = []  # [a, b, x, y]
    for op, a, b, x, y in matcher.get_opcodes():
        if op == "equal":
            continue
        if changes and set(words[changes[-1][1] : a]) <= {"{", "}"}:
            changes[-1][1], changes[-1][3] = b, y
        else:
            changes.append([a, b, x, y])
    for a, b, x, y in changes:
        if a == b:  # only put in: the second text of a chain, a brace
            continue
        (a, b), (x, y) = _balanced(words, a, b), _balanced(theirs, x, y)
        text = written[mine[a].start : mine[b - 1].end]
        if x < y:
            out.append(
                Piece(text, "respelled", "formula", read[tokens[x].start : tokens[y - 1].end])
            )
        else:
            out.append(Piece(text, _why(written, mine[a].start, mine[b - 1].end), "formula"))
    return out


def _balanced(words: list[str], lo: int, hi: int) -> tuple[int, int]:
    """The run of tokens widened to the braces it opens or closes (`\\mathrm{tanh` -> `...}`)."""
    depth = words[lo:hi].count("{") - words[lo:hi].count("}")
    while depth > 0 and hi < len(words) and words[hi] == "}":
        hi, depth = hi + 1, depth - 1
    while depth < 0 and lo > 0 and words[lo - 1] == "{":
        lo, depth = lo - 1, depth + 1
    return lo, hi


def _why(written: str, start: int, end: int) -> str:
    if end >= len(written.rstrip()) and surface.TRAILING.fullmatch(written[start:]):
        return "sentence punctuation"
    lead = _LEAD.match(written)
    if start == 0 or (lead is not None and start < lead.end()):
        return "the prose before the formula"
    if _ARROW.fullmatch(written[start:end]):
        return "the prose's arrow between a definition and a step"
    if _WORDS.search(written[start:end]):  # `\\qquad \\text{...}` after a definition's value
        return "annotation"
    return "not read"
