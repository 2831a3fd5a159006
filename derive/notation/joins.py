"""Where one display holds several equations, and where a formula ends.

Published notes write two results in one display: `\\frac{\\partial J}{\\partial L} = 1
\\;\\textrm{and}\\; \\frac{\\partial J}{\\partial s} = 2`, `a = \\sigma(z), \\quad z = w x + b`.
Read as one chain that would claim 1 = 2. A *join* is a run of commas, `\\quad`/`\\qquad` and
joining words (`\\text{and}`, `\\text{or}`) at the top level with a relation on both sides
(since the previous join, up to the next one): the equations on either side are separate
claims (the relation between them is `Rel.AND`, which links nothing). A run without a relation
on one side is not a join: a comma there is an error, `\\quad` is spacing, and a joining word
is text that cannot be an annotation (an error).

A row break `\\\\` of an aligned display is a join too, unless the next row starts (after its
`&`) with a relation, which continues the chain (`a &= b \\\\ &= c`).

A formula also ends where its sentence does: a trailing `.` or `,` (with spacing around it),
as in `J = L + s.`, and the `\\\\` ending a row copied from an array, are punctuation and are
not read.
"""

from __future__ import annotations

from derive.notation.tokens import Kind, Token, nesting, text_content

JOINING_WORDS = frozenset({"and", "or", "as well as", "和", "且", "以及"})
SEPARATING_SPACES = frozenset({"\\quad", "\\qquad"})
JOIN = "\\text{and}"  # the relation text standing for a join between two equations


def is_joiner(t: Token) -> bool:
    return (
        t.is_char(",")
        or t.is_command("\\\\")  # a row break of an aligned display
        or (t.kind is Kind.COMMAND and t.text in SEPARATING_SPACES)
        or (t.kind is Kind.TEXT and text_content(t) in JOINING_WORDS)
    )


def formula_end(tokens: list[Token], lo: int, hi: int) -> int:
    """`hi` without the sentence punctuation (and spacing) the formula ends with."""
    while hi > lo:
        t = tokens[hi - 1]
        period = t.is_char(".") and not (hi - 2 >= lo and tokens[hi - 2].is_char("."))
        row_end = t.is_command("\\\\")  # the end of a row copied from an array
        if (
            period
            or row_end
            or t.is_char(",")
            or (t.kind is Kind.COMMAND and t.text in SEPARATING_SPACES)
        ):
            hi -= 1
        else:
            break
    return hi


def joins(tokens: list[Token], lo: int, hi: int, relations: list[int]) -> list[tuple[int, int]]:
    """The token ranges [a, b) of the joins in tokens[lo:hi], given the indices of the
    top-level relations there."""
    runs: list[tuple[int, int]] = []
    depth, k = 0, lo
    while k < hi:
        t = tokens[k]
        depth += nesting(t)
        if depth == 0 and is_joiner(t):
            end = k
            while end < hi and is_joiner(tokens[end]):
                end += 1
            if not any(_continues(tokens, m, relations) for m in range(k, end)):
                runs.append((k, end))
            k = end
            continue
        k += 1
    accepted: list[tuple[int, int]] = []
    start = lo
    for n, (a, b) in enumerate(runs):
        stop = runs[n + 1][0] if n + 1 < len(runs) else hi
        before = any(start <= r < a for r in relations)
        after = any(b <= r < stop for r in relations)
        if before and after:
            accepted.append((a, b))
            start = b
    return accepted


def _continues(tokens: list[Token], k: int, relations: list[int]) -> bool:
    """A row break followed (after `&`) by a relation continues the chain: `a &= b \\\\ &= c`."""
    if not tokens[k].is_command("\\\\"):
        return False
    j = k + 1
    while j < len(tokens) and tokens[j].is_char("&"):
        j += 1
    return j in relations
