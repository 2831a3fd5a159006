"""SymPy's `doit()` and `diff()` of one claim's expressions, each distinct subtree done once.

An unrolled network repeats the same subexpressions many times (every unit's activation
appears in every unit of the next layer, every sample's forward pass in each derivative of the
cost), and SymPy differentiates each occurrence again: every step of its recursion goes through
`Derivative.__new__`, which walks the whole subtree for its free symbols, asks the assumptions
whether the result is zero and walks the result again to put derivatives in canonical order. A
network's derivative spent about 2/3 of its proof there.

`Derivatives` computes exactly what SymPy computes (the same expression, `==`), with every
step remembered by its immutable operands: `diff(e, x)` by (e, x), `doit(e)` by e, `fdiff` by
(call, argument). SymPy expressions are immutable values and each of these steps is a function
of its operands only (no clock, no randomness; the dummies SymPy makes for derivatives of
undefined functions are named from their argument's hash), so a remembered result is the result
(docs/design.md, "Speed"). Only the rules SymPy itself uses are restated, and only for the nodes
that use SymPy's generic rule unchanged (a sum, product, power, function call, symbol, number;
a `Derivative` of one symbol; a `Subs` of a derivative): any other node, or any node whose class
overrides the rule, is handed to SymPy as it is. The differences from SymPy are skipped work
only: a result whose derivatives are all in canonical order is not walked again to sort them,
and a derivative SymPy would test for being zero before returning the same value either way is
not tested. `tests/checks/test_derivatives.py` compares both with SymPy on the catalog's claims.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

import sympy
from sympy.core.basic import Atom, Basic
from sympy.core.function import ArgumentIndexError, Function
from sympy.core.operations import AssocOp
from sympy.matrices import MatrixBase
from sympy.matrices.expressions.matexpr import MatrixExpr
from sympy.ntheory.multinomial import multinomial_coefficients_iterator
from sympy.tensor.array import NDimArray

_ZERO, _ONE = sympy.S.Zero, sympy.S.One
_SYMPY = ".".join(sympy.__version__.split(".")[:2])  # the rules restated are 1.14's
_ARRAYS = (MatrixBase, MatrixExpr, NDimArray, sympy.Tuple)
_Rule = Callable[[sympy.Expr, sympy.Symbol], sympy.Expr]


def _uses(cls: type, name: str, generic: object) -> bool:
    """Whether class cls uses SymPy's generic method `name` (not an override)."""
    return getattr(cls, name, None) is generic


