"""A function word with a braced argument, `\\log{x} y`, `\\sin^2{x} y`, `\\exp{x}`, as SymPy
prints calls (`\\log{\\left(x \\right)}`): the braces hold the whole argument, so what follows
them is outside the call. latex2sympy2 reads `\\log{x} y` as log(x y) and `\\log{x}^2` as
log(x^2); neither is what the braces say."""

from __future__ import annotations

import sympy

from derive.notation.cursor import Cursor
from derive.notation.tokens import matching


class BracedCallReader(Cursor):
    """The part of the reader that reads a function word applied to a braced argument."""

    def _braced_call(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int | None:
        """The call `\\log{...}` at tokens[i] (a base `\\log_2{x}` or a power `\\sin^2{x}` may come
        between), emitted with its argument in parentheses; None when no brace follows. A script
        after the braces is an error: `\\log{x}^2` shows log x², `\\log{(x)}^2` shows log(x)²,
        and the braces say log of (x)²."""
        j = i + 1
        for mark in ("_", "^"):  # \log_{2}{x}, \sin^{2}{x}
            if j < hi and self.tokens[j].is_char(mark):
                j = self._group(j + 1, hi)[2]
        if not (j < hi and self.tokens[j].is_char("{")):
            return None
        close = matching(self.tokens, j, self.latex)
        if close + 1 < hi and self.tokens[close + 1].is_char("^", "_", "'"):
            name = self.tokens[i].text
            raise self.error(
                f"a script after the braced argument of {name}: write {name}(x)^2 for a power "
                f"of the function, or {name}(x^2)",
                i,
                close + 2,
            )
        if close == j + 1:
            raise self.error(f"{self.tokens[i].text} of an empty argument", i, close + 1)
        self._emit(i, j, pieces, holds)
        pieces.append("(")
        self._emit(j + 1, close, pieces, holds)
        pieces.append(")")
        return close + 1
