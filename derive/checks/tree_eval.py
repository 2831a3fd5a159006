"""One SymPy expression evaluated at every point at once, by a walk over NumPy arrays.

The numeric check evaluates each expression of a link at all its random points. `lambdify`
would print the expression to Python source and compile it, which took most of a network
claim's numeric time (10-20 ms for each of a few hundred bodies, each evaluated at ten points).
Here an expression becomes a `Program` once: its distinct subtrees in post-order, each step one
NumPy operation on an array holding one entry per point, the same operations lambdify's NumPy
printer writes (`numpy.sqrt` for a square root, `1/x` for a reciprocal, `numpy.select` for a
piecewise expression, `functools.reduce(numpy.maximum, ...)` for Max). A subtree that occurs
several times is computed once per run. A node of a kind not listed here is handed to lambdify
as a whole, so that every expression lambdify could evaluate can still be evaluated.

Derivative and Subs nodes are not walked into: the caller computes them (by differencing, in
derive/checks/numeric.py) through the `special` callback.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

Array = Any  # a NumPy array with one entry per point, or a scalar broadcast to every point
Env = Mapping[sympy.Basic, Array]
Special = Callable[[sympy.Basic, Env], Array]

SPECIAL_NODES = (sympy.Derivative, sympy.Subs)
_SYMBOL, _CONSTANT, _CALL, _SPECIAL = range(4)


class MissingValue(Exception):
    """A name of the expression has no value at the points."""

    def __init__(self, symbol: sympy.Basic) -> None:
        super().__init__(f"no value for {symbol}")
        self.symbol = symbol


@dataclass(frozen=True)
class Program:
    """An expression as steps over arrays; the last step's value is the expression's."""

    steps: tuple[tuple[int, Any, tuple[int, ...]], ...]

    def run(self, env: Env, special: Special) -> Array:
        values: list[Array] = []
        for kind, payload, args in self.steps:
            if kind == _SYMBOL:
                if payload not in env:
                    raise MissingValue(payload)
                values.append(env[payload])
            elif kind == _CONSTANT:
                values.append(payload)
            elif kind == _CALL:
                values.append(payload(*[values[i] for i in args]))
            else:
                values.append(special(payload, env))
        return values[-1]


def heaviside(x: Array, at_zero: Array = 0.5) -> Array:
    """SymPy's Heaviside(x, H0) on NumPy values (NumPy's heaviside takes real arrays only)."""
    return np.heaviside(np.real(x), np.real(at_zero))


LAMBDIFY_MODULES: list[object] = [{"Heaviside": heaviside}, "numpy"]


Calls = Callable[[str, int], Callable[..., Array]]  # a function's name and arity -> NumPy code


def compile_tree(expr: sympy.Basic, calls: Calls | None = None) -> Program:
    """The steps of expr; compiled once, run at as many points as wanted. `calls` gives the
    NumPy code of an undefined function (f(x) in a claim about every f), by name and arity."""
    steps: list[tuple[int, Any, tuple[int, ...]]] = []
    index: dict[sympy.Basic, int] = {}

    def add(step: tuple[int, Any, tuple[int, ...]]) -> int:
        steps.append(step)
        return len(steps) - 1

    def visit(x: sympy.Basic) -> int:
        known = index.get(x)
        if known is not None:
            return known
        if isinstance(x, SPECIAL_NODES):
            at = add((_SPECIAL, x, ()))
        elif isinstance(x, sympy.Symbol):
            at = add((_SYMBOL, x, ()))
        elif not x.args:
            at = add((_CONSTANT, _constant(x), ()))
        else:
            at = _visit_call(x)
        index[x] = at
        return at

    def _visit_call(x: sympy.Basic) -> int:
        if isinstance(x, sympy.Pow):
            return add((_CALL, _power(x.exp), (visit(x.base), *_exponent(x.exp))))
        if isinstance(x, sympy.Piecewise):
            flat = [visit(part) for pair in x.args for part in (pair.expr, pair.cond)]
            return add((_CALL, _select, tuple(flat)))
        fn = _operation(x)
        if fn is None and calls is not None and isinstance(x, AppliedUndef):
            fn = calls(type(x).__name__, len(x.args))
        if fn is not None:
            return add((_CALL, fn, tuple(visit(a) for a in x.args)))
        return _visit_fallback(x)

    def _exponent(e: sympy.Basic) -> tuple[int, ...]:
        return () if e.is_number else (visit(e),)

    def _visit_fallback(x: sympy.Basic) -> int:
        """lambdify for this node, its Derivative and Subs nodes computed by the caller."""
        inner = _outer_special(x)
        stand_ins = {n: sympy.Dummy("node") for n in inner}
        template = x.xreplace(stand_ins) if stand_ins else x
        args = sorted(template.free_symbols, key=lambda s: s.sort_key())
        plain = [sympy.Symbol(f"x{k}") for k in range(len(args))]
        body = template.xreplace(dict(zip(args, plain, strict=True)))
        fn = sympy.lambdify(plain, body, modules=LAMBDIFY_MODULES, dummify=False)
        back = {d: n for n, d in stand_ins.items()}
        return add((_CALL, fn, tuple(visit(back.get(a, a)) for a in args)))

    visit(expr)
    return Program(tuple(steps))


def _constant(x: sympy.Basic) -> Array:
    if x is sympy.true or x is sympy.false:
        return bool(x)
    if x in (sympy.nan, sympy.zoo):
        return complex(np.nan)
    if x is sympy.oo or x is sympy.S.NegativeInfinity:
        return complex(float(x))
    if isinstance(x, sympy.Rational) and not isinstance(x, sympy.Integer):
        return complex(int(x.p) / int(x.q))  # lambdify prints p/q
    return complex(x)


def _power(e: sympy.Basic) -> Callable[..., Array]:
    """x**e as lambdify's NumPy printer writes it."""
    if not e.is_number:
        return operator.pow
    if e == sympy.Rational(1, 2):
        return np.sqrt
    if e == sympy.Rational(-1, 2):
        return lambda b: 1 / np.sqrt(b)
    if e == -1:
        return lambda b: 1 / b
    if e.is_Integer and e.is_negative:
        p = float(e)  # the printer writes x**(-2.0): NumPy refuses negative integer powers
        return lambda b: b**p
    if e.is_Integer:
        n = int(e)
        return lambda b: b**n
    c = _constant(e)
    value = c.real if isinstance(c, complex) and c.imag == 0 else c
    return lambda b: b**value


