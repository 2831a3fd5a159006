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


def summary_line(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> str:
    n = len(results) + len(problems)
    counts = {v: sum(r.verdict is v for r in results) for v in Verdict}
    counts[Verdict.ERROR] += len(problems)
    unexpected = sum(not r.as_expected for r in results) + len(problems)
    files = len({r.claim.file for r in results} | {p.file for p in problems})
    parts = ", ".join(f"{counts[v]} {v.value}" for v in Verdict)
    tail = "all as expected" if unexpected == 0 else f"{unexpected} not as expected"
    return f"{n} claims in {files} file(s): {parts}, {_warnings(results)}; {tail}"


def document(r: ClaimResult) -> str:
    """The document a claim comes from: its file's [meta] source, else the file path."""
    return r.claim.document or r.claim.file or "-"


def documents(
    results: Sequence[ClaimResult], problems: Sequence[Problem] = ()
) -> dict[str, tuple[list[ClaimResult], int]]:
    """Results per document, in order of first appearance, with the number of problems (files
    or claims that could not be read, each counted as one error)."""
    out: dict[str, tuple[list[ClaimResult], int]] = {}
    of_file = {r.claim.file: document(r) for r in results}
    for r in results:
        out.setdefault(document(r), ([], 0))[0].append(r)
    for p in problems:
        doc = of_file.get(p.file, p.file)
        rs, n = out.get(doc, ([], 0))
        out[doc] = (rs, n + 1)
    return out


def per_document_lines(
    results: Sequence[ClaimResult], problems: Sequence[Problem] = ()
) -> list[str]:
    """`  DOC: 45 claims, 30 verified, 15 refuted, 0 undecided, 0 error, 3 warnings`."""
    out = []
    for doc, (rs, n_problems) in documents(results, problems).items():
        counts = {v: sum(r.verdict is v for r in rs) for v in Verdict}
        counts[Verdict.ERROR] += n_problems
        parts = ", ".join(f"{counts[v]} {v.value}" for v in Verdict)
        out.append(f"  {doc}: {len(rs) + n_problems} claims, {parts}, {_warnings(rs)}")
    return out


def _warnings(results: Sequence[ClaimResult]) -> str:
    n = sum(len(r.warnings) for r in results)
    return f"{n} warning" + ("" if n == 1 else "s")
