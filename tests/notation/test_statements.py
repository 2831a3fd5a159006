"""Statements (relations between expressions) and definitions, read under one Notation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
import sympy

from derive import functions
from derive.errors import LatexError
from derive.model import SymbolSpec
from derive.notation.names import Family
from derive.notation.statements import Notation, Rel, Statement
from derive.specs import parse_spec


def make_specs(table: Mapping[str, str]) -> dict[str, SymbolSpec]:
    specs = (parse_spec(k, v) for k, v in table.items())
    return {s.name: s for s in specs}


ML = {"sigma": "sigmoid", "y": "binary", "f": "function", "OUT": "real"}


def notation(given: Sequence[str] = (), table: Mapping[str, str] | None = None) -> Notation:
    return Notation(make_specs(ML if table is None else table), given)


def caret(err: LatexError) -> tuple[int, int]:
    lines = err.format_message().split("\n")
    assert lines[1] == "    " + err.latex
    body = lines[2][4:]
    col = len(body) - len(body.lstrip(" "))
    assert set(body[col:]) == {"^"}
    return col, len(body) - col


def sides(st: Statement) -> list[sympy.Expr]:
    return [s.expr for s in st.sides]


# -- relations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "rel"),
    [
        pytest.param("a = b", Rel.EQ, id="eq"),
        pytest.param("a \\approx b", Rel.APPROX, id="approx"),
        pytest.param("a \\le b", Rel.LE, id="le"),
        pytest.param("a \\leq b", Rel.LE, id="leq"),
        pytest.param("a \\leqq b", Rel.LE, id="leqq"),
        pytest.param("a \\leqslant b", Rel.LE, id="leqslant"),
        pytest.param("a < b", Rel.LT, id="lt"),
        pytest.param("a \\lt b", Rel.LT, id="lt-macro"),
        pytest.param("a \\ge b", Rel.GE, id="ge"),
        pytest.param("a \\geq b", Rel.GE, id="geq"),
        pytest.param("a \\geqq b", Rel.GE, id="geqq"),
        pytest.param("a > b", Rel.GT, id="gt"),
        pytest.param("a \\gt b", Rel.GT, id="gt-macro"),
        pytest.param("a \\neq b", Rel.NEQ, id="neq"),
        pytest.param("a \\ne b", Rel.NEQ, id="ne"),
        pytest.param("a \\leftarrow b", Rel.UPDATE, id="leftarrow"),
        pytest.param("a \\gets b", Rel.UPDATE, id="gets"),
        pytest.param("a := b", Rel.UPDATE, id="colon-equals"),
    ],
)
def test_relations(latex: str, rel: Rel) -> None:
    n = notation()
    st = n.statement(latex)
    assert st.relations == (rel,)
    assert sides(st) == [n.names.symbol("a"), n.names.symbol("b")]
    assert [s.latex for s in st.sides] == ["a", "b"]
    assert st.latex == latex


def test_chain_of_equalities() -> None:
    n = notation()
    st = n.statement("A = B = C")
    assert st.relations == (Rel.EQ, Rel.EQ)
    assert sides(st) == [n.names.symbol(x) for x in "ABC"]
    assert [s.latex for s in st.sides] == ["A", "B", "C"]


def test_mixed_chain() -> None:
    n = notation()
    st = n.statement("a = b + 1 \\le c \\approx d")
    a, b, c, d = (n.names.symbol(x) for x in "abcd")
    assert st.relations == (Rel.EQ, Rel.LE, Rel.APPROX)
    assert sides(st) == [a, b + 1, c, d]
    assert [s.latex for s in st.sides] == ["a", "b + 1", "c", "d"]


def test_side_latex_is_the_text_as_written() -> None:
    latex = "\\sigma'(z)   =  \\sigma(z)\\,(1-\\sigma(z))"
    st = notation().statement(latex)
    assert [s.latex for s in st.sides] == ["\\sigma'(z)", "\\sigma(z)\\,(1-\\sigma(z))"]


def test_sigmoid_derivative_claim() -> None:
    n = notation()
    st = n.statement("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))")
    z = n.names.symbol("z")
    t = sympy.Dummy("t", real=True)
    lhs, rhs = sides(st)
    assert lhs == sympy.Subs(sympy.Derivative(functions.sigmoid(t), t), t, z)
    assert rhs == functions.sigmoid(z) * (1 - functions.sigmoid(z))
    assert sympy.simplify(lhs.doit() - rhs) == 0


def test_update_rule() -> None:
    n = notation()
    st = n.statement("w \\leftarrow w - \\eta \\frac{\\partial L}{\\partial w}")
    w, eta, loss = (n.names.symbol(x) for x in ("w", "\\eta", "L"))
    assert st.relations == (Rel.UPDATE,)
    assert sides(st) == [w, w - eta * sympy.Derivative(loss, w)]


def test_layer_equation() -> None:
    n = notation()
    st = n.statement("z^{[l]}_j = \\sum_{k=1}^{n} w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j")
    s = n.names.symbol
    layer = Family("z", True, False)
    lhs, rhs = sides(st)
    lay = n.names.layer_symbol("l")  # the l of a layer index is an integer, not the variable l
    assert lhs == n.names.indexed(layer, (lay, s("j")))
    w = n.names.indexed(Family("w", True, False), (lay, s("j"), s("k")))
    a = n.names.indexed(Family("a", True, False), (lay - 1, s("k")))
    b = n.names.indexed(Family("b", True, False), (lay, s("j")))
    assert rhs == sympy.Sum(w * a, (s("k"), 1, s("n"))) + b


def test_side_with_an_ellipsis_keeps_its_written_text() -> None:
    st = notation(table={}).statement("\\sum_{j=1}^{n} x_j = x_1 + \\dots + x_n")
    assert [s.latex for s in st.sides] == ["\\sum_{j=1}^{n} x_j", "x_1 + \\dots + x_n"]
    lhs, rhs = sides(st)
    assert isinstance(rhs, sympy.Sum) and rhs.limits[0][1:] == lhs.limits[0][1:]


def test_relations_inside_groups_do_not_split() -> None:
    with pytest.raises(LatexError, match="relation = inside an expression") as info:
        notation().statement("c = (a = b)")
    assert info.value.fragment == "="
    assert caret(info.value) == (7, 1)


def test_relation_in_a_subscript_does_not_split() -> None:
    with pytest.raises(LatexError, match="relation = inside an expression") as info:
        notation().statement("x_{a=b} = 1")
    assert caret(info.value) == (4, 1)


def test_one_symbol_table_for_all_sides() -> None:
    n = notation()
    st = n.statement("x_j = j")
    lhs, rhs = sides(st)
    assert lhs.indices == (rhs,)
    assert rhs is n.names.symbol("j")


# -- bad statements --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment", "column", "words"),
    [
        pytest.param("a + b", "a + b", 0, "needs a relation", id="no-relation"),
        pytest.param("a = ", "=", 2, "nothing on one side", id="empty-right"),
        pytest.param("= a", "=", 0, "nothing on one side", id="empty-left"),
        pytest.param("a = = b", "=", 4, "nothing on one side", id="double-relation"),
        pytest.param("a = b)", ")", 5, "closes nothing", id="trailing-paren"),
        pytest.param("a = \\foo", "\\foo", 4, "unknown macro", id="unknown-macro"),
        pytest.param("g(x) = 1", "g(", 0, "undeclared function", id="undeclared-function"),
    ],
)
def test_bad_statements(latex: str, fragment: str, column: int, words: str) -> None:
    with pytest.raises(LatexError) as info:
        notation().statement(latex)
    err = info.value
    assert words in err.message
    assert err.fragment == fragment
    assert caret(err) == (column, len(fragment))


@pytest.mark.parametrize("latex", ["", "   ", "\\quad", "\\text{空}"])
def test_empty_claim(latex: str) -> None:
    with pytest.raises(LatexError, match="the claim is empty") as info:
        notation().statement(latex)
    assert info.value.latex == latex


# -- given: functions defined by f(x) = ... ---------------------------------------------------------


def test_given_function_definition_makes_its_name_callable() -> None:
    n = notation(["g(x) = x^2"])
    assert n.defined_functions == frozenset({"g"})
    st = n.statement("g(a) = a^2")
    a = n.names.symbol("a")
    assert sides(st) == [sympy.Function("g")(a), a**2]


def test_given_plain_definitions_define_no_function() -> None:
    n = notation(["c = a + b", "A_j = 2 x_j", "g(x) + 1 = 2", "h \\le 1"])
    assert n.defined_functions == frozenset()


def test_given_greek_function_definition() -> None:
    n = notation(["\\phi(u) = u^3"])
    assert n.defined_functions == frozenset({"\\phi"})
    st = n.statement("\\phi(a) = 1")
    assert sides(st)[0] == sympy.Function("\\phi")(n.names.symbol("a"))


def test_given_derivative_definition_defines_no_function() -> None:
    # g'(x) = 2x must not define g itself (the prime would be dropped)
    assert notation(["g'(x) = 2x"]).defined_functions == frozenset()


def test_undefined_function_is_still_an_error_with_other_givens() -> None:
    with pytest.raises(LatexError, match="undeclared function"):
        notation(["g(x) = x^2"]).statement("h(a) = 1")


# -- definitions -----------------------------------------------------------------------------------


def test_claim_with_primed_names_on_both_sides() -> None:
    n = notation(["z' = w_3 a + r_1"], {"C": "function"})
    st = n.statement("\\frac{\\partial l}{\\partial z'} = C(z', z'')")
    zp, zpp = n.names.symbol("z'"), n.names.symbol("z''")
    assert sides(st) == [
        sympy.Derivative(n.names.symbol("l"), zp),
        sympy.Function("C")(zp, zpp),
    ]
