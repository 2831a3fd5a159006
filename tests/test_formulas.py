"""The catalog in formulas/ is a test suite: one test per claim, the verdict must be `expect`.
For every refuted claim the diagnosis must be present, and a correction, when given, must verify."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from derive import Verdict, catalog, check_claim

ROOT = Path(__file__).resolve().parent.parent
CATALOG = catalog.load([ROOT / "formulas"])


def test_catalog_reads_cleanly() -> None:
    assert CATALOG.claims
    assert [p.format() for p in CATALOG.problems] == []


@pytest.mark.parametrize(
    "claim", CATALOG.claims, ids=[f"{Path(c.file or '').name}::{c.id}" for c in CATALOG.claims]
)
def test_claim(claim) -> None:  # type: ignore[no-untyped-def]
    result = check_claim(claim)
    assert result.verdict is claim.expect, result.message
    if result.verdict is Verdict.REFUTED:
        assert claim.why, "every refuted claim says why in the file"
        assert result.diagnosis is not None
        assert result.counterexample is not None
        if result.correction is not None:
            fixed = check_claim(replace(claim, id=claim.id + "/fixed", latex=result.correction))
            assert fixed.verdict is Verdict.VERIFIED
