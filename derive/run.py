"""Running many claims: one worker process per claim, a time budget each, several at once.

The budget is enforced by stopping the worker process, which works from any thread and on any
SymPy call (no SIGALRM). A worker reports partial results as it goes (numeric agreement before
the symbolic proof); a claim stopped by its budget keeps what was established and says that the
budget ran out. A crash in a worker is an ERROR result with the traceback, never "not equal".

Two things keep this fast. A claim whose verdict is in the verdict cache (derive/cache.py) is
not checked again; only verdicts a worker reached are stored, never a timeout or a crash. And
workers are forked from a parent that has checked a small claim first (`warm_up`), so that each
claim does not pay again for the parser's, `lambdify`'s and `simplify`'s first call.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from multiprocessing.connection import Connection, wait

from derive.cache import VerdictCache, claim_name
from derive.engine import Settings, check_claim
from derive.lint import lint
from derive.model import Claim, ClaimResult, Verdict
from derive.specs import parse_spec

DEFAULT_TIMEOUT = 180.0  # a layered network claim takes 5-60 s of CPU
OnResult = Callable[[int, ClaimResult], None]


@dataclass(frozen=True)
class RunOptions:
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per claim; None runs in this process
    jobs: int = 1
    settings: Settings = field(default_factory=Settings)
    cache: VerdictCache | None = None  # None: check every claim
    warm: bool | None = None  # warm the parent before forking; None: when 2+ claims are checked


def default_jobs() -> int:
    """The CPUs this process may use (the default of `--jobs`)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no sched_getaffinity on macOS and Windows
        return max(1, os.cpu_count() or 1)


WARM_UP = (  # small claims that reach the parser, lambdify, simplify, the numeric check, the
    # diagnosis and the entry-by-entry vector code
    Claim(
        id="warm-up",
        latex="\\frac{\\partial L}{\\partial z} = (\\sigma(z) - y)",
        given=("L = -(y \\log \\sigma(z) + (1-y)\\log(1-\\sigma(z)))",),
        symbols={s.name: s for s in (parse_spec("sigma", "sigmoid"), parse_spec("y", "binary"))},
    ),
    Claim(
        id="warm-up-refuted",
        latex="\\frac{\\partial L}{\\partial w} = 2(w x - y) x",
        given=("L = \\frac{1}{2}(w x - y)^2",),
        expect=Verdict.REFUTED,
    ),
    Claim(
        id="warm-up-vector",
        latex="\\frac{\\partial C}{\\partial b} = W^T u",
        given=("C = u^T (W b)",),
        symbols={
            s.name: s
            for s in (
                parse_spec("W", "matrix(m, n)"),
                parse_spec("u", "vector(m)"),
                parse_spec("b", "vector(n)"),
            )
        },
    ),
)


@cache
def warm_up() -> None:
    """Check WARM_UP once in this process, so that forked workers start warm (each would
    otherwise import and compile again what the first parse, `lambdify`, `simplify` and
    diagnosis need: about a second of CPU per claim). Only the time of later claims changes:
    every claim's points and stand-ins are seeded from the claim itself."""
    for claim in WARM_UP:
        check_linted(claim, Settings())


def check_linted(
    claim: Claim, settings: Settings, progress: Callable[[ClaimResult], None] | None = None
) -> ClaimResult:
    """`check_claim` with the claim's notation warnings (derive/lint.py) on the result and on
    every partial result, so that a claim stopped by its time budget keeps them too."""
    warnings = lint(claim)
    report = progress or (lambda r: None)
    result = check_claim(claim, settings, lambda p: report(replace(p, warnings=warnings)))
    return replace(result, warnings=warnings)


def _worker(claim: Claim, settings: Settings, conn: Connection) -> None:
    try:
        result = check_linted(claim, settings, lambda partial: conn.send(("partial", partial)))
        conn.send(("final", (result, time.process_time())))  # a forked child's clock starts at 0
    except BaseException:
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


@dataclass
class _Job:
    index: int
    claim: Claim
    process: multiprocessing.process.BaseProcess
    conn: Connection
    deadline: float
    started: float
    partial: ClaimResult | None = None
    cpu: float | None = None  # the worker's CPU seconds, sent with its final result


