from __future__ import annotations

from derive import Verdict, catalog

GOOD = """
[meta]
title = "T"
source = "000_2b90a50356f39486.txt"

[symbols]
sigma = "sigmoid"

[[claim]]
id = "a"
claim = '1 + 1 = 2'

[[claim]]
id = "b"
claim = '2 = 3'
expect = "refuted"
why = "no"
symbols = { y = "binary" }
source = "elsewhere"
"""


def test_reads_claims_with_file_defaults(write_toml) -> None:  # type: ignore[no-untyped-def]
    cat = catalog.load([write_toml("x.toml", GOOD)])
    assert not cat.problems
    a, b = cat.claims
    assert (a.id, a.source, a.expect, a.title) == (
        "a",
        "000_2b90a50356f39486.txt",
        Verdict.VERIFIED,
        "T",
    )
    assert (b.source, b.expect, b.why) == ("elsewhere", Verdict.REFUTED, "no")
    assert set(b.symbols) == {"\\sigma", "y"}


def test_unknown_key_is_a_problem_naming_file_and_claim(write_toml) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace('why = "no"', 'wyh = "no"')
    cat = catalog.load([write_toml("x.toml", text)])
    assert [c.id for c in cat.claims] == ["a"]  # the other claim is still read
    (p,) = cat.problems
    assert p.claim_id == "b" and p.file.endswith("x.toml") and "'wyh'" in p.message


def test_unknown_top_level_key(write_toml) -> None:  # type: ignore[no-untyped-def]
    cat = catalog.load([write_toml("x.toml", "[symbol]\nx='real'\n" + GOOD)])
    assert cat.problems and "'symbol'" in cat.problems[0].message


def test_toml_syntax_error_does_not_hide_other_files(write_toml) -> None:  # type: ignore[no-untyped-def]
    write_toml("d/bad.toml", "[[claim]\nid=")
    write_toml("d/good.toml", GOOD)
    cat = catalog.load([write_toml("d/good.toml", GOOD).parent])
    assert [c.id for c in cat.claims] == ["a", "b"]
    assert len(cat.problems) == 1 and "TOML syntax" in cat.problems[0].message


def test_bad_spec_and_bad_expect(write_toml) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace('y = "binary"', 'y = "binry"').replace(
        'expect = "refuted"', 'expect = "maybe"'
    )
    cat = catalog.load([write_toml("x.toml", text)])
    assert len(cat.problems) == 1
    assert "binry" in cat.problems[0].message or "maybe" in cat.problems[0].message


def test_duplicate_id_and_missing_claim(write_toml) -> None:  # type: ignore[no-untyped-def]
    text = '[[claim]]\nid = "a"\nclaim = "1=1"\n[[claim]]\nid = "a"\nclaim = "2=2"\n[[claim]]\nid = "c"\n'
    cat = catalog.load([write_toml("x.toml", text)])
    messages = " | ".join(p.message for p in cat.problems)
    assert "used twice" in messages and "missing" in messages
    assert [c.id for c in cat.claims] == ["a"]


def test_missing_path_is_a_problem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = catalog.load([tmp_path / "nope"])
    assert cat.problems[0].message == "no such file or folder"


def test_kind_pins_the_diagnosis(write_toml) -> None:  # type: ignore[no-untyped-def]
    from derive.model import ClaimResult, Diagnosis, DiagnosisKind

    path = write_toml(
        "k.toml",
        '[[claim]]\nid = "a"\nclaim = "x = -x"\nexpect = "refuted"\nkind = "sign"\n'
        '[[claim]]\nid = "b"\nclaim = "x = x"\nkind = "sign"\n'
        '[[claim]]\nid = "c"\nclaim = "x = x"\nexpect = "refuted"\nkind = "typo"\n',
    )
    cat = catalog.load([path])
    (a,) = cat.claims
    assert a.expect_kind is DiagnosisKind.SIGN
    assert sorted(p.claim_id for p in cat.problems) == ["b", "c"]
    sign = ClaimResult(a, Verdict.REFUTED, diagnosis=Diagnosis(DiagnosisKind.SIGN, ""))
    factor = ClaimResult(a, Verdict.REFUTED, diagnosis=Diagnosis(DiagnosisKind.FACTOR, ""))
    assert sign.as_expected
    assert not factor.as_expected
    assert not ClaimResult(a, Verdict.REFUTED).as_expected
    assert factor.expected == "refuted (sign)"


def test_expect_error_for_malformed_source_latex(write_toml) -> None:  # type: ignore[no-untyped-def]
    from derive.model import ClaimResult

    path = write_toml(
        "e.toml",
        '[[claim]]\nid = "typo"\nclaim = "\\\\frac{\\\\partial z}{b} = 1"\nexpect = "error"\nwhy = "no"\n',
    )
    cat = catalog.load([path])
    (c,) = cat.claims
    assert c.expect is Verdict.ERROR
    assert ClaimResult(c, Verdict.ERROR).as_expected
    assert not ClaimResult(c, Verdict.REFUTED).as_expected


def test_asserted_names_the_authors_side(write_toml) -> None:  # type: ignore[no-untyped-def]
    text = "[[claim]]\nid = 'a'\nclaim = '2x = g'\ngiven = ['g = x']\nasserted = 'left'\n"
    cat = catalog.load([write_toml("x.toml", text)])
    assert not cat.problems and cat.claims[0].asserted == "left"
    cat = catalog.load([write_toml("y.toml", text.replace("'left'", "'both'"))])
    (problem,) = cat.problems
    assert '`asserted` must be "left" or "right"' in problem.format()
