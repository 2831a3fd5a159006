"""Each display formula of a note is a definition, a claim, or not checked (with the reason).

The rules, in order (docs/scan.md#how-a-formula-is-classified). Not checked:

1. after a `derive: skip` comment, or two statements on separate lines of one row (no `\\\\`);
2. a control character in the formula, or a word of three or more letters that is not a
   declared name, a command's argument or a braced index (`rac{1}{2}`: a backslash lost in
   conversion; `Loss = ...`, `when y = 1`: prose in the formula): it would be read as a product;
3. `=>` (an implication arrow written with `=`), a comma at the top level (`y = 1, p = 0`: a
   list), or pieces side by side, separated at the top level by `\\quad`, `\\qquad` or
   `\\hspace` (formulas in columns, or a formula and a condition); pieces holding only
   `\\text{...}` do not count;
4. LaTeX the reader cannot read (with the reader's message), or no relation (an expression,
   `x \\in R^n`).

Otherwise:

5. `name = expr` (one `=`, the left side a name, an indexed name or `f(x)`) **defines** the name
   when no definition of it is in scope. When one is (the note wrote `L = ...` earlier), it is a
   **claim** that the new right side equals the earlier definition, and the output says so;
   after a `derive: redefines` comment it is a new definition that replaces the earlier one.
   `name = a = b = ...` defines the name by `a` and claims `a = b = ...`; `w = w - ...` (the
   name on both sides) is an update rule, not a definition.
6. Anything else with a relation (a derivative, a chain, an update rule `\\leftarrow`, a bound)
   is a **claim**, checked with the definitions in scope it uses (directly or through others);
   an update rule gets every definition in scope, since the loss it descends need not be named.
   A claim is not checked after all when its left side reads as a power of a name by a letter
   (`\\delta^L = ...`: a superscript index, most likely), or when it takes the derivative of a
   name that no definition in scope defines (or defines only with, or only without, an index),
   or by a name the definitions do not reach: the dependency is then given elsewhere (prose,
   inline math, a figure), and the engine would read the derivative as unknown or 0. So is a
   link whose two sides are written in names that no definition relates (J by p_i, restated by
   z_i: p_i = \\sigma(z_i) is in the prose).

The notes layer (notes.py) adds two more: a claim that uses a name defined only further down,
or a name that only inline math defines.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DeriveError, LatexError
from derive.model import Macro, SymbolSpec
from derive.notation import usermacros
from derive.notation.statements import Notation, Statement
from derive.notation.tokens import Token, tokenize
from derive.scan import surface

_LEFT = re.compile(r"\\left\s*$")
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
_CALL = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{[^{}]*\}|_[A-Za-z0-9])?\s*(?:\\left)?\(\s*[^()]*\)\s*$")
_MATRIX = re.compile(r"\\begin\s*\{[pbBvV]?matrix\}|\\begin\s*\{array\}")


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

    @property
    def shown(self) -> str:
        return self.label or self.name


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

    @property
    def defined(self) -> tuple[Defined, ...]:
        """Every definition the formula brings into scope, in the order written."""
        return tuple(d for d in (self.defines, self.also) if d is not None)


# A display formula (rows joined) longer than this is not read: the longest formula of formulas/,
# tests/ and corpus/ has 1,430 characters, and a note's display of tens of thousands (a delimiter
# left open swallowing prose) took minutes to read (bench/fuzz_scan.py).
LONGEST = 5000


def classify(
    latex: str,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    *,
    macros: tuple[Macro, ...] = (),
    skip: bool = False,
    stacked: bool = False,
    redefines: bool = False,
) -> Classified:
    """Sort one display formula (see the module docstring for the rules). `macros`: the
    author's, expanded before anything else reads the formula (the claim is checked as
    expanded). `stacked`: the extractor found two statements on separate lines of one row,
    without `\\\\`. `redefines`: a `derive: redefines` comment before it, so that `name = ...`
    replaces a definition in scope."""
    if skip:
        return Classified(Role.NOT_CHECKED, "skipped by a `derive: skip` comment")
    if len(latex) > LONGEST:
        return Classified(
            Role.NOT_CHECKED,
            f"{len(latex):,} characters: longer than any formula ({LONGEST:,} at most): a "
            "delimiter left open, or prose taken into the formula?",
        )
    try:
        latex = usermacros.expand_text(latex, macros)
    except LatexError as exc:
        try:
            tokenize(latex)
        except LatexError:
            pass  # no token to expand: the rules below say what is wrong (`rac{`, a word)
        else:
            return Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    if stacked:
        return Classified(
            Role.NOT_CHECKED,
            "two statements on separate lines without `\\\\` between them: TeX sets them as one",
        )
    control = surface.CONTROL.search(latex)
    if control:
        return Classified(
            Role.NOT_CHECKED,
            f"a control character U+{ord(control.group()):04X} in the formula (a backslash "
            "escape such as \\f or \\r damaged in conversion?)",
        )
    latex = surface.spelled(surface.TRAILING.sub("", latex))
    lost = surface.lost_backslash(latex)
    if lost:
        return Classified(Role.NOT_CHECKED, lost + _relation_after_repair(latex, specs))
    lead = surface.PROSE_LEAD.match(latex)
    if lead and lead.end() < len(latex):  # `\text{Base on (3), (4)} => claim`: the prose's arrow
        c = classify(latex[lead.end() :], line, specs, scope, stacked=stacked, redefines=redefines)
        prose = f"after the prose `{lead.group().strip()}`"
        return replace(c, note=f"{c.note} ({prose})" if c.role is not Role.NOT_CHECKED else c.note)
    let = surface.LET.match(latex)
    if let and let.end() < len(latex):
        return _announced(latex, let.group().strip(), let.end(), line, specs, scope, stacked)
    differential = surface.differential(latex)
    if differential:
        return Classified(
            Role.NOT_CHECKED,
            f"`{differential}` outside a derivative \\frac{{d...}}{{d...}}: a differential "
            "(reasoning with infinitesimals) or a shorthand such as dw for a gradient; read as "
            "a product it would be something else",
        )
    try:
        side_by_side = surface.side_by_side(tokenize(latex))
    except LatexError as exc:
        return Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    latex = surface.named_words(latex, frozenset(d.name for d in scope))
    word = surface.word(tokenize(latex), specs)
    if word:
        return Classified(
            Role.NOT_CHECKED,
            f"the word {word!r} would be read as a product of letters: prose, a command that "
            f"lost its backslash (rac for \\frac), or a name to declare ({word} = real)",
        )
    if surface.IMPLIES.search(latex):
        return Classified(
            Role.NOT_CHECKED,
            "`=>` (an implication written with `=`): a step of reasoning, not one statement",
        )
    if surface.top_level_comma(tokenize(latex)):
        return Classified(
            Role.NOT_CHECKED,
            "a list at the top level (a comma outside brackets): several formulas or conditions",
        )
    if side_by_side:
        return Classified(
            Role.NOT_CHECKED,
            f"pieces side by side (separated by {side_by_side}): two formulas in columns or a "
            "formula with a condition",
        )
    try:
        notation = Notation(specs, given_of(scope))
        reader = notation.reader(latex)
        parts, rels = reader.split_relations()
    except LatexError as exc:
        return Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    if not rels:
        return Classified(Role.NOT_CHECKED, "no relation: an expression, not a statement")
    tokens = reader.tokens
    defined = {d.name: d for d in scope}
    new: Defined | None = None
    claim = latex
    note = "a claim"
    update = any(r in {"\\leftarrow", ":="} for r in rels)
    earlier: Defined | None = None
    if rels[0] == "=":
        first = latex[tokens[parts[0][0]].start : tokens[parts[1][1] - 1].end]
        lhs = latex[tokens[parts[0][0]].start : tokens[parts[0][1] - 1].end]
        target = _definition(first, specs, scope, line)
        if target is None and _CALL.match(lhs) and not _declared_function(lhs, specs):
            return Classified(
                Role.NOT_CHECKED,
                f"the left side {lhs.strip()} reads like a function definition but cannot be "
                f"read as one ({_why_not_definition(first, specs, scope)}): not read as a "
                "product",
            )
        if target is not None and target.name in target.uses:  # w = w - \eta g: an update
            if _MATRIX.search(latex):
                return Classified(
                    Role.NOT_CHECKED,
                    f"writes {target.shown} as the array of its own components: not read",
                )
            target, update = None, True
        earlier = defined.get(target.name) if target is not None else None
        if redefines and target is not None:  # classified as if the earlier one were not there
            rest = [d for d in scope if d.name != target.name]
            c = classify(latex, line, specs, rest, stacked=stacked)
            if c.defines is None or c.defines.name != target.name:
                return c
            if earlier is None:
                how = f"marked `derive: redefines`, but no definition of {target.shown} is in scope"
            else:
                how = f"marked `derive: redefines`: replaces the definition at line {earlier.line}"
            return replace(
                c,
                note=f"{c.note} ({how})",
                replaces=True,
            )
        if (
            target is not None
            and earlier is not None
            and earlier.uses
            and not target.uses
            and not _MATRIX.search(latex)
        ):  # `L = -(0 \cdot \log(1) - 1 \cdot \log(0.001))` after `L = -(y \log a + ...)`
            return Classified(
                Role.NOT_CHECKED,
                f"the value of {target.shown} at values of its names that the prose gives (an "
                f"evaluation); the definition at line {earlier.line} stays in scope",
            )
        if target is not None and earlier is not None and not target.uses and len(rels) == 1:
            return Classified(  # `A = [2, 3]` after `A = ...`: the note's next example
                Role.DEFINITION,
                f"defines {target.shown} again by a value (a new example): the definition at "
                f"line {earlier.line} no longer applies",
                defines=target,
                replaces=True,
            )
        if target is not None and earlier is not None and bool(earlier.label) != bool(target.label):
            return Classified(  # `L_\delta(a) = ...` after `L = ...`: a function, not L
                Role.NOT_CHECKED,
                f"{target.shown} is written here as {'a function' if target.label else 'a name'}, "
                f"but {earlier.shown} is defined at line {earlier.line} as "
                f"{'a function' if earlier.label else 'a name'}: not the same quantity",
            )
        if target is not None and earlier is not None and earlier.indexed != target.indexed:
            how = "with an index" if earlier.indexed else "without an index"
            return Classified(
                Role.NOT_CHECKED,
                f"{target.shown} is written here {'without' if earlier.indexed else 'with'} an "
                f"index, but defined {how} at line {earlier.line}: not the same quantity",
            )
        if target is not None and earlier is not None:
            note = f"a claim: {target.shown} is defined at line {earlier.line}"
        elif target is not None and len(rels) == 1:
            return Classified(Role.DEFINITION, f"defines {target.shown}", defines=target)
        elif target is not None and (
            also := _second_name(latex, tokens, parts, rels, target, specs, scope)
        ):
            return Classified(
                Role.DEFINITION,
                f"defines {target.shown} and {also.shown}, two names for one value (no claim)",
                defines=target,
                also=also,
            )
        elif target is not None:
            new = target
            claim = latex[_start(latex, tokens[parts[1][0]].start) :]
            note = f"defines {target.shown} and claims the rest of the chain"
    if redefines:
        return Classified(
            Role.NOT_CHECKED,
            "marked `derive: redefines`, but it is no definition `NAME = ...` (a claim or an "
            "update rule): nothing to replace",
        )
    restates = earlier if note.startswith("a claim: ") else None
    known = scope if new is None else [*scope, new]
    if new is not None:
        notation = Notation(specs, given_of(known))
    statement = _statement(notation, claim)
    names = _statement_names(statement) if statement is not None else None
    if statement is not None:
        problem = (
            _power_of_a_name(statement)
            or _derivative_problem(statement, known)
            or _unrelated_sides(statement, known)
        )
        if problem:
            return Classified(Role.NOT_CHECKED, problem, uses=names, defines=new)
    # an update rule descends a loss it need not name: every definition in scope is passed,
    # and the engine takes the last one that depends on the updated name (docs/scan.md)
    given = _relevant(None if update else names, known)
    return Classified(
        Role.CLAIM, note, claim=claim, given=given, defines=new, uses=names, restates=restates
    )


def _second_name(
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
    d = _definition(second, specs, scope, target.line)
    if d is None or d.label or d.name == target.name or d.name in d.uses:
        return None
    if any(x.name == d.name for x in scope):  # a name in scope: the chain claims about it
        return None
    if d.name not in target.uses:
        return None
    return d


def classify_inline(
    latex: str,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    *,
    macros: tuple[Macro, ...] = (),
) -> Classified | None:
    """Inline math is prose, with one exception: a definition (`where $a = \\sigma(z)$`, one
    `=`, the left side a new name, the right side using other names) comes into scope, and a
    definition chain (`$g_j = A = B$`) is a definition and a claim, as in a display. None for
    everything else: a condition (`$y = 1$`: no other name on the right), a name already in
    scope (a restatement), an equation, a set, a bound. A leading `\\Rightarrow` or
    `\\Leftrightarrow` is the prose's arrow, not part of the formula."""
    if len(latex) > LONGEST:
        return None
    try:
        latex = usermacros.expand_text(latex, macros)
    except LatexError:
        return None  # prose, as any inline math that is no definition
    latex = surface.PROSE_LEAD.sub("", surface.TRAILING.sub("", latex))
    if "=" not in latex or surface.lost_backslash(latex):
        return None
    c = classify(latex, line, specs, scope)
    d = c.defines
    if d is None or not d.uses - {d.name}:
        return None
    if c.role is Role.NOT_CHECKED:  # the chain after the definition cannot be checked
        return replace(c, note=f"defines {d.shown}; the rest of the chain: {c.note}")
    return c


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
        latex = usermacros.expand_text(latex, macros)
    except LatexError:
        return None
    return _definition(surface.spelled(surface.TRAILING.sub("", latex)), specs, scope, line)


