"""The JSON shape (render/json.py, documented in docs/format.md): every claim says what decided
its verdict, a problem is an error entry, and the summary is the run's one summary."""

from __future__ import annotations

import json

from derive import Problem, Verdict
from derive.model import Counterexample, Diagnosis, DiagnosisKind, Method
from derive.render import json as render_json
from tests.render.made_up import result


def test_claim_dict_carries_method_diagnosis_and_counterexample() -> None:
    r = result(
        Verdict.REFUTED,
        "sign",
        expect=Verdict.VERIFIED,
        methods=(Method.NUMERIC,),
        diagnosis=Diagnosis(DiagnosisKind.SIGN, "the sign is wrong"),
        counterexample=Counterexample(link="a = b", point=(("a", "2"),), lhs="2", rhs="-2"),
    )
    d = render_json.claim_dict(r)
    assert d["verdict"] == "refuted" and d["expected"] == "verified" and not d["as_expected"]
    assert d["method"] == ["numeric"]
    assert d["diagnosis"] == {"kind": "sign", "detail": "the sign is wrong"}
    assert d["counterexample"] == {
        "link": "a = b",
        "point": {"a": "2"},
        "lhs": "2",
        "rhs": "-2",
        "sizes": {},
    }
    assert d["code"] is None


def test_problem_has_the_claim_keys_and_is_an_error() -> None:
    p = render_json.problem_dict(Problem("x.toml", "c", "unknown macro"))
    claim_keys = set(render_json.claim_dict(result(Verdict.VERIFIED))) - {"code"}
    assert set(p) == claim_keys
    assert (p["verdict"], p["as_expected"], p["message"]) == ("error", False, "unknown macro")


def test_document_summary_counts_problems_as_errors_and_gives_the_exit_code() -> None:
    rs = [result(Verdict.VERIFIED, methods=(Method.SYMBOLIC,))]
    doc = render_json.document(rs, [Problem("x.toml", None, "TOML syntax")])
    json.dumps(doc)  # serialisable as it is
    s = doc["summary"]
    assert isinstance(s, dict)
    assert (s["claims"], s["verified"], s["error"], s["exit_code"]) == (2, 1, 1, 2)
    assert s["files"] == {
        "f.toml": {"verified": 1, "refuted": 0, "undecided": 0, "error": 0, "warnings": 0},
        "x.toml": {"verified": 0, "refuted": 0, "undecided": 0, "error": 1, "warnings": 0},
    }
