"""What the reader did not read, so that nothing written is dropped silently.

The reader drops text that carries no mathematics (docs/notation.md, "Dropped and renamed
input"): annotations (`\\text{where } ...`, `[\\text{chain rule}]`), sizing (`\\left`,
`\\bigl`, the empty delimiter `\\left.`), spacing (`\\,`, `~`, `\\quad` that joins nothing),
style (`\\displaystyle`, `\\limits`), display layout (`\\begin{align*}`, `\\\\[1em]`) and
the sentence punctuation a formula ends with (`J = L + s.`). Rather than have every place
that drops something report it, this module compares the tokens as written with the tokens the
reader kept (each keeps its position in the LaTeX) and with the parts it read: whatever is left
over was dropped, and is listed, grouped into runs and classified, by `derive verify --explain`
and in its JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from derive.notation.joins import SEPARATING_SPACES
from derive.notation.tokens import Kind, Token, tokenize

_SIZING = frozenset(
    {"\\left", "\\right", "\\middle", "\\big", "\\Big", "\\bigg", "\\Bigg"}
    | {f"{b}{s}" for b in ("\\big", "\\Big", "\\bigg", "\\Bigg") for s in ("l", "r", "m")}
)
_STYLE = frozenset({"\\displaystyle", "\\textstyle", "\\scriptstyle", "\\limits", "\\nolimits"})


@dataclass(frozen=True)
class Dropped:
    """A run of written text the reader did not read, and why that is safe."""

    text: str  # as written
    start: int  # character offsets in the LaTeX
    end: int
    why: str  # "annotation", "sizing", "spacing", "style", "layout", "sentence punctuation"

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "why": self.why, "start": self.start, "end": self.end}


def dropped(
    latex: str, kept: list[Token], parts: list[tuple[int, int]], end: int
) -> tuple[Dropped, ...]:
    """The runs of `latex` that no kept token covers, plus the kept tokens read as nothing:
    spacing inside a part (`\\quad` that joins nothing) and the punctuation after the formula's
    `end` (token index). `parts` are the token ranges of the sides the reader read."""
    covered = [(t.start, t.end) for t in kept]
    lost = [t for t in tokenize(latex) if not any(a <= t.start and t.end <= b for a, b in covered)]
    inside = {k for lo, hi in parts for k in range(lo, hi)}
    for k, t in enumerate(kept):
        if k >= end or (k in inside and t.kind is Kind.COMMAND and t.text in SEPARATING_SPACES):
            lost.append(t)
    lost.sort(key=lambda t: t.start)
    runs: list[list[Token]] = []
    for t in lost:
        if runs and not latex[runs[-1][-1].end : t.start].strip():
            runs[-1].append(t)
        else:
            runs.append([t])
    return tuple(
        Dropped(latex[r[0].start : r[-1].end], r[0].start, r[-1].end, _why(r, end, kept))
        for r in runs
    )


def _why(run: list[Token], end: int, kept: list[Token]) -> str:
    if any(t.kind is Kind.TEXT for t in run):
        return "annotation"
    after = kept[end].start if end < len(kept) else None
    if after is not None and run[0].start >= after:
        return "sentence punctuation"
    if any(t.kind is Kind.COMMAND and t.text in _SIZING for t in run):
        return "sizing"
    if any(t.kind is Kind.COMMAND and t.text in _STYLE for t in run):
        return "style"
    if any(t.is_command("\\begin", "\\end", "\\\\") for t in run):
        return "layout"
    return "spacing"