def run_claims(
    claims: Sequence[Claim], options: RunOptions | None = None, on_result: OnResult | None = None
) -> list[ClaimResult]:
    """Check every claim; results come back in the order of `claims`. `on_result` is called as
    each result arrives: first the cached ones, then the others as their workers finish."""
    options = options or RunOptions()
    settings = options.settings
    results: list[ClaimResult | None] = [None] * len(claims)

    def done(i: int, r: ClaimResult) -> None:
        results[i] = r
        if on_result is not None:
            on_result(i, r)

    timings: dict[str, float] = {}

    def finished(i: int, r: ClaimResult, seconds: float, reached: bool) -> None:
        """A checked claim; `reached`: the engine's verdict, not a timeout or a crash."""
        if options.cache is not None:
            if reached:
                options.cache.put(r, settings, seconds)
            timings[claim_name(r.claim)] = round(seconds, 3)
        done(i, r)

    pending: list[tuple[int, Claim]] = []
    for i, claim in enumerate(claims):
        hit = options.cache.get(claim, settings) if options.cache is not None else None
        if hit is not None:
            done(i, hit)
        else:
            pending.append((i, claim))
    if options.cache is not None and len(pending) > 1:
        before = options.cache.durations()  # the longest first; claims never timed before them
        pending.sort(key=lambda ic: -before.get(claim_name(ic[1]), math.inf))
    try:
        _check_pending(pending, options, finished)
    finally:
        if options.cache is not None:
            options.cache.record_durations(timings)
    return [r for r in results if r is not None]


def _check_pending(
    pending: list[tuple[int, Claim]],
    options: RunOptions,
    finished: Callable[[int, ClaimResult, float, bool], None],
) -> None:
    settings = options.settings

    if options.timeout is None:
        for i, claim in pending:
            t = time.process_time()
            result = check_linted(claim, settings)
            finished(i, result, time.process_time() - t, True)
        return

    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    warm = options.warm if options.warm is not None else len(pending) > 1
    if warm and pending and ctx.get_start_method() == "fork":
        warm_up()
    running: list[_Job] = []
    while pending or running:
        while pending and len(running) < max(1, options.jobs):
            i, claim = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(  # type: ignore[attr-defined]
                target=_worker, args=(claim, settings, child), daemon=True
            )
            start = time.monotonic()
            proc.start()
            child.close()
            running.append(_Job(i, claim, proc, parent, start + options.timeout, start))
        now = time.monotonic()
        wait([j.conn for j in running], timeout=max(0.0, min(j.deadline for j in running) - now))
        for job in list(running):
            final, reached_verdict = _drain(job)
            if final is None and time.monotonic() < job.deadline:
                continue
            if final is None:
                final = _timed_out(job, options.timeout)
                job.process.terminate()
            job.process.join(timeout=5)
            job.conn.close()
            running.remove(job)
            seconds = job.cpu if job.cpu is not None else time.monotonic() - job.started
            finished(job.index, final, seconds, reached_verdict)


def _drain(job: _Job) -> tuple[ClaimResult | None, bool]:
    """The worker's result if it has ended, and whether the engine reached it (a verdict, not
    a crash of the worker: only those are cached)."""
    try:
        while job.conn.poll():
            kind, payload = job.conn.recv()
            if kind == "partial":
                job.partial = payload
            elif kind == "final":
                result, job.cpu = payload
                return result, True
            else:
                message = f"internal error:\n{payload}"
                return ClaimResult(job.claim, Verdict.ERROR, message=message), False
    except EOFError:
        if not job.process.is_alive() and job.process.exitcode not in (0, None):
            message = f"the worker died (exit code {job.process.exitcode})"
        else:
            message = "the worker ended without a result"
        return ClaimResult(job.claim, Verdict.ERROR, message=message), False
    return None, False


def _timed_out(job: _Job, timeout: float) -> ClaimResult:
    note = f"stopped by the time budget ({timeout:g} s per claim, --timeout)"
    if job.partial is not None:
        return replace(
            job.partial, verdict=Verdict.UNDECIDED, message=f"{job.partial.message}; {note}"
        )
    return ClaimResult(job.claim, Verdict.UNDECIDED, message=f"timeout: {note}")
