"""The reader's state over one piece of LaTeX: its tokens (normalised, ellipses expanded), the
names in scope, errors with a caret, argument groups and placeholders. The parts of the reader
(scripts.py, values.py, calls.py, calculus.py, sums.py, ...) build on it; reader.py puts them
together and supplies `expr` and `_emit`, which every part calls back for the expressions inside
it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache

import sympy

from derive.errors import LatexError
from derive.model import Macro
from derive.notation import usermacros
from derive.notation.ambiguities import (
    check_double_scripts,
    check_e_notation,
    check_numbers_apart,
    check_spacing_arguments,
)
from derive.notation.backend import placeholder, placeholder_symbol_name
from derive.notation.bare_arguments import bind_bare_arguments, check_bare_factors
from derive.notation.ellipsis import expand_ellipses
from derive.notation.names import Names
from derive.notation.normalisation import function_words, normalise
from derive.notation.piecewise import RowChain
from derive.notation.tokens import Token, check_balanced, matching, nesting, tokenize

# a function name with its indices (`\sigma_1`: ("\sigma", (1,))), as `given` applies it
Applied = tuple[str, tuple[sympy.Expr, ...]]


# a function's argument position and the numbered entries of it that its body uses
Spread = tuple[tuple[int, tuple[int, ...]], ...]


def grouped_tokens(latex: str, names: Names) -> list[Token]:
    """The tokens of a piece of LaTeX, its author macros expanded and normalised; a LatexError
    with a caret when its groups do not pair (a parenthesis never closed, a brace closing
    nothing). Needs no definitions: a claim is checked so before its `given` is read."""
    return list(_grouped(latex, frozenset(names.specs), tuple(names.macros), _callable(names)))


def _callable(names: Names) -> frozenset[str]:
    """The names declared as functions (`sigma = "sigmoid"`): `\\sigma(...)` is their call."""
    return frozenset(n for n, spec in names.specs.items() if spec.function is not None)


# A claim's `given` is read again by every reader made for it (each side, each link, lint, the
# diagnosis): the token passes are pure functions of the text, the declared names and the
# macros, so each text is tokenised once (tuples: nothing can change what is cached).
@lru_cache(maxsize=4096)
def _grouped(
    latex: str,
    declared: frozenset[str],
    macros: tuple[Macro, ...],
    functions: frozenset[str] = frozenset(),
) -> tuple[Token, ...]:
    written = usermacros.expand(tokenize(latex), latex, macros)
    check_spacing_arguments(written, latex)
    words = function_words(normalise(written), declared)
    check_bare_factors(words, latex, functions)  # \tanh x (1 - x): which product? (asked)
    tokens = bind_bare_arguments(words)
    check_balanced(tokens, latex)
    check_double_scripts(written, latex)  # as written: {x^2}^2 is (x^2)^2
    check_numbers_apart(tokens, latex)  # forms the page shows otherwise (ambiguities.py)
    check_e_notation(tokens, latex)
    return tuple(tokens)


@lru_cache(maxsize=4096)
def _expanded(
    latex: str, declared: frozenset[str], macros: tuple[Macro, ...], functions: frozenset[str]
) -> tuple[tuple[Token, ...], tuple[tuple[int, str], ...]]:
    """The grouped tokens with their ellipses expanded, and why each other one is not."""
    expansion = expand_ellipses(
        list(_grouped(latex, declared, macros, functions)), latex, normalise, declared
    )
    return tuple(expansion.tokens), tuple(expansion.reasons.items())


class Cursor(ABC):
    """The state every part of the reader works on, and the helpers they share."""

    def __init__(
        self,
        latex: str,
        names: Names,
        defined_functions: frozenset[str] = frozenset(),
        elementwise: frozenset[str] = frozenset(),
        arguments: Mapping[str, tuple[sympy.Expr, ...]] | None = None,
        defined_values: frozenset[str] = frozenset(),
        fixed: Mapping[str, tuple[sympy.Expr, ...]] | None = None,
        applied: Mapping[Applied, tuple[sympy.Expr, ...]] | None = None,
        spread: Mapping[str, Spread] | None = None,
    ) -> None:
        self.latex = latex
        self.names = names
        self.defined_functions = defined_functions
        self.elementwise = elementwise  # arbitrary functions used as activations
        # the arguments of functions defined in `given` (f(x, y) = ...): a bare f is f(x, y)
        self.arguments = dict(arguments or {})
        # names `given` defines as values (`J = ...`): `J(\theta)` is no product J theta
        self.defined_values = defined_values
        # functions defined for their written arguments only (`J(\theta_0, \theta_1) = ...`):
        # the indices and arguments they must be applied to
        self.fixed = dict(fixed or {})
        # declared functions `given` applies to one argument (a_1 = \sigma_1(z_1)): a bare
        # primed \sigma_1' is the derivative there
        self.applied = dict(applied or {})
        # functions whose body uses numbered entries of an argument (`h(x) = \theta_0 x_0 +
        # \theta_1 x_1`): the argument's position and the entries, passed instead of it
        self.spread = dict(spread or {})
        tokens, reasons = _expanded(
            latex, frozenset(names.specs), tuple(names.macros), _callable(names)
        )
        self.tokens, self._ellipsis_reasons = list(tokens), dict(reasons)
        self._count = 0
        # piecewise rows written as chains, collected while a claim's side is read (see
        # literals._piecewise); None outside a claim, where such a row is an error
        self.row_chains: list[RowChain] | None = None
        # each `(...)'`: its stand-in, the group read, the order, its tokens (primes.py)
        self.expression_primes: list[tuple[sympy.Symbol, sympy.Expr, int, int, int]] = []
        self._multi = sorted(
            (n for n in names.specs if n.isalpha() and len(n) > 1), key=len, reverse=True
        )

    # -- errors ------------------------------------------------------------------------------
    def error(self, message: str, lo: int, hi: int | None = None) -> LatexError:
        toks = self.tokens
        if not toks:
            return LatexError(message, self.latex, 0, len(self.latex))
        lo = min(lo, len(toks) - 1)
        hi = lo + 1 if hi is None else max(hi, lo + 1)
        return LatexError(message, self.latex, toks[lo].start, toks[min(hi, len(toks)) - 1].end)

    # -- what every part calls back (reader.py) ----------------------------------------------
    @abstractmethod
    def expr(self, lo: int, hi: int) -> sympy.Expr:
        """Parse tokens[lo:hi] into SymPy."""

    @abstractmethod
    def _emit(
        self, lo: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> None:
        """Append the parser's text for tokens[lo:hi] to `pieces`, holding what we read."""

    # -- groups and placeholders ---------------------------------------------------------------
    def _hold(
        self, value: sympy.Expr, lo: int, hi: int, holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> str:
        self._count += 1
        holds[placeholder_symbol_name(self._count)] = (value, lo, hi)
        return "{" + placeholder(self._count) + "}"

    def _group(self, i: int, hi: int) -> tuple[int, int, int]:
        """The content range of the argument starting at i ({...} or one token), and the next i."""
        if i >= hi:
            raise self.error("an argument is missing here", max(0, i - 1))
        if self.tokens[i].is_char("{"):
            j = matching(self.tokens, i, self.latex)
            return i + 1, j, j + 1
        return i, i + 1, i + 1

    def _depth0(self, lo: int, k: int) -> bool:
        depth = 0
        for t in self.tokens[lo:k]:
            depth += nesting(t)
        return depth == 0
