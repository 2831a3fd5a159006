"""Display formulas and `derive:` comments of a note, in document order, with line and column.

Markdown: `$$...$$`, `\\[...\\]`, fenced `math` blocks (other fenced code is skipped), the
environments of DISPLAY_ENVS outside them (MathJax renders a bare `\\begin{equation}`), and
`<!-- derive: ... -->` comments. LaTeX: the environments of DISPLAY_ENVS (starred or not),
`\\[...\\]`, `$$...$$`, and `% derive: ...` comments (other comments are skipped). A display is
split into rows at `\\\\` (outside nested environments such as `cases` or `bmatrix`); alignment
`&` is dropped, and so is a justification that ends a row (`\\quad \\because ...`,
`\\therefore`). A row that starts with a relation (`= ...`, `&= ...`) continues the chain of the
row before it; so does a display that starts with a relation when only blank space separates it
from the previous display (the `$$A = B$$ $$= C$$` layout of converted slides). `multline` is one
formula broken over lines. In Markdown, inline math alone on its line is a display too (a math
line: derive/scan/mathlines.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from derive.errors import CatalogError
from derive.model import Macro
from derive.notation.usermacros import definitions_in
from derive.scan import mathlines, rows

DISPLAY_ENVS = (
    "equation",
    "align",
    "gather",
    "multline",
    "flalign",
    "alignat",
    "eqnarray",
    "displaymath",
)
# inline math on one line: `$x$`, not `$$`, not an escaped `\$`
_INLINE = r"|(?<![\\$])\$(?!\$)(?P<inline>[^$\n]+?)(?<!\\)\$(?!\$)"
_CLOSERS = re.compile(r"\$\$|\\\]|\\end\s*\{[A-Za-z*]+\}")
# a display environment outside `$$`: LaTeX's, and Markdown's too (Jupyter's MathJax and editors
# such as Typora render a bare `\begin{equation}...\end{equation}` in a Markdown cell as display
# math)
_BARE_ENV = (
    r"|\\begin\s*\{(?P<env>(?:"
    + "|".join(DISPLAY_ENVS)
    + r")\*?)\}(?P<body>.*?)\\end\s*\{(?P=env)\}"
)
_ENV_PAIRS = [(f"\\begin{{{e}}}", f"\\end{{{e}}}") for e in DISPLAY_ENVS for e in (e, e + "*")]


@dataclass(frozen=True)
class Where:
    """A position in a note: 1-based line and column, and for a notebook the 1-based cell (the
    line then counts within the cell's source)."""

    line: int
    col: int
    cell: int | None = None


@dataclass(frozen=True)
class Display:
    """One display formula as a chain: its rows joined, `&` dropped, labels and tags removed."""

    latex: str
    where: Where
    env: str  # "$$", "\\[", "math" (a fenced block), or the LaTeX environment
    rows: int = 1  # how many rows (or continued displays) make it up
    source: str = ""  # the display as written (first to last row)
    span: tuple[int, int] = (0, 0)  # offsets of its display(s) in the text, delimiters included
    stacked: bool = False  # a row holds two statements on separate lines, without `\\\\`
    # what its rows give as a reason (`\\because z_i = w_1 x_{i1} + b`), as written, in order
    because: tuple[str, ...] = ()
    # the lines of its rows that are math lines (inline math alone on a line, read as a display:
    # derive/scan/mathlines.py); () when none is
    math_lines: tuple[int, ...] = ()
    # where each row starts: its offset in `latex`, and its place in the note (to say at which
    # line the failing link of a chain over several rows is written)
    row_at: tuple[tuple[int, Where], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Directive:
    """The text after `derive:` in a comment."""

    text: str
    where: Where


@dataclass(frozen=True)
class Inline:
    """Inline math (`$...$`, `\\(...\\)`): prose, except a definition, which derive/scan/document.py
    takes into scope (and checks, when it is a definition chain)."""

    latex: str
    where: Where
    span: tuple[int, int] = (0, 0)  # offsets of the inline math, delimiters included


@dataclass(frozen=True)
class MacroDefinition:
    """An author's macro the note defines (`\\newcommand{\\Vx}{\\mathbf{x}}` in a LaTeX
    preamble or body, or a Markdown math block holding only definitions, as MathJax allows), or
    why it cannot be read."""

    macro: Macro | CatalogError
    where: Where


Item = Display | Directive | Inline | MacroDefinition


@dataclass(frozen=True)
class _Block:
    start: int  # offsets of the content
    end: int
    opening: int  # offsets of the whole display, delimiters included
    closing: int
    env: str
    multline: bool = False


@dataclass(frozen=True)
class _Row:
    text: str
    start: int  # offset of the row in the text
    end: int
    block: _Block
    first_of_block: bool
    joinable: bool  # first row of a block preceded only by blank space since the previous one


class _Lines:
    def __init__(self, text: str, cell: int | None) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cell = cell

    def where(self, offset: int) -> Where:
        k = bisect.bisect_right(self.starts, offset) - 1
        return Where(k + 1, offset - self.starts[k] + 1, self.cell)


def markdown(text: str, cell: int | None = None) -> list[Item]:
    """The items of a Markdown text (or of one notebook cell)."""
    masked, fenced = _mask_fences(text)
    pattern = re.compile(
        r"<!--(?P<comment>.*?)-->|(?<!\\)\$\$(?P<dollars>.+?)\$\$|\\\[(?P<bracket>.+?)\\\]"
        + _BARE_ENV
        + _INLINE,
        re.DOTALL,
    )
    blocks = [_Block(s, e, _line_start(text, s - 1), _line_end(text, e), "math") for s, e in fenced]
    directives: list[tuple[int, str]] = []
    inlines: list[tuple[int, str, int]] = []
    macros: list[tuple[int, Macro | CatalogError]] = []
    starts = [0] + [m.end() for m in re.finditer("\n", masked)]  # of the lines
    for m in pattern.finditer(_unclosed(masked, ("<!--", "-->"), ("\\[", "\\]"), *_ENV_PAIRS)):
        group = m.lastgroup or ""
        if group != "comment" and (
            found := _only_definitions(_text(m, masked, group), m.start(group))
        ):
            macros += found  # `$$\newcommand{\R}{\mathbb{R}}$$`: MathJax's macros, no formula
        elif m.group("inline") is not None and mathlines.alone(masked, starts, *m.span()):
            # inline math alone on its line: a display (derive/scan/mathlines.py)
            start, end = m.start("inline"), m.end("inline")
            blocks.append(_Block(start, end, m.start(), m.end(), mathlines.MATH_LINE))
        elif m.group("inline") is not None:
            inlines.append((m.start("inline"), _text(m, masked, "inline"), m.end()))
        elif m.group("comment") is not None:
            body = _text(m, masked, "comment").strip()
            if body.startswith("derive:"):
                directives.append((m.start(), body[len("derive:") :].strip()))
        elif m.group("dollars") is not None:
            blocks.append(_Block(m.start("dollars"), m.end("dollars"), m.start(), m.end(), "$$"))
        elif m.group("env") is not None:
            blocks.append(_env_block(m, masked))
        else:
            blocks.append(_Block(m.start("bracket"), m.end("bracket"), m.start(), m.end(), "\\["))
    return _assemble(text, blocks, directives, cell, inlines, macros)


def latex(text: str) -> list[Item]:
    """The items of a LaTeX source."""
    masked, directives = _mask_comments(text)
    pattern = re.compile(
        _BARE_ENV[1:]
        + r"|(?<!\\)\$\$(?P<dollars>.+?)\$\$|\\\[(?P<bracket>.+?)\\\]"
        + _INLINE
        + r"|\\\((?P<paren>.+?)\\\)",
        re.DOTALL,
    )
    blocks: list[_Block] = []
    inlines: list[tuple[int, str, int]] = []
    prose = list(masked)  # the text outside math, where a preamble's definitions are
    for m in pattern.finditer(_unclosed(masked, ("\\[", "\\]"), ("\\(", "\\)"), *_ENV_PAIRS)):
        _blank(prose, m.start(), m.end())
        for group in ("inline", "paren"):
            if m.group(group) is not None:
                inlines.append((m.start(group), _text(m, masked, group), m.end()))
        if m.group("inline") is not None or m.group("paren") is not None:
            continue
        if m.group("env"):
            blocks.append(_env_block(m, masked))
        elif m.group("dollars") is not None:
            blocks.append(_Block(m.start("dollars"), m.end("dollars"), m.start(), m.end(), "$$"))
        else:
            blocks.append(_Block(m.start("bracket"), m.end("bracket"), m.start(), m.end(), "\\["))
    macros = [(start, m) for start, _, m in definitions_in("".join(prose))]
    return _assemble(masked, blocks, directives, None, inlines, macros)


def _assemble(
    text: str,
    blocks: list[_Block],
    directives: list[tuple[int, str]],
    cell: int | None,
    inlines: list[tuple[int, str, int]],
    macros: list[tuple[int, Macro | CatalogError]],
) -> list[Item]:
    lines = _Lines(text, cell)
    found: list[_Row] = []
    previous_end = 0
    for b in sorted(blocks, key=lambda b: b.start):
        gap = _CLOSERS.sub("", text[previous_end : b.opening])
        joinable = previous_end > 0 and mathlines.blank(gap)
        for k, (r_start, r_end) in enumerate(rows.rows(text, b.start, b.end)):
            found.append(_Row(text[r_start:r_end], r_start, r_end, b, k == 0, joinable))
        # after a math line, from its closing `$` on (a `$$` closer is taken out of the gap)
        previous_end = b.closing if b.env == mathlines.MATH_LINE else b.end
    items: list[tuple[int, Item]] = [(o, Directive(t, lines.where(o))) for o, t in directives]
    items += [(o, Inline(t, lines.where(o), (_opening(text, o), e))) for o, t, e in inlines]
    items += [(o, MacroDefinition(m, lines.where(o))) for o, m in macros]
    chain: list[_Row] = []

    def flush() -> None:
        if chain:
            written = [" ".join(rows.clean(r.text).split()) for r in chain]
            body = " ".join(w for w in written if w)
            row_at, offset = [], 0
            for r, w in zip(chain, written, strict=True):
                lead_r = len(r.text) - len(r.text.lstrip())
                row_at.append((offset, lines.where(r.start + lead_r)))
                offset += len(w) + 1 if w else 0
            first = chain[0]
            lead = len(first.text) - len(first.text.lstrip())
            where = lines.where(first.start + lead)
            source = text[first.start + lead : chain[-1].end].strip()
            span = (first.block.opening, chain[-1].block.closing)
            two = any(rows.stacked(rows.clean(r.text)) for r in chain)
            because = tuple(b for r in chain if (b := rows.because(r.text)))
            math_lines = tuple(
                lines.where(r.start).line for r in chain if r.block.env == mathlines.MATH_LINE
            )
            display = Display(
                body,
                where,
                first.block.env,
                len(chain),
                source,
                span,
                two,
                because,
                math_lines,
                tuple(row_at),
            )
            items.append((first.start, display))
        chain.clear()

    for row in found:
        if not rows.clean(row.text).strip():
            continue
        relation = rows.RELATION_START.match(rows.clean(row.text)) is not None
        continues = bool(chain) and (
            (not row.first_of_block and (row.block.multline or relation))
            or (row.first_of_block and row.joinable and relation)
        )
        if not continues:
            flush()
        chain.append(row)
    flush()
    return [item for _, item in sorted(items, key=lambda x: x[0])]


def _env_block(m: re.Match[str], text: str) -> _Block:
    """The block of a display environment matched by `_BARE_ENV`."""
    env = m.group("env")
    start = m.start("body")
    if env.startswith("alignat"):  # \begin{alignat}{2}: the column count is no math
        arg = re.match(r"\s*\{\d+\}", text[start:])
        start += arg.end() if arg else 0
    return _Block(start, m.end("body"), m.start(), m.end(), env, env.startswith("multline"))


def _text(m: re.Match[str], text: str, group: str) -> str:
    """A group of a match in the searched text, as the text writes it (the search blanks
    unclosed openers, see `_unclosed`)."""
    return text[m.start(group) : m.end(group)]


def _unclosed(text: str, *pairs: tuple[str, str]) -> str:
    """The text with each opener that has no closer after it blanked (offsets kept), for the
    search only: such an opener starts nothing, but the search would look for its closer to the
    end of the text from each of them (seconds on a text of a few thousand `<!--`)."""
    out = list(text)
    for opener, closer in pairs:
        last = text.rfind(closer)
        k = text.find(opener, max(0, last - len(opener) + 1) if last >= 0 else 0)
        while k >= 0:
            out[k : k + len(opener)] = " " * len(opener)
            k = text.find(opener, k + len(opener))
    return "".join(out)


def _only_definitions(math: str, offset: int) -> list[tuple[int, Macro | CatalogError]]:
    """The macro definitions of a math block that holds nothing else (none otherwise)."""
    found = definitions_in(math)
    if not found or any(isinstance(m, CatalogError) for _, _, m in found):
        return []
    rest = list(math)
    for start, end, _ in found:
        _blank(rest, start, end)
    if "".join(rest).strip():
        return []
    return [(offset + start, m) for start, _, m in found]


def _mask_fences(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with fenced code blocks blanked (offsets kept), and the spans of `math` blocks."""
    out = list(text)
    math: list[tuple[int, int]] = []
    fence: tuple[str, int, bool] | None = None  # marker, content start, is math
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None:
            m = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*([A-Za-z]*)", line)
            if m:
                fence = (m.group(1), offset + len(line), m.group(2).lower() == "math")
                _blank(out, offset, offset + len(line))
        elif stripped.startswith(fence[0]) and not stripped.strip(fence[0][0]):
            if fence[2]:
                math.append((fence[1], offset))
            else:
                _blank(out, fence[1], offset)
            _blank(out, offset, offset + len(line))
            fence = None
        offset += len(line)
    if fence is not None and not fence[2]:
        _blank(out, fence[1], len(text))
    masked = "".join(out)
    for s, e in math:  # the math block's own text is found by its span, not by the patterns
        masked = masked[:s] + _spaces(masked[s:e]) + masked[e:]
    return masked, math


def _mask_comments(text: str) -> tuple[str, list[tuple[int, str]]]:
    """LaTeX with `%` comments blanked, and the `% derive:` comments found on the way."""
    out = list(text)
    directives: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        m = re.search(r"(?<!\\)%", line)
        if m:
            body = line[m.end() :].strip()
            if body.startswith("derive:"):
                directives.append((offset + m.start(), body[len("derive:") :].strip()))
            _blank(out, offset + m.start(), offset + len(line.rstrip("\n")))
        offset += len(line)
    return "".join(out), directives


def _opening(text: str, offset: int) -> int:
    """The offset of the delimiter (`$` or `\\(`) before inline math starting at offset."""
    return offset - 2 if text.startswith("\\(", offset - 2) else offset - 1


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, max(0, offset)) + 1


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _blank(chars: list[str], start: int, end: int) -> None:
    for k in range(start, end):
        if chars[k] != "\n":
            chars[k] = " "


def _spaces(s: str) -> str:
    return "".join(c if c == "\n" else " " for c in s)
