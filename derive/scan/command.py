"""`derive scan PATH...`: output and exit code (the CLI parses the arguments).

Exit codes, as `derive check`: 0 when every checked formula is as expected (verified, or refuted
where an `expect refuted` comment says so; undecided counts as expected unless --strict), 1 when
any is not, 2 when a note or a `derive:` comment cannot be read or no display formula is found.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from derive.render import scan as render_scan
from derive.render.scan_html import NotePage, page
from derive.run import RunOptions
from derive.scan.explain import Explanation, explain
from derive.scan.findings import Finding, Outcome
from derive.scan.notes import Collected, check, collect, discover, read_note


def scan_command(args: argparse.Namespace, options: RunOptions, out: TextIO, err: TextIO) -> int:
    collected = collect(args.paths)
    show_progress = err.isatty() and not args.json
    claims = sum(f.claim is not None for f in collected.formulas)
    if show_progress and claims:
        err.write(f"checking {claims} claims of {len(collected.formulas)} display formulas...\r")
        err.flush()
    findings = check(collected.formulas, options)
    if show_progress and claims:
        err.write(" " * 60 + "\r")
    explained = [explain(f.formula) for f in findings] if args.explain else None
    if args.json:
        doc = render_scan.document(findings, collected.problems, explained)
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        for p in collected.problems:
            out.write("".join(line + "\n" for line in render_scan.problem_lines(p)))
        for k, f in enumerate(findings):
            e = explained[k] if explained is not None else None
            lines = render_scan.finding_lines(f, verbose=args.verbose, explained=e)
            out.write("".join(line + "\n" for line in lines))
        out.write(render_scan.summary_line(findings, collected.problems) + "\n")
    if args.html:
        try:
            text = _html(args.paths, findings, collected, explained)
            Path(args.html).write_text(text, encoding="utf-8")
        except OSError as exc:
            err.write(f"derive scan: cannot write {args.html}: {exc}\n")
            return 2
        if not args.json:
            out.write(f"wrote {args.html}\n")
    if collected.problems:
        return 2
    if not findings:
        err.write("derive scan: no display formulas found\n")
        return 2
    return 0 if all(_passes(f, strict=args.strict) for f in findings) else 1


def _html(
    paths: list[str],
    findings: list[Finding],
    collected: Collected,
    explained: list[Explanation | None] | None,
) -> str:
    """The page of the notes that could be read, each text with its findings (and with
    --explain the text of each formula not read as written)."""
    how = dict(zip(map(id, findings), explained or [], strict=False))
    files, _ = discover(paths)
    unreadable = {p.file for p in collected.problems if p.claim_id is None}
    notes = []
    for path in files:
        if str(path) in unreadable:
            continue
        for part in read_note(path):
            mine = [f for f in findings if f.formula.file == part.name]
            notes.append(NotePage(part, mine, [how.get(id(f)) for f in mine] if how else ()))
    title = "derive scan: " + ", ".join(str(p) for p in files)
    return page(title, notes, render_scan.summary_line(findings, collected.problems))


def _passes(f: Finding, *, strict: bool) -> bool:
    if strict and f.outcome is Outcome.UNDECIDED:
        return False
    return f.as_expected
