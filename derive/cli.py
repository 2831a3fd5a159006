"""`derive verify`, `derive check`, `derive export`, `derive scan`: argument parsing, output and
exit codes only (scan's output and exit codes: derive/scan/command.py).

Exit codes: verify: 0 verified, 1 refuted, 3 undecided, 2 error. check: 0 when every verdict
is what its file expects, 1 when any differs, 2 when any file or claim could not be read.
export: 0 when the sheets are written (verdicts and problems are in them), 2 when no claim is
found or the folder cannot be written.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from derive import catalog
from derive.cache import DEFAULT_DIR, VerdictCache
from derive.errors import DeriveError
from derive.model import Claim, ClaimResult, GradientLayout, Verdict
from derive.notation.usermacros import definition
from derive.render import json as render_json
from derive.render import text as render_text
from derive.render.sheets import FORMATS, RunInfo
from derive.run import DEFAULT_TIMEOUT, RunOptions, default_jobs, run_claims
from derive.settings import Settings
from derive.shapes.explain import explain
from derive.specs import parse_option
from derive.summary import summarize

PIPE_CLOSED = 141  # 128 + SIGPIPE: the reader of the output stopped reading (run())
VERIFY_EXIT = {Verdict.VERIFIED: 0, Verdict.REFUTED: 1, Verdict.ERROR: 2, Verdict.UNDECIDED: 3}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="derive",
        description="Check the formulas of machine-learning course material.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"time budget per claim (default {DEFAULT_TIMEOUT:g}); 0 runs in this process "
            "without a budget",
        )
        p.add_argument(
            "--points",
            type=int,
            default=Settings().points,
            help="random points per link (default %(default)s)",
        )
        p.add_argument(
            "--seed",
            type=int,
            default=Settings().seed,
            help="seed of the random points (default %(default)s)",
        )

    v = sub.add_parser("verify", help="check one claim given on the command line")
    v.add_argument(
        "--explain",
        action="store_true",
        help="also show what each name was read as: kind, shape, index ranges",
    )
    v.add_argument("claim", help='the LaTeX claim, e.g. "\\sigma\'(z) = \\sigma(z)(1-\\sigma(z))"')
    v.add_argument(
        "--given",
        action="append",
        default=[],
        metavar="LATEX",
        help="a definition, in order (repeatable)",
    )
    v.add_argument(
        "--symbol",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="how to read a name, e.g. sigma=sigmoid, y=binary (repeatable)",
    )
    v.add_argument(
        "--macro",
        action="append",
        default=[],
        metavar="DEFINITION",
        help="an author's macro, as a preamble defines it: '\\newcommand{\\Vx}{\\mathbf{x}}' "
        "(repeatable)",
    )
    v.add_argument(
        "--layout",
        choices=[x.value for x in GradientLayout],
        default=GradientLayout.DENOMINATOR.value,
        help="layout of derivatives by vectors and matrices (default %(default)s)",
    )
    common(v)

    c = sub.add_parser("check", help="check every claim of formula files")
    c.add_argument(
        "paths", nargs="*", default=["formulas"], help="files or folders (default formulas/)"
    )
    _add_jobs(c)
    c.add_argument("--verbose", "-v", action="store_true", help="details for every claim")
    c.add_argument(
        "--explain",
        action="store_true",
        help="also show, under each claim, what each name was read as, the sizes the writing "
        "fixes or bounds, and the text read as nothing",
    )
    common(c)
    _add_no_cache(c)

    e = sub.add_parser("export", help="check formula files, then write formula and errata sheets")
    e.add_argument(
        "paths", nargs="*", default=["formulas"], help="files or folders (default formulas/)"
    )
    e.add_argument(
        "--format", choices=FORMATS, default="html", help="tex, html or md (default html)"
    )
    e.add_argument("--out", default="export", metavar="DIR", help="output folder (default export/)")
    _add_jobs(e)
    common(e)
    _add_no_cache(e)

    s = sub.add_parser("scan", help="check the display formulas of notes (.md, .tex, .ipynb)")
    s.add_argument("paths", nargs="+", help="note files or folders")
    _add_jobs(s)
    s.add_argument("--verbose", "-v", action="store_true", help="details for every formula")
    s.add_argument("--strict", action="store_true", help="an undecided claim makes the exit code 1")
    s.add_argument(
        "--explain",
        action="store_true",
        help="also show how each definition and claim was read: names, dropped text, settings, "
        "the definitions used, markers",
    )
    s.add_argument(
        "--html", metavar="OUT", help="also write the notes as one HTML page with the verdicts"
    )
    common(s)
    _add_no_cache(s)
    return parser


def _add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=default_jobs(),
        help="claims checked at once (default: the number of CPUs, %(default)s here)",
    )


def _add_no_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        action="store_true",
        help=f"check every claim again, neither reading nor writing the verdict cache "
        f"({DEFAULT_DIR}/ in the current folder)",
    )


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings(points=args.points, seed=args.seed)
    timeout = None if args.timeout <= 0 else args.timeout
    if args.command == "verify":
        return _verify(args, settings, timeout, out, err)
    if args.command == "export":
        return _export(args, settings, timeout, out, err)
    if args.command == "scan":
        # imported here, as export is in _export: `derive verify` and `check` start without
        # the scan and sheet modules (about 70 ms of a one-line verify's second)
        from derive.scan.command import scan_command

        options = RunOptions(timeout=timeout, jobs=args.jobs, settings=settings, cache=_cache(args))
        return scan_command(args, options, out, err)
    return _check(args, settings, timeout, out, err)


def _verify(
    args: argparse.Namespace, settings: Settings, timeout: float | None, out: TextIO, err: TextIO
) -> int:
    try:
        specs = {s.name: s for s in (parse_option(o) for o in args.symbol)}
        macros = {m.name: m for m in (definition(d) for d in args.macro)}
    except DeriveError as exc:
        err.write(f"derive verify: {exc.format_message()}\n")
        return exc.exit_code
    claim = Claim(
        id="claim",
        latex=args.claim,
        given=tuple(args.given),
        symbols=specs,
        layout=GradientLayout(args.layout),
        macros=tuple(macros.values()),
    )
    (result,) = run_claims([claim], RunOptions(timeout=timeout, jobs=1, settings=settings))
    explained = explain(claim) if args.explain else None
    if args.json:
        doc = render_json.document([result])
        if explained is not None:
            doc.update(explained.as_dict())
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text.verify_text(result) + "\n")
        if explained is not None:
            out.write("".join(f"{line}\n" for line in render_text.explain_lines(explained)))
    return VERIFY_EXIT[result.verdict]


def _check(
    args: argparse.Namespace, settings: Settings, timeout: float | None, out: TextIO, err: TextIO
) -> int:
    cat = catalog.load(args.paths)
    colour = out.isatty() and not args.json
    show_progress = err.isatty() and not args.json
    total = len(cat.claims)

    def progress(i: int, r: ClaimResult) -> None:
        if not args.json:
            for line in render_text.claim_lines(r, colour=colour, verbose=args.verbose):
                out.write(line + "\n")
            if args.explain:
                for line in render_text.explain_lines(explain(r.claim), indent="    "):
                    out.write(line + "\n")
            out.flush()
        done_flags[i] = True
        if show_progress:
            count = sum(x is not None for x in done_flags)
            err.write("\r" + progress_text(count, total, time.monotonic() - started) + " ")
            err.flush()

    done_flags: list[bool | None] = [None] * total
    started = time.monotonic()
    if not args.json:
        for p in cat.problems:
            for line in render_text.problem_lines(p, colour=colour):
                out.write(line + "\n")
    options = RunOptions(timeout=timeout, jobs=args.jobs, settings=settings, cache=_cache(args))
    results = run_claims(cat.claims, options, progress)
    if show_progress:
        err.write("\r" + " " * 50 + "\r")
    summary = summarize(results, cat.problems)
    if args.json:
        doc = render_json.document(results, cat.problems)
        if args.explain:
            entries = cast("list[dict[str, object]]", doc["claims"])
            for entry, r in zip(entries, results, strict=False):  # problems come after the claims
                entry["explain"] = explain(r.claim).as_dict()
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text.summary_line(summary) + "\n")
        if len(summary.documents) > 1:
            out.write("\n".join(render_text.per_document_lines(summary)) + "\n")
    if not results and not cat.problems:
        err.write("derive check: no claims found\n")
    return summary.exit_code


def progress_text(done: int, total: int, elapsed: float) -> str:
    """`[12/322]`, and on a long run the rate and an estimate of the time left."""
    text = f"[{done}/{total}]"
    if done and done < total and elapsed >= 5:
        rate = done / elapsed
        left = (total - done) / rate
        text += f" {rate:.1f} claims/s, about {_duration(left)} left"
    return text


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _cache(args: argparse.Namespace) -> VerdictCache | None:
    return None if args.no_cache else VerdictCache(Path(DEFAULT_DIR))


def _export(
    args: argparse.Namespace, settings: Settings, timeout: float | None, out: TextIO, err: TextIO
) -> int:
    """Run the claims exactly as `check` does, then write the sheets of this run's verdicts."""
    from derive.export import export

    cat = catalog.load(args.paths)
    if not cat.claims and not cat.problems:
        err.write("derive export: no claims found\n")
        return 2
    show_progress = err.isatty() and not args.json
    checked = [0]
    started = time.monotonic()

    def progress(i: int, r: ClaimResult) -> None:
        checked[0] += 1
        if show_progress:
            text = progress_text(checked[0], len(cat.claims), time.monotonic() - started)
            err.write(f"\r{text} checked ")
            err.flush()

    options = RunOptions(timeout=timeout, jobs=args.jobs, settings=settings, cache=_cache(args))
    results = run_claims(cat.claims, options, progress)
    if show_progress:
        err.write("\r" + " " * 60 + "\r")
    info = RunInfo(seed=settings.seed, points=settings.points, timeout=timeout)
    written = export(results, cat.problems, fmt=args.format, info=info)
    folder = Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for f in written:
            (folder / f.name).write_text(f.text, encoding="utf-8")
    except OSError as exc:
        err.write(f"derive export: cannot write to {folder}: {exc}\n")
        return 2
    paths = [str(folder / f.name) for f in written]
    if args.json:
        doc = {**render_json.document(results, cat.problems), "written": paths}
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text.summary_line(summarize(results, cat.problems)) + "\n")
        out.write("".join(f"wrote {p}\n" for p in paths))
    return 0


def run() -> None:
    """The `derive` script and `python -m derive`: `main()`, then the exit. The objects of
    SymPy, NumPy and the parser (about 100,000, and more after a check) are frozen first, so
    that the interpreter's last garbage collection at exit does not walk them all again: it
    cost 0.1-0.2 s of CPU, a tenth of a one-line `derive verify` (bench/bench_check.py).
    Nothing else changes: the exit handlers run and the streams are flushed as before. Only
    here, never in `main()`, which tests and other programs call in their own process.

    A reader that stops reading (`derive check | head`) ends the run as it would end any
    command of the shell, with no traceback: the exit code is 141 (128 + SIGPIPE), and what is
    still to be written goes nowhere (the recipe of Python's `signal` documentation)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the flush at exit must not fail again
        sys.exit(PIPE_CLOSED)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
