"""Running many claims: one worker process per claim, a time budget each, several at once.

The budget is enforced by stopping the worker process, which works from any thread and on any
SymPy call (no SIGALRM). A worker reports partial results as it goes (numeric agreement before
the symbolic proof); a claim stopped by its budget keeps what was established and says that the
budget ran out. A crash in a worker is an ERROR result with the traceback, never "not equal".
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait

from derive.engine import Settings, check_claim
from derive.lint import lint
from derive.model import Claim, ClaimResult, Verdict

DEFAULT_TIMEOUT = 180.0  # a layered network claim takes 5-60 s of CPU
OnResult = Callable[[int, ClaimResult], None]


@dataclass(frozen=True)
class RunOptions:
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per claim; None runs in this process
    jobs: int = 1
    settings: Settings = field(default_factory=Settings)


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
        conn.send(("final", result))
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
    partial: ClaimResult | None = None


def run_claims(
    claims: Sequence[Claim], options: RunOptions | None = None, on_result: OnResult | None = None
) -> list[ClaimResult]:
    """Check every claim; results come back in the order of `claims`."""
    options = options or RunOptions()
    results: list[ClaimResult | None] = [None] * len(claims)

    def done(i: int, r: ClaimResult) -> None:
        results[i] = r
        if on_result is not None:
            on_result(i, r)

    if options.timeout is None:
        for i, claim in enumerate(claims):
            done(i, check_linted(claim, options.settings))
        return [r for r in results if r is not None]

    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    pending = list(enumerate(claims))
    running: list[_Job] = []
    while pending or running:
        while pending and len(running) < max(1, options.jobs):
            i, claim = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(  # type: ignore[attr-defined]
                target=_worker, args=(claim, options.settings, child), daemon=True
            )
            proc.start()
            child.close()
            running.append(_Job(i, claim, proc, parent, time.monotonic() + options.timeout))
        now = time.monotonic()
        wait([j.conn for j in running], timeout=max(0.0, min(j.deadline for j in running) - now))
        for job in list(running):
            final = _drain(job)
            if final is None and time.monotonic() < job.deadline:
                continue
            if final is None:
                final = _timed_out(job, options.timeout)
                job.process.terminate()
            job.process.join(timeout=5)
            job.conn.close()
            running.remove(job)
            done(job.index, final)
    return [r for r in results if r is not None]


def _drain(job: _Job) -> ClaimResult | None:
    try:
        while job.conn.poll():
            kind, payload = job.conn.recv()
            if kind == "partial":
                job.partial = payload
            elif kind == "final":
                return payload  # type: ignore[no-any-return]
            else:
                return ClaimResult(job.claim, Verdict.ERROR, message=f"internal error:\n{payload}")
    except EOFError:
        if not job.process.is_alive() and job.process.exitcode not in (0, None):
            return ClaimResult(
                job.claim,
                Verdict.ERROR,
                message=f"the worker died (exit code {job.process.exitcode})",
            )
        return ClaimResult(job.claim, Verdict.ERROR, message="the worker ended without a result")
    return None


def _timed_out(job: _Job, timeout: float) -> ClaimResult:
    note = f"stopped by the time budget ({timeout:g} s per claim, --timeout)"
    if job.partial is not None:
        return replace(
            job.partial, verdict=Verdict.UNDECIDED, message=f"{job.partial.message}; {note}"
        )
    return ClaimResult(job.claim, Verdict.UNDECIDED, message=f"timeout: {note}")