def _select(*flat: Array) -> Array:
    exprs, conds = list(flat[0::2]), list(flat[1::2])
    return np.select(conds, exprs, default=np.nan)


def _log(x: Array, base: Array | None = None) -> Array:
    """SymPy's log(x) and log(x, b) (a base kept unevaluated, as latex2sympy2 writes `\\ln 2`
    as log(2, E)); np.log's second argument would be its output array."""
    return np.log(x) if base is None else np.log(x) / np.log(base)


def _reduce(fn: Callable[[Array, Array], Array]) -> Callable[..., Array]:
    return lambda *v: functools.reduce(fn, v)


_FUNCTIONS: dict[type, Callable[..., Array]] = {
    sympy.Add: _reduce(operator.add),
    sympy.Mul: _reduce(operator.mul),
    sympy.exp: np.exp,
    sympy.log: _log,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tan: np.tan,
    sympy.sinh: np.sinh,
    sympy.cosh: np.cosh,
    sympy.tanh: np.tanh,
    sympy.asin: np.arcsin,
    sympy.acos: np.arccos,
    sympy.atan: np.arctan,
    sympy.asinh: np.arcsinh,
    sympy.acosh: np.arccosh,
    sympy.atanh: np.arctanh,
    sympy.atan2: np.arctan2,
    sympy.floor: np.floor,
    sympy.ceiling: np.ceil,
    sympy.Abs: np.abs,
    sympy.sign: np.sign,
    sympy.re: np.real,
    sympy.im: np.imag,
    sympy.conjugate: np.conjugate,
    sympy.arg: np.angle,
    sympy.Max: _reduce(np.maximum),
    sympy.Min: _reduce(np.minimum),
    sympy.Heaviside: heaviside,
    sympy.KroneckerDelta: lambda a, b: np.where(
        np.equal(a, b), 1.0, 0.0
    ),  # lambdify: `1 if a == b`
    sympy.StrictLessThan: np.less,
    sympy.LessThan: np.less_equal,
    sympy.StrictGreaterThan: np.greater,
    sympy.GreaterThan: np.greater_equal,
    sympy.Equality: np.equal,
    sympy.Unequality: np.not_equal,
    sympy.And: lambda *v: np.logical_and.reduce(v),
    sympy.Or: lambda *v: np.logical_or.reduce(v),
    sympy.Not: np.logical_not,
}


def _operation(x: sympy.Basic) -> Callable[..., Array] | None:
    implementation = getattr(type(x), "_imp_", None)  # sympy's implemented_function
    if implementation is not None:
        return implementation  # type: ignore[no-any-return]
    return _FUNCTIONS.get(type(x))


def _outer_special(root: sympy.Basic) -> list[sympy.Basic]:
    """The Derivative/Subs nodes of root that no other such node contains."""
    out: dict[sympy.Basic, None] = {}
    stack = [root]
    while stack:
        e = stack.pop()
        if isinstance(e, SPECIAL_NODES):
            out[e] = None
            continue
        stack.extend(e.args)
    return list(out)
