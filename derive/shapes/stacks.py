"""The length of a name defined as a column of columns and numbers, stacked one on another.

`\\hat{w} = \\begin{bmatrix} w \\\\ b \\end{bmatrix}` with `w = "vector(n)"` and b a number is
the vector of R^{n+1} whose first n entries are w's and whose last is b (the perceptron's
augmented vector; `\\hat{x}_i = \\begin{bmatrix} x_i \\\\ 1 \\end{bmatrix}` for a family of
samples). Its length is a sum of sizes, which no single size term of the shapes stage is
(`derive/shapes/unify.py`): the name is declared with a size of its own (`'\\hat{w}' =
"vector(m)"`), and that size is *derived*, never drawn: m = n + 1 at every instance
(`derive/checks/instances.py`). A stacked name declared with a number (`vector(3)`) solves the
one size of its entries it leaves unknown (3 = n + 1: n = 2, `solved_sizes`), which is then not
drawn either. A size that something else fixes too (a number, the size of another name that the
instance ties to it) and that disagrees with the derived length is no instance the writing
allows: an error, never a shape refutation at sizes derive chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from derive.errors import UnsupportedError
from derive.notation import arrays
from derive.notation.definitions import Definition
from derive.notation.names import Names, family_of


def _label(x: sympy.Basic) -> str | None:
    if isinstance(x, sympy.Indexed):
        return str(x.base.label)
    if isinstance(x, sympy.Symbol):
        return str(x.name)
    return None


def _column_length(names: Names, e: sympy.Basic, env: Mapping[sympy.Symbol, int]) -> int | None:
    """How many entries an entry of a stacked column holds at env: 1 for a number, the declared
    length of a column (a vector, or a sample of a family of vectors), None otherwise."""
    term = _length_term(names, e)
    if term is None:
        return None
    if isinstance(term, sympy.Symbol):
        return env.get(term)
    return int(term)


def stacked(
    names: Names, definitions: Iterable[Definition]
) -> list[tuple[sympy.Symbol | int, Definition]]:
    """The definitions `NAME = [e_1 \\\\ ... \\\\ e_k]` whose entries include a column, with the
    length NAME's declaration gives it: a size name (derived), or a number (checked)."""
    out = []
    for d in definitions:
        value = d.value
        if not isinstance(value, arrays.Literal) or not arrays.stacks_names(value):
            continue  # a column of numbers has its length written; of gradients, not read
        label = _label(d.target)
        spec = names.spec(family_of(label).name) if label is not None else None
        if spec is None or spec.shape is None:
            continue  # undeclared: a number, whose transpose or norm is an error
        rows = spec.shape[0]
        out.append((int(rows) if rows.isdigit() else names.symbol(rows), d))
    return out


def derived_sizes(
    names: Names, definitions: Iterable[Definition], env: Mapping[sympy.Symbol, int]
) -> dict[sympy.Symbol, int]:
    """The size of each stacked column's name (its declared length), from the lengths of its
    entries at env; a column with an entry of no known length is left out. Two columns of one
    size name give it the first's length (`disagreement` then names the other)."""
    out: dict[sympy.Symbol, int] = {}
    for s, n in _lengths(names, definitions, env):
        if not isinstance(s, int):
            out.setdefault(s, n)
    return out


def solved_sizes(
    names: Names, definitions: Iterable[Definition], known: Mapping[sympy.Symbol, int]
) -> dict[sympy.Symbol, int]:
    """The sizes a stacked column of a written length determines: `\\phi = "vector(3)"` with
    `\\phi = [w \\\\ b]` and `w = "vector(n)"` makes n = 2 (3 = n + 1), never drawn. Only a
    length with one size left unknown (after known and the sizes solved so far) whose value is
    a whole number of at least 1 is solved: `[w \\\\ v]` of two free lengths, or 3 = 2n, is
    left to `disagreement`, an error at the sizes drawn."""
    out: dict[sympy.Symbol, int] = {}
    columns = []
    for size, d in stacked(names, definitions):  # `vector(3)`, or `vector(m)` with `m = 3` given
        length = size if isinstance(size, int) else known.get(size)
        if length is not None:
            columns.append((length, d))
    progress = True
    while progress:
        progress = False
        for size, d in columns:
            terms = [_length_term(names, e) for e in d.value.entries]
            if any(t is None for t in terms):
                continue  # an entry of no known length: nothing to solve from
            values = {k: sympy.Integer(v) for k, v in {**known, **out}.items()}
            total = sympy.Add(*terms).xreplace(values)  # a number plus sizes, each times a count
            if len(total.free_symbols) != 1:
                continue
            (x,) = total.free_symbols
            count = total.coeff(x)
            value = (size - (total - count * x)) / count
            if isinstance(x, sympy.Symbol) and value.is_Integer and value >= 1:
                out[x] = int(value)
                progress = True
    return out


def _length_term(names: Names, e: sympy.Basic) -> sympy.Expr | None:
    """The length of an entry of a stacked column as a size term: 1 for a number, the declared
    length of a column (a number or a size's symbol), None otherwise."""
    if e.is_commutative:
        return sympy.Integer(1)
    label = _label(e)
    spec = names.spec(family_of(label).name) if label is not None else None
    if spec is None or spec.shape is None or spec.shape[1] != "1":
        return None
    rows = spec.shape[0]
    return sympy.Integer(int(rows)) if rows.isdigit() else names.symbol(rows)


def _lengths(
    names: Names, definitions: Iterable[Definition], env: Mapping[sympy.Symbol, int]
) -> list[tuple[sympy.Symbol | int, int]]:
    """Each stacked column's declared length and the sum of its entries' lengths: a list, not
    a mapping, since two columns may be declared with one size (`vector(m)`)."""
    out: list[tuple[sympy.Symbol | int, int]] = []
    for size, d in stacked(names, definitions):
        lengths = [_column_length(names, e, env) for e in d.value.entries]
        if all(n is not None for n in lengths):
            out.append((size, sum(n for n in lengths if n is not None)))
    return out


def disagreement(
    names: Names, definitions: Iterable[Definition], env: Mapping[sympy.Symbol, int]
) -> str | None:
    """Why env is no instance of the stacked columns' sizes (a size tied to something else
    after it was derived, or two columns of one size whose entries sum to different lengths),
    or None."""
    seen: dict[sympy.Symbol | int, int] = {}
    for size, value in _lengths(names, definitions, env):
        fixed = size if isinstance(size, int) else env.get(size, seen.get(size))
        if fixed is not None and fixed != value:
            return (
                f"the length {size} of a stacked column is {value} here (the sum of its "
                f"entries' lengths), but the writing also makes it {fixed}"
            )
        seen.setdefault(size, value)
    return None


def agree(names: Names, definitions: Iterable[Definition], env: Mapping[sympy.Symbol, int]) -> None:
    """Raise UnsupportedError when env is no instance of the stacked columns' lengths."""
    why = disagreement(names, definitions, env)
    if why is not None:
        raise UnsupportedError(f"cannot draw sizes: {why}")
