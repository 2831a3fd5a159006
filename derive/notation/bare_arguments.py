"""The argument of a function written without parentheses (`\\ln x`, `\\sin 2x`).

latex2sympy2 takes everything up to the next `+`, `-` or relation as the argument, division and
explicit products included: `\\ln x / \\ln 2` would be ln(x / ln 2) and `\\sin x \\cdot y` would be
sin(x y). Notes (and every computer algebra system's input form) mean (ln x) / (ln 2) and
(sin x) y: the argument is the juxtaposed product after the function, and a `/`, `\\cdot`,
`\\times` or `*` at its level ends it. This pass makes that reading explicit by putting the
argument in parentheses (zero-width tokens, so carets still point at what is written).

A parenthesised factor inside such an argument, after a name that is no function
(`\\tanh x (1 - \\tanh^2 x)`), is an error with a caret: the juxtaposed product makes it
tanh(x (1 - tanh² x)), while authors who write it mean tanh(x) (1 - tanh² x) as often as not
(the derivative of tanh²). `check_bare_factors` asks for the parentheses that say which.
"""

from __future__ import annotations

from functools import partial

from derive.errors import LatexError
from derive.notation.macros import RELATIONS
from derive.notation.tokens import Kind, Token, level_end, matching, nesting

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


_OPERATORS = frozenset({"+", "-", "*", "/"})


def _operator_inside(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether tokens[lo:hi] hold a +, -, *, /, \\cdot or \\times at their own level: an
    expression (`1 - \\tanh^2 x`), never a list of a function's variables (`x`, `w, b`)."""
    depth = 0
    for t in tokens[lo:hi]:
        depth += nesting(t)
        if not depth and (t.is_char(*_OPERATORS) or t.is_command(*_ENDS_PRODUCT)):
            return True
    return False


def _ends_argument(tokens: list[Token], lo: int, j: int) -> bool:
    """Whether tokens[j] ends the juxtaposed argument that starts at tokens[lo]."""
    u = tokens[j]
    if j > lo and (u.is_char("+", "-", "/", "*") or u.is_command(*_ENDS_PRODUCT)):
        return True
    if u.is_char(",", ";", "&", "=", "<", ">"):
        return True
    return j > lo and u.is_command(*RELATIONS, "\\\\", *BARE_FUNCTIONS)


def check_bare_factors(tokens: list[Token], latex: str, functions: frozenset[str]) -> None:
    """`\\tanh x (1 - \\tanh^2 x)`, `\\sin 2(x + 1)`: a LatexError (see the module's
    docstring). A parenthesised group after a name declared a function (`\\sigma(w^T x + b)`:
    its call, also with scripts: `\\sigma_{1}(x + b)`), or holding only names (`p(x)`: a call
    the reader decides) is left as it is."""
    for k, t in enumerate(tokens):
        if not t.is_command(*BARE_FUNCTIONS):
            continue
        lo = _after_scripts(tokens, k + 1)
        if (
            lo >= len(tokens)
            or tokens[lo].is_char("(", "+", "-")
            or tokens[lo].is_command("\\left")
        ):
            continue
        end = level_end(tokens, lo, len(tokens), partial(_ends_argument, tokens, lo))
        depth = 0
        for j in range(lo, end):
            depth += nesting(tokens[j])
            opening = tokens[j].is_char("(") and depth == 1
            left = tokens[j].is_command("\\left") and j + 1 < end and tokens[j + 1].is_char("(")
            if not (opening or (left and depth == 0)) or j == lo:
                continue
            before = tokens[j - 1]
            head = _factor_start(tokens, lo, j)
            named = any(
                u.kind in (Kind.LETTER, Kind.COMMAND) and u.text in functions
                for u in tokens[head:j]
            )
            if named or before.is_char(")", "]", "'") or before.kind is Kind.TEXT:
                continue
            group = j + 1 if left else j
            try:
                close = matching(tokens, group, latex)
            except LatexError:  # closed by a bracket (an interval), or never: not this check's
                continue
            if not _operator_inside(tokens, group + 1, close):
                continue
            arg = _plain(latex[tokens[lo].start : before.end])
            factor = _plain(latex[tokens[j].start : tokens[close].end])
            raise LatexError(
                f"{t.text} without parentheses, then a parenthesised factor: "
                f"{t.text}({arg}){factor} or {t.text}({arg} {factor})? Write the parentheses",
                latex,
                t.start,
                tokens[close].end,
            )


def _factor_start(tokens: list[Token], lo: int, j: int) -> int:
    """Where the factor that ends just before tokens[j] starts, at lo or after: a name with its
    scripts and braced groups (`h_{\\theta}`, `x^{2}`, `\\hat{y}`)."""
    k = j - 1
    while k > lo:
        if tokens[k].is_char("}"):
            depth = 0
            while k >= lo:  # back to the brace that opens this group
                depth += tokens[k].is_char("}") - tokens[k].is_char("{")
                if depth == 0:
                    break
                k -= 1
            k -= 1
        elif tokens[k].is_char("_", "^"):
            k -= 1
        elif k > lo and tokens[k - 1].is_char("_", "^"):
            k -= 2  # a one-token script: x_i
        else:
            break
    return max(k, lo)


def _plain(text: str) -> str:
    """A piece of the formula for a message, without `\\left` and `\\right`."""
    return " ".join(text.replace("\\left", "").replace("\\right", "").split())
