"""The rows of a display formula: where `\\\\` splits it (outside nested environments such as
`cases` or `bmatrix`), what is cleaned out of each row (alignment `&`, labels and tags, the
row-layout environments, a justification that ends a row: `\\quad \\because ...`), and what
`derive scan --explain` lists as set aside. The extractor (derive/scan/extract.py) joins rows
into chains; a row that starts with a relation (`RELATION_START`) continues the chain above.
"""

from __future__ import annotations

import re
from itertools import pairwise

ROW_ENVS = ("aligned", "split", "gathered", "alignedat", "align", "gather", "eqnarray", "flalign")
RELATION_START = re.compile(
    r"^\s*(?:=|<|>|\\le(?:q|qslant)?\b|\\ge(?:q|qslant)?\b|\\approx\b|"
    r"\\leftarrow\b|:=|\\neq\b|\\ne\b|\\leqslant\b|\\geqslant\b)"
)
_NOISE = re.compile(r"\\(?:label|tag\*?|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b")
_ROW_ENV = re.compile(r"\\(begin|end)\s*\{(" + "|".join(ROW_ENVS) + r")\*?\}(?:\{[^{}]*\})?")
# a justification after a space at the end of a row: `\quad (\because \ln 1 = 0)` (the space
# after `(` only with the `(`: `\s*\(?\s*` would try every split of a long run of spaces, cubic)
_BECAUSE = re.compile(r"(?:\\q?quad|\\,|\\;|\s)*(?:\(\s*)?\\(?:because|therefore)\b.*$", re.DOTALL)
_ENV = re.compile(r"\\(begin|end)\s*\{([A-Za-z*]+)\}")
_RELATION = re.compile(r"=|<|>|\\le|\\ge|\\approx|\\leftarrow|\\neq")
_ROW_SPACING = re.compile(
    r"\*?\s*\[\s*[-+]?[\d.]+\s*(?:em|ex|pt|mm|cm|in|mu|bp|pc|sp|dd|cc)\s*\]|\*"
)


def stacked(row: str) -> bool:
    """Two lines of one row that each start a statement (`z = wx + b` then `a = \\sigma(z)`
    without `\\\\`): TeX sets them on one line, as one chain the author did not mean. Only
    relations outside brackets and nested environments count (`\\sum_{i=1}`, `cases`)."""
    row = without_nested(row)
    depth, starts = 0, 0
    for line in row.splitlines():
        opening = depth == 0 and RELATION_START.match(line) is not None
        found = False
        for k, c in enumerate(line):
            if c in "{([":
                depth += 1
            elif c in "})]":
                depth -= 1
            elif depth == 0 and _RELATION.match(line, k):
                found = True
        starts += found and not opening
    return starts > 1


_BEGIN = re.compile(r"\\begin\s*\{([A-Za-z*]+)\}")


def without_nested(row: str) -> str:
    """The row with each nested environment replaced by a space, as a regular expression of
    `\\begin{X}...\\end{X}` would, without a search to the end of the row from each `\\begin`
    that no `\\end` follows (quadratic on thousands of them): once an environment's end is not
    found, no later `\\begin` of it looks again."""
    out, i, unclosed = [], 0, set()
    for m in _BEGIN.finditer(row):
        if m.start() < i or m.group(1) in unclosed:
            continue
        end = re.compile(r"\\end\s*\{" + re.escape(m.group(1)) + r"\}").search(row, m.end())
        if end is None:
            unclosed.add(m.group(1))
            continue
        out += [row[i : m.start()], " "]
        i = end.end()
    return "".join(out) + row[i:]


def because(row: str) -> str:
    """The statement a row gives as its reason (`\\quad \\because z_i = w_1 x_{i1} + b` ->
    `z_i = w_1 x_{i1} + b`), or "" (none, or `\\therefore`, which states a consequence)."""
    m = _BECAUSE.search(_ROW_ENV.sub(" ", _NOISE.sub(" ", row)))
    if m is None or "\\because" not in m.group():
        return ""
    reason = m.group().split("\\because", 1)[1].strip()
    if m.group().lstrip(" \\quad,;").startswith("(") and reason.endswith(")"):
        reason = reason[:-1]
    return reason.strip()


def set_aside(source: str) -> list[tuple[str, str]]:
    """What is taken out of a display as written before its formula is read, each with why
    (for `derive scan --explain`): labels and tags, a row's justification, row layout."""
    spans = rows(source, 0, len(source))
    written = [source[a:b] for a, b in spans]
    breaks = [source[a:b].strip() for (_, a), (b, _) in pairwise(spans)]
    out = [(m.group(), "label or tag") for m in _NOISE.finditer(source)]
    for row in written:
        m = _BECAUSE.search(_ROW_ENV.sub(" ", _NOISE.sub(" ", row)))
        if m is not None:
            why = "because" if "\\because" in m.group() else "therefore"
            out.append((m.group().strip(), f"the row's justification (\\{why}), not the formula"))
    out += [(m.group(), "layout") for m in _ROW_ENV.finditer(source)]
    if breaks:  # `\\\\`, `\\\\[1em]`
        out.append((" ".join(breaks), "layout: the rows are read as one chain"))
    if marks := sum(r.count("&") for r in written) - sum(clean(r).count("&") for r in written):
        out.append((" ".join(["&"] * marks), "alignment"))
    return out


def clean(row: str) -> str:
    """A row without alignment marks, labels, tags and row-layout environments."""
    row = _NOISE.sub(" ", row)
    row = _ROW_ENV.sub(" ", row)
    row = _BECAUSE.sub("", row)
    out, depth, i = [], 0, 0
    while i < len(row):
        m = _ENV.match(row, i)
        if m:
            depth += 1 if m.group(1) == "begin" else -1
            out.append(m.group(0))
            i = m.end()
            continue
        c = row[i]
        if c == "\\" and i + 1 < len(row):
            out.append(row[i : i + 2])
            i += 2
            continue
        out.append(" " if c == "&" and depth <= 0 else c)
        i += 1
    return "".join(out)


def rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the rows of text[start:end], split at `\\\\` outside nested environments
    (a `cases` or `bmatrix` keeps its rows)."""
    out: list[tuple[int, int]] = []
    depth, i, row_start = 0, start, start
    while i < end:
        m = _ENV.match(text, i)
        if m and m.end() <= end:
            if m.group(2).rstrip("*") not in ROW_ENVS:
                depth += 1 if m.group(1) == "begin" else -1
            i = m.end()
            continue
        if text.startswith("\\\\", i) and depth == 0:
            out.append((row_start, i))
            spacing = _ROW_SPACING.match(text, i + 2, end)  # `\\*`, `\\[1em]`: layout only
            i = spacing.end() if spacing else i + 2
            row_start = i
            continue
        i += 2 if text[i] == "\\" else 1
    out.append((row_start, end))
    return out
