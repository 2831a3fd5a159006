"""The output of `derive scan`: `path:line:col: verdict ...` lines (the form editors and CI
read), details indented below, a summary; and the JSON document. Strings only."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import Verdict
from derive.render import text as render_text
from derive.render.json import claim_dict, problem_dict
from derive.scan.explain import Explanation
from derive.scan.findings import Finding, Outcome


def finding_lines(
    f: Finding, *, verbose: bool = False, explained: Explanation | None = None
) -> list[str]:
    """`notes/bp.md:42:5: refuted [sign] the sign is wrong`, then the formula, the
    counterexample and the correction (for a refuted or unexpected verdict, or with verbose),
    and with `explained` (--explain) how the formula was read."""
    formula = f.formula
    head = f"{f.where}: {formula.read_as}{f.outcome.value}"
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
    if formula.restored:  # every outcome of a repaired formula says what was restored
        lines.append(f"    {formula.restored}")
    show = verbose or f.outcome in {Outcome.REFUTED, Outcome.UNDECIDED} or not f.as_expected
    if show or (f.outcome is Outcome.NOT_CHECKED and verbose):
        lines.append(f"    formula: {formula.display.latex}")
        if f.link_at is not None:  # the head is at the failing link, on a later row
            start = formula.display.where
            lines.append(
                f"    chain: from line {start.line}:{start.col}; the failing link is written at "
                f"line {f.link_at.line}"
            )
        if formula.settings:  # the comments' settings it was read with (they end with a section)
            lines.append(f"    settings: {'; '.join(formula.settings)}")
    if r is not None and f.outcome is not Outcome.NOT_CHECKED:
        if show and f.rule != "a claim":
            lines.append(f"    rule: {f.rule}")
        if show and f.outcome is Outcome.UNDECIDED and r.message:
            lines += ["    " + x for x in r.message.splitlines()]
        details = render_text.claim_lines(r, verbose=verbose)[1:]
        lines += [x for x in details if f.outcome is not Outcome.UNDECIDED or "fails" in x]
    if explained is not None:
        lines += explanation_lines(f, explained, settings_shown=show)
    return lines


def explanation_lines(f: Finding, e: Explanation, *, settings_shown: bool) -> list[str]:
    """How a definition or claim was read (--explain): the text read, what each name was read
    as, the text set aside, the settings in force, the definitions used, the markers."""
    lines = []
    if e.found:
        lines.append(f"    found: {e.found}")
    if e.read != f.formula.display.latex:
        lines.append(f"    read: {e.read}")
    if e.names:
        lines += ["    read as:", *(f"      {n.text()}" for n in e.names)]
    if e.dropped:
        lines.append("    dropped (read as nothing) or respelled:")
        for p in e.dropped:
            lines.append(f"      {p.stage}: {p.text} ({p.how})")
    if e.settings and not settings_shown:
        lines.append(f"    settings: {'; '.join(e.settings)}")
    if e.definitions:
        used = (f"      given {k}: {g} ({w})" for k, (g, w) in enumerate(e.definitions, 1))
        lines += ["    definitions used:", *used]
    if e.markers:
        lines.append(f"    marked by: {'; '.join(e.markers)}")
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


def finding_dict(
    f: Finding, explained: Explanation | None = None, *, explain: bool = False
) -> dict[str, object]:
    """One formula's object; with `explain` (--explain) an `explain` field: how it was read,
    null for a formula not checked by the rules."""
    formula = f.formula
    w = formula.display.where
    return {
        "file": formula.file,
        "line": w.line,
        "column": w.col,
        "cell": w.cell,
        "inline": formula.inline,
        "math_lines": list(formula.display.math_lines),
        "link_line": f.link_at.line if f.link_at is not None else None,
        "latex": formula.display.latex,
        "outcome": f.outcome.value,
        "rule": f.rule if f.outcome is not Outcome.NOT_CHECKED else None,
        "reason": f.reason or None,
        "restored": list(formula.classified.restored) or None,
        "defines": ", ".join(d.shown for d in formula.classified.defined) or None,
        "settings": list(formula.settings),
        "as_expected": f.as_expected,
        "result": claim_dict(f.result) if f.result is not None else None,
    } | ({"explain": explained.as_dict() if explained else None} if explain else {})


def document(
    findings: Sequence[Finding],
    problems: Sequence[Problem] = (),
    explained: Sequence[Explanation | None] | None = None,
) -> dict[str, object]:
    """The JSON document; `explained` (--explain), one per finding, adds the `explain` fields."""
    display = [f for f in findings if not f.formula.inline]
    each = explained if explained is not None else [None] * len(findings)
    return {
        "formulas": [
            finding_dict(f, e, explain=explained is not None)
            for f, e in zip(findings, each, strict=True)
        ],
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
