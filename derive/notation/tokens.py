"""Tokenizer for the LaTeX subset derive reads. Every token keeps its position for error carets."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from derive.errors import LatexError


class Kind(enum.Enum):
    COMMAND = "command"  # \name or \<one non-letter>
    LETTER = "letter"
    NUMBER = "number"  # 12, 0.25, .5
    CHAR = "char"  # any other single character: + - * / = ( ) [ ] { } ^ _ ' , | < > ! : ;
    TEXT = "text"  # \\text{...} and friends, argument included: an annotation, never math


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    start: int
    end: int

    def is_char(self, *chars: str) -> bool:
        return self.kind is Kind.CHAR and self.text in chars

    def is_command(self, *names: str) -> bool:
        return self.kind is Kind.COMMAND and self.text in names


_CHARS = set("+-*/=()[]{}^_',|<>!:;.&~")
TEXT_COMMANDS = frozenset({"\\text", "\\textrm", "\\textit", "\\textbf", "\\mbox"})


def tokenize(latex: str) -> list[Token]:
    """Split LaTeX into tokens; `\\text{...}` content is kept whole as one command argument."""
    tokens: list[Token] = []
    i, n = 0, len(latex)
    while i < n:
        c = latex[i]
        if c.isspace():
            i += 1
        elif c == "\\":
            j = i + 1
            if j < n and latex[j].isascii() and latex[j].isalpha():
                while j < n and latex[j].isascii() and latex[j].isalpha():
                    j += 1
            elif j < n:
                j += 1
            else:
                raise LatexError("a lone backslash ends the input", latex, i, i + 1)
            if latex[i:j] in TEXT_COMMANDS:
                j = _skip_text_argument(latex, i, j)
                tokens.append(Token(Kind.TEXT, latex[i:j], i, j))
            else:
                tokens.append(Token(Kind.COMMAND, latex[i:j], i, j))
            i = j
        elif c.isascii() and c.isalpha():
            tokens.append(Token(Kind.LETTER, c, i, i + 1))
            i += 1
        elif c.isdigit() or (c == "." and i + 1 < n and latex[i + 1].isdigit()):
            j = i
            while j < n and latex[j].isdigit():
                j += 1
            if j < n and latex[j] == "." and j + 1 < n and latex[j + 1].isdigit():
                j += 1
                while j < n and latex[j].isdigit():
                    j += 1
            tokens.append(Token(Kind.NUMBER, latex[i:j], i, j))
            i = j
        elif c in _CHARS:
            tokens.append(Token(Kind.CHAR, c, i, i + 1))
            i += 1
        elif c == "\u2032":  # a typographic prime, as pasted from rendered pages
            tokens.append(Token(Kind.CHAR, "'", i, i + 1))
            i += 1
        elif c in "\u2212\u2013":  # a typographic minus or an en dash standing for one
            tokens.append(Token(Kind.CHAR, "-", i, i + 1))
            i += 1
        else:
            raise LatexError(f"unexpected character {c!r} outside \\text{{...}}", latex, i, i + 1)
    return tokens


def _skip_text_argument(latex: str, start: int, i: int) -> int:
    """End of the braced argument of a text command beginning at latex[i] (spaces allowed)."""
    n = len(latex)
    while i < n and latex[i].isspace():
        i += 1
    if i >= n or latex[i] != "{":
        raise LatexError("a text command needs a {...} argument", latex, start, i)
    depth = 0
    for k in range(i, n):
        if latex[k] == "{" and latex[k - 1] != "\\":
            depth += 1
        elif latex[k] == "}" and latex[k - 1] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    raise LatexError("the text argument is never closed", latex, start, i + 1)


def matching(tokens: list[Token], i: int, latex: str) -> int:
    """Index of the token closing the group opened at tokens[i] ('{', '(' or '[')."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    opener = tokens[i].text
    closer = pairs[opener]
    depth = 0
    for k in range(i, len(tokens)):
        t = tokens[k]
        if t.kind is not Kind.CHAR:
            continue
        if t.text == opener:
            depth += 1
        elif t.text == closer:
            depth -= 1
            if depth == 0:
                return k
    raise LatexError(f"'{opener}' is never closed", latex, tokens[i].start, tokens[i].end)


def check_balanced(tokens: list[Token], latex: str) -> None:
    """Braces must balance exactly; parentheses and brackets must pair (either may close the other,
    as in interval notation, but never be left open or closed twice)."""
    stack: list[Token] = []
    for t in tokens:
        if t.kind is not Kind.CHAR:
            continue
        if t.text in "{([":
            stack.append(t)
        elif t.text in "})]":
            if not stack:
                raise LatexError(f"'{t.text}' closes nothing", latex, t.start, t.end)
            opener = stack.pop()
            if (opener.text == "{") != (t.text == "}"):
                raise LatexError(
                    f"'{opener.text}' is closed by '{t.text}'", latex, opener.start, t.end
                )
    if stack:
        t = stack[-1]
        raise LatexError(f"'{t.text}' is never closed", latex, t.start, t.end)


NUMBERS_APART = (
    "two numbers side by side, only space or a row break between: the page shows one number "
    "(10) or two rows, no product; write one number, a product with \\cdot, or indices with a "
    "comma (x_{1,0})"
)
# commands whose arguments may be single digits written apart: `\\frac 1 2` is 1/2
_DIGIT_ARGUMENTS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac", "\\binom", "\\sqrt"})


def check_numbers_apart(tokens: list[Token], latex: str) -> None:
    """Two numbers side by side with only space between (`1 0`, `x_{1 0}`, `1\\,000`): TeX sets
    them as one number (10, 1 000), so neither the product nor two indices is what the page
    shows. An error with a caret, unless the first is a script (`x^2 3`) or an argument of a
    command (`\\frac 1 2`)."""
    for k in range(1, len(tokens)):
        a, b = tokens[k - 1], tokens[k]
        if a.kind is not Kind.NUMBER or b.kind is not Kind.NUMBER or b.start <= a.end:
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


def nesting(t: Token) -> int:
    """How a token changes the group depth: brackets, braces and environments
    (`\\begin{..} ... \\end{..}`, so that the `=`, `<`, `&` inside one stay inside)."""
    if t.is_char("{", "(", "[") or t.is_command("\\begin"):
        return 1
    if t.is_char("}", ")", "]") or t.is_command("\\end"):
        return -1
    return 0


def level_end(tokens: list[Token], lo: int, hi: int, stop: Callable[[int], bool]) -> int:
    """The first position k in lo..hi whose token is at the level of tokens[lo] (not inside a
    group opened after lo) and for which stop(k) holds; else where the group lo stands in
    closes, or hi."""
    depth = 0
    for k in range(lo, hi):
        step = nesting(tokens[k])
        if depth + step < 0:
            return k
        depth += step
        if not depth and not step and stop(k):
            return k
    return hi


def text_content(t: Token) -> str:
    """The words of a `\\text{...}` token, spaces trimmed."""
    brace = t.text.index("{")
    return t.text[brace + 1 : -1].strip()
