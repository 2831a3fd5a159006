"""Tokenizer for the LaTeX subset derive reads. Every token keeps its position for error carets."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

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
    return list(_tokens(latex))


@lru_cache(maxsize=8192)  # the same texts are tokenised many times per claim (given, sides)
def _tokens(latex: str) -> tuple[Token, ...]:
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
        elif c in _DIGITS or (c == "." and i + 1 < n and latex[i + 1] in _DIGITS):
            j = i
            while j < n and latex[j] in _DIGITS:
                j += 1
            if j < n and latex[j] == "." and j + 1 < n and latex[j + 1] in _DIGITS:
                j += 1
                while j < n and latex[j] in _DIGITS:
                    j += 1
            tokens.append(Token(Kind.NUMBER, latex[i:j], i, j))
            i = j
        elif _starts_script_digits(latex, i):
            i = _script_digits(latex, i, tokens)
        elif c.isdigit():  # ①, ٣, a full-width 3: not a digit TeX reads in math
            raise LatexError(_not_ascii_digit(c), latex, i, i + 1)
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
    _nesting(tokens, latex)
    return tuple(tokens)


# Groups in groups a formula may hold: the reader, latex2sympy and SymPy all recurse into a group,
# and a few hundred levels exhaust Python's stack (a RecursionError). No formula of course
# material comes near: the deepest in formulas/, tests/ and corpus/ is 9 deep.
MAX_NESTING = 50


def _nesting(tokens: list[Token], latex: str) -> None:
    """Raise a LatexError at the group that opens one level too many."""
    depth = 0
    for t in tokens:
        depth = group_depth(depth, t)
        if depth > MAX_NESTING:
            raise LatexError(
                f"groups nested more than {MAX_NESTING} deep ({{, ( or [ in one another): "
                "derive reads no formula this deep",
                latex,
                t.start,
                t.end,
            )


def group_depth(depth: int, t: Token) -> int:
    """How deep in groups (`{`, `(` or `[` in one another) the text after t is, from how deep
    the text before it is: a group closed too often leaves the depth at 0."""
    if t.is_char("{", "(", "["):
        return depth + 1
    if t.is_char("}", ")", "]"):
        return max(0, depth - 1)
    return depth


_DIGITS = frozenset("0123456789")
# Unicode super- and subscript digits, as pasted from rendered pages (x², W⁻¹, x₁): set as
# ^{2}, ^{-1}, _{1}, as unicode-math reads them (a run is one script: x²³ is x^{23})
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₋", "0123456789-", strict=True))
_SCRIPT_DIGITS = frozenset(c for c in {**_SUPERSCRIPTS, **_SUBSCRIPTS} if c.isdigit())


def _script_digits(latex: str, i: int, tokens: list[Token]) -> int:
    """The run of super- or subscript digits starting at latex[i] (with a script minus first,
    ⁻¹) as the tokens of `^{...}` or `_{...}`, each covering the characters it stands for;
    the index after the run."""
    table = _SUPERSCRIPTS if latex[i] in _SUPERSCRIPTS else _SUBSCRIPTS
    j = i + 1
    while j < len(latex) and latex[j] in table and table[latex[j]] != "-":
        j += 1
    tokens.append(Token(Kind.CHAR, "^" if table is _SUPERSCRIPTS else "_", i, i + 1))
    tokens.append(Token(Kind.CHAR, "{", i, i + 1))
    digits = i + (table[latex[i]] == "-")
    if digits > i:
        tokens.append(Token(Kind.CHAR, "-", i, digits))
    tokens.append(Token(Kind.NUMBER, "".join(table[c] for c in latex[digits:j]), digits, j))
    tokens.append(Token(Kind.CHAR, "}", j - 1, j))
    return j


def _starts_script_digits(latex: str, i: int) -> bool:
    """Whether a super- or subscript digit, or a script minus before one, stands at latex[i]."""
    c = latex[i]
    if c in _SCRIPT_DIGITS:
        return True
    nxt = latex[i + 1 : i + 2]
    return (c == "⁻" and nxt in _SUPERSCRIPTS and nxt != "⁻") or (
        c == "₋" and nxt in _SUBSCRIPTS and nxt != "₋"
    )


def _not_ascii_digit(c: str) -> str:
    value = unicodedata.digit(c, None)
    write = f": write {value}" if value is not None else ""
    return f"{c!r} is not a digit TeX reads in a formula{write}"


def _skip_text_argument(latex: str, start: int, i: int) -> int:
    """End of the braced argument of a text command beginning at latex[i] (spaces allowed)."""
    n = len(latex)
    while i < n and latex[i].isspace():
        i += 1
    if i >= n or latex[i] != "{":
        raise LatexError("a text command needs a {...} argument", latex, start, i)
    depth = 0
    k = i
    while k < n:
        if latex[k] == "\\":  # a command or an escaped character (\{, \}, \\): skipped whole
            k += 2
            continue
        if latex[k] == "{":
            depth += 1
        elif latex[k] == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
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


def item_start(tokens: list[Token], k: int) -> int:
    """Where the item before tokens[k] begins: one token, or the group a '}' there closes."""
    depth = 0
    for m in range(k - 1, -1, -1):
        depth += tokens[m].is_char("}") - tokens[m].is_char("{")
        if depth <= 0:
            return m
    return -1
