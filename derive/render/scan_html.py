"""`derive scan --html OUT`: the notes written back as one self-contained page, each display
formula as MathML with its verdict badge beside it, the correction under each refuted one.

The prose is shown as written (escaped, line breaks kept; inline math stays LaTeX source): the
page is a proofreading view, not a renderer of Markdown or LaTeX. Formulas become MathML through
derive/render/html.py (latex2mathml, offline, no script); one that cannot be converted is shown
as its LaTeX in a `<code class="unconverted">`, visibly.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from derive.render.mathml import math
from derive.scan.explain import Explanation
from derive.scan.findings import Finding, Outcome
from derive.scan.notes import Part

_CSS = """
:root { --verified: #1b6e3a; --refuted: #b3261e; --undecided: #8a5a00; --definition: #30508a;
  --unchecked: #6b6b6b; --line: #d8d8d8; }
body { margin: 0; font: 16px/1.5 system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif;
  color: #1d1d1d; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 2px solid var(--line); }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0; }
.formula { border-left: 0.3rem solid var(--unchecked); padding: 0.2rem 0.6rem;
  margin: 0.4rem 0; }
.formula.verified { border-left-color: var(--verified); }
.formula.refuted { border-left-color: var(--refuted); }
.formula.undecided { border-left-color: var(--undecided); }
.formula.definition { border-left-color: var(--definition); }
.row { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
.math { overflow-x: auto; font-size: 1.1rem; }
.math math[display="block"] { display: inline math; }
.badge { padding: 0.05rem 0.5rem; border-radius: 0.25rem; color: #fff; font-size: 0.75rem;
  font-weight: 700; text-transform: uppercase; white-space: nowrap; }
.badge.verified { background: var(--verified); } .badge.refuted { background: var(--refuted); }
.badge.undecided { background: var(--undecided); }
.badge.definition { background: var(--definition); }
.badge.not-checked { background: var(--unchecked); }
.where { color: #555; font-size: 0.8rem; font-family: ui-monospace, monospace; }
.note { color: #444; font-size: 0.9rem; margin: 0.2rem 0; }
.unconverted { color: var(--refuted); }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem; }
"""


@dataclass(frozen=True)
class NotePage:
    """One text of a note with the findings of its formulas."""

    part: Part
    findings: Sequence[Finding]
    explained: Sequence[Explanation | None] = ()  # one per finding with --explain


def page(title: str, notes: Sequence[NotePage], summary: str) -> str:
    """The whole page: a section per text, prose and formulas in document order."""
    sections = [_section(n) for n in notes]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<h1>{_e(title)}</h1>\n<p class="note">{_e(summary)}</p>\n'
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


def _section(note: NotePage) -> str:
    text = note.part.text
    out = [f"<section>\n<h2>{_e(note.part.name)}</h2>"]
    how = {id(f): e for f, e in zip(note.findings, note.explained, strict=False)}
    at = 0
    for group in _groups(note.findings):
        start = min(f.formula.display.span[0] for f in group)
        end = max(f.formula.display.span[1] for f in group)
        out.append(_prose(text[at:start]))
        out += [_formula(f, how.get(id(f))) for f in group]
        at = max(at, end)
    out.append(_prose(text[at:]))
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings whose displays overlap (the rows of one align, a chain over several $$ blocks)
    form one group: the prose is cut around the group."""
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: f.formula.display.span):
        s, e = f.formula.display.span
        if groups and s < end:
            groups[-1].append(f)
            end = max(end, e)
        else:
            groups.append([f])
            end = e
    return groups


def _prose(text: str) -> str:
    text = text.strip("\n")
    return f'<div class="prose">{_e(text)}</div>' if text.strip() else ""


def _formula(f: Finding, explained: Explanation | None = None) -> str:
    cls = f.outcome.value.replace(" ", "-")
    d = f.formula.display
    where = f"{d.where.line}:{d.where.col} {f.formula.read_as}".rstrip()
    head = (
        f'<div class="row"><span class="badge {cls}">{_e(f.outcome.value)}</span>'
        f"{math(f.formula.written_out, block=True)}"  # MathML knows no author's macros
        f'<span class="where">line {_e(where)}</span></div>'
    )
    notes: list[str] = [f.formula.restored] if f.formula.restored else []
    r = f.result
    if f.outcome is Outcome.NOT_CHECKED:
        notes.append(f.reason)
    elif f.outcome is Outcome.DEFINITION or f.rule != "a claim":
        notes.append(f.rule)
    if r is not None and f.outcome is not Outcome.NOT_CHECKED:
        if r.diagnosis:
            notes.append(f"[{r.diagnosis.kind.value}] {r.diagnosis.detail}")
        if f.link_at is not None:
            notes.append(f"the failing link is written at line {f.link_at.line}")
        if not f.as_expected:
            notes.append(f"expected {r.expected}")
        if f.outcome is Outcome.UNDECIDED and r.message:
            notes.append(r.message)
        if r.counterexample:
            ce = r.counterexample
            point = ", ".join(f"{k}={v}" for k, v in ce.point)
            notes.append(f"fails at {point}: left = {ce.lhs}, right = {ce.rhs}")
    if f.formula.settings and f.outcome in {Outcome.REFUTED, Outcome.UNDECIDED}:
        notes.append(f"settings: {'; '.join(f.formula.settings)}")  # as the text output
    if explained is not None and explained.dropped:  # --explain: the text not read as written
        pieces = [f"{p.text} ({p.how})" for p in explained.dropped]
        notes.append("not read as written: " + "; ".join(pieces))
    body = "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
    if r is not None and r.correction and f.outcome is Outcome.REFUTED:
        body += f'<p class="note">correction: {math(r.correction, block=True)}</p>'
    return f'<div class="formula {cls}">{head}{body}</div>'


def _e(text: str) -> str:
    return html.escape(text, quote=True)
