"""Human-readable results: one line per claim, details indented below, a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from derive.catalog import Problem
from derive.model import ClaimResult, Verdict
from derive.summary import RunSummary, Tally

if TYPE_CHECKING:
    from derive.shapes.explain import Explanation

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "magenta": "35", "dim": "2"}
_VERDICT_COLOUR = {
    Verdict.VERIFIED: "green",
    Verdict.REFUTED: "magenta",
    Verdict.UNDECIDED: "yellow",
    Verdict.ERROR: "red",
}


def _paint(text: str, colour: str, on: bool) -> str:
    return f"\033[{_COLOURS[colour]}m{text}\033[0m" if on else text


def where(r: ClaimResult) -> str:
    return f"{r.claim.file}::{r.claim.id}" if r.claim.file else r.claim.id


def claim_lines(r: ClaimResult, *, colour: bool = False, verbose: bool = False) -> list[str]:
    mark = "ok  " if r.as_expected else "FAIL"
    head = (
        f"{_paint(mark, 'green' if r.as_expected else 'red', colour)} {where(r)}  "
        f"{_paint(r.verdict.value, _VERDICT_COLOUR[r.verdict], colour)}"
    )
    if r.methods:
        head += f" ({', '.join(m.value for m in r.methods)})"
    if r.diagnosis:
        head += f"  [{r.diagnosis.kind.value}] {r.diagnosis.detail}"
    if not r.as_expected and r.verdict is not Verdict.ERROR:
        head += f"  -- expected {r.expected}"
    lines = [head] + ["    " + x for x in warning_lines(r, colour=colour)]
    detail = verbose or not r.as_expected or r.verdict in {Verdict.REFUTED, Verdict.ERROR}
    if detail and r.message and r.verdict is not Verdict.REFUTED:
        lines += ["    " + x for x in r.message.splitlines()]
    if detail and r.counterexample:
        ce = r.counterexample
        point = ", ".join(f"{k}={v}" for k, v in ce.point)
        sizes = ", ".join(f"{k}={v}" for k, v in ce.sizes)
        lines.append(f"    fails: {ce.link}")
        if sizes:
            lines.append(f"      with {sizes}")
        if point:
            lines.append(f"      at {point}")
        lines.append(f"      left = {ce.lhs}, right = {ce.rhs}")
    if detail and r.correction:
        lines.append(f"    correction: {r.correction}")
    if verbose and r.sizes:
        lines.append(
            "    sizes: " + "; ".join(", ".join(f"{k}={v}" for k, v in s) for s in r.sizes)
        )
    return lines


def verify_text(r: ClaimResult) -> str:
    """One claim as `derive verify` shows it: the verdict and its methods, then the diagnosis,
    the message, where it fails, the correction and the warnings, one per line."""
    lines = [r.verdict.value + (f" ({', '.join(m.value for m in r.methods)})" if r.methods else "")]
    if r.diagnosis:
        lines.append(f"diagnosis: [{r.diagnosis.kind.value}] {r.diagnosis.detail}")
    if r.message:
        lines.append(r.message)
    if r.counterexample:
        ce = r.counterexample
        sizes = ", ".join(f"{k}={v}" for k, v in ce.sizes)
        lines.append(f"fails: {ce.link}" + (f" with {sizes}" if sizes else ""))
        if ce.point:
            lines.append("  at " + ", ".join(f"{k}={v}" for k, v in ce.point))
        lines.append(f"  left = {ce.lhs}, right = {ce.rhs}")
    if r.correction:
        lines.append(f"correction: {r.correction}")
    lines += warning_lines(r)
    return "\n".join(lines)


def warning_lines(r: ClaimResult, *, colour: bool = False) -> list[str]:
    """One line per notation warning: `warning [mean-terms] ...` (shown even for ok claims)."""
    return [
        f"{_paint('warning', 'yellow', colour)} [{w.kind.value}] {w.message}" for w in r.warnings
    ]


def problem_lines(p: Problem, *, colour: bool = False) -> list[str]:
    head, *rest = p.format().splitlines() or [""]
    return [f"{_paint('FAIL', 'red', colour)} {head}  {_paint('error', 'red', colour)}"] + [
        "    " + x for x in rest
    ]


def summary_line(summary: RunSummary) -> str:
    """`23 claims in 1 file(s): 12 verified, ..., 0 warnings; all as expected`."""
    t = summary.total
    parts = ", ".join(f"{t.count(v)} {v.value}" for v in Verdict)
    tail = "all as expected" if summary.unexpected == 0 else f"{summary.unexpected} not as expected"
    return f"{t.claims} claims in {len(summary.files)} file(s): {parts}, {_warnings(t)}; {tail}"


def per_document_lines(summary: RunSummary) -> list[str]:
    """`  DOC: 45 claims, 30 verified, 15 refuted, 0 undecided, 0 error, 3 warnings`."""
    out = []
    for doc, t in summary.documents:
        parts = ", ".join(f"{t.count(v)} {v.value}" for v in Verdict)
        out.append(f"  {doc}: {t.claims} claims, {parts}, {_warnings(t)}")
    return out


def _warnings(t: Tally) -> str:
    return f"{t.warnings} warning" + ("" if t.warnings == 1 else "s")


def explain_lines(e: Explanation, indent: str = "") -> list[str]:
    """`--explain` of one claim: `read as:`, `sizes:`, `dropped (read as nothing):`."""
    out: list[str] = []
    if e.names:
        out += [f"{indent}read as:", *(f"{indent}  {n.text()}" for n in e.names)]
    if e.sizes:
        out += [f"{indent}sizes:", *(f"{indent}  {t}" for t in e.sizes)]
    if e.dropped:
        out += [f"{indent}dropped (read as nothing):"]
        out += [f"{indent}  {where}: {d.text} ({d.why})" for where, d in e.dropped]
    return out
