"""Functions used only by their name are passed as names (derive/scan/intermediates.py)."""

from __future__ import annotations

import pytest

from derive.scan.intermediates import bare
from derive.specs import parse_spec

STEPS = ("m(x) = -x", "t(m) = e^{m}", "h(t) = 1 + t", "g(h) = h^{-1}")


@pytest.mark.parametrize(
    ("given", "text", "expected"),
    [
        pytest.param(
            STEPS,
            "\\frac{dg}{dh} \\cdot \\frac{dh}{dt} = -h^{-2}",
            ["m = -x", "t = e^{m}", "h = 1 + t", "g = h^{-1}"],
            id="every-step-bare",
        ),
        # g is applied: it stays a function; its argument h is the name h = 1 + t
        pytest.param(
            STEPS,
            "\\sigma(x) = g(h)",
            ["m = -x", "t = e^{m}", "h = 1 + t", "g(h) = h^{-1}"],
            id="applied-stays",
        ),
        # m applied elsewhere (m(2)), primed, indexed or inverted: it stays a function
        pytest.param(("m(x) = -x",), "m(2) = -2", ["m(x) = -x"], id="call"),
        pytest.param(("m(x) = -x",), "m \\left( 2 \\right) = -2", ["m(x) = -x"], id="left"),
        pytest.param(("m(x) = -x",), "m'(x) = -1", ["m(x) = -x"], id="prime"),
        pytest.param(("m(x) = -x",), "m_1 = 3", ["m(x) = -x"], id="index"),
        pytest.param(("m(x) = -x",), "m^{-1}(y) = -y", ["m(x) = -x"], id="inverse"),
        pytest.param(("m(x) = -x",), "m\\big(2\\big) = -2", ["m(x) = -x"], id="big"),
        pytest.param(("m(x) = -x",), "m\\!\\left(2\\right) = -2", ["m(x) = -x"], id="spaced"),
        pytest.param(("m(x) = -x",), "m[2] = -2", ["m(x) = -x"], id="bracket"),
        # a power of the value is not an application
        pytest.param(("m(x) = -x",), "m^{2} = x^2", ["m = -x"], id="power"),
        # a name inside a longer one is not the name
        pytest.param(("h(t) = 1 + t",), "\\theta(2) = h", ["h = 1 + t"], id="inside-a-command"),
        # not plain-name arguments, or an indexed function: as written
        pytest.param(("f(x_1) = x_1^2",), "f = 1", ["f(x_1) = x_1^2"], id="entry-argument"),
        pytest.param(("f_i(w) = w",), "f_1 = 1", ["f_i(w) = w"], id="indexed-function"),
        pytest.param(("L = w^2",), "L = 1", ["L = w^2"], id="a-name-already"),
    ],
)
def test_bare(given: tuple[str, ...], text: str, expected: list[str]) -> None:
    assert bare(given, text, {}) == expected


def test_a_declared_function_stays_a_function() -> None:
    specs = {"m": parse_spec("m", "function")}
    assert bare(("m(x) = -x",), "\\frac{dm}{dx} = -1", specs) == ["m(x) = -x"]
