"""Arithmetic without names, evaluated as it is read: `2 \\cdot 3` is 6, `(1+1) x` is 2x and
`x_{1+1}` is the element x_2 (the parser returns its arithmetic unevaluated, and the reader only
rebuilds the parts that hold a name). A power too large to compute is left as written, and a
value that is undefined (`\\frac{1}{0}`) is reported by the reader."""

from __future__ import annotations

import sympy

# a power b^k is computed when b^k has at most this many bits (and |k| at most _MAX_EXPONENT)
_MAX_BITS = 1 << 16
_MAX_EXPONENT = 1 << 12
_ARITHMETIC = (sympy.Add, sympy.Mul, sympy.Pow)


def constant_values(raw: sympy.Expr) -> dict[sympy.Basic, sympy.Basic]:
    """The name-free arithmetic parts of the parser's result (largest first), each mapped to its
    value: what `raw.xreplace` needs to evaluate them. Only sums, products, quotients and powers
    of numbers are computed, anywhere (a sum's limits too) but under a function other than the
    elementary ones (log, exp, sin, ...): under a factorial (`(10^6)!`) nothing is."""
    out: dict[sympy.Basic, sympy.Basic] = {}

    def visit(e: sympy.Basic) -> None:
        if isinstance(e, _ARITHMETIC) and _name_free(e):
            value = _evaluate(e)
            if value is not None and value != e:
                out[e] = value
            return
        if not isinstance(e, sympy.Function) or _elementary(e):  # sums' limits too
            for a in e.args:
                visit(a)

    visit(raw)
    return out


def _name_free(e: sympy.Basic) -> bool:
    return all(
        isinstance(x, _ARITHMETIC) or (x.is_Atom and x.is_number)
        for x in sympy.preorder_traversal(e)
    )


def _elementary(e: sympy.Basic) -> bool:
    # an undefined function the parser makes (`\\pi(2)`) has no module: not elementary
    module = type(e).__module__ or ""
    return isinstance(e, sympy.Function) and module.startswith("sympy.functions.elementary")


def _evaluate(e: sympy.Basic) -> sympy.Basic | None:
    """e rebuilt bottom-up with evaluation; None when a power in it is too large."""
    if not isinstance(e, _ARITHMETIC):
        return e
    args = [_evaluate(a) for a in e.args]
    if any(a is None for a in args):
        return None
    if isinstance(e, sympy.Pow) and not _small_power(*args):
        return None
    with sympy.evaluate(True):
        return e.func(*args)


def _small_power(base: sympy.Basic, exponent: sympy.Basic) -> bool:
    if not exponent.is_Rational or base in (sympy.Integer(0), sympy.Integer(1), sympy.Integer(-1)):
        return True
    k = abs(int(exponent.p))
    if k > _MAX_EXPONENT:
        return False
    if base.is_Rational:
        bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length())
        return bits * k <= _MAX_BITS
    return True