def _announced(
    latex: str,
    word: str,
    start: int,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    stacked: bool,
) -> Classified:
    """`\\text{Let } u = -z_i`: the note says it is a definition, so it is one (replacing a
    definition of the name in scope, as after `derive: redefines`) or it is not checked; never
    a claim. `\\text{Let } u = -z_i => A = B` defines u and claims `A = B` with it."""
    rest = latex[start:]
    step = surface.IMPLIES.search(rest)
    head = (rest[: step.start()] if step else rest).strip()
    if step and surface.IMPLIES.search(rest, step.end()):
        step = None  # more than one `=>`: a chain of reasoning, not checked below
        head = rest
    if _definition(head, specs, scope, line) is None:
        return Classified(
            Role.NOT_CHECKED,
            f"written `{word}`, a definition, but not of the form NAME = EXPRESSION: not read "
            "as a claim",
        )
    c = classify(head, line, specs, scope, stacked=stacked)
    if c.restates is not None:  # `Let L = ...` after `L = ...`: a new definition
        c = classify(head, line, specs, scope, stacked=stacked, redefines=True)
    if c.role is Role.NOT_CHECKED:
        return c
    d = c.defines
    if d is None or (c.role is not Role.DEFINITION and step is not None):
        return Classified(
            Role.NOT_CHECKED,
            f"written `{word}`, a definition, but not of the form NAME = EXPRESSION: not read "
            "as a claim",
        )
    shown = f"{c.note} (written `{word}`)"
    if c.replaces:  # `Let f = ...` after `f = ...`: the note's word, not a marker
        shown = c.note.replace("marked `derive: redefines`", f"written `{word}`")
    if step is None:
        return replace(c, note=shown)
    then = classify(rest[step.end() :].strip(), line, specs, [*scope, d], stacked=stacked)
    if then.role is not Role.CLAIM or then.defines is not None:
        reason = then.note if then.role is Role.NOT_CHECKED else "it is no plain claim"
        return Classified(
            Role.NOT_CHECKED,
            f"written `{word} ... =>`: a definition and a step after it, which cannot be "
            f"checked: {reason}",
        )
    return replace(then, note=f"{shown}; claims what follows `=>` with it", defines=d)


