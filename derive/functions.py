"""The activation functions derive knows by name, as SymPy functions.

Each one prints as the author writes it (sigma(z)) and knows its elementary definition
(`elementary()`), which is what the checks differentiate: the derivative rules below (`fdiff`)
are used only to *suggest* corrections, never to verify, so a claim such as
sigma'(z) = sigma(z)(1 - sigma(z)) is proved from 1/(1+e^{-z}), not from our own rule.
"""

from __future__ import annotations

import sympy
from sympy import Function


class sigmoid(Function):  # type: ignore[misc]
    """The logistic function 1 / (1 + e^{-x})."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def _eval_is_real(self) -> bool | None:
        return bool(self.args[0].is_real) or None

    def _eval_is_positive(self) -> bool | None:
        return bool(self.args[0].is_real) or None


class relu(Function):  # type: ignore[misc]
    """max(0, x)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.Max(0, x)


def step(x: sympy.Expr) -> sympy.Expr:
    """The unit step, 1 for x >= 0 and 0 for x < 0 (watermelon book's sgn)."""
    return sympy.Heaviside(x, 1)


KNOWN = {
    "step": step,
    "sigmoid": sigmoid,
    "relu": relu,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
}


def elementary(expr: sympy.Expr) -> sympy.Expr:
    """Replace the named activations by their elementary definitions."""
    return expr.replace(
        lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sympy.exp(-e.args[0]))
    ).replace(lambda e: isinstance(e, relu), lambda e: sympy.Max(0, e.args[0]))
