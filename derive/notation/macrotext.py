"""The author's macros expanded as text (`expand_text`), for readers of a formula that keep no
positions, such as the sorting of a note's formulas (derive/scan); the expansion in tokens,
which keeps every position for carets, is `usermacros.expand`.

The text is tokenised once. The expansion then reads the tokens left to right, each with the
text it was written as and the spaces after it: what is read is final (no use of a macro is left
in it), a use of a macro is replaced by its body's tokens, read next. A body is tokenised on its
own only where that gives the tokens the whole text would: when its first or last token could
run into its neighbour (`2` before `3`, `\\text` before `{y}`), or when it changes how deep in
groups the rest is, the text is tokenised again from its start, as before each step of the
expansion every step was. The result, the errors and the limits (`usermacros.BUDGET`
expansions, `LONGEST` characters) are those of expanding the text step by step
(tests/notation/test_macrotext.py compares the two), in time that grows with the text written
out instead of with its square (bench/macros.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

from derive.errors import CatalogError, LatexError
from derive.model import Macro
from derive.notation.tokens import MAX_NESTING, Kind, Token, group_depth, tokenize
from derive.notation.usermacros import BUDGET, argument_spans, definitions_in

LONGEST = 20_000  # characters of a formula written out: no author's formula is near it

_COMMAND_END = re.compile(r"\\[A-Za-z]+$")
_TEXT_COMMAND_END = re.compile(r"\\(?:text|textrm|textit|textbf|mbox)\s*$")
_SCRIPT_DIGITS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉₋")
_DIGITS = frozenset("0123456789")


def expand_text(latex: str, macros: Iterable[Macro]) -> str:
    """The LaTeX with every use of a declared macro replaced by its body as text, its arguments
    put in, until none is left (as TeX does). A body after `^` or `_` that is more than one
    token is braced (`A^\\Tsp` is one script); a space is put where a command's letters would
    run into the letters next to it (`\\cdot\\Vx` with `\\Vx` = `x`). Definitions written at the
    start of the formula itself (`\\[ \\newcommand{\\sq}[1]{#1^2} \\sq{x} ... \\]`) are read for
    the rest of it only (see `_own_definitions`)."""
    own, latex = _own_definitions(latex)
    table = {"\\" + m.name: m for m in (*macros, *own)}
    if not table:
        return latex
    return _Expansion(latex, table).run()


@dataclass
class _Piece:
    token: Token
    written: str  # the token as written (empty for the tokens `x²` adds: `{` and `}`)
    gap: str  # the spaces after it


def _pieces(text: str) -> tuple[str, list[_Piece]]:
    """The spaces text opens with, and its tokens as pieces: the pieces' text after them is
    text."""
    lead, at = "", 0
    pieces: list[_Piece] = []
    for t in tokenize(text):
        if t.start > at:
            if pieces:
                pieces[-1].gap += text[at : t.start]
            else:
                lead = text[at : t.start]
            at = t.start
        end = max(at, t.end)  # the tokens of `x²` share its characters
        pieces.append(_Piece(t, text[at:end], ""))
        at = end
    if pieces:
        pieces[-1].gap += text[at:]
    else:
        lead = text
    return lead, pieces


def _written(pieces: Sequence[_Piece]) -> str:
    """The text of pieces as written, without the spaces after the last."""
    if not pieces:
        return ""
    return "".join(p.written + p.gap for p in pieces[:-1]) + pieces[-1].written


class _Ahead(Sequence[Token]):
    """The tokens still to read, the next first (the pieces are kept last first)."""

    def __init__(self, stack: list[_Piece]) -> None:
        self._stack = stack

    def __len__(self) -> int:
        return len(self._stack)

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | Sequence[Token]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self._stack[-1 - i].token


class _Expansion:
    """One formula's expansion: `done`, the text read (final), and `ahead`, the pieces still to
    read, last first (a stack: the next piece is popped, a body pushed)."""

    def __init__(self, latex: str, table: dict[str, Macro]) -> None:
        self.latex = latex
        self.table = table
        self.steps = 0
        self._restart(latex)

    def _restart(self, text: str) -> None:
        """Read text from its start, tokenised whole (its errors are the text's)."""
        lead, pieces = _pieces(text)
        self.done = [lead]
        self.ahead = pieces[::-1]
        self.last: Token | None = None  # the last token read
        self.depth = 0  # how deep in groups the text read ends
        self.length = len(text)

    def _text(self) -> str:
        """The text as it is now: read, then still to read."""
        return "".join(self.done) + "".join(p.written + p.gap for p in reversed(self.ahead))

    def run(self) -> str:
        while self.ahead:
            piece = self.ahead[-1]
            t = piece.token
            if t.kind is Kind.COMMAND and t.text in self.table:
                self._expand(t)
                continue
            self.ahead.pop()
            self.done.append(piece.written + piece.gap)
            self.last = t
            self.depth = group_depth(self.depth, t)
        return "".join(self.done)

    def _expand(self, t: Token) -> None:
        m = self.table[t.text]
        try:
            spans, end = argument_spans(_Ahead(self.ahead), 1, m, t, self.latex)
        except LatexError:  # said with the use in the text as it is now
            text = self._text()
            tokens = tokenize(text)
            start = len("".join(self.done))
            k = next((k for k, u in enumerate(tokens) if u.start == start), None)
            if k is not None:
                argument_spans(tokens, k + 1, m, tokens[k], text)
            raise
        use = [self.ahead.pop() for _ in range(end)]
        after = use[-1].gap + self._next_characters()
        before = self._read_end()
        body = _body_text(
            m,
            [_written(use[a:b]) for a, b in spans],
            self.last is not None and self.last.is_char("^", "_"),
            before,
            after,
        )
        self.steps += 1
        self.length += len(body) - len(_written(use))
        if self.length > LONGEST or self.steps >= BUDGET:  # a macro that uses itself
            raise LatexError(
                f"a macro never stops expanding in {self.latex!r}", self.latex, 0, len(self.latex)
            )
        lead, pieces = self._body_pieces(body, before, after)
        if pieces is None or not self._same_depth(use, pieces):
            self.done.append(body + use[-1].gap)
            self._restart(self._text())
            return
        if pieces:
            pieces[-1].gap += use[-1].gap
            self.done.append(lead)
            self.ahead.extend(reversed(pieces))
        else:
            self.done.append(lead + use[-1].gap)

    def _body_pieces(self, body: str, before: str, after: str) -> tuple[str, list[_Piece] | None]:
        """The body's pieces, or None when tokenising it alone may not give the tokens of the
        whole text: its last token (or, for an empty body, the one before it) could run into
        the next (spaces end every token but `\\text`, which then has no argument)."""
        if _may_join(body if body else before, after):
            return "", None
        try:
            return _pieces(body)
        except LatexError:  # `\\text` whose argument follows the use: the whole text says
            return "", None

    def _same_depth(self, use: list[_Piece], pieces: list[_Piece]) -> bool:
        """Whether the text after the body is as deep in groups as it was after the use, and
        the body no deeper than the tokeniser allows (else the whole text is tokenised)."""
        old = new = deepest = self.depth
        for p in use:
            old = group_depth(old, p.token)
        for p in pieces:
            new = group_depth(new, p.token)
            deepest = max(deepest, new)
        return old == new and deepest <= MAX_NESTING

    def _read_end(self) -> str:
        """The end of the text read, back to its last character that is not a letter: enough to
        tell whether a command's letters end it."""
        end = ""
        for s in reversed(self.done):
            end = s + end
            if re.search(r"[^A-Za-z]", s):
                break
        return end

    def _next_characters(self) -> str:
        """The first two characters of the pieces still to read (fewer at the end)."""
        out = ""
        for p in reversed(self.ahead):
            out += p.written + p.gap
            if len(out) >= 2:
                break
        return out[:2]


def _body_text(m: Macro, written: list[str], script: bool, before: str, after: str) -> str:
    """The text of one use of m with these arguments (as written): braced after `^` or `_`
    (script) when more than one token, a space put where a command's letters would run into the
    letters before (the text read ends with before) or after it."""
    pieces = re.split(r"#(\d)", m.body)  # odd places: an argument's number
    body = "".join(written[int(p) - 1] if j % 2 else p for j, p in enumerate(pieces))
    if script and len(tokenize(body)) != 1:
        body = "{" + body + "}"
    if _COMMAND_END.search(before) and body[:1].isalpha():
        body = " " + body
    if _COMMAND_END.search(body) and after[:1].isalpha():
        body += " "
    return body


def _may_join(left: str, right: str) -> bool:
    """Whether the last token of left and the first of right may be one token of left + right
    (the tokeniser's tokens longer than one character: a command's letters, a number, a run of
    script digits, `\\text` and its argument). True for some that are not, never false for one
    that is."""
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    if a == "\\" or _TEXT_COMMAND_END.search(left):
        return True
    if _COMMAND_END.search(left) and b.isascii() and b.isalpha():
        return True
    if (a in _DIGITS or a == ".") and b in _DIGITS:
        return True
    if a in _DIGITS and b == "." and right[1:2] in _DIGITS:
        return True
    return a in _SCRIPT_DIGITS and b in _SCRIPT_DIGITS


def _own_definitions(latex: str) -> tuple[list[Macro], str]:
    """The macro definitions a formula opens with, and the formula after them. In TeX a
    definition inside a display is local to it, so it holds for the rest of that formula only
    (a later formula using the macro has an unknown macro). A definition anywhere else in the
    formula (after what it would define), or one that cannot be read, is an error: the formula
    is never read with the definition's text as a formula."""
    found = definitions_in(latex)
    if not found:
        return [], latex
    own: list[Macro] = []
    at = 0
    for start, end, m in found:
        if isinstance(m, CatalogError):
            raise LatexError(f"a macro definition that cannot be read: {m}", latex, start, end)
        if latex[at:start].strip():
            raise LatexError(
                "a macro definition inside a formula is read only at its start, before "
                "anything it defines",
                latex,
                start,
                end,
            )
        own.append(m)
        at = end
    if not latex[at:].strip():
        raise LatexError(
            "a formula of macro definitions only: a definition inside a display holds in it only",
            latex,
            found[0][0],
            at,
        )
    return own, latex[at:]
