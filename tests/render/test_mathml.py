"""Formulas as MathML (render/mathml.py, for the HTML sheets): claim LaTeX as MathML, unusable
LaTeX shown as its source and marked (and not typeset by TeX either)."""

from __future__ import annotations

import pytest

from derive.render import mathml, tex


@pytest.mark.parametrize(
    "latex",
    [
        "\\frac{\\partial L}{\\partial w^{[l]}_{jk}} = \\delta^{[l]}_j a^{[l-1]}_k",
        "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))",
        "\\hat{y} = \\sum_{i=1}^{n} w_i x_i",
        "a \\odot \\mathrm{relu}'(z)",
        "\\left(\\frac{1}{2}\\right) \\le \\lVert x \\rVert",
    ],
)
def test_claim_notation_converts_and_typesets(latex: str) -> None:
    assert mathml.mathml(latex) is not None
    assert tex.typesettable(latex)


@pytest.mark.parametrize("latex", ["\\foo{x}", "\\left( x", "x^", "a % comment", "{a"])
def test_unusable_latex_is_shown_as_source_and_marked(latex: str) -> None:
    if latex not in {"a % comment", "{a"}:
        assert mathml.mathml(latex) is None
        assert 'class="unconverted"' in mathml.math(latex)
    assert not tex.typesettable(latex)
    assert "\\notset" in tex.math(latex)


def test_mathml_keeps_primes_on_the_line() -> None:
    out = mathml.mathml("\\sigma'(z)")
    assert out is not None and "<msup>" not in out and "<mi>\u2032</mi>" in out


@pytest.mark.parametrize("latex", ["\\frac{1}{2} = \x1b", "a\x01 + b", "x = \x08eta"])
def test_a_control_character_is_shown_as_source(latex: str) -> None:
    # found by `bench/fuzz_scan.py --seed 25`: latex2mathml kept U+001B, and the XML parser of
    # its output raised (`derive scan --html` on a note with an escape in a display)
    assert mathml.mathml(latex) is None
    assert 'class="unconverted"' in mathml.math(latex, block=True)
