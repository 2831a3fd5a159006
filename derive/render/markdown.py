"""The errata page in Markdown (`derive export --format md`), e.g. docs/errata.md.

One section per source document; each refuted claim with where it is, the stated LaTeX, what
is wrong and the corrected LaTeX. Formulas go in ```` ```math ```` blocks: GitHub and GitLab
render them, and anywhere else they read as the LaTeX source to copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from derive.model import ClaimResult, Verdict
from derive.render import sheets
from derive.render.sheets import Document, RunInfo

COMMAND = "derive export formulas --format md --out docs"


def _md(text: str) -> str:
    """Text with the characters Markdown would read as markup escaped."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _math(latex: str) -> list[str]:
    return ["```math", latex.strip(), "```", ""]


def _claim(r: ClaimResult, doc: Document) -> list[str]:
    where = sheets.section(r, doc)
    code = sheets.code_line(r)
    out = [f"### {_md(r.claim.id)}" + (" (code)" if code else ""), ""]
    place = _md(doc.name) + (f", {_md(where)}" if where else "")
    out += [f"**Where:** {place} ({_code(r.claim.file or '-')})", ""]
    if code:
        out += [f"**Code:** {_code(code)}:", "", *_math(r.claim.latex)]
    else:
        out += ["**Stated:**", "", *_math(r.claim.latex)]
    wrong = []
    if r.diagnosis:
        wrong.append(f"[{r.diagnosis.kind.value}] {_md(r.diagnosis.detail)}.")
    if r.claim.why:
        wrong.append(f"Note in the file: {_md(r.claim.why)}")
    if wrong:
        out += ["**What is wrong:** " + " ".join(wrong), ""]
    ce = r.counterexample
    if ce is not None:
        link = sheets.failing_link(r)
        at = [f"in the link {_code(link)}"] if link else []
        if ce.sizes:
            at.append("with " + _code(", ".join(f"{k}={v}" for k, v in ce.sizes)))
        if ce.point:
            at.append("at " + _code(", ".join(f"{k}={v}" for k, v in ce.point)))
        sides = f"left = {_code(ce.lhs)}, right = {_code(ce.rhs)}"
        lead = f"fails {' '.join(at)}: " if at else ""
        out += [f"**Counterexample:** {lead}{sides}", ""]
    for w in r.warnings:
        fragment = f" ({_code(w.latex)})" if w.latex else ""
        out += [f"**Warning:** [{w.kind.value}] {_md(w.message)}{fragment}", ""]
    if r.correction is None and code:
        out += ["**Corrected:** the code is to be fixed (see what is wrong).", ""]
    elif r.correction is None:
        out += ["**Corrected:** none that verifies (no verified correction).", ""]
    else:
        out += ["**Corrected** (checked as a new claim; it verifies):", "", *_math(r.correction)]
    return out


def _not_decided(doc: Document) -> list[str]:
    items = [
        f"{_code(r.claim.id)} ({r.verdict.value})"
        for r in doc.results
        if r.verdict in {Verdict.UNDECIDED, Verdict.ERROR}
    ]
    items += [f"{_code(sheets.problem_where(p))} (error)" for p in doc.problems]
    if not items:
        return []
    return [f"Not decided in this run, so neither verified nor refuted: {', '.join(items)}.", ""]


def errata_page(docs: Sequence[Document], info: RunInfo) -> str:
    """One Markdown page: a summary table, then the refuted claims of each document."""
    out = [
        "# Errata",
        "",
        f"<!-- Written by `{COMMAND}`; regenerate instead of editing. -->",
        "",
        "The refuted claims of the formula catalog, from one run of derive "
        f"({_md(info.describe())}). Every verdict here comes from that run, never from what a "
        "file expects. Each refuted claim comes with where it fails; a correction is given "
        "only when it was checked as a new claim and verifies.",
        "",
        "| document | claims | verified | refuted | undecided | error |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for d in docs:
        c = d.counts()
        total = len(d.results) + len(d.problems)
        row = " | ".join(str(c[v]) for v in Verdict)
        out.append(f"| {_md(d.name)} | {total} | {row} |")
    out.append("")
    for d in docs:
        out += [f"## {_md(d.name)}", ""]
        files = ", ".join(_code(f) for f in d.files)
        out += [f"Files: {files}. This run: {d.count_line()}.", ""]
        refuted = d.having(Verdict.REFUTED)
        if not refuted:
            out += ["No refuted claims.", ""]
        for r in refuted:
            out += _claim(r, d)
        out += _not_decided(d)
    return "\n".join(out).rstrip("\n") + "\n"
