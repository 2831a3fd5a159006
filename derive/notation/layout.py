"""Display layout that carries no mathematics, removed before anything is read.

Notes copy derivations out of display environments: `\\begin{align*} a &= b \\\\[1em] &= c
\\end{align*}`, with annotations in brackets (`\\quad[\\text{apply chain rule}]`). Here:

- the display environments (`align`, `aligned`, `equation`, `split`, `gather`, `eqnarray`,
  `multline`, starred or not) lose their `\\begin{..}` and `\\end{..}`: their content is the
  formula (matrix environments are untouched: they are read as vectors and matrices);
- the spacing argument of a row break (`\\\\[1em]`, `\\\\[2pt]`) is dropped;
- a bracket holding only an annotation (`[\\text{apply chain rule}]`, `(\\text{where } ...)`)
  is dropped with the annotation.

Row breaks `\\\\` themselves are kept: whether one continues a chain (`\\\\ &= c`) or starts
another equation is decided with the relations (see joins.py).
"""

from __future__ import annotations

from derive.notation.tokens import Kind, Token

DISPLAYS = frozenset(
    {"align", "aligned", "equation", "split", "gather", "gathered", "eqnarray", "multline"}
)


def strip_layout(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.is_command("\\begin", "\\end"):
            width = _display_name_width(tokens, k + 1)
            if width:
                k += 1 + width
                continue
        if t.is_command("\\\\") and k + 1 < len(tokens) and tokens[k + 1].is_char("["):
            width = _length_width(tokens, k + 1)
            if width:
                out.append(t)
                k += 1 + width
                continue
        if (
            t.is_char("(", "[")
            and k + 2 < len(tokens)
            and tokens[k + 1].kind is Kind.TEXT
            and tokens[k + 2].is_char(")" if t.text == "(" else "]")
        ):
            k += 3  # (\text{...}) or [\text{...}]: an annotation in brackets
            continue
        out.append(t)
        k += 1
    return out


def _display_name_width(tokens: list[Token], k: int) -> int:
    """The number of tokens of `{align*}` at k when it names a display environment, else 0."""
    if k >= len(tokens) or not tokens[k].is_char("{"):
        return 0
    j = k + 1
    name = ""
    while j < len(tokens) and tokens[j].kind is Kind.LETTER:
        name += tokens[j].text
        j += 1
    if j < len(tokens) and tokens[j].is_char("*"):
        j += 1
    if name in DISPLAYS and j < len(tokens) and tokens[j].is_char("}"):
        return j + 1 - k
    return 0


def _length_width(tokens: list[Token], k: int) -> int:
    """The number of tokens of `[1em]`, `[2pt]`, `[.5ex]` at k, else 0."""
    run = tokens[k : k + 5]
    if len(run) >= 4 and run[1].kind is Kind.NUMBER:
        letters = 0
        while 2 + letters < len(run) and run[2 + letters].kind is Kind.LETTER:
            letters += 1
        if letters and 2 + letters < len(run) and run[2 + letters].is_char("]"):
            return 3 + letters
    return 0
