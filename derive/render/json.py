"""The JSON shape of results (documented in docs/format.md; stable)."""

from __future__ import annotations

from collections.abc import Sequence

from derive.catalog import Problem
from derive.model import ClaimResult, Notice, Verdict
from derive.summary import RunSummary, Tally, summarize


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


def summary(summary: RunSummary) -> dict[str, object]:
    def counts(t: Tally) -> dict[str, int]:
        return {v.value: t.count(v) for v in Verdict}

    return {
        "claims": summary.total.claims,
        **counts(summary.total),
        "warnings": summary.total.warnings,
        "as_expected": summary.as_expected,
        "unexpected": summary.unexpected,
        "unexpected_errors": summary.unexpected_errors,
        "exit_code": summary.exit_code,
        "files": {f: counts(t) | {"warnings": t.warnings} for f, t in summary.files},
        "documents": {
            d: {"claims": t.claims} | counts(t) | {"warnings": t.warnings}
            for d, t in summary.documents
        },
    }


def document(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> dict[str, object]:
    return {
        "claims": [claim_dict(r) for r in results] + [problem_dict(p) for p in problems],
        "summary": summary(summarize(results, problems)),
    }
