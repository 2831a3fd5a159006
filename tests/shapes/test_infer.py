"""What each use of a name says about sizes (derive/shapes/infer.py): the classes of size terms
of a claim read with its definitions, and the terms of its free indices."""

from __future__ import annotations

from pathlib import Path

import sympy

from derive import DiagnosisKind, Method, Verdict, catalog, check_claim
from derive.prepared import prepare
from derive.shapes.infer import SizeModel
from derive.shapes.unify import Slot, Width
from tests.conftest import make_claim

BP = (
    "z^{[l]}_j = \\sum_k w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j",
    "a^{[l]}_j = \\sigma(z^{[l]}_j)",
)


def _model(latex: str, **kwargs: object) -> tuple[SizeModel, dict[str, sympy.Symbol]]:
    p = prepare(make_claim(latex, **kwargs))  # type: ignore[arg-type]
    exprs = [s.expr for s in p.statement.sides]
    return p.model.size_model(exprs), {"L": p.names.layer_symbol("L")}


def test_a_sum_limit_over_a_layer_slot_is_that_layer_width() -> None:
    m, syms = _model(
        "\\delta^{[L]}_j = a^{[L]}_j - y_j",
        given=(*BP, "C = \\frac{1}{2}\\sum_{j=1}^{r}(y_j-a^{[L]}_j)^2"),
        symbols={"r": "count", "sigma": "sigmoid"},
    )
    r = sympy.Symbol("r", integer=True, positive=True)
    cls = m.class_of(r)
    assert Width(syms["L"]) in cls and Slot("y", 0) in cls
    assert r in m.declared
    # the free index j of the claim ranges over that one size
    assert m.indices[sympy.Symbol("j", real=True)] == cls


def test_a_declared_vector_beside_a_layered_vector() -> None:
    m, _ = _model("C = \\frac{1}{2}(y - a^{[3]})^T(y - a^{[3]})", symbols={"y": "vector(n)"})
    n = sympy.Symbol("n", real=True)
    assert m.class_of(n) == {n, Width(sympy.Integer(3))}
    assert m.kinds["y"] == "vector" and m.kinds["a"] == "layered vector"


def test_products_transposes_and_columns() -> None:
    m, _ = _model("b^T X_{:,i} = X_{:,i}^T b", symbols={"X": "matrix(n, k)", "b": "vector(n)"})
    k = sympy.Symbol("k", real=True)
    assert m.indices[sympy.Symbol("i", real=True)] == m.class_of(k)
    assert m.kinds["X"] == "matrix"


def test_the_two_sides_of_a_relation_are_not_joined() -> None:
    """A B = B A with A n x k: that the sides agree is what is checked, not a constraint."""
    m, _ = _model("A B = B A", symbols={"A": "matrix(n, k)", "B": "matrix(k, n)"})
    n, k = sympy.Symbol("n", real=True), sympy.Symbol("k", real=True)
    assert k not in m.class_of(n)


def test_a_definition_has_the_shape_of_its_value() -> None:
    symbols = {"X": "matrix(m, n)", "\\theta": "vector(n)", "y": "vector(m)"}
    given = ("r = X\\theta - y", "J = r^T r")
    m, _ = _model("J = J", given=given, symbols=symbols)
    mm = sympy.Symbol("m", real=True)
    assert m.shapes["r"] == (mm, 1)  # r is read as the m-vector X theta - y, not a number
    assert m.kinds["r"] == "vector"
    # declared with another size name, r asks q = m of the definitions alone: an error
    r = check_claim(make_claim("J = J", given=given, symbols={**symbols, "r": "vector(q)"}))
    assert r.verdict is Verdict.ERROR
    assert r.message.startswith("the sizes m and q must be one size"), r.message


def test_definitions_that_no_sizes_allow_are_an_error_naming_the_use() -> None:
    r = check_claim(
        make_claim(
            "u = u",
            given=(
                "A = \\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}",
                "v = \\begin{bmatrix}1\\\\2\\\\3\\end{bmatrix}",
                "u = A v",
            ),
        )
    )
    assert r.verdict is Verdict.ERROR
    assert r.message.splitlines() == [
        "the sizes 2 and 3 must be one size: A v (in given u = A v)",
        "    u = A v",
        "        ^^^",
    ]


def test_a_claim_that_no_sizes_allow_stays_a_shape_refutation() -> None:
    r = check_claim(make_claim("w^{[1]} a^{[1]} = a^{[1]}"))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE


DECLARED = {"A": "matrix(m, n)", "v": "vector(n)"}


def test_definitions_that_make_two_declared_sizes_one_are_an_error() -> None:
    """Distinct letters are distinct sizes: `A^T v` with A m x n and v of n entries asks m = n
    of the `given` alone, so no sizes allow the definitions (whatever the claim says)."""
    r = check_claim(make_claim("u = u", given=("u = A v", "w = A^T v"), symbols=DECLARED))
    assert r.verdict is Verdict.ERROR
    assert r.message.splitlines()[0] == (
        "the sizes m and n must be one size: A^{T} v (in given w = A^T v)"
    )
    assert r.message.splitlines()[1] == "    w = A^T v"


def test_a_claim_at_odds_with_its_definitions_is_a_shape_refutation() -> None:
    """The definitions allow sizes (u = A v is an m-vector); the claim as written does not fit
    them at any: `A A^T v` needs v of m entries. A counterexample to the claim, not an error."""
    r = check_claim(
        make_claim("\\nabla_v (u^T u) = 2 A A^T v", given=("u = A v",), symbols=DECLARED)
    )
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SHAPE
    assert "A A^{T} v" in r.message


def test_a_sum_over_rows_of_a_matrix_runs_at_most_over_its_rows() -> None:
    """`\\sum_{i=1}^{m} x_i` and `\\sum_{x_i \\in M} x_i` with x = "rows(X)": m and |M| are at
    most X's row count (tests/fixtures/published.toml, rows-sum-*)."""
    fixture = Path(__file__).parents[1] / "fixtures" / "published.toml"
    claims = {c.id: c for c in catalog.load([fixture]).claims if c.id.startswith("rows-sum-")}
    assert sorted(claims) == ["rows-sum-over-a-set", "rows-sum-to-its-own-limit"]
    for claim in claims.values():
        r = check_claim(claim)
        assert r.verdict is Verdict.VERIFIED, r.message
        assert Method.SIZES in r.methods
        p = prepare(claim)
        model = p.model.size_model([s.expr for s in p.statement.sides])
        (limit,) = {str(x) for x in model.limits}
        assert limit in {"m", "|M|"}  # a limit below N, not a size of its own
