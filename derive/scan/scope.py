"""What a formula defines, and the definitions in scope: the names each one uses, the names a
claim reaches through them, and the definitions passed along with a claim.

A definition is `NAME = EXPRESSION` read by the notation reader (`z_j = ...` defines the family z,
`f(x) = ...` the function f); the notes layer keeps them in note order (`Defined`), and a claim is
checked with the ones it uses, directly or through others (`relevant`)."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DeriveError, LatexError
from derive.model import FunctionKind, Macro, SymbolSpec
from derive.notation import macrotext
from derive.notation.families import family_of
from derive.notation.printer import to_latex
from derive.notation.statements import Notation
from derive.notation.tokens import Token
from derive.scan import intermediates, surface

_LATEX_FUNCTIONS = frozenset(
    "\\" + f
    for f in [
        "ln",
        "log",
        "exp",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sinh",
        "cosh",
        "arcsin",
        "arccos",
        "arctan",
        "max",
        "min",
        "sqrt",
        "det",
    ]
)


class Role(enum.Enum):
    DEFINITION = "definition"
    CLAIM = "claim"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Defined:
    """A definition in scope: its LaTeX, the name it defines, the names its value uses."""

    latex: str
    name: str
    uses: frozenset[str]
    line: int
    label: str = ""  # the name as written, when it differs from `name` (a function)
    indexed: bool = False  # a family (`z_i = ...`), not a single name (`z = ...`)
    written: str = ""  # a layered or per-sample family's target as written (`z^{[l]}`)

    @property
    def shown(self) -> str:
        """The name for a message: never a family's label (`z[]`)."""
        return self.label or self.written or self.name


@dataclass(frozen=True)
class Classified:
    role: Role
    note: str  # why not checked; for definitions and claims, the rule that applied
    claim: str | None = None  # the LaTeX to check
    given: tuple[str, ...] = ()
    defines: Defined | None = None
    uses: frozenset[str] | None = None  # the names a claim uses (None: it cannot be read)
    replaces: bool = False  # a definition that takes the place of an earlier one of its name
    restates: Defined | None = None  # for a claim `L = ...` about an earlier L: its definition
    # a second new name for the same value: `\text{softmax}(z_i) = S_i = ...` defines S_i too
    also: Defined | None = None
    # what a repair gave back (`derive: restore backslashes`): `rac` as `\frac`, ...
    restored: tuple[str, ...] = ()
    expression: bool = False  # read, and an expression with no relation
    # the names a claim as read takes a derivative by (`\\partial \\theta`: a variable there)
    variables: frozenset[str] = frozenset()
    sides: tuple[str, ...] = ()  # a claim's sides as read (to find the row of a failing link)

    @property
    def defined(self) -> tuple[Defined, ...]:
        """Every definition the formula brings into scope, in the order written."""
        return tuple(d for d in (self.defines, self.also) if d is not None)


def definition_of(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined], line: int
) -> Defined | None:
    try:
        notation = Notation(specs, [*intermediates.bare(given_of(scope), latex, specs), latex])
        d = notation.definition(latex)
    except DeriveError:  # not of the form name = expression (or not readable): no definition
        return None
    target = d.target
    if isinstance(target, sympy.Indexed):
        name = str(target.base.label)
    elif isinstance(target, sympy.Symbol):
        name = str(target)
    else:  # a function: matched by its SymPy name, shown as written
        name = str(getattr(target, "__name__", target))
        label = re.sub(r"\\left\s*$", "", latex.split("(", 1)[0]).strip()  # `J\left(`: J
        return Defined(latex, name, frozenset(names_in(d.value)), line, label)
    # the target's own indices are bound (`X_{i2} = x_i` for every i): no name it uses
    own = (
        {str(s) for s in target.free_symbols} - {name}
        if isinstance(target, sympy.Indexed)
        else set()
    )
    return Defined(
        latex,
        name,
        frozenset(names_in(d.value)) - own,
        line,
        indexed=isinstance(target, sympy.Indexed),
        written=written_name(target, name, specs),
    )


def why_not_definition(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined]
) -> str:
    """The reader's reason that `f(x) = ...` is no definition (`a transpose of \\hat{w}, which
    is not declared as a vector or matrix`), or the usual cause when it gives none."""
    try:
        given = [*intermediates.bare(given_of(scope), latex, specs), latex]
        Notation(specs, given).definition(latex)
    except DeriveError as exc:
        return exc.message
    return "is its argument a name defined above?"


def given_definition(
    latex: str,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    *,
    macros: tuple[Macro, ...] = (),
) -> Defined | None:
    """The definition of a `derive: given NAME = EXPRESSION` comment (None if it is not one)."""
    try:
        latex = macrotext.expand_text(latex, macros)
    except LatexError:
        return None
    return definition_of(surface.spelled(surface.TRAILING.sub("", latex)), specs, scope, line)


# A display formula (rows joined) longer than this is not read: the longest formula of formulas/,
# tests/ and corpus/ has 1,430 characters, and a note's display of tens of thousands (a delimiter
# left open swallowing prose) took minutes to read (bench/fuzz_scan.py).
LONGEST = 5000
_LISTED = re.compile(r"=.*\\[cl]?dots")


