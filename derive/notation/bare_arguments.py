"""The argument of a function written without parentheses (`\\ln x`, `\\sin 2x`).

latex2sympy2 takes everything up to the next `+`, `-` or relation as the argument, division and
explicit products included: `\\ln x / \\ln 2` would be ln(x / ln 2) and `\\sin x \\cdot y` would be
sin(x y). Notes (and every computer algebra system's input form) mean (ln x) / (ln 2) and
(sin x) y: the argument is the juxtaposed product after the function, and a `/`, `\\cdot`,
`\\times` or `*` at its level ends it. This pass makes that reading explicit by putting the
argument in parentheses (zero-width tokens, so carets still point at what is written).
"""

from __future__ import annotations

from derive.notation.macros import RELATIONS
from derive.notation.tokens import Kind, Token, level_end, nesting

# functions latex2sympy2 applies to an argument without parentheses
BARE_FUNCTIONS = frozenset(
    {
        "\\sin", "\\cos", "\\tan", "\\cot", "\\sec", "\\csc",
        "\\sinh", "\\cosh", "\\tanh", "\\coth",
        "\\arcsin", "\\arccos", "\\arctan",
        "\\log", "\\ln", "\\lg", "\\exp",
    }
)  # fmt: skip
_ENDS_PRODUCT = frozenset({"\\cdot", "\\times", "\\div", "\\ast"})


def _after_scripts(tokens: list[Token], k: int) -> int:
    """The first token after the scripts of a function (`\\log_2`, `\\sin^2`, `\\log_{10}`)."""
    while k < len(tokens) and tokens[k].is_char("_", "^"):
        k += 1
        if k < len(tokens) and tokens[k].is_char("{"):
            depth = 0
            while k < len(tokens):
                depth += nesting(tokens[k])
                k += 1
                if depth == 0:
                    break
        else:
            k += 1
    return k


def _divider(tokens: list[Token], lo: int) -> int:
    """Where the juxtaposed argument starting at tokens[lo] is ended by a division or an explicit
    product at its level, or -1 when nothing of the kind follows it before a `+`, `-`, relation
    or the end of its group."""

    def divides(k: int) -> bool:
        return k > lo and (tokens[k].is_char("/", "*") or tokens[k].is_command(*_ENDS_PRODUCT))

    def ends(k: int) -> bool:
        t = tokens[k]
        if divides(k) or t.is_char("+", "-", ",", ";", "&", "=", "<", ">"):
            return True
        # a relation, a row break, or the next function (\sin x \cos y / 2: its argument)
        return t.is_command(*RELATIONS, "\\\\", *BARE_FUNCTIONS)

    k = level_end(tokens, lo, len(tokens), ends)
    return k if k < len(tokens) and divides(k) else -1


def bind_bare_arguments(tokens: list[Token]) -> list[Token]:
    """`\\ln x / \\ln 2` as `\\ln(x) / \\ln 2`: see the module's docstring."""
    out = list(tokens)
    k = 0
    while k < len(out):
        if not out[k].is_command(*BARE_FUNCTIONS):
            k += 1
            continue
        lo = _after_scripts(out, k + 1)
        first = out[lo] if lo < len(out) else None
        if first is None or first.is_char("(", "+", "-") or first.is_command("\\left"):
            k = lo
            continue
        end = _divider(out, lo)
        if end < 0:
            k = lo
            continue
        at = out[lo].start
        close = out[end - 1].end
        out[lo:end] = [
            Token(Kind.CHAR, "(", at, at),
            *out[lo:end],
            Token(Kind.CHAR, ")", close, close),
        ]
        k = lo + 1
    return out
