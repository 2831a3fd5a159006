"""The sheets shared by every export format (render/sheets.py): documents grouped by source,
slugs, and the same honest verdicts in TeX, HTML and Markdown."""

from __future__ import annotations

from derive import Problem, Verdict
from derive.model import Counterexample, Diagnosis, DiagnosisKind, Method, Notice, WarningKind
from derive.render import html, markdown, sheets, tex
from tests.render.made_up import INFO, between, result


def test_a_sheet_never_calls_verified_what_this_run_did_not_verify() -> None:
    rs = [
        result(Verdict.VERIFIED, "proved", methods=(Method.SYMBOLIC, Method.NUMERIC)),
        result(Verdict.UNDECIDED, "expected-true", methods=(Method.NUMERIC,), message="no proof"),
        result(Verdict.ERROR, "broken", message="unknown macro"),
    ]
    (doc,) = sheets.group(rs)
    t = tex.formula_sheet(doc, INFO)
    verified_tex = between(t, "\\section*{Verified formulas}", "\\section*")
    h = html.formula_sheet(doc, INFO)
    verified_html = between(h, "<h2>Verified formulas</h2>", "<h2>")
    for part in (verified_tex, verified_html):
        assert "proved" in part
        assert "expected-true" not in part and "broken" not in part
    assert "Undecided: neither verified nor refuted" in t and "expected-true" in t
    md = markdown.errata_page([doc], INFO)
    assert "`expected-true` (undecided)" in md and "`broken` (error)" in md


def test_documents_group_by_meta_source_and_fall_back_to_the_file_name() -> None:
    rs = [
        result(Verdict.VERIFIED, "a", file="x.toml", document="Lecture 1"),
        result(Verdict.VERIFIED, "b", file="y.toml", document="Lecture 1"),
        result(Verdict.VERIFIED, "c", file="z.toml"),
    ]
    problems = [Problem("y.toml", "d", "bad claim"), Problem("w.toml", None, "TOML syntax")]
    docs = sheets.group(rs, problems)
    assert [(d.name, d.files, d.slug, len(d.problems)) for d in docs] == [
        ("Lecture 1", ("x.toml", "y.toml"), "lecture-1", 1),
        ("z.toml", ("z.toml",), "z-toml", 0),
        ("w.toml", ("w.toml",), "w-toml", 1),
    ]


def test_slugs_are_unique_and_keep_any_script() -> None:
    rs = [result(Verdict.VERIFIED, document=d) for d in ("Lecture 1", "lecture-1", "第二章 梯度")]
    docs = sheets.group(rs)
    assert [d.slug for d in docs] == ["lecture-1", "lecture-1-2", "第二章-梯度"]


def test_refuted_claim_in_every_format() -> None:
    r = result(
        Verdict.REFUTED,
        "sign",
        latex="\\frac{\\partial L}{\\partial w} = (y - \\hat{y}) x",
        document="Lecture 3",
        source="slide 12",
        expect=Verdict.REFUTED,
        methods=(Method.NUMERIC, Method.EXACT),
        diagnosis=Diagnosis(DiagnosisKind.SIGN, "the sign is wrong"),
        correction="\\frac{\\partial L}{\\partial w} = (\\hat{y} - y) x",
        counterexample=Counterexample(
            link="\\frac{\\partial L}{\\partial w} = (y - \\hat{y}) x",
            point=(("w", "1.292"), ("\\hat{y}", "0.5")),
            lhs="0.2215",
            rhs="-0.2215",
        ),
    )
    (doc,) = sheets.group([r])
    for text in (tex.errata_sheet(doc, INFO), html.errata_sheet(doc, INFO)):
        assert "the sign is wrong" in text and "slide 12" in text and "1.292" in text
    md = markdown.errata_page([doc], INFO)
    assert "**Where:** Lecture 3, slide 12 (`f.toml`)" in md
    assert "```math\n\\frac{\\partial L}{\\partial w} = (\\hat{y} - y) x\n```" in md
    assert "[sign] the sign is wrong" in md


def test_warnings_are_shown() -> None:
    notice = Notice(WarningKind.MEAN_TERMS, "1/n before a sum of n+1 terms", "\\sum_{j=0}^{n}")
    r = result(Verdict.VERIFIED, methods=(Method.SYMBOLIC, Method.NUMERIC), warnings=(notice,))
    (doc,) = sheets.group([r])
    assert "[mean-terms] 1/n before a sum of n+1 terms" in tex.formula_sheet(doc, INFO)
    assert "[mean-terms] 1/n before a sum of n+1 terms" in html.formula_sheet(doc, INFO)
    refuted = result(Verdict.REFUTED, warnings=(notice,))
    (doc,) = sheets.group([refuted])
    assert "**Warning:** [mean-terms]" in markdown.errata_page([doc], INFO)


def test_the_not_decided_note_counts_undecided_errors_and_problems() -> None:
    rs = [result(Verdict.UNDECIDED, "u"), result(Verdict.ERROR, "e"), result(Verdict.REFUTED)]
    (doc,) = sheets.group(rs, [Problem("f.toml", "p", "bad claim")])
    note = doc.not_decided_note()
    assert note is not None and note.startswith("3 claim(s) of this document were not decided")
    assert f"\\noindent {note}\\par" in tex.errata_sheet(doc, INFO)
    assert f'<p class="note">{note}</p>' in html.errata_sheet(doc, INFO)
    (decided,) = sheets.group([result(Verdict.REFUTED)])
    assert decided.not_decided_note() is None
