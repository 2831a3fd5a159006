"""The evaluator: derivatives by differences (complex step, central), all points at once."""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy

from derive.checks.numeric import EvaluationError, Evaluator, as_floats, at_points, draw
from derive.model import Domain

x, y, z = sympy.symbols("x y z", real=True)
POINTS = [{x: 0.3, y: -1.2, z: 2.5}, {x: -0.7, y: 0.4, z: 0.1}, {x: 1.9, y: 2.0, z: -0.6}]


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


def test_undefined_function_is_called_through_calls() -> None:
    f = sympy.Function("f")

    def calls(name: str, n: int) -> object:
        assert (name, n) == ("f", 1)
        return lambda t: t**3

    ev = Evaluator(calls)  # type: ignore[arg-type]
    values = ev.reals(f(f(x)) + sympy.Derivative(f(x * y), x), POINTS)
    for p, v in zip(POINTS, values, strict=True):
        assert v == pytest.approx(p[x] ** 9 + 3 * (p[x] * p[y]) ** 2 * p[y], rel=1e-12)


def test_derivative_at_a_constant_point() -> None:
    """Every value fixed (x_0 = 1 in `given`): the walk gives scalars, not arrays."""
    ev = Evaluator()
    node = sympy.Subs(sympy.Derivative(z**2 * x, z), (z,), (sympy.Integer(3),))  # 2*3*x
    assert ev.reals(node, POINTS) == pytest.approx([6 * p[x] for p in POINTS])
    constant = sympy.Subs(sympy.Derivative(z**2, z), (z,), (sympy.Integer(3),))
    assert ev.reals(constant, POINTS) == [6.0, 6.0, 6.0]
    assert ev.reals(constant, [{}]) == [6.0]
    flat = sympy.Derivative(sympy.Integer(5), z, evaluate=False)  # z has a value, 5 does not use it
    assert ev.reals(flat, POINTS) == [0.0, 0.0, 0.0]


def test_at_points_skips_only_the_point_errors() -> None:
    def inverse(x: int) -> float:
        if x == 0:
            raise ZeroDivisionError
        return 1 / x

    assert list(at_points(inverse, [2, 0, 4])) == [(2, 0.5), (4, 0.25)]

    def bug(x: int) -> float:
        raise TypeError("a bug, not a point outside the domain")

    with pytest.raises(TypeError):
        list(at_points(bug, [1]))


def test_points_as_floats_are_sympys_floats() -> None:
    # as_floats divides a drawn Rational's integers (Python rounds p / q correctly, as SymPy's
    # float() does through mpmath); every value the draws give, ties, and values beyond 2**53
    # (SymPy's own float()) come out the same double
    rng = random.Random(7)
    values = [draw(domain, rng) for domain in Domain for _ in range(200)]
    values += [sympy.Rational(n, 1000) for n in range(-3000, 3001)]
    values += [sympy.Rational(1, 3), sympy.Rational(2**53 + 1, 2**54), sympy.Integer(2**53 + 1)]
    values += [sympy.Rational(10**400 + 1, 7), sympy.Rational(1, 10**400)]
    point = {sympy.Symbol(f"v{k}"): v for k, v in enumerate(values)}
    floats = as_floats(point)
    assert all(floats[s] == complex(float(v)) for s, v in point.items())
