"""Self-contained HTML sheets for `derive export --format html`: the formula sheet and the
errata sheet, their formulas as MathML (mathml.py), so a page needs no script, no CDN and no
network, and prints as it shows.
"""

from __future__ import annotations

import html

from derive.model import ClaimResult, Verdict
from derive.render import sheets
from derive.render.mathml import math
from derive.render.sheets import Document, RunInfo

_CSS = """
:root { color-scheme: light; --verified: #1b6e3a; --refuted: #b3261e; --undecided: #8a5a00;
  --error: #5b5b5b; --line: #d8d8d8; --soft: #f6f6f4; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans",
  "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #1d1d1d; background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0; }
.doc { font-size: 1.25rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.6rem;
  align-items: baseline; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.where { color: #555; font-weight: normal; }
.file { color: #555; font-weight: normal; font-size: 0.85rem; margin-left: auto; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 0.25rem; color: #fff;
  font-weight: 700; font-size: 0.8rem; letter-spacing: 0.04em; text-transform: uppercase; }
.badge.verified { background: var(--verified); }
.badge.refuted { background: var(--refuted); }
.badge.undecided { background: var(--undecided); }
.badge.error { background: var(--error); }
.tally { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0; }
.claim { border: 1px solid var(--line); border-left: 0.4rem solid var(--error);
  border-radius: 0.3rem; padding: 0.6rem 0.8rem; margin: 0.8rem 0; break-inside: avoid; }
.claim.verified { border-left-color: var(--verified); }
.claim.refuted { border-left-color: var(--refuted); }
.claim.undecided { border-left-color: var(--undecided); }
.formula { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0 0.2rem 1rem;
  font-size: 1.15rem; }
dd .formula { padding-left: 0; }
/* Chromium centres block math; as inline math it keeps display style and sits on the left. */
.formula math[display="block"] { display: inline math; }
math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0.3rem 0; }
dt { font-style: italic; color: #444; }
dd { margin: 0; min-width: 0; overflow-x: auto; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem; }
code { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft);
  padding: 0.4rem 0.6rem; margin: 0; border-radius: 0.2rem; }
.unconverted { color: var(--refuted); }
.unconverted::after { content: " (not converted to MathML)"; font-style: italic; }
.warning { color: var(--undecided); }
.note { color: #444; }
@media (max-width: 36rem) {
  main { padding: 0.6rem; }
  dl { grid-template-columns: 1fr; }
  dt { margin-top: 0.3rem; }
  .file { margin-left: 0; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .badge, .claim { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .formula, dd { overflow: visible; }
  h2 { break-after: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _badge(verdict: Verdict) -> str:
    return f'<span class="badge {verdict.value}">{verdict.value}</span>'


def _formula(latex: str) -> str:
    return f'<div class="formula">{math(latex, block=True)}</div>'


def _dl(rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    return "<dl>\n" + "".join(f"<dt>{k}</dt><dd>{v}</dd>\n" for k, v in rows) + "</dl>"


def _pre(text: str) -> str:
    return f"<pre>{_e(chr(10).join(sheets.message_lines(text)))}</pre>"


def _head(r: ClaimResult, doc: Document) -> str:
    where = sheets.section(r, doc)
    parts = [_badge(r.verdict), f'<span class="id">{_e(r.claim.id)}</span>']
    if where:
        parts.append(f'<span class="where">{_e(where)}</span>')
    if r.claim.file:
        parts.append(f'<span class="file">{_e(r.claim.file)}</span>')
    return f"<h3>{' '.join(parts)}</h3>"


def _given(r: ClaimResult) -> list[tuple[str, str]]:
    if not r.claim.given:
        return []
    return [("Given", "".join(_formula(g) for g in r.claim.given))]


def _evidence(r: ClaimResult) -> list[tuple[str, str]]:
    rows = [("Decided by", _e(sheets.decided_by(r)))]
    if r.verdict is Verdict.VERIFIED and r.message:
        rows.append(("Evidence", _e(r.message)))
    sizes = sheets.size_sets(r)
    if sizes:
        rows.append(("Sizes checked", _e("; ".join(sizes))))
    note = sheets.expectation_note(r)
    if note:
        rows.append(("Note", _e(note)))
    rows += [
        (
            "Warning",
            f'<span class="warning">[{w.kind.value}] {_e(w.message)}</span>'
            + (f" {math(w.latex)}" if w.latex else ""),
        )
        for w in r.warnings
    ]
    return rows


def _counterexample(r: ClaimResult) -> list[tuple[str, str]]:
    ce = r.counterexample
    if ce is None:
        return []
    link = sheets.failing_link(r)
    parts = [f"the link {_formula(link)}"] if link else []
    if ce.sizes:
        parts.append("with sizes " + _e(", ".join(f"{k}={v}" for k, v in ce.sizes)))
    if ce.point:
        parts.append("at " + ", ".join(math(f"{k} = {v}") for k, v in ce.point))
    parts.append(f"left side <code>{_e(ce.lhs)}</code>, right side <code>{_e(ce.rhs)}</code>")
    return [("Counterexample", "".join(f"<div>{p}</div>" for p in parts))]


def _correction(r: ClaimResult) -> list[tuple[str, str]]:
    if r.correction is None:
        return [("Correction", "none that verifies (no verified correction)")]
    return [
        (
            "Correction",
            f"{_formula(r.correction)}<span class=note>checked as a new claim; it verifies."
            f"</span><br><code>{_e(r.correction)}</code>",
        )
    ]


def _article(r: ClaimResult, doc: Document, body: str) -> str:
    anchor = html.escape(f"{r.claim.file or ''}::{r.claim.id}", quote=True)
    return f'<article class="claim {r.verdict.value}" id="{anchor}">{_head(r, doc)}{body}</article>'


def _page(title: str, doc: Document, info: RunInfo, sections: list[str]) -> str:
    counts = doc.counts()
    tally = "".join(f'<span class="badge {v.value}">{counts[v]} {v.value}</span>' for v in Verdict)
    meta = _dl(
        [
            ("Files", ", ".join(f"<code>{_e(f)}</code>" for f in doc.files)),
            ("This run", _e(doc.count_line())),
            ("Settings", _e(info.describe())),
        ]
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="derive export">',
            f"<title>{_e(title)}: {_e(doc.name)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            "<header>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="doc">{_e(doc.name)}</p>',
            f'<p class="tally">{tally}</p>',
            meta,
            '<p class="note">Every verdict below comes from this run of derive; nothing is '
            "carried over from earlier runs or from what the files expect.</p>",
            "</header>",
            *sections,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _section(title: str, intro: str, articles: list[str]) -> str:
    body = "".join(f"\n{a}" for a in articles)
    return f"<section>\n<h2>{_e(title)}</h2>\n<p>{_e(intro)}</p>{body}\n</section>"


def formula_sheet(doc: Document, info: RunInfo) -> str:
    """The verified formulas of one document, then every claim that is not verified."""
    verified = doc.having(Verdict.VERIFIED)
    sections = [
        _section(
            "Verified formulas",
            f"{len(verified)} claim(s) verified in this run; each says how it was decided."
            if verified
            else "No claim of this document was verified in this run.",
            [
                _article(r, doc, _formula(r.claim.latex) + _dl(_given(r) + _evidence(r)))
                for r in verified
            ],
        )
    ]
    refuted = doc.having(Verdict.REFUTED)
    if refuted:
        sections.append(
            _section(
                "Refuted claims",
                "These statements are wrong; the errata sheet gives the counterexamples.",
                [
                    _article(
                        r,
                        doc,
                        _formula(r.claim.latex)
                        + _dl(
                            ([("What is wrong", _e(r.diagnosis.detail))] if r.diagnosis else [])
                            + _correction(r)
                        ),
                    )
                    for r in refuted
                ],
            )
        )
    sections += _undecided_and_errors(doc)
    return _page("Formula sheet", doc, info, sections)


def _undecided_and_errors(doc: Document) -> list[str]:
    sections = []
    undecided = doc.having(Verdict.UNDECIDED)
    if undecided:
        sections.append(
            _section(
                "Undecided: neither verified nor refuted",
                "derive could not decide these claims in this run; they are not verified.",
                [
                    _article(
                        r,
                        doc,
                        _formula(r.claim.latex)
                        + _dl(_given(r) + _evidence(r) + [("Reason", _pre(r.message))]),
                    )
                    for r in undecided
                ],
            )
        )
    errors = doc.having(Verdict.ERROR)
    if errors or doc.problems:
        articles = [
            _article(
                r,
                doc,
                f'<div class="formula"><code>{_e(r.claim.latex)}</code></div>'
                + _dl([("Error", _pre(r.message))]),
            )
            for r in errors
        ]
        articles += [
            f'<article class="claim error"><h3>{_badge(Verdict.ERROR)} '
            f'<span class="id">{_e(sheets.problem_where(p))}</span></h3>{_pre(p.message)}'
            "</article>"
            for p in doc.problems
        ]
        sections.append(
            _section(
                "Errors: not checked",
                "These claims could not be checked (bad input or unsupported notation).",
                articles,
            )
        )
    return sections


def errata_sheet(doc: Document, info: RunInfo) -> str:
    """Every refuted claim of one document: what is wrong, where it fails, the correction."""
    refuted = doc.having(Verdict.REFUTED)
    articles = []
    for r in refuted:
        code = sheets.code_line(r)
        stated = ("Code", f"<code>{_e(code)}</code>" + _formula(r.claim.latex)) if code else None
        rows = [stated or ("Stated", _formula(r.claim.latex)), *_given(r)]
        if r.diagnosis:
            rows.append(("What is wrong", f"[{r.diagnosis.kind.value}] {_e(r.diagnosis.detail)}"))
        if r.claim.why:
            rows.append(("Note in the file", _e(r.claim.why)))
        rows += _counterexample(r) + _correction(r) + _evidence(r)
        articles.append(_article(r, doc, _dl(rows)))
    sections = [
        _section(
            "Refuted claims",
            f"{len(refuted)} refuted claim(s), each with where it fails and how that was "
            "confirmed; a correction is given only when it verifies as a new claim."
            if refuted
            else "No claim of this document was refuted in this run.",
            articles,
        )
    ]
    note = doc.not_decided_note()
    if note:
        sections.append(f'<p class="note">{note}</p>')
    return _page("Errata", doc, info, sections)
