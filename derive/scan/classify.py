"""Each display formula of a note is a definition, a claim, or not checked (with the reason).

The rules, in order (docs/scan.md#how-a-formula-is-classified). Not checked: rules 1 to 3, a
formula that is not one statement (skipped, damaged in conversion, prose, a list, pieces side by
side: screen.py), or

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
or a name that only inline math defines. What a formula defines and the definitions in scope are
in scope.py; why a claim that reads is not checked after all, in obstacles.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from derive.errors import LatexError
from derive.model import Macro, SymbolSpec
from derive.notation import macrotext
from derive.notation.statements import Notation
from derive.scan import intermediates, screen, surface
from derive.scan.equals import Equals
from derive.scan.obstacles import checked_claim
from derive.scan.scope import (
    LONGEST,
    Classified,
    Defined,
    Role,
    declared_function,
    declared_known,
    definition_of,
    given_of,
    second_name,
    why_not_definition,
)

_LEFT = re.compile(r"\\left\s*$")
_CALL = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{[^{}]*\}|_[A-Za-z0-9])?\s*(?:\\left)?\(\s*[^()]*\)\s*$")
_MATRIX = re.compile(r"\\begin\s*\{[pbBvV]?matrix\}|\\begin\s*\{array\}")


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
    restore: bool = False,
    equals: Equals | None = None,
) -> Classified:
    """Sort one display formula (see the module docstring for the rules). `macros`: the
    author's, expanded before anything else reads the formula (the claim is checked as
    expanded). `stacked`: the extractor found two statements on separate lines of one row,
    without `\\\\`. `redefines`: a `derive: redefines` comment before it, so that `name = ...`
    replaces a definition in scope. `restore`: the note's setting `derive: restore
    backslashes` (the remnants of a lost `\\f`, `\\b`, `\\r` given back, and said). `equals`:
    what an expression equals, by a `derive: equals` marker (equals.py)."""
    restored: tuple[str, ...] = ()
    if restore and not skip:
        latex, restored = surface.restore(latex)
    c = _classify(latex, line, specs, scope, macros, skip, stacked, redefines, equals)
    return replace(c, restored=restored) if restored else c


def _classify(
    latex: str,
    line: int,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    macros: tuple[Macro, ...],
    skip: bool,
    stacked: bool,
    redefines: bool,
    equals: Equals | None,
) -> Classified:
    latex, stop = screen.damaged(latex, specs, macros, skip=skip, stacked=stacked)
    if stop is not None:
        return stop
    lead = surface.PROSE_LEAD.match(latex)
    if lead and lead.end() < len(latex):  # `\text{Base on (3), (4)} => claim`: the prose's arrow
        c = classify(
            latex[lead.end() :],
            line,
            specs,
            scope,
            stacked=stacked,
            redefines=redefines,
            equals=equals,
        )
        prose = f"after the prose `{lead.group().strip()}`"
        return replace(c, note=f"{c.note} ({prose})" if c.role is not Role.NOT_CHECKED else c.note)
    let = surface.LET.match(latex)
    if let and let.end() < len(latex):
        return _announced(latex, let.group().strip(), let.end(), line, specs, scope, stacked)
    latex, stop = screen.not_one_statement(latex, specs, scope)
    if stop is not None:
        return stop
    try:
        notation = Notation(specs, intermediates.bare(given_of(scope), latex, specs))
        reader = notation.reader(latex)
        parts, rels = reader.split_relations()
    except LatexError as exc:
        return Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    if not rels and equals is not None:  # `derive: equals above`: LEFT = this expression
        claim = f"{equals.left} = {latex}"
        try:
            notation = Notation(specs, intermediates.bare(given_of(scope), claim, specs))
        except LatexError as exc:
            return Classified(
                Role.NOT_CHECKED, f"unreadable: {exc.format_message()} ({equals.shown})"
            )
        c = checked_claim(
            claim, f"a claim: {equals.shown}", specs, scope, notation, None, False, None
        )
        return c if c.role is Role.CLAIM else replace(c, note=f"{c.note} ({equals.shown})")
    if not rels:
        return Classified(
            Role.NOT_CHECKED, "no relation: an expression, not a statement", expression=True
        )
    tokens = reader.tokens
    defined = {d.name: d for d in scope}
    new: Defined | None = None
    claim = latex
    note = "a claim"
    update = any(r in {"\\leftarrow", ":="} for r in rels)
    earlier: Defined | None = None
    if rels[0] == "=":
        first = latex[tokens[parts[0][0]].start : _closed(latex, tokens[parts[1][1] - 1].end)]
        lhs = latex[tokens[parts[0][0]].start : tokens[parts[0][1] - 1].end]
        target = definition_of(first, specs, scope, line)
        if target is None and _CALL.match(lhs) and not declared_function(lhs, specs):
            return Classified(
                Role.NOT_CHECKED,
                f"the left side {lhs.strip()} reads like a function definition but cannot be "
                f"read as one ({why_not_definition(first, specs, scope)}): not read as a "
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
        declared = declared_known(target, specs) if target is not None else None
        if target is not None and earlier is not None:
            note = f"a claim: {target.shown} is defined at line {earlier.line}"
        elif target is not None and declared is not None:  # sgn(z) = ... with sgn = "step"
            note = f"a claim: {target.shown} is declared {declared} (the note states it)"
        elif target is not None and len(rels) == 1:
            return Classified(Role.DEFINITION, f"defines {target.shown}", defines=target)
        elif target is not None and (
            also := second_name(latex, tokens, parts, rels, target, specs, scope)
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
        notation = Notation(specs, intermediates.bare(given_of(known), claim, specs))
    return checked_claim(claim, note, specs, known, notation, new, update, restates)


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
    scope (a restatement), a layer or sample index set to a value (`$l=L$`), an equation, a
    set, a bound. A leading `\\Rightarrow` or
    `\\Leftrightarrow` is the prose's arrow, not part of the formula."""
    if len(latex) > LONGEST:
        return None
    try:
        latex = macrotext.expand_text(latex, macros)
    except LatexError:
        return None  # prose, as any inline math that is no definition
    latex = surface.PROSE_LEAD.sub("", surface.TRAILING.sub("", latex))
    if "=" not in latex or surface.lost_backslash(latex):
        return None
    c = classify(latex, line, specs, scope)
    d = c.defines
    if d is None or not d.uses - {d.name}:
        return None
    spec = specs.get(d.name)
    if spec is not None and (spec.layer or spec.sample):
        return None  # "specialize to the output layer $l=L$": a case of an index, no quantity
    if c.role is Role.NOT_CHECKED:  # the chain after the definition cannot be checked
        return replace(c, note=f"defines {d.shown}; the rest of the chain: {c.note}")
    return c


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
    if definition_of(head, specs, scope, line) is None:
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


def _closed(latex: str, end: int) -> int:
    """`end` moved past the `}` that close the braces opened before it: the reader's tokens
    leave out braces that only group, so the last token of `{{(a - y)}^{2}}}` ends before the
    closing `}}`."""
    depth = latex.count("{", 0, end) - latex.count("\\{", 0, end)
    depth -= latex.count("}", 0, end) - latex.count("\\}", 0, end)
    while depth > 0:
        nxt = len(latex[end:]) - len(latex[end:].lstrip())
        if not latex.startswith("}", end + nxt):
            break
        end, depth = end + nxt + 1, depth - 1
    return end


def _start(latex: str, offset: int) -> int:
    m = _LEFT.search(latex[:offset])
    return m.start() if m else offset
