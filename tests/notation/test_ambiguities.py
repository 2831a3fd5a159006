"""Forms the page shows otherwise than a reading would take them (notation/ambiguities.py): each
an error with a caret; the forms next to them that read one way still read."""

from __future__ import annotations

import pytest
import sympy

from tests.notation.reading import assert_read_error, read, read_statement

# -- numbers side by side ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("1 0", "1 0", id="spaced-digits"),  # TeX shows 10; it was read 1*0
        pytest.param("2 3", "2 3", id="read-as-a-sum"),  # it was read 5
        pytest.param("1\\,000", "1\\,000", id="thousands"),
        pytest.param("x_{10 2}", "10 2", id="subscript-number"),  # it was the entry x[20]
        pytest.param("x^{(1 0)}", "1 0", id="sample"),
        pytest.param("0 .5", "0 .5", id="decimal"),
        pytest.param("1 \\\\ 2", "1 \\\\ 2", id="row-break"),  # it was read 1 + 2
        pytest.param("1 \\quad 2", "1 \\quad 2", id="quad"),
    ],
)
def test_numbers_side_by_side_are_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "two numbers side by side")


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("0.5.2", "0.5.2", id="two-points"),  # it was read 0.5 times .2
        pytest.param("x + 1.25.5 y", "1.25.5", id="inside"),
    ],
)
def test_a_number_with_two_decimal_points_is_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "a number with two decimal points")


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        pytest.param("\\frac 1 2", sympy.Rational(1, 2), id="frac-arguments"),
        pytest.param("\\frac 12", sympy.Rational(1, 2), id="frac-digits"),
        pytest.param("x_{10}", None, id="one-number"),
        pytest.param("w_{1 2}", None, id="two-indices"),  # (1, 2): docs/notation.md, Indices
    ],
)
def test_numbers_that_are_arguments_or_one_number_read(latex: str, value: object) -> None:
    expr, _ = read(latex)
    assert value is None or expr == value


def test_numbers_on_two_joined_equations_are_no_pair() -> None:
    st, _ = read_statement("a = 1 \\\\ 2 = b")
    assert [str(s.expr) for s in st.sides] == ["a", "1", "2", "b"]


# -- e-notation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("1e-3", id="negative"),  # it was read 1·e − 3
        pytest.param("2e3", id="positive"),  # it was read 2·e·3
        pytest.param("1.5e+3", id="decimal-signed"),
        pytest.param("\\eta 2e3", id="after-a-name"),
    ],
)
def test_e_notation_is_an_error(latex: str) -> None:
    fragment = latex.split(" ")[-1] if " " in latex else latex
    assert_read_error(latex, fragment, "e-notation")


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param("2e", lambda: 2 * sympy.E, id="a-multiple-of-e"),
        pytest.param("2e - 3", lambda: 2 * sympy.E - 3, id="spaced"),
        pytest.param("2e^{3}", lambda: 2 * sympy.exp(3), id="a-power-of-e"),
    ],
)
def test_e_next_to_a_number_otherwise_is_the_constant(latex: str, expected: object) -> None:
    expr, _ = read(latex, {})
    assert expr == expected()  # type: ignore[operator]


# -- a spacing command as an argument ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("x^\\,2", "^\\,", id="superscript"),  # it was read x^2
        pytest.param("x_\\!i", "_\\!", id="subscript"),  # it was read x_i
        pytest.param("\\hat\\,y", "\\hat\\,", id="accent"),  # it was read \\hat{y}
        pytest.param("\\mathbf~u", "\\mathbf~", id="font-tie"),
        pytest.param("\\sqrt\\;2", "\\sqrt\\;", id="root"),
    ],
)
def test_a_spacing_command_as_an_argument_is_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "spacing command as the argument")


def test_spacing_inside_a_braced_argument_is_dropped() -> None:
    expr, n = read("x^{\\,2} + \\hat{\\,y}", {})
    assert expr == n.symbol("x") ** 2 + n.symbol("\\hat{y}")


# -- double scripts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        # TeX rejects a double script ("Double superscript"): no page shows one to read
        pytest.param("x^2^3", "^2^", "a double superscript", id="superscript"),  # it was x^6
        pytest.param("x^{a}^{b}", "^{a}^", "a double superscript", id="braced"),
        pytest.param("x^2_j^3", "^2_j^", "a double superscript", id="across-a-subscript"),
        pytest.param("x_j^2_k", "_j^2_", "a double subscript", id="subscript"),
        pytest.param("x^2\u00b2", "^2\u00b2", "a double superscript", id="pasted"),  # it was x^4
        pytest.param("x^^2", "^^", "a script needs an argument", id="script-mark-twice"),
        pytest.param("x_\u00b2", "_\u00b2", "'\u00b2' right after '_'", id="pasted-after-a-mark"),
    ],
)
def test_a_double_script_is_an_error(latex: str, fragment: str, words: str) -> None:
    assert_read_error(latex, fragment, words)


@pytest.mark.parametrize(
    ("latex", "power"),
    [
        pytest.param("{x^2}^3", 6, id="braced-base"),  # braces as written, before they are dropped
        pytest.param("x^{2^3}", 8, id="nested"),
        pytest.param("{x_j}^2", 2, id="subscripted-base"),
    ],
)
def test_a_script_on_a_group_reads(latex: str, power: int) -> None:
    expr, _ = read(latex)
    assert isinstance(expr, sympy.Pow) and expr.exp == power
