"""The symbolic check: SymPy differentiates and reduces lhs - rhs to zero.

Cheap canonical forms are tried before `simplify`. Names declared binary are split into their
two cases when the identity does not reduce as it stands (y^2 = y holds only for y in {0, 1}).
The time budget is enforced from outside (the runner stops the worker process), so nothing
here relies on signals.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Mapping, Sequence

import sympy
from sympy.core.function import AppliedUndef

from derive.model import Domain

MAX_BINARY_SPLIT = 6  # 2**6 cases at most


class Proof(enum.Enum):
    PROVED = "proved"
    UNKNOWN = "unknown"  # SymPy could not reduce it; no conclusion either way


def evaluate_symbolic(expr: sympy.Expr) -> sympy.Expr:
    """Carry out the derivatives (SymPy's differentiation) of an expanded expression."""
    return expr.doit()


def _opaque(expr: sympy.Expr) -> sympy.Expr:
    """expr with every outermost exp, log, derivative and function application replaced by a
    fresh symbol (the same one for the same application). If what is left reduces to 0 as a
    rational function of independent symbols, expr is 0 whatever those values are: a sound
    and much cheaper test than expanding nested exponentials (deep networks produce them)."""
    kinds = (sympy.exp, sympy.log, sympy.Subs, sympy.Derivative, AppliedUndef)
    found = [a for a in expr.atoms(*kinds)]
    outer = [a for a in found if not any(b is not a and b.has(a) for b in found)]
    return expr.xreplace({a: sympy.Dummy("u") for a in outer})


_STRATEGIES: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    lambda e: e,
    lambda e: sympy.cancel(sympy.together(_opaque(e))),
    sympy.expand,
    lambda e: sympy.cancel(sympy.together(sympy.expand(e))),
    lambda e: sympy.cancel(sympy.powsimp(sympy.expand(e.rewrite(sympy.exp)), force=False)),
    lambda e: sympy.simplify(e),
)


def is_zero(expr: sympy.Expr) -> bool:
    for strategy in _STRATEGIES:
        reduced = strategy(expr)
        if reduced == 0:
            return True
        if reduced.is_zero is True:
            return True
    return False


def prove_equal(lhs: sympy.Expr, rhs: sympy.Expr, domains: Mapping[sympy.Symbol, Domain]) -> Proof:
    """PROVED when lhs - rhs reduces to 0 for every value of the declared domains."""
    diff = lhs - rhs
    if is_zero(diff):
        return Proof.PROVED
    if any(domains.get(s) is Domain.UNIT for s in diff.free_symbols):
        diff = _units_as_ratios(diff, domains)
        if is_zero(diff):
            return Proof.PROVED
    binaries = sorted(
        (s for s in diff.free_symbols if domains.get(s) is Domain.BINARY), key=lambda s: s.name
    )
    if binaries and len(binaries) <= MAX_BINARY_SPLIT:
        for values in itertools.product((0, 1), repeat=len(binaries)):
            case = diff.xreplace(dict(zip(binaries, values, strict=True)))
            if not is_zero(case):
                return Proof.UNKNOWN
        return Proof.PROVED
    return Proof.UNKNOWN


def exact_value(expr: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """Value at a point, exact where SymPy can and to 50 digits otherwise."""
    value = expr.doit().xreplace(dict(point))
    return value.doit().evalf(50)


def differ(a: sympy.Expr, b: sympy.Expr) -> bool:
    """True when two 50-digit values differ beyond rounding (relative 1e-20)."""
    if not (a.is_number and b.is_number):
        return False
    a, b = sympy.N(a, 50), sympy.N(b, 50)
    if a.has(sympy.nan, sympy.zoo) or b.has(sympy.nan, sympy.zoo):
        return False
    scale = max(1, abs(a), abs(b))
    return bool(abs(a - b) > sympy.Float("1e-20", 50) * scale)


def prove_bound(
    smaller: sympy.Expr,
    larger: sympy.Expr,
    strict: bool,
    domains: Mapping[sympy.Symbol, Domain],
) -> Proof:
    """PROVED when smaller <= larger (or <) everywhere in the domains."""
    gap = sympy.simplify(larger - smaller)
    test = gap.is_positive if strict else gap.is_nonnegative
    if test is True:
        return Proof.PROVED
    free = sorted(gap.free_symbols, key=lambda s: s.name)
    if len(free) == 1:
        (x,) = free
        interval = {
            Domain.POSITIVE: sympy.Interval.open(0, sympy.oo),
            Domain.UNIT: sympy.Interval.open(0, 1),
        }.get(domains.get(x, Domain.REAL), sympy.S.Reals)
        try:
            low = sympy.calculus.util.minimum(gap, x, interval)
        except (NotImplementedError, ValueError):
            return Proof.UNKNOWN
        if low.is_number and ((low > 0) if strict else (low >= 0)) is sympy.true:
            return Proof.PROVED
        if strict and low.is_number and low == 0 and not _attained(gap, x, interval):
            return Proof.PROVED
    return Proof.UNKNOWN


def _attained(gap: sympy.Expr, x: sympy.Symbol, interval: sympy.Set) -> bool:
    try:
        zeros = sympy.solveset(gap, x, interval)
    except NotImplementedError:
        return True
    return bool(zeros != sympy.S.EmptySet)


def _units_as_ratios(expr: sympy.Expr, domains: Mapping[sympy.Symbol, Domain]) -> sympy.Expr:
    """A name in (0, 1) written as p/(1 + p) with p > 0: a bijection, so expr is 0 on (0, 1)
    exactly when the result is 0 for every p > 0; u and 1 - u = 1/(1 + p) are then known
    positive, so SymPy may split log(u (1 - u)) into log u + log(1 - u) (no force)."""
    units = sorted(
        (s for s in expr.free_symbols if domains.get(s) is Domain.UNIT), key=lambda s: s.name
    )
    if not units:
        return expr
    ratios = {u: (p := sympy.Dummy(u.name, positive=True)) / (1 + p) for u in units}
    out = expr.xreplace(ratios)
    out = out.replace(
        lambda e: isinstance(e, sympy.log), lambda e: sympy.log(sympy.factor(e.args[0]))
    )
    return sympy.expand_log(out, force=False)


def binary_symbols(
    symbols: Sequence[sympy.Symbol], domains: Mapping[sympy.Symbol, Domain]
) -> list[sympy.Symbol]:
    return [s for s in symbols if domains.get(s) is Domain.BINARY]
