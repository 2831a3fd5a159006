"""Vectors and matrices written out entry by entry, and piecewise definitions.

`\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}` (also `pmatrix`, `Bmatrix`, `matrix`,
`smallmatrix` and `\\begin{array}{cc}` inside `\\left[ ... \\right]` or `\\left( ... \\right)`) is
split here at the token level: rows at `\\\\`, entries at `&`, each entry read by the reader as an
ordinary expression. The result is an `arrays.Literal` of known shape, which takes part in
products, sums, `\\odot` and `^T` as any vector or matrix does.

`\\left\\{ \\begin{array}{ll} x & x > 0 \\\\ 0 & x \\le 0 \\end{array} \\right.` and
`\\begin{cases} ... \\end{cases}` are piecewise definitions, split into cells here and read by
`piecewise.py`. Nothing inside an environment is ever dropped.
"""

from __future__ import annotations

import itertools

import sympy

from derive.notation import arrays
from derive.notation.families import label_of
from derive.notation.names import family_of
from derive.notation.piecewise import Cells, Reader, piecewise
from derive.notation.tokens import Kind

ELLIPSES = frozenset({"\\cdots", "\\ldots", "\\dots", "\\vdots", "\\ddots"})

MATRICES = frozenset({"matrix", "bmatrix", "pmatrix", "Bmatrix", "smallmatrix", "array"})
PIECEWISE = frozenset({"cases"})
DETERMINANTS = frozenset({"vmatrix", "Vmatrix"})
ROW_END = "\\\\"
MAX_PLACES = 6  # index positions tried as the running index of a \\vdots column


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
        return piecewise(r, cells, i, after), after
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
    fam = family_of(label_of(ix))
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
