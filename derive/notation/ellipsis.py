"""Ellipses in sums: `a_0 + ... + a_n`, `x_1 + x_2 + \\cdots + x_n` as the sum they abbreviate.

Before anything is read, each `+ ELLIPSIS +` whose last term and first term(s) are the same text
except for one integer index is rewritten, in the token list, as `\\sum_{k=a}^{b}(pattern)`: the
first term's text with the varying digit replaced by a fresh index letter k. Nothing is guessed:

- the terms are compared as written (spaces aside), character by character; every difference
  must be the same digit a in the first term against the same name or digit b in the last one;
- one term before the ellipsis means step 1 (`a_0 + ... + a_n`); two terms that are both
  instances fix the step, which must then be 1 (`x_1 + x_2 + ... + x_n`); any other step, or a
  sign before the first term (`c - a_0 + ... + a_n`), or an ellipsis not between two `+`, is
  left as written, and reading it later is an error naming the reason.

The rewritten tokens keep positions in the original LaTeX (the pattern's tokens those of the
first term, the `\\sum` and its limits the whole expansion), so every later error still points
at what was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from derive.notation.tokens import Kind, Token, tokenize

Normaliser = Callable[[list[Token]], list[Token]]

ELLIPSES = frozenset({"\\cdots", "\\ldots", "\\dots"})
OPENERS = ("(", "[", "{")
CLOSERS = (")", "]", "}")
_RELATIONS = ("=", "<", ">")
_INDEX_LETTERS = "kjimpqrstuv"


@dataclass(frozen=True)
class Expansion:
    """The tokens with every readable ellipsis rewritten, and why each other one is not."""

    tokens: list[Token]
    reasons: dict[int, str]  # start offset of an ellipsis left as written -> why


def is_ellipsis(tokens: list[Token], k: int) -> int:
    """The number of tokens of an ellipsis starting at k (0 when there is none)."""
    t = tokens[k]
    if t.kind is Kind.COMMAND and t.text in ELLIPSES:
        return 1
    if k + 2 < len(tokens) and all(x.is_char(".") for x in tokens[k : k + 3]):
        return 3
    return 0


def expand_ellipses(
    tokens: list[Token], latex: str, normalise: Normaliser, avoid: frozenset[str] = frozenset()
) -> Expansion:
    """Rewrite each readable sum ellipsis of `tokens` (see the module docstring).
    `normalise` is the reader's token normaliser, applied to the pattern's tokens; the index of
    a sum is a letter neither written in `latex` nor in `avoid` (the declared names)."""
    out = list(tokens)
    reasons: dict[int, str] = {}
    k = 0
    while k < len(out):
        width = is_ellipsis(out, k)
        if not width:
            k += 1
            continue
        result = _expand_one(out, k, width, latex, normalise, avoid)
        if isinstance(result, str):
            reasons[out[k].start] = result
            k += width
            continue
        lo, hi, new = result
        out[lo:hi] = new
        k = lo + len(new)
    return Expansion(out, reasons)


def _expand_one(
    toks: list[Token],
    e: int,
    width: int,
    latex: str,
    normalise: Normaliser,
    avoid: frozenset[str],
) -> str | tuple[int, int, list[Token]]:
    after = e + width
    if not (e > 0 and toks[e - 1].is_char("+") and after < len(toks) and toks[after].is_char("+")):
        return "an ellipsis is read only between two + signs (a_0 + \\cdots + a_n)"
    last = (after + 1, _term_end(toks, after + 1))
    first_start = _term_start(toks, e - 1)
    first = (first_start, e - 1)
    if first[0] >= first[1] or last[0] >= last[1]:
        return "a term is missing next to the ellipsis"
    before = toks[first_start - 1] if first_start > 0 else None
    if before is not None and before.is_char("-"):
        return "a minus sign before the first term of an ellipsis: write the sum"
    last_text = _text(toks, latex, *last)
    match = _instance(_text(toks, latex, *first), last_text)
    if match is None:
        return (
            "the terms around the ellipsis are not one pattern differing in one integer index; "
            "write the sum"
        )
    positions, start, end = match
    lo = first[0]
    if before is not None and before.is_char("+"):  # a second term before: it fixes the step
        prev = (_term_start(toks, first_start - 1), first_start - 1)
        earlier = _instance(_text(toks, latex, *prev), last_text) if prev[0] < prev[1] else None
        if earlier is not None and earlier[0] == positions and earlier[2] == end:
            if start - earlier[1] != 1:
                return (
                    f"the terms before the ellipsis step by {start - earlier[1]}; only sums "
                    "of step 1 are read: write the sum"
                )
            lo, start = prev[0], earlier[1]
            if toks[lo - 1].is_char("-") if lo > 0 else False:
                return "a minus sign before the first term of an ellipsis: write the sum"
    if end.isdigit() and int(end) < start:
        return "the last index of the ellipsis is below the first"
    letter = _fresh_letter(latex, avoid)
    if letter is None:
        return "no free letter for the index of the sum"
    pattern = _pattern(toks, latex, first, positions, letter, normalise)
    span = (toks[lo].start, toks[last[1] - 1].end)

    def mark(kind: Kind, text: str) -> Token:  # a token of the rewriting: the whole expansion
        return Token(kind, text, *span)

    end_tok = mark(Kind.NUMBER if end.isdigit() else Kind.LETTER, end)
    new = [
        mark(Kind.COMMAND, "\\sum"),
        mark(Kind.CHAR, "_"),
        mark(Kind.CHAR, "{"),
        mark(Kind.LETTER, letter),
        mark(Kind.CHAR, "="),
        mark(Kind.NUMBER, str(start)),
        mark(Kind.CHAR, "}"),
        mark(Kind.CHAR, "^"),
        mark(Kind.CHAR, "{"),
        end_tok,
        mark(Kind.CHAR, "}"),
        mark(Kind.CHAR, "("),
        *pattern,
        mark(Kind.CHAR, ")"),
    ]
    return lo, last[1], new


def _term_start(toks: list[Token], k: int) -> int:
    """The first token of the term ending just before toks[k] (a + sign): after the previous
    + or - at the same depth, an opener that encloses it, or a relation."""
    depth = 0
    for j in range(k - 1, -1, -1):
        t = toks[j]
        if t.is_char(*CLOSERS):
            depth += 1
        elif t.is_char(*OPENERS):
            if depth == 0:
                return j + 1
            depth -= 1
        elif depth == 0 and (_sign(toks, j) or _relation(t)):
            return j + 1
    return 0


def _term_end(toks: list[Token], k: int) -> int:
    depth = 0
    for j in range(k, len(toks)):
        t = toks[j]
        if t.is_char(*OPENERS):
            depth += 1
        elif t.is_char(*CLOSERS):
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and j > k and (_sign(toks, j) or _relation(t)):
            return j
    return len(toks)


def _sign(toks: list[Token], j: int) -> bool:
    """A binary + or - (not the sign of an exponent or of a first operand)."""
    if not toks[j].is_char("+", "-") or j == 0:
        return False
    before = toks[j - 1]
    return not (before.is_char("^", "_", *OPENERS) or _relation(before))


def _relation(t: Token) -> bool:
    return t.is_char(*_RELATIONS) or (
        t.kind is Kind.COMMAND
        and t.text in {"\\le", "\\ge", "\\approx", "\\leftarrow", ":=", "\\neq"}
    )


def _text(toks: list[Token], latex: str, lo: int, hi: int) -> str:
    return latex[toks[lo].start : toks[hi - 1].end]


def _instance(first: str, last: str) -> tuple[tuple[int, ...], int, str] | None:
    """Where `first` differs from `last` (offsets in `first`), the digit there and the name or
    digit of `last` there; None unless every difference is that one pair."""
    a = [(i, c) for i, c in enumerate(first) if not c.isspace()]
    b = [c for c in last if not c.isspace()]
    if len(a) != len(b):
        return None
    diffs = [(i, c, d) for (i, c), d in zip(a, b, strict=True) if c != d]
    if not diffs:
        return None
    pairs = {(c, d) for _, c, d in diffs}
    if len(pairs) != 1:
        return None
    ((c, d),) = pairs
    if not (c.isdigit() and (d.isdigit() or (d.isascii() and d.isalpha()))):
        return None
    # the varying character must stand alone (w0 against wn is w times 0, not an index),
    # except inside a subscript, where one-character indices are written together (x_{j0})
    for i, _, _ in diffs:
        for j in (i - 1, i + 1):
            if 0 <= j < len(first) and first[j].isalnum() and not _in_subscript(first, i):
                return None
    return tuple(i for i, _, _ in diffs), int(c), d


def _in_subscript(text: str, i: int) -> bool:
    """Whether text[i] is inside a braced subscript `_{...}` (not nested in another group)."""
    lo = text.rfind("_{", 0, i)
    return lo != -1 and not any(c in "{}" for c in text[lo + 2 : i]) and "}" in text[i:]


def _fresh_letter(latex: str, avoid: frozenset[str]) -> str | None:
    used = {t.text for t in tokenize(latex) if t.kind is Kind.LETTER} | avoid
    return next((c for c in _INDEX_LETTERS if c not in used), None)


def _pattern(
    toks: list[Token],
    latex: str,
    first: tuple[int, int],
    positions: tuple[int, ...],
    letter: str,
    normalise: Normaliser,
) -> list[Token]:
    offset = toks[first[0]].start
    text = list(_text(toks, latex, *first))
    for i in positions:
        text[i] = letter
    pattern = normalise(tokenize("".join(text)))
    return [Token(t.kind, t.text, t.start + offset, t.end + offset) for t in pattern]
