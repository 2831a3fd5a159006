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


MACROS = r"""
[meta]
preamble = "notation.tex"

[symbols]
w = "vector(k)"
X = "matrix(m, k)"
y = "vector(m)"

[macros]
Vy = '\mathbf{y}'
sq = '\newcommand{\sq}[1]{\left\|#1\right\|^2}'

[[claim]]
id = "gradient"
given = ['J(\Vw) = \sq{\MX \Vw - \Vy}']
claim = '\nabla_{\Vw} J(\Vw) = 2 \MX^\Tp (\MX \Vw - \Vy)'

[[claim]]
id = "gradient-factor-slip"
given = ['J(\Vw) = \sq{\MX \Vw - \Vy}']
claim = '\nabla_{\Vw} J(\Vw) = \MX^\Tp (\MX \Vw - \Vy)'
expect = "refuted"

[[claim]]
id = "own-macro"
macros = { Vy = '\mathbf{w}' }
claim = '\Vy = \Vw'
"""
PREAMBLE = r"""\usepackage{bm} % the notation of these notes
\newcommand{\Vw}{\bm{w}}
\newcommand{\MX}{\mathbf{X}}
\def\Tp{\top}
"""


def test_macros_from_a_table_a_preamble_and_a_claim(write_toml) -> None:  # type: ignore[no-untyped-def]
    write_toml("notes/notation.tex", PREAMBLE)
    cat = catalog.load([write_toml("notes/x.toml", MACROS)])
    assert not cat.problems
    gradient, _, own = cat.claims
    assert {m.name: m.body for m in gradient.macros} == {
        "Vw": "\\bm{w}",
        "MX": "\\mathbf{X}",
        "Tp": "\\top",
        "Vy": "\\mathbf{y}",
        "sq": "\\left\\|#1\\right\\|^2",
    }
    assert {m.name: m.body for m in own.macros}["Vy"] == "\\mathbf{w}"  # the claim's own wins


def test_claims_read_through_their_macros(write_toml) -> None:  # type: ignore[no-untyped-def]
    from derive import check_claim

    write_toml("notes/notation.tex", PREAMBLE)
    gradient, slip, own = catalog.load([write_toml("notes/x.toml", MACROS)]).claims
    assert check_claim(gradient).verdict is Verdict.VERIFIED
    r = check_claim(slip)
    assert r.verdict is Verdict.REFUTED
    assert r.counterexample is not None and r.diagnosis is not None
    assert "\\MX^\\Tp" in r.counterexample.link  # shown as the author wrote it, macros and all
    assert r.correction == "\\nabla_{\\Vw} J(\\Vw) = 2\\MX^\\Tp (\\MX \\Vw - \\Vy)"
    assert check_claim(own).verdict is Verdict.VERIFIED


def test_a_missing_preamble_or_a_bad_macro_is_a_problem(write_toml) -> None:  # type: ignore[no-untyped-def]
    cat = catalog.load([write_toml("x.toml", MACROS)])  # no notation.tex beside it
    (p,) = cat.problems
    assert "cannot read the preamble 'notation.tex'" in p.message and not cat.claims
    text = MACROS.replace('[meta]\npreamble = "notation.tex"\n', "").replace(
        "macros = { Vy = '\\mathbf{w}' }", "macros = { Vy = 3 }"
    )
    cat = catalog.load([write_toml("y.toml", text)])
    (p,) = cat.problems
    assert p.claim_id == "own-macro" and "the macro Vy must be LaTeX" in p.message


# values of the wrong type found by bench/fuzz_scan.py (each was a TypeError or a CatalogError
# escaping load_file): (text replaced in GOOD, replacement, the problem's claim id, a word of it)
WRONG_TYPES = [
    ('expect = "refuted"', 'expect = ["refuted"]', "b", "`expect`"),
    ('expect = "refuted"', 'expect = "refuted"\nlayout = [1, 2]', "b", "`layout`"),
    ('expect = "refuted"', 'expect = "refuted"\nkind = {x = 1}', "b", "`kind`"),
    ('title = "T"', "title = 42", None, "`title` must be a string"),
    ('source = "000_2b90a50356f39486.txt"', "source = [1]", None, "`source` must be a string"),
    ('title = "T"', 'title = "T"\nlayout = {a = 1}', None, "`layout`"),
]


def test_a_value_of_the_wrong_type_is_a_problem(write_toml) -> None:  # type: ignore[no-untyped-def]
    for old, new, claim_id, word in WRONG_TYPES:
        cat = catalog.load([write_toml("x.toml", GOOD.replace(old, new))])  # no exception
        (p,) = cat.problems
        assert p.file.endswith("x.toml") and p.claim_id == claim_id and word in p.message, p
        if claim_id is not None:  # one bad claim never stops the others
            assert [c.id for c in cat.claims] == ["a"]
