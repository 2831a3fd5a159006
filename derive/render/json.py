"""The JSON shape of results (documented in docs/format.md; stable)."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import ClaimResult, Notice, Verdict
from derive.render.text import documents


def claim_dict(r: ClaimResult) -> dict[str, object]:
    return {
        "file": r.claim.file,
        "id": r.claim.id,
        "claim": r.claim.latex,
        "source": r.claim.source,
        "verdict": r.verdict.value,
        "expected": r.claim.expect.value,
        "expected_kind": r.claim.expect_kind.value if r.claim.expect_kind else None,
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
        "warnings": [warning_dict(w) for w in r.warnings],
        "code": code_dict(r),
    }


def code_dict(r: ClaimResult) -> dict[str, object] | None:
    """For a claim about code: the file as written, the function and how it is called."""
    spec = r.claim.code
    if spec is None:
        return None
    return {"file": spec.file, "function": spec.function, "call": spec.call}


def warning_dict(w: Notice) -> dict[str, str]:
    return {"kind": w.kind.value, "message": w.message, "latex": w.latex}


def problem_dict(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "id": p.claim_id,
        "claim": None,
        "source": None,
        "verdict": Verdict.ERROR.value,
        "expected": None,
        "expected_kind": None,
        "as_expected": False,
        "method": [],
        "diagnosis": None,
        "correction": None,
        "counterexample": None,
        "sizes": [],
        "message": p.message,
        "why": None,
        "warnings": [],
    }


def summary(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> dict[str, object]:
    counts = {v.value: sum(r.verdict is v for r in results) for v in Verdict}
    counts[Verdict.ERROR.value] += len(problems)
    per_file: dict[str, dict[str, int]] = {}
    for r in results:
        f = per_file.setdefault(
            r.claim.file or "-", {v.value: 0 for v in Verdict} | {"warnings": 0}
        )
        f[r.verdict.value] += 1
        f["warnings"] += len(r.warnings)
    per_document: dict[str, dict[str, int]] = {}
    for doc, (rs, n_problems) in documents(results, problems).items():
        d = {"claims": len(rs) + n_problems}
        d |= {v.value: sum(r.verdict is v for r in rs) for v in Verdict}
        d[Verdict.ERROR.value] += n_problems
        d["warnings"] = sum(len(r.warnings) for r in rs)
        per_document[doc] = d
    return {
        "claims": len(results) + len(problems),
        **counts,
        "warnings": sum(len(r.warnings) for r in results),
        "as_expected": sum(r.as_expected for r in results),
        "unexpected": sum(not r.as_expected for r in results) + len(problems),
        "files": per_file,
        "documents": per_document,
    }


def document(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> dict[str, object]:
    return {
        "claims": [claim_dict(r) for r in results] + [problem_dict(p) for p in problems],
        "summary": summary(results, problems),
    }
