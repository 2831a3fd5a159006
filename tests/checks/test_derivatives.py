"""`Derivatives` gives exactly SymPy's doit and diff (the same expression), with every step
remembered: on a table of the shapes the checks produce, and on the catalog's network claims at
every instance they are checked at."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from derive import catalog
from derive.checks.derivatives import Derivatives, xreplace
from derive.checks.symbolic import exact_value
from derive.functions import sigmoid
from derive.prepared import concrete, prepare
from derive.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

x, y, z, t = sympy.symbols("x y z t", real=True)
f, g, h = sympy.Function("f"), sympy.Function("g"), sympy.Function("h")
A = sympy.Symbol("A", commutative=False)
xi = sympy.Dummy("xi")
q = sympy.Symbol("q", zero=True)  # its derivative term is dropped (SymPy asks is_zero)
# a node derivative of backprop: dC/dz at z = (its definition), C depending on z through
# shared subtrees
u = x * y + sigmoid(z * x)
C = f(g(u) + z, g(u) * t)

EXPRESSIONS = [
    sympy.Derivative(x**3 * y * sympy.exp(x * y), x),
    sympy.Derivative(sympy.log(1 + x**2) / (y + x), x),
    sympy.Derivative(x**y, y),
    sympy.Derivative(f(x), x),
    sympy.Derivative(f(x * q, x), x),
    sympy.Derivative(f(x * y, x + z), x),  # several arguments: Subs of derivatives
    sympy.Derivative(f(g(x), g(y)), x),  # a derivative with respect to g(x)
    sympy.Derivative(sigmoid(x * y) * sigmoid(x) * h(x), x),
    sympy.Derivative(C, z),
    sympy.Subs(sympy.Derivative(f(g(xi) * y, xi), xi), xi, u),
    sympy.Subs(sympy.Derivative(C.xreplace({z: xi}), xi), xi, x * t + 1),
    sympy.Subs(sympy.Derivative(f(xi, y), xi), (xi, y), (x, z)),  # two variables: SymPy's
    sympy.Derivative(f(x, y), x, y),  # a second derivative: SymPy's
    sympy.Derivative(x**2 * y, (x, 2)),
    x * sympy.Derivative(f(x, y), y, x),  # not in canonical order until evaluated
    sympy.Derivative(sympy.Derivative(f(x, y), y, evaluate=False) * g(x), x),
    sympy.Derivative(sympy.Abs(x) * sympy.Max(x, y) + sympy.Heaviside(x - y), x),
    sympy.Derivative(sympy.Piecewise((x**2, x > 0), (x, True)), x),
    sympy.Derivative(sympy.Sum(x**t, (t, 1, 3)), x),
    sympy.Derivative(sympy.Matrix([[x * y, x**2]]), x),
    sympy.Derivative(A * x, x),
    sympy.Derivative(y, x) + sympy.Derivative(f(y), x),
    2 * sympy.Derivative(x * sympy.Derivative(f(x), x), x) + sympy.Integral(x, (x, 0, 1)),
    sympy.Derivative(sympy.exp(-(x**2)) * sympy.sin(x) ** 2 * sympy.cos(x * y), x),
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_doit_is_sympys(expr: sympy.Expr) -> None:
    assert Derivatives().doit(expr) == expr.doit()


def test_one_memo_for_every_expression_is_sympys() -> None:
    """Steps remembered from one expression serve the next exactly as SymPy would."""
    d = Derivatives()
    for expr in EXPRESSIONS + EXPRESSIONS[::-1]:
        assert d.doit(expr) == expr.doit()


@pytest.mark.parametrize(
    "expr",
    [x * y * z, f(x, y) * g(x * y), sigmoid(x * y) ** 2, C, x * sympy.Derivative(f(x, y), y, x)],
    ids=str,
)
def test_diff_by_each_variable(expr: sympy.Expr) -> None:
    """A remembered derivative is the one with respect to its own variable."""
    d = Derivatives()
    for v in (x, y, z, x, y, z):
        assert d.diff(expr, v) == expr.diff(v)


def test_mutable_matrix_is_sympys() -> None:
    """A mutable matrix is no value to remember (unhashable): SymPy's own doit and diff."""
    m = sympy.Matrix([[sympy.Derivative(x**2, x), x * y]])
    d = Derivatives()
    assert d.doit(m) == m.doit()
    assert d.diff(sympy.Matrix([[x**2, x * y]]), x) == sympy.Matrix([[2 * x, y]])
    plain = sympy.Matrix([[x**2, x * y]])
    assert xreplace(plain, {x: 2}) == sympy.Matrix([[4, 2 * y]])


def test_doit_keeps_the_hints_apart() -> None:
    expr = x * sympy.Derivative(x**2, x)
    d = Derivatives()
    assert d.doit(expr, deep=False) == expr.doit(deep=False) == expr
    assert d.doit(expr) == 2 * x**2


def test_exact_value_is_the_same() -> None:
    expr = sympy.Derivative(x**3 * sympy.sin(x * y), x) + sympy.Subs(
        sympy.Derivative(sympy.exp(xi) * y, xi), xi, x**2
    )
    point = {x: sympy.Rational(3, 7), y: sympy.Rational(-5, 4)}
    assert exact_value(expr, point, Derivatives()) == exact_value(expr, point)


# --- the catalog's networks, at every instance they are checked at ----------------------------

NETWORK_CLAIMS = [
    ("formulas/001-bp-multisample.toml", "f6-dw"),
    ("formulas/001-bp-multisample.toml", "f5-db-meanofeachrow"),
    ("formulas/004-backprop.toml", "bp-dE-dgamma"),
]


@pytest.mark.parametrize(("path", "claim_id"), NETWORK_CLAIMS, ids=lambda v: str(v))
def test_network_claims_evaluate_as_sympy(path: str, claim_id: str) -> None:
    (claim,) = [c for c in catalog.load([str(ROOT / path)]).claims if c.id == claim_id]
    p = prepare(claim)
    exprs = [s.expr for s in p.statement.sides]
    instances = list(p.model.instances(exprs, Settings().plan, p.seed))[:2]
    checked = 0
    for env, idx in instances:
        at = {**env, **dict(idx)}
        for expr in exprs:
            value = concrete(p, expr, at)
            entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
            for entry in entries[:2]:
                assert p.derivatives.doit(entry) == entry.doit()
                checked += 1
    assert checked >= 4


# --- xreplace: SymPy's, each distinct subtree once ----------------------------------------------

shared = sigmoid(x * y + z) * f(x)
XREPLACE = [
    (shared**2 + shared * g(shared), {x: sympy.Rational(1, 3), y: sympy.Integer(2)}),
    (sympy.Subs(sympy.Derivative(f(xi, y), xi), xi, x + y), {y: sympy.Rational(-3, 5)}),
    (x * y * z + sympy.sin(x * y), {x * y: t}),  # a whole node only, as SymPy matches
    (sympy.Add(x, x, evaluate=False), {x: x}),  # a match rebuilds its node, even by itself
    (sympy.Derivative(f(x) * y, x) + sympy.Integral(x * y, (x, 0, 1)), {y: sympy.pi}),
    (x + 1, {}),
]


@pytest.mark.parametrize(("expr", "rule"), XREPLACE, ids=str)
def test_xreplace_is_sympys(expr: sympy.Expr, rule: dict[sympy.Basic, sympy.Basic]) -> None:
    got, want = xreplace(expr, rule), expr.xreplace(rule)
    assert got == want
    assert sympy.srepr(got) == sympy.srepr(want)
