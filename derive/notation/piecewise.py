"""Piecewise definitions written out row by row (`literals.py` splits the environment into
cells): `\\left\\{ \\begin{array}{ll} x & x > 0 \\\\ 0 & x \\le 0 \\end{array} \\right.` and
`\\begin{cases} ... \\end{cases}`. Each row is a value and its condition, and the whole becomes
`sympy.Piecewise`. A condition is always read (`\\text{otherwise}` in the last row is the only
one that may be left out); rows are taken in order, and two explicit conditions that overlap
with different values are an error. A row whose value is a chain (`\\frac{dz}{dz}=1 & z > 0`)
gives a `RowChain` for the claim to check.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

import sympy

from derive.errors import LatexError
from derive.notation import arrays
from derive.notation.tokens import Token


@dataclass(frozen=True)
class RowChain:
    """A piecewise value whose rows are chains, `0 & z \\le 0 \\\\ \\frac{dz}{dz}=1 & z > 0`:
    `first` takes the first member of every row, `later[k]` the (k+2)-th (a row with fewer
    members keeps its last). `written` is the environment as written, `later_written[k]` the
    same text with each row's value replaced by that member."""

    first: sympy.Piecewise
    later: tuple[sympy.Piecewise, ...]
    written: str
    later_written: tuple[str, ...]


class Reader(Protocol):
    """What this module and literals.py need of the reader (derive/notation/reader.py calls them
    with itself), so that they do not import each other."""

    latex: str
    tokens: list[Token]

    def error(self, message: str, lo: int, hi: int | None = None) -> LatexError: ...

    def expr(self, lo: int, hi: int) -> sympy.Expr: ...

    def split_relations(
        self, lo: int = 0, hi: int | None = None
    ) -> tuple[list[tuple[int, int]], list[str]]: ...

    # piecewise rows written as chains (`\frac{dz}{dz}=1 & z > 0`); None where a chain cannot
    # be claimed (a definition, a condition)
    row_chains: list[RowChain] | None


COMPARISONS = {
    "<": sympy.StrictLessThan,
    ">": sympy.StrictGreaterThan,
    "\\le": sympy.LessThan,
    "\\ge": sympy.GreaterThan,
    "=": sympy.Eq,
    "\\neq": sympy.Ne,
}
OTHERWISE = ("otherwise", "else")

Cells = list[list[tuple[int, int]]]  # token ranges, row by row


def piecewise(r: Reader, cells: Cells, lo: int, hi: int) -> sympy.Expr:
    """The `sympy.Piecewise` of the rows of cells (tokens[lo:hi], the environment); a row
    written as a chain also adds its `RowChain` to `r.row_chains`."""
    pairs: list[tuple[sympy.Expr, sympy.Basic]] = []
    chains: list[list[sympy.Expr]] = []  # per row, the members of its value
    spans: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []  # per row: value, members
    for n, row in enumerate(cells):
        if len(row) != 2:
            a, b = row[0][0], row[-1][1]
            raise r.error(
                "each row of a piecewise definition is a value & its condition", a, max(a, b)
            )
        (va, vb), (ca, cb) = row
        if va < vb and r.tokens[vb - 1].is_char(","):  # x, & x > 0
            vb -= 1
        if va >= vb:
            raise r.error("a piecewise definition with an empty value", max(0, va - 1), va + 1)
        ranges = _row_chain(r, va, vb)
        spans.append(((va, vb), ranges))
        members = [r.expr(a, b) for a, b in ranges]
        if any(arrays.is_array(m) for m in members):
            raise r.error("a piecewise value must be a number, not a vector or matrix", va, vb)
        chains.append(members)
        pairs.append((members[0], _condition(r, ca, cb, last=n == len(cells) - 1)))
    _check_overlaps(r, pairs, lo, hi)
    first = sympy.Piecewise(*pairs)
    longest = max(len(c) for c in chains)
    if longest > 1:
        if r.row_chains is None:
            raise r.error("a relation = inside a piecewise row, where nothing is claimed", lo, hi)
        later = tuple(
            sympy.Piecewise(
                *((c[min(k, len(c) - 1)], cond) for c, (_, cond) in zip(chains, pairs, strict=True))
            )
            for k in range(1, longest)
        )
        texts = tuple(_member_text(r, lo, hi, spans, k) for k in range(1, longest))
        r.row_chains.append(RowChain(first, later, _member_text(r, lo, hi, [], 0), texts))
    return first


