"""A quantifier prefix (notation/quantifiers.py): `\\forall t > 0, ...` is the domain of t for
the formula after it, read as a [symbols] domain is; anything else it could state is an error."""

from __future__ import annotations

import pytest

from derive import Verdict
from derive.errors import LatexError
from derive.model import Domain
from derive.notation.quantifiers import quantified_specs
from derive.notation.statements import Notation
from tests.conftest import check
from tests.notation.reading import make_specs


@pytest.mark.parametrize(
    ("latex", "name", "domain"),
    [
        pytest.param("\\forall t > 0, t = t", "t", Domain.POSITIVE, id="greater-than-zero"),
        pytest.param("\\forall t \\gt 0, t = t", "t", Domain.POSITIVE, id="gt"),
        pytest.param("\\forall u\\in(0,\\infty), u = u", "u", Domain.POSITIVE, id="open-half-line"),
        pytest.param("\\forall p \\in (0, 1), p = p", "p", Domain.UNIT, id="open-unit-interval"),
        pytest.param(
            "\\forall \\mu \\in \\mathbb{R}, \\mu = \\mu", "\\mu", Domain.REAL, id="reals"
        ),
    ],
)
def test_prefix_is_the_domain_of_its_name(latex: str, name: str, domain: Domain) -> None:
    specs = quantified_specs({}, latex)
    assert specs[name].domain is domain
    st = Notation(specs).statement(latex)
    body = latex.rsplit(",", 1)[1]  # the formula after the prefix, read as written
    assert [s.latex for s in st.sides] == [x.strip() for x in body.split("=")]


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("\\forall t \\ge 0, t = t", "\\forall t \\ge 0", id="closed-bound"),
        pytest.param(
            "\\forall t \\in [0, 1], t = t", "\\forall t \\in [0, 1]", id="closed-interval"
        ),
        pytest.param("\\forall t, t = t", "\\forall t", id="no-domain"),
        pytest.param("\\forall t_1 > 0, t_1 = 1", "\\forall t_1 > 0", id="indexed-name"),
        pytest.param("\\forall t > 0 t = t", "\\forall", id="no-comma"),
    ],
)
def test_prefix_that_is_no_domain_is_an_error(latex: str, fragment: str) -> None:
    assert quantified_specs({}, latex) == {}  # left to the reader, which reports it
    with pytest.raises(LatexError, match="quantifier") as info:
        Notation({}).statement(latex)
    assert info.value.fragment.strip() == fragment


def test_prefix_against_a_declaration() -> None:
    declared = make_specs({"t": "real", "s": "binary", "v": "vector(n)"})
    assert quantified_specs(declared, "\\forall t > 0, t = t")["t"].domain is Domain.POSITIVE
    for latex, words in [
        ("\\forall s > 0, s = s", "declared binary"),
        ("\\forall v > 0, v = v", "declared as something else than a number"),
    ]:
        with pytest.raises(LatexError, match=words):
            quantified_specs(declared, latex)


def test_statement_read_without_the_prefix_domain_is_an_error() -> None:
    with pytest.raises(LatexError, match="not the one it is read with"):
        Notation({}).statement("\\forall t > 0, t = t")


@pytest.mark.parametrize(
    ("latex", "verdict"),
    [
        ("\\forall t>0, \\sqrt{t^2} = t", Verdict.VERIFIED),
        ("\\sqrt{t^2} = t", Verdict.REFUTED),  # at a negative t
        ("\\forall q \\in (0, 1), |q - 1| = 1 - q", Verdict.VERIFIED),
        ("\\forall q \\in (0, 1), \\log q > 0", Verdict.REFUTED),
    ],
)
def test_the_check_draws_from_the_stated_domain(latex: str, verdict: Verdict) -> None:
    assert check(latex).verdict is verdict
