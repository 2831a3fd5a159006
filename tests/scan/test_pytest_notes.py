"""Notes as pytest tests (ini option `derive_notes`), in real pytest sessions (pytester)."""

from __future__ import annotations

import pytest

NOTE = r"""# MSE, one sample

$$L = \frac{1}{2}(\hat{y} - y)^2$$

$$\frac{\partial L}{\partial \hat{y}} = \hat{y} - y$$

$$\frac{\partial L}{\partial y} = \hat{y} - y$$

<!-- derive: expect refuted -->
$$\frac{\partial L}{\partial \hat{y}} = 2(\hat{y} - y)$$

$$x \in \mathbb{R}$$
"""


def test_notes_are_collected_only_when_named(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", **{"notes/mse": NOTE, "README": NOTE})
    assert pytester.runpytest().ret == pytest.ExitCode.NO_TESTS_COLLECTED
    pytester.makeini("[pytest]\nderive_notes =\n    notes/**/*.md\n")
    result = pytester.runpytest("--collect-only", "-q")
    assert result.stdout.lines[:3] == [
        "notes/mse.md::line-5",
        "notes/mse.md::line-7",
        "notes/mse.md::line-10",
    ]  # one test per checked formula: no definition, nothing unchecked, not README.md
    result.stdout.fnmatch_lines(["3 tests collected*"])


def test_a_wrong_formula_fails_with_its_line_and_correction(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", **{"notes/mse": NOTE})
    pytester.makeini("[pytest]\nderive_notes = notes/*.md\n")
    result = pytester.runpytest("-v", "--derive-timeout", "0")
    result.stdout.fnmatch_lines(
        [
            "notes/mse.md::line-5 PASSED*",
            "notes/mse.md::line-7 FAILED*",
            "notes/mse.md::line-10 PASSED*",
            "*1 failed, 2 passed*",
        ]
    )
    out = result.stdout.str()
    assert (
        "notes/mse.md:7:3: refuted (numeric, exact) [sign] the sign is wrong -- expected verified"
    ) in out
    assert "    correction: \\frac{\\partial L}{\\partial y} = y - \\hat{y}" in out
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_claim_after_a_refuted_chain_is_skipped_not_failed(pytester: pytest.Pytester) -> None:
    """As `derive scan`: `g = A = B` refuted leaves g without a clear value, so a later claim
    that uses g is not checked (skipped), whatever its own verdict would be."""
    pytester.makefile(
        ".md",
        **{
            "notes/g": "$$E = \\frac{1}{2}(a - y)^2$$\n\n"
            "Let $g = \\frac{\\partial E}{\\partial y} = a - y$.\n\n"
            "$$\\frac{\\partial E}{\\partial a} = -g$$\n"
        },
    )
    pytester.makeini("[pytest]\nderive_notes = notes/*.md\n")
    result = pytester.runpytest("-v", "-rs", "--derive-timeout", "0", "--derive-no-cache")
    result.stdout.fnmatch_lines(
        [
            "notes/g.md::line-3 FAILED*",
            "notes/g.md::line-5 SKIPPED*",
            "*uses g (line 3), which the note gives two values*",
            "*1 failed, 1 skipped*",
        ]
    )
