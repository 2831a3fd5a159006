"""Definite integrals as notes write them: `\\int_{-\\infty}^x \\sigma(y)\\,dy`.

The reader keeps `sympy.Integral(f(y), (y, a, b))`; once f is written out
(functions.elementary) SymPy integrates it. The closed form is used only when SymPy finds one
with no integral left, and when it agrees with mpmath's numeric quadrature of the same integral
to 12 digits at three points (the integral's other names set to fixed values): SymPy's
integration of improper integrals is less certain than its derivatives, and the numeric check
keeps it honest. Otherwise the claim is an error.
"""

from __future__ import annotations

import functools

import mpmath
import sympy

from derive.errors import UnsupportedError

_VALUES = (sympy.Rational(3, 7), sympy.Rational(-13, 10), sympy.Rational(19, 10))


def integrate(integral: sympy.Integral) -> sympy.Expr:
    """The closed form of a definite integral of elementary functions (see the module)."""
    return _closed_form(integral)


@functools.lru_cache(maxsize=64)
def _closed_form(integral: sympy.Integral) -> sympy.Expr:
    shown = sympy.sstr(integral)
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        raise UnsupportedError(f"{shown}: only a definite integral in one variable is read")
    value = integral.doit()
    if value.has(sympy.Integral):
        raise UnsupportedError(f"{shown}: SymPy finds no closed form")
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise UnsupportedError(f"{shown}: the integral diverges (SymPy gives {sympy.sstr(value)})")
    others = sorted(integral.free_symbols, key=str)
    for k in range(3):
        point = {s: _value(s, k) for s in others}
        _confirm(integral.xreplace(point), value.xreplace(point), shown)
    return value


def _value(s: sympy.Basic, k: int) -> sympy.Expr:
    v = _VALUES[(k + hash(str(s))) % 3]
    return abs(v) if s.is_positive or s.is_nonnegative else v


def _confirm(integral: sympy.Integral, value: sympy.Expr, shown: str) -> None:
    (var, lo, hi) = integral.limits[0]
    f = sympy.lambdify(var, integral.function, "mpmath")
    bounds = [
        mpmath.mpf(sympy.N(b, 30)) if b.is_finite else mpmath.inf * sympy.sign(b) for b in (lo, hi)
    ]
    with mpmath.workdps(30):
        try:
            numeric = mpmath.quad(f, bounds)
            closed = mpmath.mpmathify(sympy.N(value, 30))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
            raise UnsupportedError(f"{shown}: cannot be confirmed numerically ({exc})") from None
        if abs(numeric - closed) > mpmath.mpf("1e-12") * max(1, abs(closed)):
            raise UnsupportedError(
                f"{shown}: SymPy's closed form {sympy.sstr(value)} does not agree with numeric "
                "quadrature"
            )
