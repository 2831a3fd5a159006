"""Concrete smooth functions standing for arbitrary ones: a claim about every smooth f is
refuted by one f. The same name and seed always give the same function, written into the
expression for exact evaluation (`instantiate_functions`) or called through NumPy for the
numeric check (`implement_functions`)."""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Callable

import sympy
from sympy.core.function import AppliedUndef
from sympy.utilities.lambdify import implemented_function

from derive.errors import UnsupportedError
from derive.functions import rebuild


def _function_body(name: str, n: int, seed: int) -> sympy.Lambda:
    """The concrete smooth function that stands for an arbitrary function of n arguments."""
    rng = random.Random(seed ^ zlib.crc32(f"{name}/{n}".encode()))
    ts = [sympy.Dummy(f"t{k}") for k in range(n)]
    body: sympy.Expr = sympy.Integer(0)
    for t in ts:  # a different smooth function of every argument...
        a, b, c, d, e = (sympy.Rational(rng.randint(3, 17), 10) for _ in range(5))
        body += a * sympy.sin(b * t + c) + d * t / 2 + e * t**2 / 5
    for t, u in itertools.pairwise(ts):  # ...coupled, so no argument stands alone
        body += sympy.Rational(rng.randint(3, 17), 10) * t * u / 3
    return sympy.Lambda(tuple(ts), body)


def instantiate_functions(expr: sympy.Expr, seed: int) -> sympy.Expr:
    """Replace each undefined function f by one concrete smooth function (the same one for the
    same name and seed): a universal claim about every smooth f is refuted by one f. The body is
    written into the expression, for exact (50-digit) evaluation. One walk over the tree, inner
    calls first, every shared subtree rebuilt once."""
    bodies: dict[tuple[type, int], sympy.Lambda] = {}

    def body(call: AppliedUndef, args: list[sympy.Basic]) -> sympy.Basic:
        key = (type(call), len(args))
        if key not in bodies:
            bodies[key] = _function_body(type(call).__name__, len(args), seed)
        return bodies[key](*args)

    return _replace_calls(expr, body)


def _replace_calls(
    expr: sympy.Expr, replace: Callable[[AppliedUndef, list[sympy.Basic]], sympy.Basic]
) -> sympy.Expr:
    """expr with every call of an undefined function (its arguments rewritten first) replaced by
    replace(call, args): one walk over the tree (`functions.rebuild`), every shared subtree
    rebuilt once."""

    def node(x: sympy.Basic, args: tuple[sympy.Basic, ...]) -> sympy.Basic:
        if isinstance(x, AppliedUndef):
            return replace(x, list(args))
        if any(a is not b for a, b in zip(args, x.args, strict=True)):
            return x.func(*args)
        return x

    return rebuild(expr, node)


_IMPLEMENTED: dict[tuple[str, int, int], sympy.FunctionClass] = {}


def number_valued(expr: sympy.Expr, latex: str) -> sympy.Expr:
    """expr, when no vector or matrix is left inside it (a cost that came out as a vector would
    otherwise fail at every point and leave the claim undecided for a wrong reason)."""
    if _holds_matrix(expr):
        raise UnsupportedError(
            f"{latex}: a vector or matrix stands where a number is expected (inside a function "
            "or a derivative); is a cost or loss defined as a vector?"
        )
    return expr


def _holds_matrix(expr: sympy.Basic) -> bool:
    """Whether a vector or matrix is anywhere in expr: each distinct subtree looked at once (a
    network's expression shares its subtrees; a plain traversal visits them again and again)."""
    stack, seen = [expr], {id(expr)}
    while stack:
        x = stack.pop()
        if isinstance(x, sympy.MatrixBase):
            return True
        for a in x.args:
            if id(a) not in seen:
                seen.add(id(a))
                stack.append(a)
    return False


def implement_functions(expr: sympy.Expr, seed: int) -> sympy.Expr:
    """The same concrete functions as instantiate_functions, for the numeric check: each call
    becomes a call of a function with a NumPy implementation, so the expression stays as small
    as written (substituting the bodies multiplies the size of a network's expressions). One
    walk over the tree, every shared subtree rebuilt once (nested calls included)."""

    def implemented(call: AppliedUndef, args: list[sympy.Basic]) -> sympy.Basic:
        if hasattr(call, "_imp_"):  # implemented already
            return call.func(*args)
        return stand_in(type(call).__name__, len(args), seed)(*args)

    return _replace_calls(expr, implemented)


def stand_in(name: str, n: int, seed: int) -> sympy.FunctionClass:
    """The stand-in for the function `name` of n arguments, with its NumPy implementation."""
    key = (name, n, seed)
    if key not in _IMPLEMENTED:
        lam = _function_body(name, n, seed)
        fn = sympy.lambdify(lam.variables, lam.expr, "numpy")
        label = f"_derive_impl_{len(_IMPLEMENTED)}"  # never a name a claim can write
        _IMPLEMENTED[key] = implemented_function(sympy.Function(label), fn)
    return _IMPLEMENTED[key]
