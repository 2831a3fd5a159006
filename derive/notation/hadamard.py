"""The element-wise product `X \\odot Y \\odot Z` (and `\\otimes` between numbers): each operand
read on its own, binding like a product, tighter than + and -."""

from __future__ import annotations

import itertools

import sympy

from derive.notation import arrays
from derive.notation.calls import CallReader
from derive.notation.macros import PRODUCTS
from derive.notation.tokens import Kind, nesting


class HadamardReader(CallReader):
    """The part of the reader that reads element-wise products."""

    def _depth0_odots(self, lo: int, hi: int) -> list[int]:
        depth, out = 0, []
        for k in range(lo, hi):
            t = self.tokens[k]
            depth += nesting(t)
            if depth == 0 and t.is_command("\\odot", "\\otimes"):
                out.append(k)
        return out

    def _hadamard(self, lo: int, hi: int, odots: list[int]) -> sympy.Expr:
        """`X \\odot Y \\odot Z`: each operand read on its own (a product of juxtaposed names
        binds tighter; a sum must be in parentheses), so no grouping can be lost."""
        depth, cuts = 0, []
        for k in range(lo, hi):
            t = self.tokens[k]
            depth += nesting(t)
            before = self.tokens[k - 1] if k > lo else None
            binary = before is not None and not (
                before.is_char("+", "-", "(", "[", "{", "^", "_", "=")
                or (before.kind is Kind.COMMAND and before.text in PRODUCTS | {"\\otimes"})
            )
            if depth == 0 and binary and t.is_char("+", "-"):
                cuts.append(k)
        if cuts:  # G + g \odot g: \odot binds like a product, tighter than + and -
            total: sympy.Expr = sympy.Integer(0)
            starts = [lo, *cuts]
            for a, b in zip(starts, [*cuts, hi], strict=True):
                sign = -1 if a > lo and self.tokens[a].is_char("-") else 1
                first = a + 1 if a > lo else a
                total = total + sign * self.expr(first, b)
            return total
        bounds = [lo, *odots, hi]
        parts = []
        for a, b in itertools.pairwise(bounds):
            start = a if a == lo else a + 1
            if start >= b:
                raise self.error("\\odot needs an operand on each side", max(lo, a), b)
            parts.append(self.expr(start, b))
        if all(p.is_commutative for p in parts):
            return sympy.Mul(*parts)  # between numbers, \odot and \otimes are the product
        otimes = [k for k in odots if self.tokens[k].is_command("\\otimes")]
        if otimes:  # the Kronecker product, or (Parr & Howard) the element-wise one
            raise self.error(
                "\\otimes between vectors or matrices is not read (a Kronecker or an element-wise "
                "product?): write \\odot for the element-wise product",
                otimes[0],
            )
        return arrays.Hadamard(*parts)