def _relation_after_repair(latex: str, specs: Mapping[str, SymbolSpec]) -> str:
    """What a formula damaged in conversion would state with its backslashes restored, when
    that is nothing (`rac{|w^T x_0|}{||w||}`): even restored there is no claim to check."""
    try:
        _, rels = Notation(specs, []).reader(surface.restored(latex)).split_relations()
    except DeriveError:
        return ""
    if rels:
        return ""
    return "; restored, it is an expression with no relation: no claim to check"


def _declared_function(lhs: str, specs: Mapping[str, SymbolSpec]) -> bool:
    """Whether the head of `name(args)` is a function already: declared, or LaTeX's own."""
    name = lhs.strip().split("(", 1)[0].replace("\\left", "").strip()
    spec = specs.get(name)
    return name in _LATEX_FUNCTIONS or (spec is not None and spec.function is not None)


def given_of(scope: Sequence[Defined]) -> list[str]:
    return [d.latex for d in scope]


def _statement(notation: Notation, latex: str) -> Statement | None:
    """The claim as read, or None when it cannot be read (then every definition in scope is
    passed along and the engine reports what it cannot read)."""
    try:
        return notation.statement(latex)
    except DeriveError:
        return None


def _statement_names(statement: Statement) -> frozenset[str]:
    out: set[str] = set()
    for side in statement.sides:
        out |= _names(side.expr)
    return frozenset(out)


