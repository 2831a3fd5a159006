"""Time budgets in worker processes: a slow claim is stopped, the others still finish."""

from __future__ import annotations

import gc
import threading

import derive.run
from derive import Method, RunOptions, Settings, Verdict, run_claims
from derive.engine import check_linted
from derive.run import WARM_UP
from tests.conftest import SLOW_CLAIM, make_claim

SLOW = SLOW_CLAIM
FAST = make_claim("(a+b)^2 = a^2 + 2ab + b^2", claim_id="fast")
BAD = make_claim("x = \\foo", claim_id="bad")


def test_timeout_stops_one_claim_and_keeps_the_others() -> None:
    results = run_claims([SLOW, FAST, BAD], RunOptions(timeout=8, jobs=2))
    slow, fast, bad = results
    assert slow.claim.id == "slow" and slow.verdict is Verdict.UNDECIDED
    assert "time budget" in slow.message
    assert "numeric agreement" in slow.message  # what was established before the budget ran out
    assert fast.verdict is Verdict.VERIFIED
    assert bad.verdict is Verdict.ERROR and "\\foo" in bad.message


def test_budget_works_from_a_thread() -> None:
    box: list[object] = []
    t = threading.Thread(target=lambda: box.append(run_claims([SLOW], RunOptions(timeout=3))))
    t.start()
    t.join(60)
    (results,) = box
    (slow,) = results  # type: ignore[misc]
    assert slow.verdict is Verdict.UNDECIDED
    assert "time budget" in slow.message


def test_enough_time_gives_the_real_verdict() -> None:
    (r,) = run_claims([FAST], RunOptions(timeout=60))
    assert (r.verdict, r.methods) == (Verdict.VERIFIED, (Method.SYMBOLIC, Method.NUMERIC))
    assert r.message.startswith("identity proved by SymPy")


def test_in_process_mode_has_no_budget() -> None:
    (r,) = run_claims([FAST], RunOptions(timeout=None))
    assert (r.verdict, r.methods) == (Verdict.VERIFIED, (Method.SYMBOLIC, Method.NUMERIC))
    assert r.message.startswith("identity proved by SymPy")


def test_the_warm_up_claims_check_as_expected() -> None:
    # warm_up() runs them in the parent before forking: a failure there would be a bug of its own
    for claim in WARM_UP:
        r = check_linted(claim, Settings())
        assert r.as_expected, (claim.id, r.verdict, r.message)


def test_warm_workers_give_the_same_results_as_cold_ones() -> None:
    claims = [FAST, BAD, *WARM_UP]
    cold = run_claims(claims, RunOptions(timeout=60, jobs=2, warm=False))
    warm = run_claims(claims, RunOptions(timeout=60, jobs=2, warm=True))
    assert warm == cold


def test_workers_inherit_frozen_objects_and_the_parent_thaws_after(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """run.py freezes the parent's objects while forked workers run (their collections skip
    them) and thaws them after, so that a long-lived caller collects them again; a caller's own
    freeze is left as it is."""
    seen: list[int] = []
    real = derive.run.check_in_workers

    def spy(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(gc.get_freeze_count())
        real(*args, **kwargs)

    monkeypatch.setattr(derive.run, "check_in_workers", spy)
    assert gc.get_freeze_count() == 0
    (r,) = run_claims([FAST], RunOptions(timeout=60))
    assert r.verdict is Verdict.VERIFIED
    assert seen[0] > 0 and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        run_claims([FAST], RunOptions(timeout=60, cache=None))
        assert seen[1] == mine and gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()
