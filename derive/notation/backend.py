"""The one module that imports the LaTeX arithmetic parser, so the parser can be swapped.

The parser is `latex2sympy2_extended`, the maintained line of latex2sympy2 (same ANTLR grammar,
current ANTLR runtimes, Python >= 3.10). By the time LaTeX reaches here the reader has replaced
every name, derivative, function call and norm with a placeholder `\\variable{pN}`; the parser only
reads the arithmetic around them (+ - fractions, powers, roots, sums and products with limits,
exp/ln/trig, |x|, max/min).

It is configured for our notation (docs/design.md, "The arithmetic parser"):
- `lowercase_symbols=False`: its default folds `W` and `w` into one symbol;
- no string normalization beyond `\\left(`/`\\right)` -> `(`/`)` (the library's own patterns):
  its normalizer rewrites answers of math benchmarks (drops quotes, units, empty `\\text{}`,
  reads `(n)_{k}` as a falling factorial), which would read an author's formula silently
  differently; the reader decides what is dropped, and `--explain` shows it;
- a whole input in one group (`{x}`, `(x)`) is that expression: the grammar reads a lone group
  at the top as a one-element set;
- ANTLR's SLL prediction first, and full LL only where SLL reports a syntax error (the two give
  the same tree wherever SLL succeeds; SLL is about 10x faster on our inputs);
- a written decimal is the exact rational it writes (the library makes a Float of it);
- results memoised per input string: a claim's sides are read by lint, by the engine and by the
  diagnosis, and the catalog repeats many fragments.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy
from antlr4.atn.PredictionMode import PredictionMode
from latex2sympy2_extended import latex2sympy2 as _l2s
from latex2sympy2_extended.math_normalization import r_left, r_right

_CONFIG = _l2s.ConversionConfig(
    lowercase_symbols=False,
    interpret_as_mixed_fractions=False,  # `2 \frac{1}{2}` is a product in formulas, not 2 1/2
    interpret_simple_eq_as_assignment=False,
    interpret_contains_as_eq=False,
)


class BackendError(Exception):
    """The parser refused the (rewritten) input."""


class _Converter(_l2s._Latex2Sympy):  # type: ignore[misc]  # untyped library class; the public
    # latex2sympy() has no way to set the prediction mode, so we subclass its converter
    """The library's converter with a parser in a chosen ANTLR prediction mode."""

    def __init__(self, mode: Any) -> None:
        super().__init__(None, None, False, config=_CONFIG)
        self._mode = mode

    def parse_number(self, text: str) -> Any:
        # a written decimal is the exact rational it writes (0.3 is 3/10), as latex2sympy2 1.9.1
        # read it; the library makes a 15-digit Float, which an exact proof cannot use
        digits = text.replace(",", "")
        if "." in digits:
            return sympy.Rational(digits)
        return super().parse_number(text)

    def create_parser(self, latex_str: str) -> Any:
        parser = super().create_parser(latex_str)
        parser._interp.predictionMode = self._mode
        return parser

    def convert_postfix_list(self, arr: Any, i: int = 0) -> Any:
        # latex2sympy2_extended 1.11 reads a whole number before a positive rational as a mixed
        # fraction whatever `interpret_as_mixed_fractions` says: `2(3)` was 5, `2 \frac{1}{2}`
        # 5/2. The library's method with that branch left out (the flag is False): a product.
        res = self.convert_postfix(arr[i])
        if isinstance(res, sympy.Expr | sympy.MatrixBase):
            if i == len(arr) - 1:
                return res
            rh = self.convert_postfix_list(arr, i + 1)
            if getattr(res, "is_Matrix", False) or getattr(rh, "is_Matrix", False):
                return self.mat_mul_flat(res, rh)
            return self.mul_flat(res, rh)
        if isinstance(res, list) and len(res) == 1:  # a derivative operator: d/dx of the rest
            if i == len(arr) - 1:
                raise Exception("Expected expression for derivative")  # the library's error
            return sympy.Derivative(self.convert_postfix_list(arr, i + 1), res[0])
        return res


_SLL = _Converter(PredictionMode.SLL)
_LL = _Converter(PredictionMode.LL)


def parse_arithmetic(latex: str) -> sympy.Expr:
    """The SymPy expression of `latex` (arithmetic around placeholders); BackendError if unread."""
    result = _parse(latex)
    if isinstance(result, BackendError):
        raise BackendError(*result.args)
    return result


@lru_cache(maxsize=8192)
def _parse(latex: str) -> sympy.Expr | BackendError:
    text = r_right.sub(r"\1", r_left.sub(r"\1", latex))
    try:
        # the parser builds with evaluate=False itself; keep the global default predictable.
        with sympy.evaluate(True):
            try:
                result = _SLL.parse(text)
            except Exception:  # SLL's syntax error is not final: LL may still read the input
                result = _LL.parse(text)
    except Exception as exc:  # the library raises bare Exception for every syntax error
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return BackendError(message)
    if isinstance(result, sympy.FiniteSet) and len(result) == 1 and not text.startswith("\\{"):
        (result,) = result.args
    if not isinstance(result, sympy.Expr):
        return BackendError(f"not an expression: {type(result).__name__}")
    return _natural_logs(result)


def _natural_logs(expr: sympy.Expr) -> sympy.Expr:
    """`\\ln 2` comes back as the unevaluated log(2, E), a two-argument log that neither
    lambdify nor NumPy reads: the natural logarithm is SymPy's one-argument log."""
    with sympy.evaluate(False):
        return expr.replace(
            lambda e: isinstance(e, sympy.log) and len(e.args) == 2 and e.args[1] == sympy.E,
            lambda e: sympy.log(e.args[0]),
        )


def placeholder(n: int) -> str:
    """The LaTeX of placeholder n: the grammar's `\\variable{...}`, one symbol whatever its name."""
    return f"\\variable{{{placeholder_symbol_name(n)}}}"


def placeholder_symbol_name(n: int) -> str:
    """The name of the SymPy symbol the parser makes of `placeholder(n)`."""
    # zero-padded: the parser sorts the factors of a flattened product by name, so names must
    # sort in written order (p10 would come before p9) or W^T\delta could become \delta W^T
    return f"p{n:05d}"
