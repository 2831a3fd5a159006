"""The array walk gives lambdify's values, at every point at once; derivatives stay differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.utilities.lambdify import implemented_function

from derive.checks.numeric import EvaluationError, Evaluator
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
    sympy.Piecewise((x**2, x < 0), (x, sympy.And(x >= 0, y > 0)), (z, True)),
    f(x * y) + f(f(z)),
    sympy.pi * x + sympy.E,
    sympy.Float("0.1234567890123456789012345678901234567890", 40) * y,
    2**x,
    sympy.atan(x) + sympy.cos(y) * sympy.sin(z),
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


def test_derivative_by_complex_step_and_central_difference() -> None:
    ev = Evaluator()
    smooth = sympy.Derivative(sympy.sin(x) * y, x)  # analytic: complex step
    kink = sympy.Derivative(sympy.Abs(x) * y, x)  # not analytic: central difference
    values_smooth = ev.reals(smooth, POINTS)
    values_kink = ev.reals(kink, POINTS)
    for p, s, k in zip(POINTS, values_smooth, values_kink, strict=True):
        assert s == pytest.approx(np.cos(p[x]) * p[y], rel=1e-14)
        assert k == pytest.approx(np.sign(p[x]) * p[y], rel=1e-9)


def test_subs_node_is_evaluated_at_its_point() -> None:
    ev = Evaluator()
    node = sympy.Subs(sympy.Derivative(z**3, z), (z,), (x * y,))  # 3 (xy)^2
    for p, v in zip(POINTS, ev.reals(node, POINTS), strict=True):
        assert v == pytest.approx(3 * (p[x] * p[y]) ** 2, rel=1e-12)


def test_reals_marks_points_without_a_real_value() -> None:
    ev = Evaluator()
    values = ev.reals(sympy.log(x), POINTS)  # x < 0 at the second point
    assert values[1] is None
    assert values[0] == pytest.approx(np.log(0.3)) and values[2] == pytest.approx(np.log(1.9))
    with pytest.raises(EvaluationError, match="no real value"):
        ev.real(sympy.log(x), POINTS[1])


def test_reals_agrees_with_real_point_by_point() -> None:
    ev = Evaluator()
    expr = sympy.Derivative(sympy.exp(x * y) / (1 + z**2), y) + sympy.Max(x, z)
    batch = ev.reals(expr, POINTS)
    for p, v in zip(POINTS, batch, strict=True):
        assert v == ev.real(expr, p)


def test_a_name_without_value_gives_no_values() -> None:
    assert Evaluator().reals(x + sympy.Symbol("w"), POINTS) == [None, None, None]
