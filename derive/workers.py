"""Worker processes that check claims, each claim under its own time budget.

A worker is forked once and checks claim after claim (up to CLAIMS_PER_WORKER, then a fresh one
takes over), so that the imports, compiled code and caches of one claim serve the next; every
claim's points and stand-in functions are seeded from the claim itself, so the order in which a
worker gets its claims changes no verdict. The budget is enforced by stopping the worker
process, which works from any thread and on any SymPy call (no SIGALRM); a fresh worker takes
the next claim. A worker reports partial results as it goes (numeric agreement before the
symbolic proof); a claim stopped by its budget keeps what was established and says that the
budget ran out. A crash is an ERROR result with the traceback, never "not equal", and the
worker that crashed is replaced.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from derive.model import Claim, ClaimResult, Verdict
from derive.settings import Settings

CLAIMS_PER_WORKER = 40  # then a fresh worker, so that what one claim leaves behind stays bounded
Progress = Callable[[ClaimResult], None]
Check = Callable[[Claim, Settings, Progress], ClaimResult]
# index of the claim, its result, CPU seconds, and whether the checks reached it (no timeout,
# no crash: only those may be cached)
Finished = Callable[[int, ClaimResult, float, bool], None]


def serve(conn: Connection, check: Check, claims: int) -> None:
    """The loop of a worker: a (claim, settings) in, partial results and one final result out;
    it ends after `claims` claims."""
    for _ in range(claims):
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        claim, settings = task
        start = time.process_time()
        try:
            result = check(claim, settings, lambda partial: conn.send(("partial", partial)))
        except BaseException:
            conn.send(("crash", traceback.format_exc()))
            return  # its state may be broken: a fresh worker takes the next claim
        conn.send(("final", (result, time.process_time() - start)))


@dataclass
class _Job:
    index: int
    claim: Claim
    deadline: float
    started: float
    partial: ClaimResult | None = None
    cpu: float | None = None  # the worker's CPU seconds for this claim, sent with its result


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    left: int  # claims it will still take
    job: _Job | None = None


def check_in_workers(
    pending: list[tuple[int, Claim]],
    settings: Settings,
    *,
    jobs: int,
    timeout: float,
    check: Check,
    finished: Finished,
    ctx: BaseContext,
) -> None:
    """Check the claims of `pending`, in that order, with up to `jobs` workers at once."""
    workers: list[_Worker] = []
    queue = list(pending)
    try:
        while queue or workers:
            for w in workers:
                if w.job is None and queue:
                    _assign(w, queue.pop(0), settings, timeout)
            while queue and len(workers) < max(1, jobs):
                w = _start(ctx, check)
                workers.append(w)
                _assign(w, queue.pop(0), settings, timeout)
            busy = [w for w in workers if w.job is not None]
            if not busy:
                break
            nearest = min(w.job.deadline for w in busy if w.job is not None)
            wait([w.conn for w in busy], timeout=max(0.0, nearest - time.monotonic()))
            for w in busy:
                job = w.job
                assert job is not None
                final, reached = _drain(w, job)
                if final is None and time.monotonic() < job.deadline:
                    continue
                if final is None:
                    final = _timed_out(job, timeout)
                w.job = None
                w.left -= 1
                if not reached or w.left == 0:  # stopped, crashed or done: a fresh one next
                    _stop(w)
                    workers.remove(w)
                seconds = job.cpu if job.cpu is not None else time.monotonic() - job.started
                finished(job.index, final, seconds, reached)
            for w in [w for w in workers if w.job is None and not queue]:
                _stop(w)
                workers.remove(w)
    finally:
        for w in workers:
            _stop(w)


def _start(ctx: BaseContext, check: Check) -> _Worker:
    parent, child = ctx.Pipe(duplex=True)
    claims = CLAIMS_PER_WORKER
    process = ctx.Process(target=serve, args=(child, check, claims), daemon=True)  # type: ignore[attr-defined]
    process.start()
    child.close()
    return _Worker(process, parent, claims)


def _assign(w: _Worker, item: tuple[int, Claim], settings: Settings, timeout: float) -> None:
    index, claim = item
    start = time.monotonic()
    w.job = _Job(index, claim, start + timeout, start)
    with contextlib.suppress(OSError):  # the worker is gone: _drain reports it
        w.conn.send((claim, settings))


def _stop(w: _Worker) -> None:
    if w.process.is_alive():
        if w.job is None:
            with contextlib.suppress(OSError):
                w.conn.send(None)  # finish the loop
            w.process.join(timeout=1)
        if w.process.is_alive():
            w.process.terminate()
    w.process.join(timeout=5)
    w.conn.close()


def _drain(w: _Worker, job: _Job) -> tuple[ClaimResult | None, bool]:
    """The worker's result if it has one, and whether the checks reached it (a verdict, not a
    crash of the worker)."""
    try:
        while w.conn.poll():
            kind, payload = w.conn.recv()
            if kind == "partial":
                job.partial = payload
            elif kind == "final":
                result, job.cpu = payload
                return result, True
            else:
                message = f"internal error:\n{payload}"
                return ClaimResult(job.claim, Verdict.ERROR, message=message), False
    except (EOFError, OSError):
        w.process.join(timeout=1)
        if w.process.exitcode not in (0, None):
            message = f"the worker died (exit code {w.process.exitcode})"
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