def inline_definition(
    latex: str, specs: Mapping[str, SymbolSpec], *, macros: tuple[Macro, ...] = ()
) -> str | None:
    """The name that inline math such as `$a = \\sigma(z)$` defines, if it reads as
    `name = expression`."""
    if len(latex) > LONGEST:
        return None
    try:
        latex = macrotext.expand_text(latex, macros)
    except LatexError:
        return None
    if surface.TRAILING.sub("", latex).count("=") != 1:
        return None
    latex = surface.TRAILING.sub("", latex)
    d = definition_of(latex, specs, (), 0)
    if d is None and _LISTED.search(latex):
        # `$\mathbf{y} = (y_1,\cdots,y_n)^T$`: the entries listed with an ellipsis do not read,
        # but the name is stated: a later `$\mathbf{y} = X\beta$` is a second value of it
        d = definition_of(latex.split("=", 1)[0] + "= 0", specs, (), 0)
    return d.name if d is not None else None


def declared_function(lhs: str, specs: Mapping[str, SymbolSpec]) -> bool:
    """Whether the head of `name(args)` is a function already: declared, or LaTeX's own."""
    name = lhs.strip().split("(", 1)[0].replace("\\left", "").strip()
    spec = specs.get(name)
    return name in _LATEX_FUNCTIONS or (spec is not None and spec.function is not None)


def declared_known(target: Defined, specs: Mapping[str, SymbolSpec]) -> str | None:
    """The declaration of a function the settings declare a known one (`sgn = "step"`), when
    the note writes its definition: `\\operatorname{sgn}(z) = \\begin{cases} ...` reads its left
    side as the step itself (the target is the known function, not a new name). That is a claim
    about the declared function, checked, never a second meaning of the name. (A function word
    nothing declares, such as `\\text{softmax}`, stays the note's own definition.)"""
    if not target.label:
        return None
    declared = [
        name
        for name, s in specs.items()
        if s.function is not None
        and s.function is not FunctionKind.ARBITRARY
        and s.function.value == target.name
        and name in target.label
    ]
    return f"{declared[0]} = {target.name}" if declared else None


def given_of(scope: Sequence[Defined]) -> list[str]:
    return [d.latex for d in scope]


def relevant(names: frozenset[str] | None, scope: Sequence[Defined]) -> tuple[str, ...]:
    """The definitions a claim uses, directly or through other definitions, in note order.
    Over-inclusive by design: a name that matches is always kept."""
    if names is None:
        return tuple(d.latex for d in scope)
    wanted = set(names)
    keep: set[int] = set()
    grew = True
    while grew:
        grew = False
        for k, d in enumerate(scope):
            if k not in keep and d.name in wanted:
                keep.add(k)
                wanted |= d.uses
                grew = True
    return tuple(d.latex for k, d in enumerate(scope) if k in keep)


def closure(names: frozenset[str] | set[str], defined: Mapping[str, Defined]) -> set[str]:
    """The names, and every name their definitions use, transitively."""
    reach, todo = set(names), list(names)
    while todo:
        d = defined.get(todo.pop())
        for used in d.uses if d is not None else ():
            if used not in reach:
                reach.add(used)
                todo.append(used)
    return reach


def written_name(e: sympy.Basic, name: str, specs: Mapping[str, SymbolSpec]) -> str:
    """`name` (head_name of e) for a message: a layered or per-sample family's label (`z[]`,
    `y()`) is no name the note writes, so such a name is e as written (`z^{[l]}`)."""
    if family_of(name).name == name:
        return name
    return to_latex(e, specs)


def head_name(e: sympy.Basic) -> str | None:
    if isinstance(e, sympy.Indexed):
        return str(e.base.label)
    if isinstance(e, sympy.Symbol):
        return str(e)
    if isinstance(e, AppliedUndef):
        return str(e.func.__name__)
    return None


def names_in(e: sympy.Basic) -> set[str]:
    out = {str(s) for s in e.free_symbols}
    out |= {f.func.__name__ for f in e.atoms(AppliedUndef)}
    return out


def second_name(
    latex: str,
    tokens: Sequence[Token],
    parts: Sequence[tuple[int, int]],
    rels: Sequence[str],
    target: Defined,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
) -> Defined | None:
    """`A = N = E` with N a name of its own that no definition in scope has and E free of it
    (`\\text{softmax}(z_i) = S_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}`): the note introduces two
    names for one value; N is defined by E, as A is (A's definition reads `A = N`)."""
    if rels != ["=", "="]:
        return None
    second = latex[tokens[parts[1][0]].start : tokens[parts[2][1] - 1].end]
    d = definition_of(second, specs, scope, target.line)
    if d is None or d.label or d.name == target.name or d.name in d.uses:
        return None
    if any(x.name == d.name for x in scope):  # a name in scope: the chain claims about it
        return None
    if d.name not in target.uses:
        return None
    return d
