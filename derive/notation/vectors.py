"""Vectors written in a line: a row as a list, `[6yx, 3x^2]` (Parr & Howard write gradients so),
and the dot product `\\mathbf{w}\\cdot\\mathbf{x}` of two declared columns, a number. The parts
of the reader that read them (reader.py puts them together)."""

from __future__ import annotations

import sympy

from derive.notation import arrays
from derive.notation.calls import CallReader
from derive.notation.tokens import nesting


class VectorReader(CallReader):
    """The part of the reader that reads rows written as lists and dot products."""

    # -- a row written as a list: [a, b] --------------------------------------------------------
    def _commas(self, lo: int, hi: int) -> list[int]:
        """The commas of tokens[lo:hi] outside any group."""
        depth, out = 0, []
        for k in range(lo, hi):
            t = self.tokens[k]
            depth += nesting(t)
            if depth == 0 and t.is_char(","):
                out.append(k)
        return out

    def _row(
        self,
        i: int,
        close: int,
        hi: int,
        pieces: list[str],
        holds: dict[str, tuple[sympy.Expr, int, int]],
    ) -> int:
        """`[6yx, 3x^2]`: a row vector of the listed numbers (Parr & Howard write gradients so),
        with its transpose `[a, b]^T` a column. Vectors or matrices in the list are an error."""
        entries, a = [], i + 1
        for c in [*self._commas(i + 1, close), close]:
            if a >= c:
                raise self.error("an empty entry in a row [a, b]", c)
            entry = self.expr(a, c)
            if arrays.is_array(entry):
                raise self.error("a row [a, b] of vectors or matrices is not read", a, c)
            entries.append(entry)
            a = c + 1
        value: sympy.Expr = arrays.literal([entries])
        nxt = close + 1
        if nxt + 1 < hi and self.tokens[nxt].is_char("^"):
            lo, gh, after = self._group(nxt + 1, hi)
            if self._superscript(lo, gh, False) == "transpose":
                value, nxt = arrays.TransposeOf(value), after
        pieces.append(self._hold(value, i, nxt, holds))
        return nxt

    # -- the dot product of two columns: u \cdot v ---------------------------------------------
    def _dot(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int | None:
        """`\\mathbf{w}\\cdot\\mathbf{x}` of two names declared column vectors, with nothing
        juxtaposed on either side: their dot product w^T x, a number (the matrix product of two
        columns is not defined). Anything else (`A w \\cdot x`, `w \\cdot x^2`) is left to the
        ordinary product: the next index, or None."""
        if not pieces or pieces[-1] not in self._held_keys(holds):
            return None
        if len(pieces) > 1 and pieces[-2] not in {"+", "-", "(", "[", "{", "^{"}:
            return None
        left = holds[self._held_keys(holds)[pieces[-1]]]
        if i + 1 >= hi or not self.starts_name(self.tokens[i + 1]):
            return None
        mine: list[str] = []
        scratch: dict[str, tuple[sympy.Expr, int, int]] = {}
        after = self._name(i + 1, hi, mine, scratch)
        if len(mine) != 1 or len(scratch) != 1:
            return None
        if after < hi and not self.tokens[after].is_char("+", "-", ")", "]", "}"):
            return None
        (right,) = scratch.values()
        if not (self._column(left[0]) and self._column(right[0])):
            return None
        value = arrays.Dot(arrays.TransposeOf(left[0]) * right[0])
        key = self._held_keys(holds)[pieces.pop()]
        del holds[key]
        pieces.append(self._hold(value, left[1], right[2], holds))
        return after

    @staticmethod
    def _held_keys(holds: dict[str, tuple[sympy.Expr, int, int]]) -> dict[str, str]:
        """The pieces text of each placeholder, to its key in holds."""
        return {"{\\variable{" + k + "}}": k for k in holds}

    def _column(self, value: sympy.Expr) -> bool:
        """A whole name declared a column vector (`vector(n)`, `onehot(n)`, ...)."""
        if not (isinstance(value, sympy.Symbol) and arrays.is_array(value)):
            return False
        spec = self.names.spec(value.name)
        return spec is not None and spec.shape is not None and tuple(spec.shape[1:]) == ("1",)
