"""The one text renderer (render/text.py) used by the CLI, the pytest plugin and the export: the
claim line names what decided the verdict; details show where a claim fails."""

from __future__ import annotations

from derive import Problem, Verdict
from derive.model import Counterexample, Diagnosis, DiagnosisKind, Method, Notice, WarningKind
from derive.render import text
from derive.summary import summarize
from tests.render.made_up import result

SIGN = result(
    Verdict.REFUTED,
    "sign",
    expect=Verdict.REFUTED,
    methods=(Method.NUMERIC, Method.EXACT),
    diagnosis=Diagnosis(DiagnosisKind.SIGN, "the sign is wrong"),
    correction="b = -a",
    counterexample=Counterexample(
        link="a = b", point=(("a", "1.5"),), lhs="1.5", rhs="-1.5", sizes=(("n", 2),)
    ),
)


def test_claim_line_names_the_methods_and_the_diagnosis() -> None:
    head, *rest = text.claim_lines(SIGN)
    assert head == "ok   f.toml::sign  refuted (numeric, exact)  [sign] the sign is wrong"
    assert rest == [
        "    fails: a = b",
        "      with n=2",
        "      at a=1.5",
        "      left = 1.5, right = -1.5",
        "    correction: b = -a",
    ]


def test_a_verified_claim_as_expected_is_one_line_unless_verbose() -> None:
    r = result(Verdict.VERIFIED, methods=(Method.SYMBOLIC,), message="proved by simplify")
    assert text.claim_lines(r) == ["ok   f.toml::c  verified (symbolic)"]
    assert text.claim_lines(r, verbose=True)[1:] == ["    proved by simplify"]


def test_an_unexpected_verdict_fails_and_says_what_was_expected() -> None:
    r = result(Verdict.UNDECIDED, message="no proof", expect=Verdict.VERIFIED)
    assert text.claim_lines(r) == [
        "FAIL f.toml::c  undecided  -- expected verified",
        "    no proof",
    ]


def test_colour_only_paints() -> None:
    plain = text.claim_lines(SIGN)[0]
    painted = text.claim_lines(SIGN, colour=True)[0]
    assert "\033[" in painted and "\033[" not in plain
    assert painted.replace("\033[32m", "").replace("\033[35m", "").replace("\033[0m", "") == plain


def test_verify_text_shows_the_same_evidence() -> None:
    assert text.verify_text(SIGN).splitlines() == [
        "refuted (numeric, exact)",
        "diagnosis: [sign] the sign is wrong",
        "fails: a = b with n=2",
        "  at a=1.5",
        "  left = 1.5, right = -1.5",
        "correction: b = -a",
    ]


def test_summary_lines_take_their_tallies_from_the_summary() -> None:
    notice = Notice(WarningKind.MEAN_TERMS, "1/n before n+1 terms", "")
    rs = [SIGN, result(Verdict.VERIFIED, "v", document="Notes", warnings=(notice,))]
    s = summarize(rs, [Problem("g.toml", None, "TOML syntax")])
    assert text.summary_line(s) == (
        "3 claims in 2 file(s): 1 verified, 1 refuted, 0 undecided, 1 error, 1 warning; "
        "1 not as expected"
    )
    assert text.per_document_lines(s) == [
        "  f.toml: 1 claims, 0 verified, 1 refuted, 0 undecided, 0 error, 0 warnings",
        "  Notes: 1 claims, 1 verified, 0 refuted, 0 undecided, 0 error, 1 warning",
        "  g.toml: 1 claims, 0 verified, 0 refuted, 0 undecided, 1 error, 0 warnings",
    ]
