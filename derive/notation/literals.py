"""Vectors and matrices written out entry by entry, and piecewise definitions.

`\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}` (also `pmatrix`, `Bmatrix`, `matrix`,
`smallmatrix` and `\\begin{array}{cc}` inside `\\left[ ... \\right]` or `\\left( ... \\right)`) is
split here at the token level: rows at `\\\\`, entries at `&`, each entry read by the reader as an
ordinary expression. The result is an `arrays.Literal` of known shape, which takes part in
products, sums, `\\odot` and `^T` as any vector or matrix does.

`\\left\\{ \\begin{array}{ll} x & x > 0 \\\\ 0 & x \\le 0 \\end{array} \\right.` and
`\\begin{cases} ... \\end{cases}` are piecewise definitions: each row is a value and its condition,
and becomes `sympy.Piecewise`. A condition is always read (`\\text{otherwise}` in the last row is
the only one that may be left out); nothing inside an environment is ever dropped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

import sympy

from derive.errors import LatexError
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.tokens import Kind, Token

ELLIPSES = frozenset({"\\cdots", "\\ldots", "\\dots", "\\vdots", "\\ddots"})


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
    """What this module needs of the reader (derive/notation/reader.py calls it with itself), so
    that the two modules do not import each other."""

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


MATRICES = frozenset({"matrix", "bmatrix", "pmatrix", "Bmatrix", "smallmatrix", "array"})
PIECEWISE = frozenset({"cases"})
DETERMINANTS = frozenset({"vmatrix", "Vmatrix"})
ROW_END = "\\\\"
COMPARISONS = {
    "<": sympy.StrictLessThan,
    ">": sympy.StrictGreaterThan,
    "\\le": sympy.LessThan,
    "\\ge": sympy.GreaterThan,
    "=": sympy.Eq,
    "\\neq": sympy.Ne,
}
OTHERWISE = ("otherwise", "else")
MAX_PLACES = 6  # index positions tried as the running index of a \\vdots column

Cells = list[list[tuple[int, int]]]  # token ranges, row by row


def environment(r: Reader, i: int, hi: int, brace: bool) -> tuple[sympy.Expr, int]:
    """Read the environment whose `\\begin` is tokens[i]: its value and the next token index.
    `brace` says the environment follows `\\left\\{` (a piecewise definition)."""
    name, body, end, after = _bounds(r, i, hi)
    if name in DETERMINANTS:
        raise r.error(f"a determinant ({name}) is not read; write the expanded formula", i, after)
    if name not in MATRICES | PIECEWISE:
        raise r.error(f"the environment {name} is not read (matrices and cases are)", i, after)
    cells = _cells(r, body, end)
    if brace or name in PIECEWISE:
        return _piecewise(r, cells, i, after), after
    return _matrix(r, cells, i, after), after


def _bounds(r: Reader, i: int, hi: int) -> tuple[str, int, int, int]:
    """(name, first token of the body, index of the `\\end`, index after `\\end{name}`)."""
    toks = r.tokens
    name, k = _env_name(r, i + 1, hi)
    if name == "array":  # the column specification {cc}, {rcl}, {l|r}: layout only
        if k >= hi or not toks[k].is_char("{"):
            raise r.error("\\begin{array} needs its column specification, e.g. {cc}", i, k)
        close = _close_brace(r, k, hi)
        spec = toks[k + 1 : close]
        if not all(t.kind is Kind.LETTER or t.is_char("|") for t in spec):
            raise r.error("a column specification of letters l, c, r (and |)", k, close + 1)
        k = close + 1
    depth = 0
    for e in range(k, hi):
        t = toks[e]
        if t.is_command("\\begin"):
            depth += 1
        elif t.is_command("\\end"):
            if depth == 0:
                closing, after = _env_name(r, e + 1, hi)
                if closing != name:
                    raise r.error(f"\\begin{{{name}}} is closed by \\end{{{closing}}}", i, after)
                return name, k, e, after
            depth -= 1
    raise r.error(f"\\begin{{{name}}} is never closed", i, k)


def _env_name(r: Reader, k: int, hi: int) -> tuple[str, int]:
    toks = r.tokens
    if k >= hi or not toks[k].is_char("{"):
        raise r.error("an environment name in braces is missing", max(0, k - 1))
    close = _close_brace(r, k, hi)
    letters = toks[k + 1 : close]
    if not letters or not all(t.kind is Kind.LETTER for t in letters):
        raise r.error("an environment name should be letters", k, close + 1)
    return "".join(t.text for t in letters), close + 1


def _close_brace(r: Reader, k: int, hi: int) -> int:
    for e in range(k, hi):
        if r.tokens[e].is_char("}"):
            return e
    raise r.error("'{' is never closed", k)


def _cells(r: Reader, lo: int, hi: int) -> Cells:
    """Split the body at depth-0 `\\\\` (rows) and `&` (entries); a trailing `\\\\` ends the last
    row and makes no row of its own."""
    from derive.notation.tokens import nesting

    rows: Cells = [[]]
    depth, start = 0, lo
    for k in range(lo, hi):
        t = r.tokens[k]
        depth += nesting(t)
        if depth != 0:
            continue
        if t.is_char("&"):
            rows[-1].append((start, k))
            start = k + 1
        elif t.is_command(ROW_END):
            rows[-1].append((start, k))
            rows.append([])
            start = k + 1
    rows[-1].append((start, hi))
    if rows[-1] == [(hi, hi)] and len(rows) > 1:
        rows.pop()
    return rows


def _matrix(r: Reader, cells: Cells, lo: int, hi: int) -> sympy.Expr:
    for n, row in enumerate(cells):
        for a, b in row:
            if any(t.text in ELLIPSES for t in r.tokens[a:b] if t.kind is Kind.COMMAND):
                if row != [(a, b)] or b - a != 1 or n != len(cells) - 1 or n < 2:
                    raise r.error(
                        "an ellipsis in a matrix is read only as a \\vdots that ends a column "
                        "of at least two written entries, [x_1 \\\\ x_2 \\\\ \\vdots]",
                        a,
                        b,
                    )
                if not r.tokens[a].is_command("\\vdots"):
                    raise r.error("a column continues with \\vdots", a, b)
                return _stack(r, cells[:-1], a)
    width = len(cells[0])
    for row in cells:
        if len(row) != width:
            raise r.error(
                f"a row of {_entries(len(row))} in a matrix whose first row has {_entries(width)}",
                row[0][0],
                row[-1][1],
            )
    values = []
    for row in cells:
        line = []
        for a, b in row:
            if a >= b:
                raise r.error("an empty entry in a matrix", max(0, a - 1))
            line.append(r.expr(a, b))
        values.append(line)
    if values == [[]]:
        raise r.error("an empty matrix", lo, hi)
    return arrays.literal(values)


def _stack(r: Reader, cells: Cells, at: int) -> sympy.Expr:
    """`[e_1 \\\\ e_2 \\\\ \\vdots]`: the written entries must follow one pattern e_k, in which the
    component indices 1 of e_1 become k and the pattern gives every written entry; its length is
    the size of the name k indexes (found when sizes are concrete)."""
    if any(len(row) != 1 for row in cells):
        raise r.error("\\vdots continues a column: one entry per row", at)
    written = []
    for (a, b), *_ in cells:
        if a >= b:
            raise r.error("an empty entry in a matrix", max(0, a - 1))
        written.append(r.expr(a, b))
    k = sympy.Dummy("k", integer=True, positive=True)
    first = written[0]
    places = sorted(
        (
            (ix, slot)
            for ix in first.atoms(sympy.Indexed)
            for slot in _component_slots(ix)
            if ix.indices[slot] == 1
        ),
        key=lambda p: (sympy.default_sort_key(p[0]), p[1]),
    )
    found = set()
    for n in range(len(places), 0, -1) if len(places) <= MAX_PLACES else ():
        for chosen in itertools.combinations(places, n):
            candidate = first.xreplace(_replacing(chosen, k))
            if all(
                candidate.xreplace({k: sympy.Integer(m + 1)}) == e for m, e in enumerate(written)
            ):
                found.add(candidate)
    if len(found) != 1:
        raise r.error(
            "cannot tell how this column continues after \\vdots: the written entries should be "
            "one pattern in a component index 1, 2, ... (e.g. a_1, a_2)",
            cells[0][0][0],
            at + 1,
        )
    (template,) = found
    return arrays.Stack(template, k)


def _component_slots(ix: sympy.Indexed) -> range:
    """The positions of the component indices of ix (after its layer and sample)."""
    fam = family_of(str(ix.base.label))
    return range(int(fam.layer) + int(fam.sample), len(ix.indices))


def _replacing(
    chosen: tuple[tuple[sympy.Indexed, int], ...], k: sympy.Symbol
) -> dict[sympy.Basic, sympy.Basic]:
    """For each indexed name, the same name with the chosen index positions replaced by k."""
    out: dict[sympy.Basic, sympy.Basic] = {}
    for ix, slot in chosen:
        current = out.get(ix, ix)
        indices = list(current.indices)
        indices[slot] = k
        out[ix] = ix.base[tuple(indices)]
    return out


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _piecewise(r: Reader, cells: Cells, lo: int, hi: int) -> sympy.Expr:
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