class Derivatives:
    """`doit` and `diff` equal to SymPy's, remembered for the expressions of one claim."""

    def __init__(self) -> None:
        self._diffs: dict[tuple[sympy.Basic, sympy.Symbol], sympy.Expr] = {}
        self._done: dict[tuple[sympy.Basic, Hashable], sympy.Basic] = {}
        self._fdiffs: dict[tuple[sympy.Basic, int], sympy.Expr] = {}
        self._free: dict[sympy.Basic, frozenset[sympy.Basic]] = {}
        self._stable: dict[sympy.Basic, bool] = {}

    # --- doit ------------------------------------------------------------------------------

    def doit(self, expr: sympy.Basic, **hints: object) -> sympy.Basic:
        """`expr.doit(**hints)`, each distinct subtree evaluated once."""
        if _SYMPY != "1.14" or not isinstance(expr, Basic):
            # the rules restated here are 1.14's: another SymPy, its own; a mutable matrix
            # (not a value, so no key) too
            return expr.doit(**hints)
        key = (expr, frozenset(hints.items()))
        known = self._done.get(key)
        if known is None:
            known = self._done[key] = self._doit(expr, hints)
        return known

    def _doit(self, expr: sympy.Basic, hints: dict[str, object]) -> sympy.Basic:
        cls = type(expr)
        if not hints.get("deep", True):
            return expr.doit(**hints)
        if _uses(cls, "doit", Atom.doit):
            return expr
        if _uses(cls, "doit", AssocOp.doit):
            return expr.func(*[self.doit(a, **hints) for a in expr.args], evaluate=True)
        if _uses(cls, "doit", Basic.doit):
            terms = [self.doit(a, **hints) if isinstance(a, Basic) else a for a in expr.args]
            return expr.func(*terms)
        if cls is sympy.Derivative and self._first_order(expr):
            return self._doit_derivative(expr, hints)
        if cls is sympy.Subs:
            done = self._doit_subs(expr, hints)
            if done is not None:
                return done
        return expr.doit(**hints)

    @staticmethod
    def _first_order(d: sympy.Basic) -> bool:
        """A derivative once with respect to one symbol (the one case evaluated here)."""
        vc = d.variable_count
        return len(vc) == 1 and isinstance(vc[0][0], sympy.Symbol) and vc[0][1] == 1

    def _doit_derivative(self, d: sympy.Derivative, hints: dict[str, object]) -> sympy.Basic:
        """Derivative.doit: the operand's doit, then its derivative, then doit again if that
        left a derivative (SymPy 1.14, function.py)."""
        expr = self.doit(d.expr, **hints)
        hints = {**hints, "evaluate": True}
        if isinstance(expr, _ARRAYS) or not isinstance(expr, sympy.Expr):
            rv = d.func(expr, *d.variable_count, **hints)  # SymPy's own, whole
        else:
            rv = self.diff(expr, d.variable_count[0][0])
        if rv != d and rv.has(sympy.Derivative):
            rv = self.doit(rv, **hints)
        return rv

    def _doit_subs(self, s: sympy.Subs, hints: dict[str, object]) -> sympy.Basic | None:
        """Subs.doit of a first-order derivative at a point of its one variable, x in
        Subs(Derivative(F, x), x, v) (what a node derivative of backprop unrolls to): F
        differentiated, v put in, doit again (SymPy 1.14, function.py). None for any other
        Subs, left to SymPy."""
        e, (v, *more), (p, *_) = s.args
        if more or not isinstance(e, sympy.Derivative) or not self._first_order(e):
            return None
        x = e.variable_count[0][0]
        if v != x or v == p or x not in self.free_symbols(e.expr):
            return None
        rv = self.diff(e.expr, x).subs([(x, p)])
        if rv != s:
            rv = self.doit(rv, **hints)
        return rv

    # --- diff ------------------------------------------------------------------------------

    def free_symbols(self, expr: sympy.Basic) -> frozenset[sympy.Basic]:
        """expr.free_symbols, remembered per subtree."""
        known = self._free.get(expr)
        if known is None:
            if _uses(type(expr), "free_symbols", Basic.free_symbols) and expr.args:
                known = frozenset().union(*(self.free_symbols(a) for a in expr.args))
            else:
                known = frozenset(expr.free_symbols)
            self._free[expr] = known
        return known

    def diff(self, expr: sympy.Basic, x: sympy.Symbol) -> sympy.Expr:
        """`sympy.Derivative(expr, x, evaluate=True)` (= expr.diff(x)) for a symbol x."""
        if _SYMPY != "1.14" or not isinstance(expr, Basic):
            return expr.diff(x)
        key = (expr, x)
        known = self._diffs.get(key)
        if known is None:
            known = self._diffs[key] = self._diff(expr, x)
        return known

    def _diff(self, expr: sympy.Basic, x: sympy.Symbol) -> sympy.Expr:
        rule = self._rule(type(expr))
        if rule is None or isinstance(expr, _ARRAYS) or not isinstance(expr, sympy.Expr):
            return expr.diff(x)  # SymPy's own, whole
        if x not in self.free_symbols(expr):
            return _ZERO  # Derivative.__new__'s quick exit
        obj = rule(expr, x)
        if self.canonical(obj):
            return obj  # what SymPy returns, zero or not: its canonical ordering changes nothing
        if obj.is_zero:
            return obj
        return obj.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: e.canonical)

    def _rule(self, cls: type) -> _Rule | None:
        """The generic rule of SymPy that cls uses, restated with remembered steps."""
        if not _uses(cls, "_eval_derivative_n_times", Basic._eval_derivative_n_times):
            if _uses(cls, "_eval_derivative_n_times", sympy.Mul._eval_derivative_n_times):
                return self._mul
            if issubclass(cls, sympy.Symbol) and _uses(
                cls, "_eval_derivative_n_times", sympy.Symbol._eval_derivative_n_times
            ):
                return self._symbol
            return None
        method = getattr(cls, "_eval_derivative", None)
        if method is sympy.Add._eval_derivative:
            return self._add
        if method is sympy.Pow._eval_derivative:
            return self._pow
        if method is Function._eval_derivative:
            return self._function
        return None

    def _symbol(self, expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
        return _ONE if expr == x else _ZERO

    def _add(self, expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
        return expr.func(*[self.diff(a, x) for a in expr.args])

    def _mul(self, expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
        # Mul._eval_derivative_n_times for n = 1 (the general Leibniz rule): d/dx of a
        # factor (k = 1) or the factor itself (k = 0)
        args = expr.args
        terms = []
        for kvals, c in multinomial_coefficients_iterator(len(args), sympy.Integer(1)):
            factors = [self.diff(a, x) if k else a for k, a in zip(kvals, args, strict=True)]
            terms.append(c * sympy.Mul(*factors))
        return sympy.Add(*terms)

    def _pow(self, expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
        dbase = self.diff(expr.base, x)
        dexp = self.diff(expr.exp, x)
        return expr * (dexp * sympy.log(expr.base) + dbase * expr.exp / expr.base)

    def _function(self, expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
        terms = []
        for i, a in enumerate(expr.args, start=1):
            da = self.diff(a, x)
            if da.is_zero:
                continue
            terms.append(self._fdiff(expr, i) * da)
        return sympy.Add(*terms)

    def _fdiff(self, call: sympy.Expr, i: int) -> sympy.Expr:
        key = (call, i)
        known = self._fdiffs.get(key)
        if known is None:
            try:
                known = call.fdiff(i)
            except ArgumentIndexError:
                known = Function.fdiff(call, i)
            self._fdiffs[key] = known
        return known

    def canonical(self, expr: sympy.Basic) -> bool:
        """Whether every derivative in expr is already in SymPy's canonical order (one
        variable, an operand that is not a derivative itself): then `Derivative.canonical`
        gives each back unchanged."""
        known = self._stable.get(expr)
        if known is None:
            known = all(self.canonical(a) for a in expr.args)
            if known and isinstance(expr, sympy.Derivative):
                vc = expr.variable_count
                known = (
                    len(vc) == 1
                    and not isinstance(expr.expr, sympy.Derivative)
                    and bool(vc[0][0]._diff_wrt)
                )
            self._stable[expr] = known
        return known


def xreplace(expr: sympy.Basic, rule: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """`expr.xreplace(rule)`, each distinct subtree walked once: SymPy's walk visits a subtree
    again wherever it occurs, which in an unrolled network is many times. The same rebuilding
    (a node is built again from its new arguments exactly where one of them held a match)."""
    if not rule or not isinstance(expr, Basic):
        return expr.xreplace(rule)
    memo: dict[sympy.Basic, tuple[sympy.Basic, bool]] = {}

    def walk(x: sympy.Basic) -> tuple[sympy.Basic, bool]:
        if x in rule:
            return rule[x], True
        known = memo.get(x)
        if known is not None:
            return known
        args, changed = [], False
        for a in x.args:
            if not hasattr(a, "_xreplace"):
                args.append(a)
            elif type(a)._xreplace is Basic._xreplace:
                value, hit = walk(a)
                args.append(value)
                changed |= hit
            else:  # a class with its own replacement: SymPy's, whole
                value, hit = a._xreplace(rule)
                args.append(value)
                changed |= hit
        done = (x.func(*args), True) if changed else (x, False)
        memo[x] = done
        return done

    if type(expr)._xreplace is not Basic._xreplace:
        return expr.xreplace(rule)
    return walk(expr)[0]
