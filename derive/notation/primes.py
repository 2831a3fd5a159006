"""A prime on an expression, `(1 + e^{-z})'`: the derivative of the group by the one variable of
the whole formula, known once every side is read; and a prime on a LaTeX function,
`\\tanh'(x)`: its derivative at its argument."""

from __future__ import annotations

import sympy

from derive.notation.calls import CallReader
from derive.notation.macros import PRODUCTS
from derive.notation.tokens import Kind, matching

# LaTeX functions whose prime is read (`\\tanh'(x) = 1 - \\tanh^2(x)`): one argument each
_FUNCTIONS = {
    "\\tanh": sympy.tanh,
    "\\sinh": sympy.sinh,
    "\\cosh": sympy.cosh,
    "\\sin": sympy.sin,
    "\\cos": sympy.cos,
    "\\tan": sympy.tan,
    "\\arctan": sympy.atan,
    "\\exp": sympy.exp,
    "\\ln": sympy.log,
    "\\log": sympy.log,  # natural, as everywhere in derive
}


class PrimeReader(CallReader):
    """The part of the reader that reads a prime on a parenthesised expression."""

    def _expression_prime(
        self,
        i: int,
        close: int,
        hi: int,
        pieces: list[str],
        holds: dict[str, tuple[sympy.Expr, int, int]],
    ) -> int:
        """`(1+e^{-z})'`, `\\left(\\frac{g(x)}{h(x)}\\right)''`: the derivative of the group by
        the one variable of the whole formula, known once every side is read (resolve_primes).
        Until then the group stands as a fresh symbol."""
        end = close + 1
        while end < hi and self.tokens[end].is_char("'"):
            end += 1
        inner = self.expr(i + 1, close)
        stand_in = sympy.Dummy("prime")
        self.expression_primes.append((stand_in, inner, end - close - 1, i, end))
        pieces.append(self._hold(stand_in, i, end, holds))
        return end

    def _function_prime(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int | None:
        """`\\tanh'(x)`, `\\sin''(t)`: the derivative of a LaTeX function at its argument, which
        must be in parentheses (None when no prime follows the function)."""
        text = self.tokens[i].text
        end = i + 1
        while end < hi and self.tokens[end].is_char("'"):
            end += 1
        if text not in _FUNCTIONS or end == i + 1:
            return None
        if not (end < hi and self.tokens[end].is_char("(")):
            raise self.error(f"a prime on {text}: write its argument in parentheses", i, end)
        close = matching(self.tokens, end, self.latex)
        t = sympy.Dummy("t", real=True)
        derivative = sympy.Derivative(_FUNCTIONS[text](t), (t, end - i - 1))
        value = sympy.Subs(derivative, t, self.expr(end + 1, close))
        pieces.append(self._hold(value, i, close + 1, holds))
        return close + 1

    def _stands_alone(self, i: int) -> bool:
        """Whether the group opening at tokens[i] is no argument of what is before it (a call
        `\\log(t)`, a name `a(t)` that may be a function): it opens the formula or follows an
        operator, a relation, a number or another opening bracket."""
        if i == 0:
            return True
        before = self.tokens[i - 1]
        if before.kind is Kind.NUMBER:
            return True
        if before.kind is Kind.CHAR:
            return before.text in "+-*/=<>([{,&|"
        return before.text in PRODUCTS or before.text in {"\\le", "\\ge", "\\neq", "\\approx"}

    def resolve_primes(self, exprs: list[sympy.Expr]) -> list[sympy.Expr]:
        """The expressions read with each `(...)'` made the derivative by the formula's one
        variable: its only free plain name (every side counted). A formula with another name,
        an indexed entry, a vector or none has no such variable: an error naming them."""
        if not self.expression_primes:
            return exprs
        stand_ins = {s for s, *_ in self.expression_primes}
        inners = [inner for _, inner, *_ in self.expression_primes]
        found: set[sympy.Basic] = set()
        for e in [*exprs, *inners]:
            found |= {x for x in e.free_symbols if x not in stand_ins}
            found |= e.atoms(sympy.Indexed)
        plain = {x for x in found if isinstance(x, sympy.Symbol) and x.is_commutative}
        labels = {ix.base.label for ix in found if isinstance(ix, sympy.Indexed)}
        candidates = (found - labels) - {
            s for ix in found if isinstance(ix, sympy.Indexed) for s in ix.free_symbols - {ix}
        }
        if len(candidates) != 1 or not plain or candidates != plain:
            _, _, _, lo, hi = self.expression_primes[0]
            names = ", ".join(sorted(str(x) for x in candidates)) or "none"
            raise self.error(
                "a prime on an expression is the derivative by the formula's one variable, "
                f"and this formula has {len(candidates)} ({names}); write d/dx (...)",
                lo,
                hi,
            )
        (var,) = plain
        done: dict[sympy.Basic, sympy.Expr] = {}
        for stand_in, inner, order, _, _ in self.expression_primes:  # inner ones first
            done[stand_in] = sympy.Derivative(inner.xreplace(done), (var, order), evaluate=False)
        return [e.xreplace(done) for e in exprs]
