"""Inverse functions as notes write them: `\\sigma^{-1}(x)`, `\\zeta^{-1}(x)`.

The reader keeps `f^{-1}(x)` as `InverseOf(f(t), t, x, lo, hi)`: the function applied to a
stand-in t (a function `given` defines is substituted into it like any call), the argument x, and
the open interval (lo, hi) that x's declared or stated domain is. Once f is elementary
(functions.elementary), the inverse is solved for with SymPy's `solveset`, which gives the whole
solution set: it is used only when

- the equation f(t) = s has exactly one solution g(s) (so f is one-to-one there: x^2 is not),
- every value x may take lies in the range of f (`function_range`): (0, 1) for the sigmoid, so
  `\\sigma^{-1}(x)` needs `x` declared `unit` (or `\\forall x \\in (0, 1),`), never a real x for
  which it does not exist,
- and f(g(s)) = s at points of that interval, to 30 digits (a check on `solveset` itself).

Otherwise the claim is an error saying which condition fails, never a guess.
"""

from __future__ import annotations

import functools

import sympy
from sympy.calculus.util import function_range

from derive.errors import UnsupportedError


class InverseOf(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """f^{-1}(x): args (f(t), t, x, lo, hi), x in the open interval (lo, hi)."""

    nargs = 5

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, t, arg, _, _ = self.args
        return (body.free_symbols - {t}) | arg.free_symbols  # type: ignore[no-any-return]


_S = sympy.Dummy("s", real=True)


def invert(inverse: InverseOf) -> sympy.Expr:
    """The closed form of f^{-1}(x), f elementary (see the module's conditions)."""
    body, t, arg, lo, hi = inverse.args
    g = _solution(body, t, lo, hi)
    return g.xreplace({_S: arg})


@functools.lru_cache(maxsize=64)
def _solution(body: sympy.Expr, t: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr:
    shown = sympy.sstr(body.xreplace({t: sympy.Symbol("t")}))
    if body.free_symbols != {t}:
        raise UnsupportedError(f"the inverse of t -> {shown}: a function of t alone is inverted")
    found = sympy.solveset(sympy.Eq(body, _S), t, sympy.S.Reals)
    if isinstance(found, sympy.Intersection) and sympy.S.Reals in found.args:
        (found,) = [a for a in found.args if a is not sympy.S.Reals] or [found]
    if not (isinstance(found, sympy.FiniteSet) and len(found) == 1):
        raise UnsupportedError(
            f"the inverse of t -> {shown}: f(t) = s has not one solution t that SymPy finds "
            f"({sympy.sstr(found)}), so f^{{-1}} is not read"
        )
    (g,) = found
    allowed = sympy.Interval.open(lo, hi)
    values = function_range(body, t, sympy.S.Reals)
    if not allowed.is_subset(values):
        raise UnsupportedError(
            f"the inverse of t -> {shown} exists only on {sympy.sstr(values)}; its argument "
            f"may take values in {sympy.sstr(allowed)}: state its domain (`\\forall x \\in (0, 1),`"
            ", or a [symbols] declaration such as unit or positive)"
        )
    for point in _points(lo, hi):
        back = body.xreplace({t: g.xreplace({_S: point})})
        if abs(sympy.N(back - point, 30)) > sympy.Float("1e-20"):
            raise UnsupportedError(f"the inverse SymPy gives for t -> {shown} does not check")
    return g


def _points(lo: sympy.Expr, hi: sympy.Expr) -> list[sympy.Expr]:
    """Three points inside (lo, hi), the interval of a declared domain."""
    if lo.is_finite and hi.is_finite:
        return [lo + (hi - lo) * sympy.Rational(k, 8) for k in (1, 4, 7)]
    if lo.is_finite:
        return [lo + sympy.Rational(k, 4) for k in (1, 6, 20)]
    return [sympy.Rational(k, 3) for k in (-7, 1, 9)]
