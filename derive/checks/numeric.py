"""The numeric check: NumPy at random points, derivatives by finite differences.

Independent of SymPy's differentiation: a derivative node is evaluated by differencing the
*defining* expression (complex step where the expression is analytic and holds no other
derivative; otherwise a fourth-order central difference). Points are short decimals drawn from
each name's declared domain with a fixed seed, so every reported point is exact as written.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import sympy

from derive.checks.simplex import Group, draw_group
from derive.checks.tree_eval import Array, Calls, Env, MissingValue, Program, compile_tree
from derive.errors import UnsupportedError
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


# What evaluating an expression at one point may legitimately raise: no real value there
# (EvaluationError, also for a name without a value), or a division by an exact zero or an
# overflow in Python's arithmetic (NumPy's own are silenced by np.errstate and give inf or nan,
# which count as no real value). Every point loop catches these and only these: anything else
# is a bug, and reaches the runner as an internal error rather than a point skipped.
POINT_ERRORS = (EvaluationError, ZeroDivisionError, OverflowError)

P = TypeVar("P")
T = TypeVar("T")


def at_points(f: Callable[[P], T], points: Iterable[P]) -> Iterator[tuple[P, T]]:
    """`f` at each point, in order, skipping the points where it raises one of POINT_ERRORS (no
    real value there): the one per-point loop. `Evaluator.reals` is the same at every point at
    once, for one expression."""
    for point in points:
        try:
            value = f(point)
        except POINT_ERRORS:
            continue
        yield point, value  # outside the try: an error of the caller's loop body is its own


def draw(domain: Domain, rng: random.Random) -> sympy.Rational:
    """A short decimal in the domain, as an exact Rational."""
    if domain is Domain.BINARY:
        return sympy.Integer(rng.choice((0, 1)))
    if domain is Domain.INTEGER:
        return sympy.Integer(rng.randint(-3, 3))
    if domain is Domain.COUNT:
        return sympy.Integer(rng.randint(1, 5))
    # tested in turn rather than looked up in a dict made per draw (an Enum hashes in Python)
    if domain is Domain.POSITIVE:
        lo, hi = 0.2, 3.0
    elif domain is Domain.UNIT:
        lo, hi = 0.05, 0.95
    else:
        lo, hi = -2.0, 2.0
    value = round(rng.uniform(lo, hi), 3)
    if domain is Domain.REAL and abs(value) < 0.05:
        value = 0.05 if value >= 0 else -0.05  # keep clear of kinks at 0 (|x|, relu)
    return sympy.Rational(str(value))


class Evaluator:
    """Evaluates expressions holding Derivative and Subs nodes, at one point or at many at once
    (every step an operation on arrays with one entry per point: derive/checks/tree_eval.py)."""

    def __init__(self, calls: Calls | None = None) -> None:
        self._calls = calls  # NumPy code for undefined functions (tree_eval.compile_tree)
        self._programs: dict[sympy.Basic, Program] = {}
        # per Derivative node: its variable, the expression it differentiates once by that
        # variable, and whether the complex step applies to that expression
        self._inner: dict[sympy.Basic, tuple[sympy.Basic, sympy.Expr, bool]] = {}

    def value(self, expr: sympy.Expr, point: Mapping[sympy.Symbol, complex]) -> complex:
        with np.errstate(all="ignore"):
            return complex(self._values(expr, [point])[0])

    def real(self, expr: sympy.Expr, point: Mapping[sympy.Symbol, complex]) -> float:
        v = self.value(expr, point)
        if not _is_real(v):
            raise EvaluationError(f"no real value: {v}")
        return float(v.real)

    def reals(
        self, expr: sympy.Expr, points: Sequence[Mapping[sympy.Symbol, complex]]
    ) -> list[float | None]:
        """The real value at each point, None where there is none (outside the domain, or a
        name without a value): what `real` gives point by point, computed for all at once."""
        try:
            with np.errstate(all="ignore"):
                values = self._values(expr, points)
        except POINT_ERRORS:
            return [None] * len(points)
        return [float(v.real) if _is_real(complex(v)) else None for v in values]

    def _values(
        self, expr: sympy.Expr, points: Sequence[Mapping[sympy.Symbol, complex]]
    ) -> np.ndarray:
        names = set(points[0]).intersection(*points[1:]) if points else set()
        env = {s: np.array([complex(p[s]) for p in points], dtype=complex) for s in names}
        try:
            out = np.asarray(self._run(expr, env))
        except ValueError as exc:  # a column holding a number beside arrays of points (`[x \\ 1]`)
            raise EvaluationError(f"not one number per point ({exc})") from None
        if out.ndim > 1 or out.size not in (1, len(points)):  # a matrix hidden in a product
            raise EvaluationError(f"not one number per point (an array of shape {out.shape})")
        return np.broadcast_to(out, (len(points),)).astype(complex)

    def _run(self, expr: sympy.Basic, env: Env) -> Array:
        program = self._programs.get(expr)
        if program is None:
            program = self._programs[expr] = compile_tree(expr, self._calls)
        try:
            return program.run(env, self._special)
        except MissingValue as exc:
            raise EvaluationError(str(exc)) from None

    def _special(self, node: sympy.Basic, env: Env) -> Array:
        if isinstance(node, sympy.Subs):
            local = dict(env)
            for var, at in zip(node.variables, node.point, strict=True):
                local[var] = self._run(at, env)
            return self._run(node.expr, local)
        return self._derivative(node, env)

    def _derivative(self, node: sympy.Basic, env: Env) -> Array:
        if node not in self._inner:
            assert isinstance(node, sympy.Derivative)
            (var, count), *rest = node.variable_count
            inner: sympy.Expr = node.expr
            if rest or count > 1:
                remaining = [*rest] + ([(var, count - 1)] if count > 1 else [])
                inner = sympy.Derivative(node.expr, *remaining)
            analytic = not inner.has(*NON_ANALYTIC, sympy.Derivative, sympy.Subs)
            self._inner[node] = (var, inner, analytic)
        var, inner, analytic = self._inner[node]
        x0 = env.get(var)
        if x0 is None:
            if var not in inner.free_symbols:
                return 0j
            raise EvaluationError(f"no value for {var}")
        x0 = np.asarray(x0, dtype=complex)
        real_at = x0.imag == 0
        if analytic and real_at.all():
            return self._complex_step(inner, env, var, x0)
        central = self._central_difference(inner, env, var, x0)
        if analytic and real_at.any():  # the complex step where the point is real
            return np.where(real_at, self._complex_step(inner, env, var, x0), central)
        return central

    def _complex_step(self, inner: sympy.Expr, env: Env, var: sympy.Basic, x0: Array) -> Array:
        local = dict(env)
        local[var] = x0 + 1j * _COMPLEX_STEP
        # np.asarray: where every value is a constant (a point given in `given`) the walk gives
        # a scalar, not an array
        return np.asarray(np.imag(self._run(inner, local)) / _COMPLEX_STEP, dtype=complex)

    def _central_difference(
        self, inner: sympy.Expr, env: Env, var: sympy.Basic, x0: Array
    ) -> Array:
        h = _FD_STEP * np.maximum(1.0, np.abs(x0))

        def f(x: Array) -> Array:
            local = dict(env)
            local[var] = x
            return self._run(inner, local)

        return (-f(x0 + 2 * h) + 8 * f(x0 + h) - 8 * f(x0 - h) + f(x0 - 2 * h)) / (12 * h)


def _is_real(v: complex) -> bool:
    return bool(np.isfinite(v)) and abs(v.imag) <= 1e-9 * max(1.0, abs(v.real))


def sample_points(
    symbols: Sequence[sympy.Symbol],
    domains: Mapping[sympy.Symbol, Domain],
    count: int,
    seed: int,
    groups: Sequence[Group] = (),
) -> list[Point]:
    """count points: each name drawn from its domain, the entries of a vector with a joint
    domain (one-hot, probability) drawn together, every entry of the group in the point."""
    rng = random.Random(seed)
    joint = {m for g in groups for m in g.members}
    ordered = sorted(set(symbols) - joint, key=lambda s: s.sort_key())
    for s in ordered:
        if domains.get(s, Domain.REAL).joint:
            raise UnsupportedError(f"{s}: an entry of a {domains[s].value} vector drawn alone")
    points = []
    for _ in range(count):
        point = {s: draw(domains.get(s, Domain.REAL), rng) for s in ordered}
        for g in groups:
            point.update(zip(g.members, draw_group(g, rng), strict=True))
        points.append(dict(sorted(point.items(), key=lambda kv: kv[0].sort_key())))
    return points


def as_floats(point: Point) -> dict[sympy.Symbol, complex]:
    return {k: complex(_float(v)) for k, v in point.items()}


_EXACT = 2**53  # every integer below it is a double exactly


def _float(v: sympy.Expr) -> float:
    """float(v). A drawn value is a Rational p/q with small p and q: SymPy's float() divides
    through mpmath at 53 bits, rounding to nearest with ties to even, and so does Python's p / q
    for integers (correctly rounded; with |p|, q < 2**53 there is no overflow and no subnormal):
    the same double, without mpmath's cost (1% of a catalog run's CPU)."""
    if isinstance(v, sympy.Rational) and abs(v.p) < _EXACT and v.q < _EXACT:
        return v.p / v.q  # type: ignore[no-any-return]
    return float(v)
