"""Names defined by literals are matrices (derive/shapes/declared.py)."""

from __future__ import annotations

from dataclasses import replace

from derive import Verdict, check_claim, parse_spec
from derive.model import GradientLayout
from derive.notation.statements import Notation
from derive.prepared import prepare
from derive.shapes.declared import literal_shapes
from tests.conftest import check, make_claim

LITERALS = (
    "A = \\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}",
    "B = \\begin{bmatrix}0&1\\\\1&0\\end{bmatrix}",
    "v = \\begin{bmatrix}1\\\\2\\\\3\\end{bmatrix}",
)


def test_a_literal_gives_its_name_a_shape() -> None:
    notation = Notation({}, LITERALS)
    specs = literal_shapes({}, [notation.definition(g) for g in LITERALS])
    assert specs["A"].shape == ("2", "2") and specs["v"].shape == ("3", "1")


def test_a_declared_shape_is_kept() -> None:
    declared = {"A": parse_spec("A", "matrix(n, m)")}
    notation = Notation(declared, LITERALS[:1])
    specs = literal_shapes(declared, [notation.definition(LITERALS[0])])
    assert specs["A"].shape == ("n", "m")


def test_the_claim_reads_literal_names_as_matrices() -> None:
    p = prepare(make_claim("A \\odot B = A B", given=LITERALS[:2]))
    lhs, rhs = (s.expr for s in p.statement.sides)
    assert lhs.is_commutative is False and lhs != rhs


def test_odot_of_literals_is_entrywise_and_products_do_not_commute() -> None:
    assert check("A \\odot B = A B", given=LITERALS[:2]).verdict is Verdict.REFUTED
    assert check("A B = B A", given=LITERALS[:2]).verdict is Verdict.REFUTED
    r = check("A \\odot B = \\begin{bmatrix}0&2\\\\3&0\\end{bmatrix}", given=LITERALS[:2])
    assert r.verdict is Verdict.VERIFIED, r.message
    r = check("v^T v = 14", given=LITERALS[2:])
    assert r.verdict is Verdict.VERIFIED, r.message


# [\nabla f(x,y) \\ \nabla g(x,y)]: in the numerator layout each gradient is a row, and the
# literal stacks them into a 2 x 2 matrix (not the 2 x 1 its two entries would give)
STACKED = ("f(x,y) = x^3 y", "g(x,y) = x - y^2")
JACOBIAN = (
    "G = \\begin{bmatrix} \\nabla f(x,y) \\\\ \\nabla g(x,y) \\end{bmatrix}"
    " = \\begin{bmatrix} 3x^2y & x^3 \\\\ 1 & %s \\end{bmatrix}"
)


def test_stacked_gradient_rows_give_their_name_the_stacked_shape() -> None:
    claim = replace(make_claim(JACOBIAN % "-2y", given=STACKED), layout=GradientLayout.NUMERATOR)
    assert prepare(claim).names.specs["G"].shape == ("2", "2")
    r = check_claim(claim)
    assert r.verdict is Verdict.VERIFIED, r.message
    wrong = replace(claim, latex=JACOBIAN % "2y")
    r = check_claim(wrong)
    assert r.verdict is Verdict.REFUTED and r.counterexample is not None
    assert r.counterexample.link.startswith("\\begin{bmatrix} \\nabla f")  # the second link


def test_stacked_gradient_columns_are_a_block_matrix() -> None:
    r = check(JACOBIAN % "-2y", given=STACKED)  # denominator layout: columns, not read
    assert r.verdict is Verdict.ERROR and "block matrix" in r.message
