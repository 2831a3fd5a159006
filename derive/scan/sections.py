"""The headings of a note: where its sections begin, and how deep each is.

A `derive:` comment's notation settings hold from where it is written to the end of its section
(derive/scan/inforce.py), so scan needs the note's sections as its reader sees them:

- Markdown (and a notebook's Markdown cells): ATX headings `# ...` to `###### ...` (up to three
  spaces before the `#`s, then a space or the end of the line: `#hashtag` is no heading, as in
  CommonMark) and setext headings (a line of `=` under a paragraph line: level 1; of `-`: level
  2). Not inside fenced code, an HTML comment, a `$$` or `\\[` display, or the front matter of
  a blog post (`---` ... `---` or `+++` ... `+++` at the top).
- LaTeX: `\\part` (level 1), `\\chapter` (2), `\\section` (3), `\\subsection` (4),
  `\\subsubsection` (5), `\\paragraph` (6), `\\subparagraph` (7), starred or not, outside `%`
  comments. A beamer `frame` is no section (a comment before the first frame is for the talk).

A plain line of text is never a heading, even when every slide of a converted deck repeats it
(seed 004's `Perceptron` and `Neural Networks`): whether a line is a title is not written, and
a guess would end settings the note still needs. Such notes say where a part ends with
`derive: reset`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from derive.scan.extract import Where

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|]|\d+[.)]\s|#|\$\$|\\\[|\\\]|<)")
_LATEX = re.compile(
    r"\\(part|chapter|section|subsection|subsubsection|paragraph|subparagraph)\*?\s*[\[{]"
)
LATEX_LEVELS = {
    "part": 1,
    "chapter": 2,
    "section": 3,
    "subsection": 4,
    "subsubsection": 5,
    "paragraph": 6,
    "subparagraph": 7,
}


@dataclass(frozen=True)
class Heading:
    """A heading of a note: the start of a section of this level (1 the highest)."""

    level: int
    where: Where


def markdown(text: str, cell: int | None = None) -> list[Heading]:
    """The headings of a Markdown text (or of one notebook cell), in order."""
    lines = text.split("\n")
    out: list[Heading] = []
    k = _front_matter(lines)
    fence = ""
    in_comment = in_math = False
    previous = ""  # the line before, when it is a line of a paragraph
    while k < len(lines):
        line = lines[k]
        k += 1
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if in_comment or in_math:
            in_comment, in_math = _still_inside(line, in_comment, in_math)
            previous = ""
            continue
        m = _FENCE.match(line)
        if m:
            fence, previous = m.group(1), ""
            continue
        atx = _ATX.match(line)
        setext = _SETEXT.match(line)
        if atx:
            out.append(Heading(len(atx.group(1)), Where(k, 1, cell)))
            previous = ""
        elif setext and previous:
            out.append(Heading(1 if setext.group(1)[0] == "=" else 2, Where(k - 1, 1, cell)))
            previous = ""
        else:
            previous = line if line.strip() and not _NOT_PARAGRAPH.match(line) else ""
        in_comment, in_math = _still_inside(line, False, False)
        if in_comment or in_math:
            previous = ""
    return out


def latex(text: str) -> list[Heading]:
    """The sectioning commands of a LaTeX source, outside `%` comments, in order."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    masked = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)
    out = []
    for m in _LATEX.finditer(masked):
        k = bisect.bisect_right(starts, m.start()) - 1
        out.append(Heading(LATEX_LEVELS[m.group(1)], Where(k + 1, m.start() - starts[k] + 1)))
    return out


def _front_matter(lines: list[str]) -> int:
    """The index of the first line after a blog post's front matter (0 when there is none)."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return 0
    mark = lines[0].strip()
    for k in range(1, len(lines)):
        if lines[k].strip() == mark or (mark == "---" and lines[k].strip() == "..."):
            return k + 1
    return 0


_MARKS = re.compile(r"<!--|-->|\$\$|\\\[|\\\]")


def _still_inside(line: str, comment: bool, math: bool) -> tuple[bool, bool]:
    """Whether an HTML comment or a display is still open after this line, given whether one
    was open before it (one pass over the line's marks)."""
    for m in _MARKS.finditer(line):
        mark = m.group()
        if comment:
            comment = mark != "-->"
        elif math:
            math = mark not in ("$$", "\\]")
        elif mark == "<!--":
            comment = True
        elif mark in ("$$", "\\["):
            math = True
    return comment, math
