"""Running many claims: the verdict cache first, then worker processes, several at once.

A claim whose verdict is in the verdict cache (derive/cache.py) is not checked again; only
verdicts the checks reached are stored, never a timeout or a crash. The others are checked in
worker processes (derive/workers.py: a time budget per claim, partial results, crashes as
ERROR results), the longest of the last run first. Workers are forked from a parent that has
checked a few small claims first (`warm_up`), so that no worker pays again for the parser's,
`lambdify`'s, `simplify`'s and the diagnosis's first call. `timeout=None` checks in this
process, one claim after another, without a budget.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from derive.cache import VerdictCache, claim_name
from derive.engine import check_linted
from derive.model import Claim, ClaimResult, Verdict
from derive.settings import Settings
from derive.specs import parse_spec
from derive.workers import Finished, check_in_workers

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
    finished: Finished,
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
    forked = ctx.get_start_method() == "fork"
    warm = options.warm if options.warm is not None else len(pending) > 1
    if warm and pending and forked:
        warm_up()
    # What the workers inherit is frozen while they run (as the gc module's documentation
    # advises before a fork): a worker's garbage collections then skip the parent's objects
    # (SymPy, NumPy, the parser, what the warm-up compiled), which they walked again and again,
    # about 3% of a worker's CPU; the pages holding them stay shared. Thawed afterwards, so that
    # a long-lived caller (the pytest plugin) collects them again; a caller's own freeze is
    # left as it is.
    freeze = forked and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        check_in_workers(
            pending,
            settings,
            jobs=options.jobs,
            timeout=options.timeout,
            check=check_linted,
            finished=finished,
            ctx=ctx,
        )
    finally:
        if freeze:
            gc.unfreeze()
