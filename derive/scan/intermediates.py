"""Functions a note defines and then uses only by their name: intermediate variables.

Notes that take a derivative step by step often write each step as a function of the one
before (`m(x) = -x`, `t(m) = e^{m}`, `h(t) = 1 + t`) and then use every name bare, as the
value at the variable written (`\\frac{dt}{dm}`, `g(h)`). Read as functions, `t(m)` cannot be
defined (its argument is a defined name, m(x), not a variable) and a derivative by m is by a
name that is defined as a function. Read as names (`m = -x`, `t = e^{m}`), every step is the
intermediate variable the note means, and a derivative by one is by that intermediate.

The two readings agree wherever the function is used only bare: the reader already reads a
bare defined function as its value at its own arguments. So a function definition whose
arguments are plain names is passed as `NAME = BODY` for a formula where its name is applied
nowhere (no `f(`, no `f^{-1}(`, no prime, no index: in the formula and every other definition
passed with it). Where it is applied, it stays a function, as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import sympy

from derive.errors import DeriveError
from derive.model import SymbolSpec
from derive.notation.statements import Notation

# after the name: a prime, an index, or a call (`f(`, `f \left(`, `f \big(`, `f^{-1}(`, `f^2(`)
_APPLIED = (
    r"\s*(?:['_]|(?:\^\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*"
    r"(?:\\[,;:! ]\s*|\\q?quad\s*|~\s*)*"  # spacing
    r"(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*)?[(\[])"
)


def bare(given: Sequence[str], text: str, specs: Mapping[str, SymbolSpec]) -> list[str]:
    """The definitions `given`, in order, with each function used only bare in them and in
    `text` (the formula read with them) written as a name: `m(x) = -x` as `m = -x`."""
    out: list[str] = []
    for k, latex in enumerate(given):
        name = _as_name(latex, out, specs)
        others = [*given[:k], *given[k + 1 :], text]
        if name is not None and not any(_applied(name[0], t) for t in others):
            out.append(name[1])
        else:
            out.append(latex)
    return out


def rewrites(latex: str, given: str) -> bool:
    """Whether `given` is `latex` as `bare` writes it: `m = -x` for `m(x) = -x`."""
    label = latex.split("(", 1)[0].strip()
    head = f"{label} = "
    return bool(label) and given.startswith(head) and latex.endswith(given[len(head) :])


def _as_name(
    latex: str, earlier: Sequence[str], specs: Mapping[str, SymbolSpec]
) -> tuple[str, str] | None:
    """The label of `f(x, y) = BODY` and the definition `f = BODY`, when latex defines a
    function that no setting declares, of distinct plain-name arguments (no index on f);
    None for anything else."""
    label = latex.split("(", 1)[0].strip()
    if not label or any(c in label for c in "_^'{} ") or label in specs:
        return None
    try:
        notation = Notation(specs, [*earlier, latex])
        d = notation.definition(latex)
        if isinstance(d.target, sympy.Symbol | sympy.Indexed):
            return None
        args = d.arguments
        if not args or args != d.params or not all(isinstance(a, sympy.Symbol) for a in args):
            return None
        reader = notation.reader(latex)
        parts, rels = reader.split_relations()
        if rels != ["="]:
            return None
        rewritten = f"{label} = {latex[reader.tokens[parts[1][0]].start :]}"
        plain = Notation(specs, [*earlier, rewritten]).definition(rewritten)
    except DeriveError:
        return None
    if not isinstance(plain.target, sympy.Symbol):
        return None
    return label, rewritten


def _applied(label: str, text: str) -> bool:
    """Whether `text` applies the function `label` (or primes or indexes it)."""
    return (
        re.search(r"(?<![A-Za-z\\])" + re.escape(label) + r"(?![A-Za-z])" + _APPLIED, text)
        is not None
    )
