"""The output of `derive scan`: `path:line:col: verdict ...` lines (the form editors and CI
read), details indented below, a summary; and the JSON document. Strings only."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import Verdict
from derive.render import text as render_text
from derive.render.json import claim_dict, problem_dict
from derive.scan.findings import Finding, Outcome


def finding_lines(f: Finding, *, verbose: bool = False) -> list[str]:
    """`notes/bp.md:42:5: refuted [sign] the sign is wrong`, then the formula, the
    counterexample and the correction (for a refuted or unexpected verdict, or with verbose)."""
    formula = f.formula
    head = f"{formula.where}: {'(inline math) ' if formula.inline else ''}{f.outcome.value}"
    r = f.result
    lines: list[str] = []
    if f.outcome is Outcome.DEFINITION:
        lines = [f"{head}: {formula.classified.note}"]
    elif f.outcome is Outcome.NOT_CHECKED:  # an unreadable formula's reason holds a caret
        first, *rest = f.reason.splitlines() or [""]
        lines = [f"{head}: {first}", *("    " + x for x in rest)]
    elif r is not None:
        if r.methods:
            head += f" ({', '.join(m.value for m in r.methods)})"
        if r.diagnosis:
            head += f" [{r.diagnosis.kind.value}] {r.diagnosis.detail}"
        if not f.as_expected:
            head += f" -- expected {r.expected}"
        elif r.claim.expect is Verdict.REFUTED:
            head += " -- as marked (expect refuted)"
        lines = [head]
    show = verbose or f.outcome in {Outcome.REFUTED, Outcome.UNDECIDED} or not f.as_expected
    if show or (f.outcome is Outcome.NOT_CHECKED and verbose):
        lines.append(f"    formula: {formula.display.latex}")
        if formula.settings:  # the comments' settings it was read with (they end with a section)
            lines.append(f"    settings: {'; '.join(formula.settings)}")
    if r is not None and f.outcome is not Outcome.NOT_CHECKED:
        if show and f.rule != "a claim":
            lines.append(f"    rule: {f.rule}")
        if show and f.outcome is Outcome.UNDECIDED and r.message:
            lines += ["    " + x for x in r.message.splitlines()]
        details = render_text.claim_lines(r, verbose=verbose)[1:]
        lines += [x for x in details if f.outcome is not Outcome.UNDECIDED or "fails" in x]
    return lines


def summary_line(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> str:
    """`N display formulas: k checked (v verified, r refuted, u undecided), d definitions, n not
    checked`, the inline math read (when any), then what was not as expected and the files that
    could not be read."""
    display = [f for f in findings if not f.formula.inline]
    inline = [f for f in findings if f.formula.inline]
    files = len({f.formula.note for f in findings})
    text = f"{len(display)} display formulas in {files} file(s): {_tally(display)}"
    if inline:
        text += f"; inline math read: {_tally(inline)}"
    unexpected = sum(not f.as_expected for f in findings)
    text += "; all as expected" if unexpected == 0 else f"; {unexpected} not as expected"
    if problems:
        text += f"; {len(problems)} problem(s) reading the notes"
    return text


def _tally(findings: Sequence[Finding]) -> str:
    count = {o: sum(f.outcome is o for f in findings) for o in Outcome}
    checked = count[Outcome.VERIFIED] + count[Outcome.REFUTED] + count[Outcome.UNDECIDED]
    return (
        f"{checked} checked ({count[Outcome.VERIFIED]} verified, {count[Outcome.REFUTED]} "
        f"refuted, {count[Outcome.UNDECIDED]} undecided), {count[Outcome.DEFINITION]} "
        f"definitions, {count[Outcome.NOT_CHECKED]} not checked"
    )


def problem_lines(p: Problem) -> list[str]:
    head, *rest = p.format().splitlines() or [""]
    return [f"{head}: error"] + ["    " + x for x in rest]


def finding_dict(f: Finding) -> dict[str, object]:
    formula = f.formula
    w = formula.display.where
    return {
        "file": formula.file,
        "line": w.line,
        "column": w.col,
        "cell": w.cell,
        "inline": formula.inline,
        "latex": formula.display.latex,
        "outcome": f.outcome.value,
        "rule": f.rule if f.outcome is not Outcome.NOT_CHECKED else None,
        "reason": f.reason or None,
        "defines": ", ".join(d.shown for d in formula.classified.defined) or None,
        "settings": list(formula.settings),
        "as_expected": f.as_expected,
        "result": claim_dict(f.result) if f.result is not None else None,
    }


def document(findings: Sequence[Finding], problems: Sequence[Problem] = ()) -> dict[str, object]:
    display = [f for f in findings if not f.formula.inline]
    return {
        "formulas": [finding_dict(f) for f in findings],
        "problems": [problem_dict(p) for p in problems],
        "summary": {
            "display_formulas": len(display),
            **_counts(display),
            "inline": _counts([f for f in findings if f.formula.inline]),
            "not_as_expected": sum(not f.as_expected for f in findings),
            "problems": len(problems),
        },
    }


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    count = {o.value: sum(f.outcome is o for f in findings) for o in Outcome}
    return {
        "checked": count["verified"] + count["refuted"] + count["undecided"],
        **{k.replace(" ", "_"): v for k, v in count.items()},
    }
