"""Definitions: `name = expr`, an indexed family `A_j = expr`, a recurrence `x_{k+1} = ...`, or
a function `f(x, y) = expr`, read into the target, its parameters and its value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from derive.errors import DefinitionError
from derive.notation.calls import function_indices
from derive.notation.cursor import Spread
from derive.notation.names import Family
from derive.notation.reader import Reader
from derive.notation.scripts import Atom


@dataclass(frozen=True)
class Definition:
    """`name = expr`, `A_j = expr` (holds for every j), `x_0 = -9`, `z^{[l]}_j = ...` (every layer
    from 1 to L), `x_{k+1} = ...` (a recurrence), or `f(x) = expr`. For an indexed target, params
    are the index names of the left side (none for `x_0`)."""

    latex: str
    target: sympy.Basic  # Symbol, Indexed, or the Function class for f(x) = ...
    params: tuple[sympy.Symbol, ...]  # the index symbols of a family, the arguments of f
    value: sympy.Expr
    arguments: tuple[sympy.Expr, ...] = ()  # f's indices and arguments as written: J(\theta_0)


def read_definition(r: Reader, latex: str) -> Definition:
    """The definition `latex`, read by `r` (a reader of it): a name, an indexed family or a
    function `f(x, y)` and the value it stands for."""
    parts, rels = r.split_relations()
    if rels != ["="]:
        raise DefinitionError(f"a definition must be `name = expression` with one '=': {latex!r}")
    (lo, hi), (rlo, rhi) = parts
    atom = r.atom(lo, hi)
    (value,) = r.resolve_primes([r.expr(rlo, rhi)])
    if atom.end < hi and atom.primes:  # f'(x) = ...: would silently define f itself
        raise r.error(
            "a definition of a derivative is not supported; define the function itself",
            lo,
            atom.end,
        )
    if atom.end < hi:  # f(x, y) = ...
        if not (r.tokens[atom.end].is_char("(") and r.tokens[hi - 1].is_char(")")):
            raise r.error("the left side of a definition should be one name or f(x)", lo, hi)
        func = r.function_of(atom)
        if func is None:
            raise r.error("not a function name", lo, atom.end)
        args = r.call_arguments(atom.end + 1, hi - 1)
        if function_indices(atom):  # f_i(w_i) = w_i: f(i, t) = t for every i
            return _indexed_function(r, latex, atom, args, value, (lo, hi))
        names, body = _parameters(r, args, value, (), (atom.end, hi), r.spread.get(atom.name, ()))
        return Definition(latex, func, names, body, tuple(args))
    target = r.value_of(atom)
    if isinstance(target, sympy.Indexed):
        params: list[sympy.Symbol] = []
        for i in target.indices:
            free = sorted(i.free_symbols, key=str)
            if (
                i.is_Integer
                or isinstance(i, sympy.Symbol)
                or (len(free) == 1 and (i - free[0]).is_Integer)
            ):
                params += free
            else:
                raise r.error(
                    "an index of a defined name must be a name, a number or name ± number",
                    lo,
                    hi,
                )
        if len(set(params)) != len(params):
            raise r.error("an index name is repeated on the left side", lo, hi)
        return Definition(latex, target, tuple(params), value)
    if not isinstance(target, sympy.Symbol):
        raise r.error("the left side of a definition should be a name", lo, hi)
    return Definition(latex, target, (), value)


def _indexed_function(
    r: Reader,
    latex: str,
    atom: Atom,
    args: Sequence[sympy.Expr],
    value: sympy.Expr,
    where: tuple[int, int],
) -> Definition:
    """`f_i(w_i) = w_i`, `h_\\theta(x) = ...`: the function f of the indices and the arguments,
    f(i, t) = t (see `_parameters` for the arguments); the body may use the indices."""
    subs = function_indices(atom)
    if not all(isinstance(i, sympy.Symbol) for i in subs):
        raise r.error("the index of a defined function must be a name: f_i(x) = ...", *where)
    own = tuple(i for i in subs if isinstance(i, sympy.Symbol))
    params, body = _parameters(r, args, value, own, where, r.spread.get(atom.name, ()))
    return Definition(latex, sympy.Function(atom.name), (*own, *params), body, (*own, *args))


def _parameters(
    r: Reader,
    args: Sequence[sympy.Expr],
    value: sympy.Expr,
    own: tuple[sympy.Symbol, ...],
    where: tuple[int, int],
    spread: Spread = (),
) -> tuple[tuple[sympy.Symbol, ...], sympy.Expr]:
    """The parameters of `f(x, y) = ...` and its body. An argument is a plain name, or an entry
    of an indexed family. An entry indexed by the function's own indices (`f_i(w_i)`) stands for
    any value of that argument: a fresh name in the body. Any other entry (`J(\\theta_0,
    \\theta_1)`, `h_\\theta(x^{(i)})`) names the variables the function is written in: the body
    stays as written, and the reader applies such a function to these arguments only
    (`fixed_arguments`), since its value at others would have to reach into every definition
    the body uses."""
    if len(set(args)) != len(args):
        raise r.error("an argument is repeated in a function definition", *where)
    params: list[sympy.Symbol] = []
    body = value
    entries = dict(spread)
    for k, a in enumerate(args):
        if isinstance(a, sympy.Symbol) and k in entries:  # h(x) = x_0 + x_1: h(t0, t1)
            for n in entries[k]:
                t = sympy.Dummy(f"{a.name}{n}", real=True)
                body = body.xreplace({r.names.indexed(Family(a.name, False, False), (n,)): t})
                params.append(t)
            continue
        if isinstance(a, sympy.Symbol):
            params.append(a)
            continue
        if not isinstance(a, sympy.Indexed):
            raise r.error(
                "the arguments of a function definition must be plain names or entries of an "
                "indexed family (f(x, y) = ..., J(\\theta_0, \\theta_1) = ..., f_i(w_i) = ...)",
                *where,
            )
        if a.is_commutative:
            t = sympy.Dummy(f"t{k}", real=True)
        else:  # a whole vector (x^{(i)} with x declared a vector): products keep their order
            t = sympy.Dummy(f"t{k}", commutative=False)
        if own and set(a.indices) <= set(own):
            body = body.xreplace({a: t})
        params.append(t)
    return tuple(params), body
