"""A family of sample vectors, `\\hat{x} = "samples(d)"` (notation/scripts.py, notation/sums.py):
`\\hat{x}_i` is the vector of sample i, read as `\\hat{x}^{(i)}` is with `vector(d)`, never the
i-th entry of one vector. The claims are those of seed 004's perceptron slides, in
tests/fixtures/published.toml; each test asserts what decided the verdict."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
import sympy

from derive import DiagnosisKind, Method, Verdict, catalog, check_claim
from derive.errors import SpecError
from derive.notation.statements import Notation
from derive.specs import parse_spec
from tests.notation.reading import assert_read_error

FIXTURE = Path(__file__).parents[1] / "fixtures" / "published.toml"
CLAIMS = {c.id: c for c in catalog.load([FIXTURE]).claims if c.id.startswith("samples-")}
SAMPLES = {"\\hat{x}": "samples(d)", "\\hat{w}": "vector(d)", "sgn": "step"}
SUPERSCRIPT = {"\\hat{x}": "vector(d)", "\\hat{w}": "vector(d)", "sgn": "step"}


def sides(latex: str, table: Mapping[str, str]) -> list[sympy.Expr]:
    specs = {s.name: s for s in (parse_spec(k, v) for k, v in table.items())}
    return [s.expr for s in Notation(specs, []).statement(latex).sides]


@pytest.mark.parametrize(
    ("written", "as_superscript"),
    [
        pytest.param("a_i = \\hat{w}^T \\hat{x}_i", "a_i = \\hat{w}^T \\hat{x}^{(i)}", id="dot"),
        pytest.param("a = \\hat{x}_i^T \\hat{w}", "a = (\\hat{x}^{(i)})^T \\hat{w}", id="row"),
        pytest.param(
            "v = \\sum_{\\hat{\\boldsymbol{x}}_i \\in M} (\\hat{y}_i - y_i) \\hat{\\boldsymbol{x}}_i",
            "v = \\sum_{i \\in M} (\\hat{y}_i - y_i) \\hat{x}^{(i)}",
            id="set-indexed-sum",
        ),
        pytest.param(
            "\\hat{y}_i = \\operatorname{sgn}(\\hat{w}^T \\hat{x}_i)",
            "\\hat{y}_i = \\operatorname{sgn}(\\hat{w}^T \\hat{x}^{(i)})",
            id="step-of-a-product",
        ),
    ],
)
def test_a_sample_subscript_is_the_sample_vector(written: str, as_superscript: str) -> None:
    assert sides(written, SAMPLES) == sides(as_superscript, SUPERSCRIPT)


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        pytest.param("\\hat{x} + 1", "\\hat{x}", "write one sample \\hat{x}_i", id="whole"),
        pytest.param("\\hat{x}_{ik}", "\\hat{x}_{ik}", "an entry of it", id="two-indices"),
        pytest.param("\\hat{x}^{(j)}_i", "\\hat{x}^{(j)}_i", "an entry of it", id="entry"),
    ],
)
def test_a_sample_family_takes_exactly_one_sample_index(
    latex: str, fragment: str, words: str
) -> None:
    assert_read_error(latex, fragment, words, SAMPLES)


def test_a_declared_vector_is_no_member_of_a_set_of_points() -> None:
    # with vector(d), \hat{x}_i is entry i: `\hat{x}_i \in M` would sum entries of one vector
    assert_read_error(
        "\\sum_{\\hat{x}_i \\in M} \\hat{x}_i",
        "\\hat{x}_i",
        "declare \\hat{x} samples(d)",
        {"\\hat{x}": "vector(d)"},
    )


def test_samples_spec_stands_alone() -> None:
    spec = parse_spec("\\hat{x}", "samples(d)")
    assert spec.samples and spec.shape == ("d", "1")
    with pytest.raises(SpecError, match="samples"):
        parse_spec("x", "samples(d), positive")


def test_the_misclassified_sign_fails_on_the_hyperplane() -> None:
    r = check_claim(CLAIMS["samples-misclassified-sign-literal"])
    assert r.verdict is Verdict.REFUTED and Method.EXACT in r.methods
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.BOUND
    assert "the boundary of a step" in r.message  # found where \hat{w}^T \hat{x}_i = 0
    assert r.counterexample is not None and r.counterexample.lhs == r.counterexample.rhs == "0"


@pytest.mark.parametrize("claim_id", ["samples-loss-gradient", "samples-sgd-update"])
def test_the_perceptron_gradient_and_update_verify(claim_id: str) -> None:
    r = check_claim(CLAIMS[claim_id])
    assert r.verdict is Verdict.VERIFIED, r.message
    assert Method.SYMBOLIC in r.methods and Method.SIZES in r.methods


def test_a_sample_vector_is_a_column() -> None:
    r = check_claim(CLAIMS["samples-loss-gradient-transposed"])
    assert r.verdict is Verdict.REFUTED and r.methods == (Method.SIZES,)
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.TRANSPOSE
