"""Long-lived workers: claim after claim in one process; a crash or a timeout costs a worker."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from derive import ClaimResult, RunOptions, Settings, Verdict, run_claims
from derive import workers as workers_module
from derive.model import Claim
from derive.workers import Progress, check_in_workers
from tests.conftest import make_claim

CTX = multiprocessing.get_context("fork")


def pid_check(claim: Claim, settings: Settings, progress: Progress) -> ClaimResult:
    """A stand-in for the checks: says which process it ran in; crashes or hangs on request."""
    if claim.id == "boom":
        raise RuntimeError("a bug in the checks")
    if claim.id == "hang":
        progress(ClaimResult(claim, Verdict.VERIFIED, message="numeric agreement"))
        time.sleep(60)
    return ClaimResult(claim, Verdict.VERIFIED, message=str(os.getpid()))


def run(ids: list[str], jobs: int = 1, timeout: float = 30) -> list[tuple[ClaimResult, bool]]:
    out: dict[int, tuple[ClaimResult, bool]] = {}
    claims = [(k, make_claim("x = x", claim_id=i)) for k, i in enumerate(ids)]

    def finished(i: int, r: ClaimResult, seconds: float, reached: bool) -> None:
        out[i] = (r, reached)

    check_in_workers(
        claims,
        Settings(),
        jobs=jobs,
        timeout=timeout,
        check=pid_check,
        finished=finished,
        ctx=CTX,
    )
    return [out[k] for k in range(len(ids))]


def test_one_worker_checks_claim_after_claim() -> None:
    results = run(["a", "b", "c", "d"])
    assert all(reached for _, reached in results)
    pids = {r.message for r, _ in results}
    assert len(pids) == 1 and str(os.getpid()) not in pids


def test_a_crash_is_an_error_and_a_fresh_worker_goes_on() -> None:
    (a, _), (boom, reached), (c, _) = run(["a", "boom", "c"])
    assert boom.verdict is Verdict.ERROR and not reached
    assert "a bug in the checks" in boom.message and "Traceback" in boom.message
    assert c.verdict is Verdict.VERIFIED and c.message != a.message  # another process


def test_a_timeout_keeps_the_partial_result_and_a_fresh_worker_goes_on() -> None:
    (hang, reached), (b, _) = run(["hang", "b"], timeout=2)
    assert hang.verdict is Verdict.UNDECIDED and not reached
    assert (
        hang.message == "numeric agreement; stopped by the time budget (2 s per claim, --timeout)"
    )
    assert b.verdict is Verdict.VERIFIED


def test_workers_are_renewed_after_a_number_of_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers_module, "CLAIMS_PER_WORKER", 2)
    results = run(["a", "b", "c", "d", "e"])
    assert [r.verdict for r, _ in results] == [Verdict.VERIFIED] * 5
    assert len({r.message for r, _ in results}) == 3


def test_several_workers_share_the_claims() -> None:
    results = run([f"c{k}" for k in range(6)], jobs=2)
    assert len({r.message for r, _ in results}) == 2


def test_real_claims_in_one_worker_equal_claims_checked_one_per_process() -> None:
    claims = [
        make_claim("(a+b)^2 = a^2 + 2ab + b^2", claim_id="square"),
        make_claim(
            "\\frac{\\partial L}{\\partial \\hat{y}} = 2(\\hat{y}-y)",
            given=("L = \\frac{1}{2}(\\hat{y}-y)^2",),
            claim_id="factor",
        ),
        make_claim("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", symbols={"sigma": "sigmoid"}),
    ]
    together = run_claims(claims, RunOptions(timeout=60, jobs=1, warm=False))
    apart = [run_claims([c], RunOptions(timeout=60, warm=False))[0] for c in claims]
    assert together == apart
