"""The activation functions derive knows by name, as SymPy functions.

Each one prints as the author writes it (sigma(z)) and knows its elementary definition
(`elementary()`), which is what the checks differentiate: the derivative rules below (`fdiff`)
are used only to *suggest* corrections, never to verify, so a claim such as
sigma'(z) = sigma(z)(1 - sigma(z)) is proved from 1/(1+e^{-z}), not from our own rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import sympy
from sympy import Function

from derive.integrals import integrate
from derive.inverses import InverseOf, invert


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


class step(Function):  # type: ignore[misc]
    """The unit step, 1 for x >= 0 and 0 for x < 0 (watermelon book's sgn): SymPy's
    Heaviside(x, 1) as soon as its argument is a number. The step of a product of vectors
    (`\\operatorname{sgn}(\\hat{w}^T \\hat{x}_i)`, a number SymPy cannot tell is real while
    its factors are whole vectors) stays unevaluated until the sizes are drawn and the product
    is written out entry by entry."""

    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_commutative is False:
            return None
        return sympy.Heaviside(x, 1)


KNOWN = {
    "step": step,
    "sigmoid": sigmoid,
    "relu": relu,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
}


def rebuild(
    expr: sympy.Basic,
    node: Callable[[sympy.Basic, tuple[sympy.Basic, ...]], sympy.Basic],
    memo: dict[sympy.Basic, sympy.Basic] | None = None,
) -> sympy.Basic:
    """expr rewritten bottom-up: `node(x, args)` gives each compound subtree x from its arguments
    already rewritten; one walk, each distinct subtree rewritten once (`memo` may be shared by
    several expressions that share subtrees, such as the entries of one matrix)."""
    seen: dict[sympy.Basic, sympy.Basic] = {} if memo is None else memo

    def walk(x: sympy.Basic) -> sympy.Basic:
        if not x.args:
            return x
        done = seen.get(x)
        if done is not None:
            return done
        out = node(x, tuple(walk(a) for a in x.args))
        seen[x] = out
        return out

    return walk(expr)


_BASIC_FREE_SYMBOLS = sympy.Basic.__dict__["free_symbols"]


@cache  # one entry per SymPy class
def _default_free_symbols(cls: type) -> bool:
    """Whether cls keeps `Basic.free_symbols` (looked up in the classes themselves: a class
    attribute read through `cls.free_symbols` would call the metaclass's property of Function)."""
    for klass in cls.__mro__:
        if "free_symbols" in vars(klass):
            return vars(klass)["free_symbols"] is _BASIC_FREE_SYMBOLS
    return False


def free_symbols(
    expr: sympy.Basic, memo: dict[sympy.Basic, frozenset[sympy.Basic]]
) -> frozenset[sympy.Basic]:
    """expr.free_symbols, each distinct subtree's computed once (`memo`, shared by expressions
    that share subtrees). SymPy computes free_symbols afresh on every call, walking the whole
    tree: for the expansion of a network, where each layer's value holds the layers below, that
    is quadratic. The same set: a class that keeps SymPy's default rule (`Basic.free_symbols`,
    the union over the arguments) is walked here with that rule; every class with its own rule
    (a Symbol, an Indexed, the bound variables of a Sum, Derivative or Subs) is asked itself."""

    def walk(x: sympy.Basic) -> frozenset[sympy.Basic]:
        if not _default_free_symbols(x.__class__):
            return frozenset(x.free_symbols)
        known = memo.get(x)
        if known is None:
            known = memo[x] = frozenset().union(*(walk(a) for a in x.args))
        return known

    return walk(expr)


def elementary(expr: sympy.Expr, memo: dict[sympy.Basic, sympy.Basic] | None = None) -> sympy.Expr:
    """Replace the named activations by their elementary definitions.

    One walk over the tree (`rebuild`), inner expressions first, each distinct subtree rebuilt
    once; `memo` may be shared by several expressions (the entries of one matrix) that share
    subtrees. The result is the one `expr.replace` gives, without its cost: `Max(0, x)` compares
    its arguments symbolically, which for a network's entries cost seconds per claim when done
    for every occurrence of the same relu(x)."""

    def node(x: sympy.Basic, args: tuple[sympy.Basic, ...]) -> sympy.Basic:
        out = x if args == x.args else x.func(*args)
        if isinstance(out, sigmoid):
            return 1 / (1 + sympy.exp(-out.args[0]))
        if isinstance(out, relu):
            return sympy.Max(0, out.args[0])
        if isinstance(out, InverseOf):  # f^{-1}(x), f elementary by now
            return invert(out)
        if isinstance(out, sympy.Integral):  # \int_a^b f(y) dy, f elementary by now
            return integrate(out)
        return out

    return rebuild(expr, node, memo)
