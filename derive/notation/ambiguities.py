"""Written forms the page shows otherwise than a reading would take them, found on the tokens
before anything is read: each is an error with a caret, never a guess. Two numbers with only
space between (`1 0`, shown 10), a number in e-notation (`1e-3`: 0.001 or e - 3?), and a spacing
command taken as the argument of a script or an accent (`x^\\,2`, `\\hat\\,y`: TeX sets the space
as the argument, and what follows stands apart); a double script (`x^2^3`), which TeX rejects."""

from __future__ import annotations

from derive.errors import LatexError
from derive.notation.macros import DECORATIONS, NAMED_FONTS, TRANSPARENT_FONTS, WORD_FONTS
from derive.notation.tokens import Kind, Token, item_start

NUMBERS_APART = (
    "two numbers side by side, only space or a row break between: the page shows one number "
    "(10) or two rows, no product; write one number, a product with \\cdot, or indices with a "
    "comma (x_{1,0})"
)
TWO_POINTS = "a number with two decimal points: write one number, or a product with \\cdot"
# commands whose arguments may be single digits written apart: `\\frac 1 2` is 1/2
_DIGIT_ARGUMENTS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac", "\\binom", "\\sqrt"})


def check_numbers_apart(tokens: list[Token], latex: str) -> None:
    """Two numbers side by side with only space between (`1 0`, `x_{1 0}`, `1\\,000`): TeX sets
    them as one number (10, 1 000), so neither the product nor two indices is what the page
    shows. An error with a caret, unless the first is a script (`x^2 3`) or an argument of a
    command (`\\frac 1 2`). A number with two decimal points (`0.5.2`, tokens 0.5 and .2 that
    touch) is an error too."""
    for k in range(1, len(tokens)):
        a, b = tokens[k - 1], tokens[k]
        if a.kind is not Kind.NUMBER or b.kind is not Kind.NUMBER:
            continue
        if b.start <= a.end and "." in a.text and b.text.startswith("."):
            raise LatexError(TWO_POINTS, latex, a.start, b.end)  # 0.5.2 was 0.5 times .2
        if b.start <= a.end:
            continue  # \frac 32 is split into two digits that touch: no space between
        before = tokens[k - 2] if k > 1 else None
        if before is not None and (
            before.is_char("^", "_") or before.is_command(*_DIGIT_ARGUMENTS)
        ):
            continue
        if _indices_apart(tokens, k):
            continue
        raise LatexError(NUMBERS_APART, latex, a.start, b.end)


def _indices_apart(tokens: list[Token], k: int) -> bool:
    """Whether tokens[k] stands in a subscript of single letters and digits (`w_{1 2}`), each
    token one index as written (docs/notation.md, Indices): the space separates indices."""
    depth, lo = 0, -1
    for m in range(k - 1, -1, -1):
        depth += tokens[m].is_char("}") - tokens[m].is_char("{")
        if depth < 0:
            lo = m
            break
    if lo < 1 or not tokens[lo - 1].is_char("_"):
        return False
    for t in tokens[lo + 1 :]:
        if t.is_char("}"):
            return True
        if not (
            t.kind in {Kind.LETTER, Kind.COMMAND} or (t.kind is Kind.NUMBER and len(t.text) == 1)
        ):
            return False
    return False


def number_across(tokens: list[Token], i: int, hi: int, layout: frozenset[str]) -> int:
    """Where a number stands after the run of `layout` commands (spacing, row breaks) that
    starts at tokens[i] with a number right before it (`1 \\quad 2`, `1 \\\\ 2`, read where
    they join nothing): the two numbers are side by side; -1 otherwise."""
    if i == 0 or tokens[i - 1].kind is not Kind.NUMBER:
        return -1
    k = i
    while k < hi and tokens[k].kind is Kind.COMMAND and tokens[k].text in layout:
        k += 1
    return k if k < hi and tokens[k].kind is Kind.NUMBER else -1


E_NOTATION = "a number in e-notation: 0.001 or the constant e? Write 10^{-3} (or 1 \\cdot e - 3)"


def check_e_notation(tokens: list[Token], latex: str) -> None:
    """`1e-3`, `2e3`, `1.5e+2`: a number, the letter e and a signed number, all touching, is
    the e-notation of code and of most ML notes, and as math the product with Euler's e (it was
    read 1·e − 3). An error with a caret: the reading is not sure."""
    for k in range(len(tokens) - 2):
        a, e = tokens[k], tokens[k + 1]
        if a.kind is not Kind.NUMBER or not (e.kind is Kind.LETTER and e.text == "e"):
            continue
        if e.start != a.end:
            continue
        m = k + 2
        if tokens[m].is_char("+", "-") and tokens[m].start == e.end and m + 1 < len(tokens):
            m += 1
        b = tokens[m]
        if b.kind is Kind.NUMBER and b.start == tokens[m - 1].end:
            raise LatexError(E_NOTATION, latex, a.start, b.end)


# spacing commands, and the commands and scripts that take the next token as their argument
_SPACES = frozenset(
    {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\enspace", "\\thinspace", "\\quad", "\\qquad"}
)
_TAKES_ONE = DECORATIONS | TRANSPARENT_FONTS | NAMED_FONTS | WORD_FONTS | {"\\sqrt"}


def check_spacing_arguments(tokens: list[Token], latex: str) -> None:
    """`x^\\,2`, `x_\\!i`, `\\hat\\,y`: a spacing command right after `^`, `_` or a command of
    one argument is that argument (TeX sets the space as the script or under the accent, and
    what follows stands apart): dropping the space would read x², x_i, ŷ. An error with a caret.
    Runs on the tokens as written, before spacing is dropped."""
    for k in range(1, len(tokens)):
        t, before = tokens[k], tokens[k - 1]
        if not (t.kind is Kind.COMMAND and t.text in _SPACES) and not t.is_char("~"):
            continue
        if before.is_char("^", "_") or (before.kind is Kind.COMMAND and before.text in _TAKES_ONE):
            raise LatexError(
                f"a spacing command as the argument of {before.text}: TeX sets the space there, "
                "and what follows stands apart; write the argument in braces",
                latex,
                before.start,
                t.end,
            )


def check_double_scripts(tokens: list[Token], latex: str) -> None:
    """A second superscript right after one (`x^2^2`, `x^{a}^{b}`, `x^2²`), or a second
    subscript: TeX rejects it ("Double superscript"), so no page shows it; an error with a
    caret, never a guess between (x^a)^b, x^{ab} and x^{a^b}."""
    for k, t in enumerate(tokens):
        if not t.is_char("^", "_"):
            continue
        if k and tokens[k - 1].is_char("^", "_"):  # x^^2, \partial^² (^ then ^{2})
            written = latex[t.start : t.end]
            hint = f" ({written} is a script already: write it alone)" if written != t.text else ""
            raise LatexError(
                f"{written!r} right after '{tokens[k - 1].text}': a script needs an argument"
                + hint,
                latex,
                tokens[k - 1].start,
                t.end,
            )
        at = k  # walk back over the scripts of the other kind (x^2_j^3 is a double too)
        while (start := item_start(tokens, at)) >= 1 and tokens[start - 1].is_char("^", "_"):
            if tokens[start - 1].text == t.text:
                kind = "superscript" if t.text == "^" else "subscript"
                raise LatexError(
                    f"a double {kind}: TeX sets none; write one group, such as "
                    f"x{t.text}{{ab}} or (x{t.text}a){t.text}b",
                    latex,
                    tokens[start - 1].start,
                    t.end,
                )
            at = start - 1
