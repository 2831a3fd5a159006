"""What each name was read as (derive/shapes/explain.py) and `derive verify --explain`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from derive import catalog
from derive.cli import main
from derive.shapes.explain import readings, size_notes
from tests.conftest import make_claim

FORWARD = (
    "z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}",
    "a^{[l]} = \\sigma(z^{[l]})",
    "C = \\frac{1}{2}(y - a^{[L]})^T (y - a^{[L]})",
)
CLAIM = "\\frac{\\partial C}{\\partial a^{[L]}} = a^{[L]} - y"


def test_each_name_with_its_kind_shape_and_ranges() -> None:
    claim = make_claim(CLAIM, given=FORWARD, symbols={"y": "vector(n)", "sigma": "sigmoid"})
    read = {r.name: r.text() for r in readings(claim)}
    assert read == {
        "C": "C: number",
        "W": "W: layered matrix, n^{[l]} x n^{[l - 1]}",
        "a": "a: layered vector, (n^{[L]} = n) x 1",
        "b": "b: layered vector, n^{[l]} x 1",
        "y": "y: vector, (n = n^{[L]}) x 1",
        "z": "z: layered vector, n^{[l]} x 1",
    }


def test_index_ranges_of_families_and_sizes() -> None:
    claim = make_claim(
        "\\frac{\\partial E}{\\partial v_j} = (\\hat{y} - y) z_j",
        given=("\\hat{y} = \\sum_{j=1}^{q} v_j z_j", "E = \\frac{1}{2}(\\hat{y} - y)^2"),
    )
    read = {r.name: r.text() for r in readings(claim)}
    assert read["v"] == "v: indexed family, indices 1: 1..q"
    assert read["q"] == "q: size" and read["y"] == "y: number"


def test_verify_explain_in_text_and_json() -> None:
    argv = ["verify", "--timeout", "0", "--explain", "--symbol", "x=vector(n)"]
    out = io.StringIO()
    assert main([*argv, "\\nabla_x \\|x\\|^2 = 2x"], out, io.StringIO()) == 0
    assert out.getvalue().splitlines()[-2:] == ["read as:", "  x: vector, n x 1"]
    out = io.StringIO()
    assert main([*argv, "--json", "\\nabla_x \\|x\\|^2 = 2x"], out, io.StringIO()) == 0
    names = json.loads(out.getvalue())["names"]
    assert names == [{"name": "x", "kind": "vector", "shape": "n x 1", "ranges": []}]


def test_the_indices_of_a_kronecker_delta_are_not_numbers() -> None:
    read = {r.name: r.text() for r in readings(make_claim("\\sum_{j=1}^n \\delta_{ij} = 1"))}
    assert "i" not in read and read["n"] == "n: size"


def test_a_sum_limit_is_shown_as_at_most_the_size_it_indexes() -> None:
    claim = make_claim(
        "\\sum_{i=1}^{m} w^T x_i = \\sum_{i=1}^{m} w^T x_i",
        symbols={"x": "vector(n)", "w": "vector(n)"},
    )
    read = {r.name: r.text() for r in readings(claim)}
    assert read["x"] == "x: vector, (n >= m) x 1"  # m <= n, not m = n


def test_the_rows_of_a_matrix_are_shown_as_a_family_of_columns() -> None:
    claim = make_claim(
        "\\frac{\\partial L}{\\partial w} = X^T(Xw - y)",
        given=("L = \\frac{1}{2}\\sum_{i=1}^m (x_i^T w - y_i)^2",),
        symbols={"X": "matrix(m, d)", "x": "rows(X)", "w": "vector(d)", "y": "vector(m)"},
    )
    read = {r.name: r.text() for r in readings(claim)}
    assert read["x"] == "x: the rows of X, d x 1, indices 1: 1..m"


def test_a_name_the_chain_defines_is_said_so() -> None:
    read = {r.name: r.text() for r in readings(make_claim("Q = (u + 1)^2 = u^2 + 2u + 1"))}
    assert read["Q"] == "Q: number, defined by the claim's first link"
    read = {r.name: r.text() for r in readings(make_claim("q(s) = (s + 1)^2 = s^2 + 2s + 1"))}
    assert read["q"] == "q: function of 1 argument, defined by the claim's first link"
    read = {r.name: r.text() for r in readings(make_claim("Q = u^2", given=("u = 3",)))}
    assert read["Q"] == "Q: number"  # one relation: Q is a name of the claim


SHAPES = {
    c.id: c for c in catalog.load([Path(__file__).parents[1] / "fixtures" / "shapes.toml"]).claims
}


@pytest.mark.parametrize(
    ("claim_id", "note"),
    [
        pytest.param(
            "cross-entropy-output-of-one-unit",
            "layer 2 instantiated with 1 unit: forced by a^{[2]} - y: y is a number",
            id="name-beside-a-vector",
        ),
        pytest.param(
            "cross-entropy-gradient-by-a-matrix-forces-one-unit",
            "layer 2 instantiated with 1 unit: forced by 1 - a^{[2]} in E, which is "
            "differentiated by the matrix W^{[2]}",
            id="derivative-by-a-matrix",
        ),
        pytest.param(
            "partial-sum-below-layer-width",
            "r + 1 <= n^{[L]} (written",
            id="offset-bound",
        ),
    ],
)
def test_explain_shows_what_fixes_or_bounds_a_size(claim_id: str, note: str) -> None:
    """`--explain` says which layer the writing pins to one unit, and why, as the verdict does
    (the sum as written, `a^{[2]} - y`, not SymPy's `- y + a^{[2]}`)."""
    (found,) = [t for t in size_notes(SHAPES[claim_id]) if t.startswith(note)]
    assert "- y +" not in found


def test_explain_shows_no_pin_for_an_element_wise_sum() -> None:
    notes = size_notes(SHAPES["norm-of-one-minus-output-is-element-wise"])
    assert not [t for t in notes if "instantiated with 1 unit" in t]


def test_verify_explain_lists_the_pins() -> None:
    claim = SHAPES["cross-entropy-output-of-one-unit"]
    argv = ["verify", "--timeout", "0", "--explain", "--points", "2"]
    argv += [a for g in claim.given for a in ("--given", g)]
    argv += [
        a for k, v in (("y", "binary"), ("sigma", "sigmoid")) for a in ("--symbol", f"{k}={v}")
    ]
    out = io.StringIO()
    main([*argv, claim.latex], out, io.StringIO())
    lines = out.getvalue().splitlines()
    at = lines.index("sizes:")
    assert lines[at + 1].startswith("  layer 2 instantiated with 1 unit: forced by a^{[2]} - y")


CHECKED = """[symbols]
w = "vector(n)"
x = "vector(n)"

[[claim]]
id = "dot-grad"
given = ['L = w^T x,']
claim = '\\frac{\\partial L}{\\partial x} = w.'
expect = "verified"
"""


def test_check_explain_shows_each_claim_as_verify_does(tmp_path: Path) -> None:
    """`derive check --explain`: under each claim, the names read as, and every piece of the
    claim and its `given` read as nothing, with where it is; in JSON, `explain` per claim."""
    path = tmp_path / "f.toml"
    path.write_text(CHECKED, encoding="utf-8")
    argv = ["check", "--timeout", "0", "--no-cache", "--explain", str(path)]
    out = io.StringIO()
    assert main(argv, out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert lines[1:8] == [
        "    read as:",
        "      L: number",
        "      w: vector, n x 1",
        "      x: vector, n x 1",
        "    dropped (read as nothing):",
        "      claim: . (sentence punctuation)",
        "      given 1: , (sentence punctuation)",
    ]
    out = io.StringIO()
    assert main([*argv, "--json"], out, io.StringIO()) == 0
    (entry,) = json.loads(out.getvalue())["claims"]
    assert [n["name"] for n in entry["explain"]["names"]] == ["L", "w", "x"]
    assert [(d["where"], d["text"]) for d in entry["explain"]["dropped"]] == [
        ("claim", "."),
        ("given 1", ","),
    ]
