"""The one module that imports latex2sympy2, so the parser can be swapped.

By the time LaTeX reaches here the reader has replaced every name, derivative, function call
and norm with a placeholder `\\mathit{pN}`; latex2sympy2 only parses the arithmetic around them
(+ - fractions, powers, roots, sums and products with limits, exp/ln/trig, |x|, max/min).
"""

from __future__ import annotations

import sympy
from latex2sympy2 import latex2sympy


class BackendError(Exception):
    """latex2sympy2 refused the (rewritten) input."""


def parse_arithmetic(latex: str) -> sympy.Expr:
    try:
        # latex2sympy2 builds with evaluate=False itself; keep the global default predictable.
        with sympy.evaluate(True):
            result = latex2sympy(latex)
    except Exception as exc:
        raise BackendError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    if not isinstance(result, sympy.Expr):
        raise BackendError(f"not an expression: {type(result).__name__}")
    return result


def placeholder(n: int) -> str:
    # zero-padded: latex2sympy2 sorts the factors of a flattened product by name, so names must
    # sort in written order (p10 would come before p9) or W^T\delta could become \delta W^T
    return f"\\mathit{{p{n:05d}}}"


def placeholder_symbol_name(n: int) -> str:
    return f"\\mathit{{p{n:05d}}}"
