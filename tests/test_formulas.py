"""The catalog in formulas/ is a test suite: one test per claim, the verdict must be `expect`.
For every refuted claim the diagnosis must be present, and a correction, when given, must verify.

Each claim runs in a worker process under the CLI's time budget, as `derive check` runs it, and
through the same verdict cache: after `derive check` (as in .ci/run), or on a second run with
derive's source unchanged, the verdicts come from `.derive_cache/`.
Claims the engine cannot decide yet are listed in `catalog_gaps.toml` with the reason: they are
strict xfails, so a gap that gets fixed fails here until its entry is removed. A gap never
changes a claim's `expect` (the catalog states the truth).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from derive import Claim, ClaimResult, Method, RunOptions, Verdict, catalog, run_claims
from derive.cache import DEFAULT_DIR, VerdictCache, decode, encode

ROOT = Path(__file__).resolve().parent.parent
CATALOG = catalog.load([ROOT / "formulas"])
GAPS: dict[str, str] = tomllib.loads((Path(__file__).parent / "catalog_gaps.toml").read_text())[
    "gaps"
]
# One claim per call: warm this process once for all. The verdict cache of the repository
# (.derive_cache/, as `derive check` there uses it): a claim is checked again whenever derive's
# source, the settings or the claim changed, so a hit is the verdict this code gives.
OPTIONS = RunOptions(timeout=300, warm=True, cache=VerdictCache(ROOT / DEFAULT_DIR))


def _key(claim: Claim) -> str:
    return f"{Path(claim.file or '').name}::{claim.id}"


def _params() -> list[object]:
    out = []
    for c in CATALOG.claims:
        reason = GAPS.get(_key(c))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(c, id=_key(c), marks=marks))
    return out


def test_catalog_reads_cleanly() -> None:
    assert CATALOG.claims
    assert [p.format() for p in CATALOG.problems] == []


def test_every_gap_names_a_claim_of_the_catalog() -> None:
    keys = {_key(c) for c in CATALOG.claims}
    assert sorted(set(GAPS) - keys) == []


@pytest.mark.parametrize("claim", _params())
def test_claim(claim: Claim) -> None:
    (result,) = run_claims([claim], OPTIONS)
    assert result.as_expected, (result.expected, result.verdict, result.diagnosis, result.message)
    # the verdict cache gives back exactly this result (derive/cache.py)
    assert decode(json.loads(json.dumps(encode(result))), claim) == result
    if result.verdict is Verdict.ERROR:  # the source's own LaTeX is malformed
        assert claim.why, "a claim expected to be rejected says why in the file"
    if result.verdict is Verdict.REFUTED:
        assert claim.why, "every refuted claim says why in the file"
        assert result.diagnosis is not None
        # a refutation shows a point where the sides differ, or sizes where they cannot fit
        assert result.counterexample is not None or result.methods == (Method.SIZES,)
        assert_correction_verifies(result, OPTIONS)


def assert_correction_verifies(result: ClaimResult, options: RunOptions) -> None:
    """A refuted claim's correction, when there is one, verifies when checked as a new claim."""
    if result.correction is not None:
        fixed = replace(result.claim, id=result.claim.id + "/fixed", latex=result.correction)
        (again,) = run_claims([fixed], options)
        assert again.verdict is Verdict.VERIFIED, (result.correction, again.message)
