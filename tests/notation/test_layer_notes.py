"""Notation of layered notes (issue 13): a bare primed activation after its definition, a count
family indexed by a layer (`M_{l-1}`), an output layer named otherwise than L, `\\partial (x)`,
and a braced layered name after a script group. Each test asserts the structure read."""

from __future__ import annotations

import pytest
import sympy

from derive.errors import LatexError, SpecError
from derive.notation.names import Family
from derive.specs import parse_spec
from tests.notation.reading import exprs as sides
from tests.notation.reading import prime_of
from tests.notation.reading import read_statement as read

# -- a bare primed activation: its derivative where `given` applies it --------------------------

PHI = {"phi": "function"}


@pytest.mark.parametrize(
    ("given", "claim"),
    [
        pytest.param(["h_2 = \\phi_2(u_2)"], "\\phi_2'", id="indexed"),
        pytest.param(["h = \\phi(u)"], "\\phi'", id="plain"),
        pytest.param(["h_2 = \\phi_2(u_2)", "u_2 = 3q"], "\\phi_2'", id="beside-other-given"),
    ],
)
def test_bare_prime_is_the_derivative_at_the_given_argument(given: list[str], claim: str) -> None:
    st, _ = read(f"r = {claim} q", PHI, given)
    written = "\\phi_2'(u_2)" if "_2" in claim else "\\phi'(u)"
    same, _ = read(f"r = {written} q", PHI, given)
    assert sides(st)[1] == sides(same)[1]
    assert sides(st)[1].has(sympy.Subs)  # a derivative at a point, never a name phi'


def test_bare_prime_of_an_indexed_function_is_the_derivative_by_its_argument() -> None:
    st, n = read("r = \\phi_2'", PHI, ["h_2 = \\phi_2(u_2)"])
    u2 = n.names.indexed(Family("u", False, False), (sympy.Integer(2),))
    phi = sympy.Function("\\phi")
    assert sides(st)[1] == prime_of(lambda t: phi(2, t), u2, 1)


@pytest.mark.parametrize(
    ("given", "why"),
    [
        pytest.param([], "a derivative needs its argument", id="no-given"),
        pytest.param(
            ["h_1 = \\phi_2(u_1)", "h_2 = \\phi_2(u_2)"],
            "a derivative needs its argument",
            id="two-arguments",
        ),
        pytest.param(
            ["h_j = \\phi_2(u_j)"], "a derivative needs its argument", id="target-with-an-index"
        ),
        pytest.param(
            ["h_2 = 1 + \\phi_2(u_2)"], "a derivative needs its argument", id="not-only-the-call"
        ),
    ],
)
def test_bare_prime_without_one_given_argument_is_an_error(given: list[str], why: str) -> None:
    with pytest.raises(LatexError) as info:
        read("r = \\phi_2' q", PHI, given)
    assert why in info.value.message
    assert info.value.fragment == "\\phi_2'"


def test_primed_indexed_function_with_its_argument() -> None:
    st, n = read("r = \\phi_2'(v)", PHI)
    phi = sympy.Function("\\phi")
    assert sides(st)[1] == prime_of(lambda t: phi(2, t), n.names.symbol("v"), 1)


# -- a count family indexed by a layer --------------------------------------------------------------

WIDTHS = {"m": "layer", "K": "count"}


def test_declared_layer_in_a_subscript_is_the_layer() -> None:
    st, n = read("h_q^m = \\sum_{p=1}^{K_{m-1}} v_{pq}^m o_p^{m-1}", WIDTHS)
    total = sides(st)[1]
    assert isinstance(total, sympy.Sum)
    upper = total.limits[0][2]
    layer = n.names.layer_symbol("m")
    assert upper == n.names.indexed(Family("K", False, False), (layer - 1,))
    assert n.names.symbol("m") is layer  # one m: the layer, wherever it is written
    assert n.names.is_layer(layer) and not n.names.is_layer(n.names.symbol("K"))


# -- an output layer named N ------------------------------------------------------------------------


def test_last_layer_spec_names_the_last_layer() -> None:
    spec = parse_spec("N", "last-layer")
    assert spec.layer and spec.last
    st, n = read("t = a^{[N]} + a^N", {"N": "last-layer"})
    last = n.names.layer_symbol("L")
    assert last is n.names.layer_symbol("N") and last.name == "N"  # printed as written
    a = n.names.array(Family("a", True, False), (last,))
    assert sides(st)[1] == 2 * a


def test_last_layer_takes_nothing_else() -> None:
    with pytest.raises(SpecError, match="layer name"):
        parse_spec("N", "last-layer, count")


# -- \partial (x), {a^{[l]}}^T after a script -------------------------------------------------------


def test_partial_by_a_parenthesised_name() -> None:
    st, _ = read("\\frac{\\partial E}{\\partial (q_j)} = \\frac{\\partial E}{\\partial q_j}")
    left, right = sides(st)
    assert left == right and isinstance(left, sympy.Derivative)


def test_partial_by_a_parenthesised_expression_is_an_error() -> None:
    with pytest.raises(LatexError, match=r"\\partial\(...\) should hold one name") as info:
        read("\\frac{\\partial E}{\\partial (q+r)} = 1")
    assert info.value.fragment == "\\partial (q+r)"


def test_braced_layered_name_after_a_script_group_is_unbraced() -> None:
    st, _ = read("g = d^{[2]}{a^{[1]}}^T - d^{[2]} a^{[1]T}")
    assert sides(st)[1] == 0  # a transpose, never a power T of a group
