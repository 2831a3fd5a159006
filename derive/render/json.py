"""The JSON shape of results (documented in docs/format.md; stable)."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import ClaimResult, Verdict


def claim_dict(r: ClaimResult) -> dict[str, object]:
    return {
        "file": r.claim.file,
        "id": r.claim.id,
        "claim": r.claim.latex,
        "source": r.claim.source,
        "verdict": r.verdict.value,
        "expected": r.claim.expect.value,
        "as_expected": r.as_expected,
        "method": [m.value for m in r.methods],
        "diagnosis": (
            {"kind": r.diagnosis.kind.value, "detail": r.diagnosis.detail} if r.diagnosis else None
        ),
        "correction": r.correction,
        "counterexample": r.counterexample.as_dict() if r.counterexample else None,
        "sizes": [dict(s) for s in r.sizes],
        "message": r.message,
        "why": r.claim.why,
    }


def problem_dict(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "id": p.claim_id,
        "claim": None,
        "source": None,
        "verdict": Verdict.ERROR.value,
        "expected": None,
        "as_expected": False,
        "method": [],
        "diagnosis": None,
        "correction": None,
        "counterexample": None,
        "sizes": [],
        "message": p.message,
        "why": None,
    }


def summary(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> dict[str, object]:
    counts = {v.value: sum(r.verdict is v for r in results) for v in Verdict}
    counts[Verdict.ERROR.value] += len(problems)
    per_file: dict[str, dict[str, int]] = {}
    for r in results:
        f = per_file.setdefault(r.claim.file or "-", {v.value: 0 for v in Verdict})
        f[r.verdict.value] += 1
    return {
        "claims": len(results) + len(problems),
        **counts,
        "as_expected": sum(r.as_expected for r in results),
        "unexpected": sum(not r.as_expected for r in results) + len(problems),
        "files": per_file,
    }


def document(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> dict[str, object]:
    return {
        "claims": [claim_dict(r) for r in results] + [problem_dict(p) for p in problems],
        "summary": summary(results, problems),
    }
