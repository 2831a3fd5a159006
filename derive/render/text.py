"""Human-readable results: one line per claim, details indented below, a summary line."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import ClaimResult, Verdict

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
        head += f"  -- expected {r.claim.expect.value}"
    lines = [head]
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


def problem_lines(p: Problem, *, colour: bool = False) -> list[str]:
    head, *rest = p.format().splitlines() or [""]
    return [f"{_paint('FAIL', 'red', colour)} {head}  {_paint('error', 'red', colour)}"] + [
        "    " + x for x in rest
    ]


def summary_line(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> str:
    n = len(results) + len(problems)
    counts = {v: sum(r.verdict is v for r in results) for v in Verdict}
    counts[Verdict.ERROR] += len(problems)
    unexpected = sum(not r.as_expected for r in results) + len(problems)
    files = len({r.claim.file for r in results} | {p.file for p in problems})
    parts = ", ".join(f"{counts[v]} {v.value}" for v in Verdict)
    tail = "all as expected" if unexpected == 0 else f"{unexpected} not as expected"
    return f"{n} claims in {files} file(s): {parts}; {tail}"


def per_file_lines(results: Sequence[ClaimResult]) -> list[str]:
    files: dict[str, list[ClaimResult]] = {}
    for r in results:
        files.setdefault(r.claim.file or "-", []).append(r)
    out = []
    for f, rs in files.items():
        counts = ", ".join(
            f"{sum(r.verdict is v for r in rs)} {v.value}"
            for v in Verdict
            if any(r.verdict is v for r in rs)
        )
        out.append(f"  {f}: {len(rs)} claims ({counts})")
    return out
