"""Helpers shared by the notation tests: read LaTeX under a small symbol table and compare the
exact SymPy structure; the caret of a LaTeX error."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import sympy

from derive.errors import LatexError
from derive.model import SymbolSpec
from derive.notation.names import Family, Names
from derive.notation.reader import read_expression
from derive.notation.statements import Notation, Statement
from derive.specs import parse_spec

Build = Callable[[Names], sympy.Expr]


def make_specs(table: Mapping[str, str]) -> dict[str, SymbolSpec]:
    specs = (parse_spec(k, v) for k, v in table.items())
    return {s.name: s for s in specs}


ML = {
    "sigma": "sigmoid",
    "y": "binary",
    "f": "function",
    "\\hat{y}": "unit, superscript-index",
    "OUT": "real",
}


def read(latex: str, table: Mapping[str, str] | None = None) -> tuple[sympy.Expr, Names]:
    names = Names(make_specs(ML if table is None else table))
    return read_expression(latex, names), names


def check(latex: str, build: Build, table: Mapping[str, str] | None = None) -> sympy.Expr:
    expr, names = read(latex, table)
    expected = build(names)
    assert expr == expected, f"{latex!r}: {sympy.srepr(expr)} != {sympy.srepr(expected)}"
    return expr


def fam(name: str, layer: bool = False, sample: bool = False) -> Family:
    return Family(name, layer, sample)


def idx(
    n: Names, name: str, *indices: sympy.Expr | str | int, layer: bool = False, sample: bool = False
) -> sympy.Indexed:
    """names.indexed with plain strings turned into the table's symbols."""
    conv = tuple(n.symbol(i) if isinstance(i, str) else sympy.sympify(i) for i in indices)
    if layer:  # a letter in a layer index is the integer layer symbol, not the variable
        first = conv[0].xreplace({s: n.layer_symbol(s.name) for s in conv[0].free_symbols})
        conv = (first, *conv[1:])
    return n.indexed(fam(name, layer, sample), conv)


def caret(err: LatexError) -> tuple[int, int]:
    """(column in the input, width) of the caret line of a formatted LaTeX error."""
    lines = err.format_message().split("\n")
    assert len(lines) == 3
    assert lines[0] == err.message
    assert lines[1] == "    " + err.latex
    body = lines[2][4:]
    col = len(body) - len(body.lstrip(" "))
    assert set(body[col:]) == {"^"}
    return col, len(body) - col


def assert_read_error(
    latex: str,
    fragment: str,
    words: str,
    table: Mapping[str, str] | None = None,
    last: bool = False,
) -> None:
    """Reading `latex` fails with a message holding `words` and a caret under `fragment` (its
    first occurrence, or its last with `last`)."""
    try:
        read(latex, table)
    except LatexError as err:
        assert words in err.message
        assert err.fragment == fragment
        where = latex.rindex(fragment) if last else latex.index(fragment)
        assert caret(err) == (where, len(fragment))
    else:
        raise AssertionError(f"{latex!r} was read")


def prime_of(func: Callable[..., sympy.Expr], arg: sympy.Expr, order: int) -> sympy.Subs:
    t = sympy.Dummy("t", real=True)
    return sympy.Subs(sympy.Derivative(func(t), (t, order)), t, arg)


def read_statement(
    latex: str, table: Mapping[str, str] | None = None, given: Sequence[str] = ()
) -> tuple[Statement, Notation]:
    """A claim read under a Notation of `table` (no symbols by default) and `given`."""
    notation = Notation(make_specs(table or {}), given)
    return notation.statement(latex), notation


def exprs(st: Statement) -> list[sympy.Expr]:
    return [s.expr for s in st.sides]
