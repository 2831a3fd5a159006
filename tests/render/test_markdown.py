"""The Markdown errata page (render/markdown.py): a table of counts, then only the refuted claims,
each with where it fails and a correction only when one verified."""

from __future__ import annotations

from derive import Verdict
from derive.model import Counterexample, Diagnosis, DiagnosisKind, Method
from derive.render import markdown, sheets
from tests.render.made_up import INFO, result


def test_errata_page_lists_refuted_claims_only_with_their_evidence() -> None:
    rs = [
        result(Verdict.VERIFIED, "fine", methods=(Method.SYMBOLIC,)),
        result(
            Verdict.REFUTED,
            "bad_1",
            methods=(Method.NUMERIC,),
            diagnosis=Diagnosis(DiagnosisKind.FACTOR, "off by a factor 2"),
            counterexample=Counterexample(
                link="a = b", point=(("a", "1"),), lhs="1", rhs="2", sizes=(("n", 3),)
            ),
        ),
        result(Verdict.UNDECIDED, "open", message="no proof"),
    ]
    page = markdown.errata_page(sheets.group(rs), INFO)
    assert "| f.toml | 3 | 1 | 1 | 1 | 0 |" in page
    assert "### bad\\_1" in page and "### fine" not in page
    assert "**What is wrong:** [factor] off by a factor 2." in page
    # the failing link is the whole claim: said once, not repeated as "in the link"
    assert "**Counterexample:** fails with `n=3` at `a=1`: left = `1`, right = `2`" in page
    assert "**Corrected:** none that verifies (no verified correction)." in page
    assert "`open` (undecided)" in page


def test_a_document_without_refuted_claims_says_so() -> None:
    page = markdown.errata_page(sheets.group([result(Verdict.VERIFIED, "fine")]), INFO)
    assert "No refuted claims." in page and "###" not in page
