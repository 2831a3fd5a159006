"""The numeric check: NumPy at random points, derivatives by finite differences.

Independent of SymPy's differentiation: a derivative node is evaluated by differencing the
*defining* expression (complex step where the expression is analytic and holds no other
derivative; otherwise a fourth-order central difference). Points are short decimals drawn from
each name's declared domain with a fixed seed, so every reported point is exact as written.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from derive.model import Domain

Point = dict[sympy.Symbol, sympy.Rational]

NON_ANALYTIC = (
    sympy.Abs,
    sympy.Max,
    sympy.Min,
    sympy.Heaviside,
    sympy.sign,
    sympy.Piecewise,
    sympy.floor,
    sympy.ceiling,
    sympy.re,
    sympy.im,
    sympy.conjugate,
)
_COMPLEX_STEP = 1e-30
_FD_STEP = 1e-3


@dataclass(frozen=True)
class Tolerance:
    """|a - b| <= atol + rtol * max(|a|, |b|) counts as equal."""

    rtol: float = 1e-6
    atol: float = 1e-9

    def close(self, a: float, b: float) -> bool:
        return abs(a - b) <= self.atol + self.rtol * max(abs(a), abs(b))


class EvaluationError(Exception):
    """The expression has no real value at this point (outside its domain)."""


def draw(domain: Domain, rng: random.Random) -> sympy.Rational:
    """A short decimal in the domain, as an exact Rational."""
    if domain is Domain.BINARY:
        return sympy.Integer(rng.choice((0, 1)))
    if domain is Domain.INTEGER:
        return sympy.Integer(rng.randint(-3, 3))
    if domain is Domain.COUNT:
        return sympy.Integer(rng.randint(1, 5))
    lo, hi = {Domain.POSITIVE: (0.2, 3.0), Domain.UNIT: (0.05, 0.95)}.get(domain, (-2.0, 2.0))
    value = round(rng.uniform(lo, hi), 3)
    if domain is Domain.REAL and abs(value) < 0.05:
        value = 0.05 if value >= 0 else -0.05  # keep clear of kinks at 0 (|x|, relu)
    return sympy.Rational(str(value))


class Evaluator:
    """Evaluates expressions holding Derivative and Subs nodes at a point."""

    def __init__(self) -> None:
        self._compiled: dict[sympy.Expr, tuple[tuple[sympy.Symbol, ...], object]] = {}
        # per expression: its outermost Derivative/Subs nodes, each with a fixed stand-in, and
        # the expression with the stand-ins in place (compiled once, evaluated at every point)
        self._templates: dict[
            sympy.Expr, tuple[tuple[tuple[sympy.Basic, sympy.Dummy], ...], sympy.Expr]
        ] = {}

    def value(self, expr: sympy.Expr, point: Mapping[sympy.Symbol, complex]) -> complex:
        with np.errstate(all="ignore"):
            return self._value(expr, dict(point))

    def real(self, expr: sympy.Expr, point: Mapping[sympy.Symbol, complex]) -> float:
        v = self.value(expr, point)
        if not np.isfinite(v) or abs(v.imag) > 1e-9 * max(1.0, abs(v.real)):
            raise EvaluationError(f"no real value: {v}")
        return float(v.real)

    def _value(self, expr: sympy.Expr, point: dict[sympy.Symbol, complex]) -> complex:
        if expr not in self._templates:
            nodes = _outer_nodes(expr)
            pairs = tuple((n, sympy.Dummy("node")) for n in nodes)
            self._templates[expr] = (pairs, expr.xreplace(dict(pairs)) if pairs else expr)
        pairs, template = self._templates[expr]
        if not pairs:
            return self._plain(expr, point)
        local = dict(point)
        for n, d in pairs:
            local[d] = (
                self._derivative(n, point)
                if isinstance(n, sympy.Derivative)
                else self._subs(n, point)
            )
        return self._plain(template, local)

    def _plain(self, expr: sympy.Expr, point: dict[sympy.Symbol, complex]) -> complex:
        if expr not in self._compiled:
            if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):  # 1/0 in the expression
                raise EvaluationError(f"no finite value: {expr}")
            args = tuple(sorted(expr.free_symbols, key=lambda s: s.sort_key()))
            # names such as w^{[1]}_{1,2} are not Python identifiers: give lambdify plain ones
            # itself (its own renaming walks the expression once per argument)
            plain = [sympy.Symbol(f"x{k}") for k in range(len(args))]
            body = expr.xreplace(dict(zip(args, plain, strict=True)))
            fn = sympy.lambdify(
                plain, body, modules=[{"Heaviside": _heaviside}, "numpy"], dummify=False
            )
            self._compiled[expr] = (args, fn)
        args, fn = self._compiled[expr]
        missing = [a for a in args if a not in point]
        if missing:
            raise EvaluationError(f"no value for {missing[0]}")
        return complex(fn(*[np.complex128(point[a]) for a in args]))  # type: ignore[operator]

    def _subs(self, node: sympy.Subs, point: dict[sympy.Symbol, complex]) -> complex:
        local = dict(point)
        for var, at in zip(node.variables, node.point, strict=True):
            local[var] = self._value(at, point)
        return self._value(node.expr, local)

    def _derivative(self, node: sympy.Derivative, point: dict[sympy.Symbol, complex]) -> complex:
        (var, count), *rest = node.variable_count
        inner: sympy.Expr = node.expr
        if rest or count > 1:
            remaining = [*rest] + ([(var, count - 1)] if count > 1 else [])
            inner = sympy.Derivative(node.expr, *remaining)
        x0 = point.get(var)
        if x0 is None:
            return 0j if var not in inner.free_symbols else self._fail(var)
        analytic = not inner.has(*NON_ANALYTIC, sympy.Derivative, sympy.Subs)
        if analytic and abs(complex(x0).imag) == 0:
            local = dict(point)
            local[var] = complex(x0) + 1j * _COMPLEX_STEP
            return complex(self._value(inner, local).imag / _COMPLEX_STEP)
        h = _FD_STEP * max(1.0, abs(complex(x0)))

        def f(x: complex) -> complex:
            local = dict(point)
            local[var] = x
            return self._value(inner, local)

        x = complex(x0)
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)

    @staticmethod
    def _fail(var: sympy.Symbol) -> complex:
        raise EvaluationError(f"no value for {var}")


def _heaviside(x: object, at_zero: object = 0.5) -> object:
    return np.heaviside(np.real(x), np.real(at_zero))  # type: ignore[call-overload]


def _outer_nodes(root: sympy.Basic) -> list[sympy.Basic]:
    """The Derivative/Subs nodes of root that no other such node contains (one walk)."""
    out: dict[sympy.Basic, None] = {}
    stack = [root]
    while stack:
        e = stack.pop()
        if isinstance(e, sympy.Derivative | sympy.Subs):
            out[e] = None
            continue
        stack.extend(e.args)
    return list(out)


def sample_points(
    symbols: Sequence[sympy.Symbol], domains: Mapping[sympy.Symbol, Domain], count: int, seed: int
) -> list[Point]:
    rng = random.Random(seed)
    ordered = sorted(symbols, key=lambda s: s.sort_key())
    return [{s: draw(domains.get(s, Domain.REAL), rng) for s in ordered} for _ in range(count)]


def as_floats(point: Point) -> dict[sympy.Symbol, complex]:
    return {k: complex(float(v)) for k, v in point.items()}