def _member_text(
    r: Reader,
    lo: int,
    hi: int,
    spans: list[tuple[tuple[int, int], list[tuple[int, int]]]],
    k: int,
) -> str:
    """The environment tokens[lo:hi] as written, each row's value replaced by its k-th member."""
    toks = r.tokens
    start = toks[lo].start
    text = r.latex[start : toks[hi - 1].end]
    for (va, vb), members in reversed(spans):
        a, b = members[min(k, len(members) - 1)]
        member = r.latex[toks[a].start : toks[b - 1].end]
        text = text[: toks[va].start - start] + member + text[toks[vb - 1].end - start :]
    return text


def _row_chain(r: Reader, lo: int, hi: int) -> list[tuple[int, int]]:
    """The members of a piecewise value written as a chain, `\frac{dz}{dz}=1` (Parr & Howard):
    the value and what it equals on that row. Only `=` may join them."""
    parts, rels = r.split_relations(lo, hi)
    for (_, end), rel in zip(parts, rels, strict=False):
        if rel != "=":
            raise r.error(f"a relation {rel} inside a piecewise value (only = may chain)", end)
    return parts


def _check_overlaps(
    r: Reader, pairs: list[tuple[sympy.Expr, sympy.Basic]], lo: int, hi: int
) -> None:
    """Rows are taken in order (the first whose condition holds), as `otherwise` is; two
    explicit conditions that overlap with different values make no definition, which is an
    error wherever SymPy can tell (conditions on one variable)."""
    for (i, (vi, ci)), (j, (vj, cj)) in itertools.combinations(enumerate(pairs), 2):
        if cj is sympy.true:
            continue
        both = sympy.And(ci, cj)
        if both is sympy.false or len(both.free_symbols) != 1:
            continue
        try:
            overlap = both.as_set()
        except (NotImplementedError, TypeError, ValueError):
            continue
        if overlap.is_empty or _agree(vi, vj, both.free_symbols.pop(), overlap):
            continue
        raise r.error(
            f"rows {i + 1} and {j + 1} of this piecewise definition both hold on "
            f"{sympy.latex(overlap)} "
            "with different values",
            lo,
            hi,
        )


def _agree(a: sympy.Expr, b: sympy.Expr, var: sympy.Basic, where: sympy.Set) -> bool:
    """Whether two values agree on the overlap of their conditions (point by point on a finite
    overlap such as x = 0 of x \\ge 0 and x \\le 0, identically otherwise)."""
    if isinstance(where, sympy.FiniteSet):
        return all(sympy.simplify((a - b).xreplace({var: p})) == 0 for p in where)
    return bool(sympy.simplify(a - b) == 0)


def _condition(r: Reader, lo: int, hi: int, last: bool) -> sympy.Basic:
    """The condition of one row: comparisons (`x > 0`, `0 < x \\le 1`), or `\\text{otherwise}`
    in the last row."""
    toks = r.tokens
    if lo < hi and toks[lo].is_char(","):  # x & , x > 0
        lo += 1
    if lo >= hi:
        raw = _raw_between(r, lo - 1, hi)
        if last and any(w in raw for w in OTHERWISE):
            return sympy.true
        raise r.error(
            "a piecewise row without a condition (write it, or \\text{otherwise} in the last row)",
            max(0, lo - 1),
        )
    ranges, rels = r.split_relations(lo, hi)
    if not rels:
        raise r.error("a condition should compare: x > 0, x \\le 0, 0 < x < 1", lo, hi)
    sides = []
    for a, b in ranges:
        side = r.expr(a, b)
        if arrays.is_array(side):
            raise r.error("a condition must compare numbers, not vectors or matrices", a, b)
        sides.append(side)
    parts = []
    for n, rel in enumerate(rels):
        if rel not in COMPARISONS:
            raise r.error(f"{rel} is not a comparison", ranges[n][1])
        parts.append(COMPARISONS[rel](sides[n], sides[n + 1], evaluate=False))
    return sympy.And(*parts) if len(parts) > 1 else parts[0]


def _raw_between(r: Reader, a: int, b: int) -> str:
    """The LaTeX as written between tokens a and b (exclusive), annotations included."""
    toks = r.tokens
    start = toks[a].end if 0 <= a < len(toks) else 0
    end = toks[b].start if b < len(toks) else len(r.latex)
    return r.latex[start:end]
