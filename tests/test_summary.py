"""The one summary of a run (derive/summary.py): tallies per file and per document, problems
counted as errors where they belong, and the exit code decided in this one place."""

from __future__ import annotations

import pytest

from derive import Problem, Verdict
from derive.summary import summarize
from tests.render.made_up import result


def test_tallies_per_file_and_per_document() -> None:
    rs = [
        result(Verdict.VERIFIED, "a", file="x.toml", document="Lecture 1"),
        result(Verdict.REFUTED, "b", file="y.toml", document="Lecture 1", expect=Verdict.REFUTED),
        result(Verdict.UNDECIDED, "c", file="z.toml"),
    ]
    s = summarize(rs, [Problem("y.toml", "d", "bad claim")])
    assert [(f, t.claims, t.error) for f, t in s.files] == [
        ("x.toml", 1, 0),
        ("y.toml", 2, 1),
        ("z.toml", 1, 0),
    ]
    assert [(d, t.verified, t.refuted, t.error) for d, t in s.documents] == [
        ("Lecture 1", 1, 1, 1),
        ("z.toml", 0, 0, 0),
    ]
    assert (s.total.claims, s.as_expected, s.unexpected, s.unexpected_errors) == (4, 2, 2, 1)


@pytest.mark.parametrize(
    ("verdicts", "problems", "code"),
    [
        pytest.param([Verdict.VERIFIED], 0, 0, id="all-as-expected"),
        pytest.param([Verdict.VERIFIED, Verdict.REFUTED], 0, 1, id="a-verdict-differs"),
        pytest.param([Verdict.VERIFIED, Verdict.ERROR], 0, 2, id="unexpected-error"),
        pytest.param([Verdict.VERIFIED], 1, 2, id="a-problem"),
        pytest.param([], 0, 2, id="no-claims"),
    ],
)
def test_exit_code(verdicts: list[Verdict], problems: int, code: int) -> None:
    rs = [result(v, f"c{k}") for k, v in enumerate(verdicts)]
    ps = [Problem("p.toml", None, "TOML syntax")] * problems
    assert summarize(rs, ps).exit_code == code


def test_an_expected_error_is_as_expected() -> None:
    s = summarize([result(Verdict.ERROR, expect=Verdict.ERROR)])
    assert (s.unexpected, s.unexpected_errors, s.exit_code) == (0, 0, 0)