def _derivative_problem(statement: Statement, scope: Sequence[Defined]) -> str | None:
    """Why a derivative of a name cannot be checked from the display formulas in scope: the
    name has no definition there, or its definitions do not involve the variable (the note
    gives the dependency in prose, inline math or a figure). The engine would read such a
    derivative as unknown or as 0; either way the verdict would be about something the note
    does not say."""
    defined = {d.name: d for d in scope}
    for side in statement.sides:
        for d in side.expr.atoms(sympy.Derivative):
            head = _head(d.expr)
            if head is None or isinstance(d.expr, AppliedUndef):
                continue  # of an expression or a function (f'(u)): the engine differentiates it
            if head not in defined:
                return f"the derivative of {head}, which no display formula in scope defines"
            if isinstance(d.expr, sympy.Indexed) != defined[head].indexed:
                how = "with an index" if defined[head].indexed else "without an index"
                return (
                    f"the derivative of {head} as written here, while the display formulas "
                    f"define {head} only {how} (line {defined[head].line})"
                )
            reach = closure({head}, defined)
            for v in d.variables:
                name = _head(v)
                if name is not None and name not in reach:
                    return (
                        f"{head} does not depend on {name} through the display formulas in "
                        "scope (the dependency is given elsewhere: prose, inline math, a figure?)"
                    )
    return None


