"""Why a claim that reads is not checked after all: it takes the derivative of a name that the
display formulas in scope do not define or do not make depend on the variable, its sides are
written in names no definition relates, or its left side is a power of a name by a letter (a
superscript index, most likely). In each case the engine would check something the note does
not say (docs/scan.md#how-a-formula-is-classified)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DeriveError
from derive.model import SymbolSpec
from derive.notation.arrays import Grad, Hessian
from derive.notation.statements import Notation, Statement
from derive.scan import intermediates
from derive.scan.scope import (
    Classified,
    Defined,
    Role,
    closure,
    head_name,
    names_in,
    relevant,
    written_name,
)


def read_statement(notation: Notation, latex: str) -> Statement | None:
    """The claim as read, or None when it cannot be read (then every definition in scope is
    passed along and the engine reports what it cannot read)."""
    try:
        return notation.statement(latex)
    except DeriveError:
        return None


def statement_names(statement: Statement) -> frozenset[str]:
    out: set[str] = set()
    for side in statement.sides:
        out |= names_in(side.expr)
    return frozenset(out)


def derivative_problem(statement: Statement, scope: Sequence[Defined]) -> str | None:
    """Why a derivative of a name cannot be checked from the display formulas in scope: the
    name has no definition there, or its definitions do not involve the variable (the note
    gives the dependency in prose, inline math or a figure). The engine would read such a
    derivative as unknown or as 0; either way the verdict would be about something the note
    does not say."""
    defined = {d.name: d for d in scope}
    for side in statement.sides:
        for d in _derivatives(side.expr):
            head = head_name(d.expr)
            call = isinstance(d.expr, AppliedUndef)
            if head is None or (call and head not in defined):
                continue  # of an expression or a function (f'(u)): the engine differentiates it
            shown = written_name(d.expr, head, {})
            if head not in defined:
                return f"the derivative of {shown}, which no display formula in scope defines"
            if isinstance(d.expr, sympy.Indexed) != defined[head].indexed:
                how = "with an index" if defined[head].indexed else "without an index"
                return (
                    f"the derivative of {shown} as written here, while the display formulas "
                    f"define {defined[head].shown} only {how} (line {defined[head].line})"
                )
            # a function the note defines, called (`{\\cal C}(\\bm{\\Theta})` read in
            # `\\frac{\\partial {\\cal C}}{\\partial a_j^L}`): its definition and its arguments
            reach = closure({head} | (names_in(d.expr) if call else set()), defined)
            for v in d.variables:
                name = head_name(v)
                if name is not None and name not in reach:
                    return (
                        f"{shown} does not depend on {written_name(v, name, {})} through the "
                        "display formulas in "
                        "scope (the dependency is given elsewhere: prose, inline math, a figure?)"
                    )
    return None


@dataclass(frozen=True)
class _Taken:
    """A derivative as written: of what, by which variables."""

    expr: sympy.Basic
    variables: tuple[sympy.Basic, ...]


def _derivatives(expr: sympy.Basic) -> list[_Taken]:
    """The derivatives in an expression: SymPy's, and the gradients and Hessians by a vector or
    matrix (`\\frac{\\partial {\\cal C}}{\\partial \\bm{a}^L}`, `\\nabla_W C`)."""
    out = [_Taken(d.expr, tuple(d.variables)) for d in expr.atoms(sympy.Derivative)]
    return out + [_Taken(g.args[0], (g.args[1],)) for g in expr.atoms(Grad, Hessian)]


def unrelated_sides(statement: Statement, scope: Sequence[Defined]) -> str | None:
    """Two sides of one link written in different names that no definition in scope relates:
    `J = \\frac{1}{N}\\sum_i [\\ln(1 + e^{-z_i}) + ...]` where J is defined by p_i and the note
    gives p_i = \\sigma(z_i) in prose or in a `\\because` row. Each side has a name the other
    does not reach; checked, the two would be independent variables and the verdict about
    something the note does not say. (A name on one side only, as c in `\\frac{d}{dx}(x^2 + c)
    = 2x`, is fine.)"""
    defined = {d.name: d for d in scope}

    def free(expr: sympy.Basic) -> set[str]:
        indices = {str(s) for ix in expr.atoms(sympy.Indexed) for s in ix.free_symbols} - {
            str(ix) for ix in expr.atoms(sympy.Indexed)
        }
        bases = {str(ix.base.label) for ix in expr.atoms(sympy.Indexed)}
        names = {n for n in names_in(expr) if "[" not in n and n not in indices} | bases
        return {n for n in closure(names, defined) - set(defined) if "[" not in n}

    sides = [free(side.expr) for side in statement.sides]
    for k in range(len(sides) - 1):
        left, right = sides[k] - sides[k + 1], sides[k + 1] - sides[k]
        if left and right:
            return (
                f"the sides of {statement.sides[k].latex.strip()} = ... are written in "
                f"different names ({', '.join(sorted(left))} on the left, "
                f"{', '.join(sorted(right))} on the right) that no display formula in scope "
                "relates (given in prose, a figure or a \\because row?)"
            )
    return None


def power_of_a_name(statement: Statement) -> str | None:
    """`\\delta^L = y - a^L`: a left side that reads as a name to the power of a letter is
    almost always a name with a layer or sample superscript; checked as a power, the verdict
    would be about something the note does not say."""
    lhs = statement.sides[0]
    e = lhs.expr
    if (
        isinstance(e, sympy.Pow)
        and isinstance(e.base, sympy.Symbol | sympy.Indexed)
        and isinstance(e.exp, sympy.Symbol)
    ):
        return (
            f"the left side {lhs.latex.strip()} reads as a power of {e.base}: a superscript "
            "index? Write it as a layer (^{[L]}) or declare the name superscript-index"
        )
    return None


def checked_claim(
    claim: str,
    note: str,
    specs: Mapping[str, SymbolSpec],
    known: Sequence[Defined],
    notation: Notation,
    new: Defined | None,
    update: bool,
    restates: Defined | None,
) -> Classified:
    """A claim, with the definitions in scope it uses; not checked after all when it takes a
    derivative the definitions do not reach, or its sides are in names nothing relates."""
    statement = read_statement(notation, claim)
    names = statement_names(statement) if statement is not None else None
    by = derivative_variables(statement) if statement is not None else frozenset()
    if statement is not None:
        problem = (
            power_of_a_name(statement)
            or derivative_problem(statement, known)
            or unrelated_sides(statement, known)
        )
        if problem:
            return Classified(Role.NOT_CHECKED, problem, uses=names, defines=new, variables=by)
    # an update rule descends a loss it need not name: every definition in scope is passed,
    # and the engine takes the last one that depends on the updated name (docs/scan.md)
    given = tuple(intermediates.bare(relevant(None if update else names, known), claim, specs))
    return Classified(
        Role.CLAIM,
        note,
        claim=claim,
        given=given,
        defines=new,
        uses=names,
        restates=restates,
        variables=by,
        sides=tuple(s.latex for s in statement.sides) if statement is not None else (),
    )


def derivative_variables(statement: Statement) -> frozenset[str]:
    """The names the statement takes a derivative by (`\\frac{\\partial J}{\\partial \\theta}`:
    theta), gradients and Hessians included: at that point of the note they are variables."""
    found = {
        head_name(v)
        for side in statement.sides
        for d in _derivatives(side.expr)
        for v in d.variables
    }
    return frozenset(n for n in found if n is not None)
