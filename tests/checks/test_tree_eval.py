"""The array walk gives lambdify's values, at every point at once."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.utilities.lambdify import implemented_function

from derive.checks.tree_eval import LAMBDIFY_MODULES, MissingValue, compile_tree

x, y, z = sympy.symbols("x y z", real=True)
POINTS = [{x: 0.3, y: -1.2, z: 2.5}, {x: -0.7, y: 0.4, z: 0.1}, {x: 1.9, y: 2.0, z: -0.6}]

f = implemented_function(sympy.Function("f_test"), lambda t: np.sin(t) + t**2)

EXPRESSIONS = [
    x + y * z,
    x / y - 3 * z**2,
    sympy.sqrt(z**2 + 1) + 1 / sympy.sqrt(x**2 + 2),
    sympy.exp(-x) / (1 + sympy.exp(-x)),
    sympy.log(1 + x**2) * sympy.tanh(y),
    x ** sympy.Rational(3, 2),  # complex where x < 0: lambdify's value, not an error
    y**-3 + sympy.Rational(1, 3) * x,
    sympy.Max(0, x) + sympy.Min(y, z, x),
    sympy.Abs(x - y) * sympy.sign(z),
    sympy.Heaviside(x, 1) + sympy.Heaviside(y),
    sympy.KroneckerDelta(x, y) + 2 * sympy.KroneckerDelta(z, z),  # lambdify: `1 if x == y else 0`
    sympy.Piecewise((x**2, x < 0), (x, sympy.And(x >= 0, y > 0)), (z, True)),
    f(x * y) + f(f(z)),
    sympy.pi * x + sympy.E,
    sympy.Float("0.1234567890123456789012345678901234567890", 40) * y,
    2**x,
    sympy.atan(x) + sympy.cos(y) * sympy.sin(z),
    sympy.log(z**2 + 1, 2),
]


def _lambdify_values(expr: sympy.Expr) -> list[complex]:
    args = sorted(expr.free_symbols, key=lambda s: s.sort_key())
    fn = sympy.lambdify(args, expr, modules=LAMBDIFY_MODULES)
    with np.errstate(all="ignore"):
        return [complex(fn(*[np.complex128(p[a]) for a in args])) for p in POINTS]


def _walk_values(expr: sympy.Expr) -> list[complex]:
    env = {s: np.array([complex(p[s]) for p in POINTS]) for s in (x, y, z)}
    with np.errstate(all="ignore"):
        out = compile_tree(expr).run(env, lambda node, env: pytest.fail(f"special {node}"))
    return [complex(v) for v in np.broadcast_to(out, (len(POINTS),))]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_walk_gives_lambdify_values(expr: sympy.Expr) -> None:
    got, want = _walk_values(expr), _lambdify_values(expr)
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w, rel=1e-14, abs=1e-15) or (np.isnan(g) and np.isnan(w))


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(-4, 4),
    b=st.fractions(min_value=-3, max_value=3, max_denominator=4),
    op=st.sampled_from([sympy.sin, sympy.exp, sympy.tanh, lambda t: sympy.Max(t, 0)]),
)
def test_walk_equals_lambdify_on_generated_expressions(a: int, b: object, op: object) -> None:
    expr = op(a * x + sympy.Rational(str(b)) * y) * (z + a) ** 2 - x / (y**2 + 1)  # type: ignore[operator]
    got, want = _walk_values(expr), _lambdify_values(expr)
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w, rel=1e-13, abs=1e-14)


def test_shared_subtree_is_one_step() -> None:
    inner = sympy.cosh(x * y + z)
    program = compile_tree(inner**2 + sympy.sin(inner) + inner)
    assert sum(1 for _, payload, _ in program.steps if payload is np.cosh) == 1


def test_missing_name_is_reported() -> None:
    with pytest.raises(MissingValue, match="no value for y"):
        compile_tree(x + y).run({x: np.array([1.0])}, lambda n, e: 0)


def test_log_with_a_base_kept_unevaluated() -> None:
    # the diagnosis's factor ln 10 wrote log(10, E) (tests/test_engine.py::test_log_is_natural):
    # np.log's second positional argument is its output array, a TypeError (lambdify too)
    expr = x / sympy.log(10, sympy.E, evaluate=False) + sympy.log(z**2 + 1, 2, evaluate=False)
    want = [p[x] / np.log(10) + np.log(p[z] ** 2 + 1) / np.log(2) for p in POINTS]
    assert _walk_values(expr) == pytest.approx(want, rel=1e-14)