def _unrelated_sides(statement: Statement, scope: Sequence[Defined]) -> str | None:
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
        names = {n for n in _names(expr) if "[" not in n and n not in indices} | bases
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


def _power_of_a_name(statement: Statement) -> str | None:
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


def _head(e: sympy.Basic) -> str | None:
    if isinstance(e, sympy.Indexed):
        return str(e.base.label)
    if isinstance(e, sympy.Symbol):
        return str(e)
    if isinstance(e, AppliedUndef):
        return str(e.func.__name__)
    return None


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


def _definition(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined], line: int
) -> Defined | None:
    try:
        notation = Notation(specs, [*(d.latex for d in scope), latex])
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
        label = latex.split("(", 1)[0].strip()
        return Defined(latex, name, frozenset(_names(d.value)), line, label)
    return Defined(
        latex, name, frozenset(_names(d.value)), line, indexed=isinstance(target, sympy.Indexed)
    )


def _why_not_definition(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined]
) -> str:
    """The reader's reason that `f(x) = ...` is no definition (`a transpose of \\hat{w}, which
    is not declared as a vector or matrix`), or the usual cause when it gives none."""
    try:
        Notation(specs, [*(d.latex for d in scope), latex]).definition(latex)
    except DeriveError as exc:
        return exc.message
    return "is its argument a name defined above?"


def inline_definition(
    latex: str, specs: Mapping[str, SymbolSpec], *, macros: tuple[Macro, ...] = ()
) -> str | None:
    """The name that inline math such as `$a = \\sigma(z)$` defines, if it reads as
    `name = expression`."""
    if len(latex) > LONGEST:
        return None
    try:
        latex = usermacros.expand_text(latex, macros)
    except LatexError:
        return None
    if surface.TRAILING.sub("", latex).count("=") != 1:
        return None
    d = _definition(surface.TRAILING.sub("", latex), specs, (), 0)
    return d.name if d is not None else None


def _relevant(names: frozenset[str] | None, scope: Sequence[Defined]) -> tuple[str, ...]:
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


def _names(e: sympy.Basic) -> set[str]:
    out = {str(s) for s in e.free_symbols}
    out |= {f.func.__name__ for f in e.atoms(AppliedUndef)}
    return out


def _start(latex: str, offset: int) -> int:
    m = _LEFT.search(latex[:offset])
    return m.start() if m else offset
