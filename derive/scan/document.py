"""A note's display formulas, comments and headings classified in document order.

Definitions, `given` comments and the author's macros act on what follows them (across the
cells of a notebook too); a comment's settings end with its section (derive/scan/inforce.py);
a marker acts on the next display formula of its section; each formula becomes a `Formula`
(derive/scan/findings.py) with the claim it makes, if any, ready for the runner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from derive.catalog import Problem
from derive.errors import DeriveError
from derive.model import Claim, Macro, SymbolSpec, Verdict
from derive.notation.tokens import tokenize
from derive.scan import extract, mathlines, sections
from derive.scan.classify import classify, classify_inline
from derive.scan.equals import Above, after_marker, marked_side, merged, two_kinds
from derive.scan.findings import Formula
from derive.scan.inforce import InForce, Snapshot, shown, stale
from derive.scan.passes import Condition, defined_inline, forward_references
from derive.scan.scope import (
    Classified,
    Defined,
    Role,
    given_definition,
    inline_definition,
    relevant,
)
from derive.scan.settings import Marker, read_directive

# One id for every formula: the engine seeds a claim's random points from its id and LaTeX, so a
# formula gets the same points wherever it moves in the note (quiet diffs of the output).
CLAIM_ID = "formula"


def classify_note(
    name: str,
    parts: Sequence[tuple[str, Sequence[extract.Item | sections.Heading]]],
    specs: dict[str, SymbolSpec],
    project_macros: dict[str, Macro],
    *,
    restore: bool = False,
    project_shown: Mapping[str, str] | None = None,
) -> tuple[list[Formula], list[Problem]]:
    """Classify in document order: definitions, comments and the author's macros act on what
    follows them (across the cells of a notebook too); a comment's settings end with its
    section (derive/scan/inforce.py); `derive: equals above` looks at the display before it in
    the same text only, and `derive: restore backslashes` holds to the end of the note."""
    inforce = InForce(specs, project_shown)
    made: dict[int, Snapshot] = {}  # id of a definition in scope -> the settings it was read with
    macros = dict(project_macros)
    formulas: list[Formula] = []
    problems: list[Problem] = []
    scope: list[Defined] = []
    marker: Marker | None = None
    marked: list[str] = []  # the comments that set `marker`, for --explain
    origin: dict[int, str] = {}  # id of a definition in scope -> where it is written
    conditions: list[Condition] = []  # inline math that sets a name without defining it
    stated: set[str] = set()  # names inline math set so, and no display has defined since
    held: dict[str, list[Defined]] = {}  # their definitions before, for a `general` comment
    marked_at = 0  # the line of the comment that set `marker`
    for where_name, items in parts:
        above: Above | None = None
        for item in items:
            used = tuple(macros.values())
            now = inforce.snapshot()
            specs = dict(now.specs)
            if isinstance(item, sections.Heading):
                inforce.heading(item.level)
                if marker is not None:  # never carried into another section, never dropped
                    comment = "; ".join(m.rsplit(" (line", 1)[0] for m in marked)
                    problems.append(
                        Problem(
                            name,
                            f"line {marked_at}",
                            f"derive comment '{comment}'"
                            " marks the next display formula, but the "
                            f"heading at line {item.where.line} comes first: write the comment "
                            "just before the formula it marks",
                        )
                    )
                    marker, marked = None, []
                continue
            if isinstance(item, extract.MacroDefinition):
                if isinstance(item.macro, DeriveError):
                    where = f"line {item.where.line}"
                    problems.append(Problem(name, where, item.macro.format_message()))
                else:
                    macros[item.macro.name] = item.macro
                continue
            if isinstance(item, extract.Inline):
                c = classify_inline(item.latex, item.where.line, specs, scope, macros=used)
                if c is not None and c.defines is not None and c.defines.name in stated:
                    # `$\mathbf{y} = (y_1, ...)$`, then `$\mathbf{y} = X\beta$`: a second value
                    c = None
                if c is None:
                    defined = inline_definition(item.latex, specs, macros=used)
                    if defined is not None and not _restates(item.latex, defined, scope):
                        at = Condition(defined, where_name, item.where.line, len(formulas))
                        conditions.append(at)
                        stated.add(defined)
                        scope = _suspend(scope, defined, held)
                    continue
                display = extract.Display(item.latex, item.where, "$", 1, item.latex, item.span)
                c = _fresh(c, scope, made, now, where_name)
                formulas.append(
                    _formula(where_name, display, c, now, None, name, inline=True, macros=used)
                )
                origin.update((id(d), formulas[-1].where) for d in c.defined)
                scope += c.defined
                for name_defined in (d.name for d in c.defined):
                    held.pop(name_defined, None)
                made.update((id(d), now) for d in c.defined)
                continue
            if isinstance(item, extract.Directive):
                try:
                    said = read_directive(item.text)
                except DeriveError as exc:
                    message = _with_caret(item.text, exc)
                    problems.append(Problem(name, f"line {item.where.line}", message))
                    continue
                if said.macro is not None:
                    macros[said.macro.name] = said.macro
                if said.given is not None:
                    d = given_definition(said.given, item.where.line, specs, scope, macros=used)
                    if d is None:
                        problems.append(
                            Problem(
                                name,
                                f"line {item.where.line}",
                                f"derive comment 'given {said.given}': not NAME = EXPRESSION "
                                "(or not readable)",
                            )
                        )
                        continue
                    scope.append(d)
                    made[id(d)] = now
                    origin[id(d)] = f"{where_name}:{item.where.line} (a `derive: given` comment)"
                    given = Condition(d.name, where_name, item.where.line, len(formulas), d)
                    conditions.append(given)
                if said.reset:
                    inforce.reset()
                for written in said.general:
                    general = inline_definition(f"{written} = 0", specs, macros=used)
                    if general is None or general not in stated:
                        problems.append(
                            Problem(
                                name,
                                f"line {item.where.line}",
                                f"derive comment 'general {written}': no inline math above "
                                f"sets {written} to a value that is still in force",
                            )
                        )
                        continue
                    stated.discard(general)
                    scope += held.pop(general, [])  # the definition the condition set aside
                    ends = Condition(general, where_name, item.where.line, len(formulas), ends=True)
                    conditions.append(ends)
                if said.specs:
                    inforce.declare(item.text, said.specs, item.where.line, where_name)
                restore = restore or said.restore
                if said.marker is not None:
                    if (kinds := two_kinds(marker, said.marker)) is not None:
                        problems.append(Problem(name, f"line {item.where.line}", kinds))
                    marker, marked_at = merged(marker, said.marker), item.where.line
                    marked.append(f"{item.text} (line {item.where.line})")
                continue
            local, reasons = _with_reasons(item, specs, scope, used)
            equals, trouble = marked_side(marker, above, specs, local, used)
            c = classify(
                item.latex,
                item.where.line,
                specs,
                local,
                macros=used,
                skip=marker is not None and marker.skip,
                stacked=item.stacked,
                redefines=marker is not None and marker.redefines,
                restore=restore,
                equals=equals,
            )
            if marker is not None and (marker.equals_above or marker.equals is not None):
                c, problem = after_marker(c, marker, equals, trouble, item.where.line)
                if problem is not None:
                    problems.append(Problem(name, f"line {marked_at}", problem))
            if reasons and c.role is Role.CLAIM:
                c = replace(c, note=f"{c.note}; with {reasons} (the row's \\because)")
            if marker and marker.expect_refuted and c.role is Role.DEFINITION:
                c = Classified(  # never drop a marker silently
                    Role.NOT_CHECKED,
                    f"marked `expect refuted`, but it reads as a definition ({c.note}): nothing "
                    "to check it against",
                )
            c = _fresh(c, local, made, now, where_name)
            value = c.defines if item.env == mathlines.MATH_LINE else None
            if value is not None and (why := mathlines.as_condition(c, specs)):
                # `$l=L$` alone on a line: a condition, as inline math (derive/scan/mathlines.py)
                conditions.append(Condition(value.name, where_name, item.where.line, len(formulas)))
                stated.add(value.name)
                scope = _suspend(scope, value.name, held)
                c = Classified(Role.NOT_CHECKED, why)
            if c.defines is not None and c.replaces:
                scope = [d for d in scope if d.name != c.defines.name]
            scope += c.defined
            stated -= {d.name for d in c.defined}
            for name_defined in (d.name for d in c.defined):
                held.pop(name_defined, None)
            made.update((id(d), now) for d in c.defined)
            formula = _formula(where_name, item, c, now, marker, name, macros=used)
            formulas.append(
                replace(formula, markers=tuple(marked), sources=_sources(c, local, origin))
            )
            origin.update((id(d), formula.where) for d in c.defined)
            above = Above(item.latex, item.where.line, c, specs)
            marker, marked = None, []
    return defined_inline(forward_references(formulas), conditions), problems


def _with_caret(text: str, exc: DeriveError) -> str:
    """A `derive:` comment's error, the comment below it with a caret under the offending piece:
    the last piece the message quotes that the comment holds (`unknown spec 'blue'`), or all of
    it."""
    quoted = [q for q in re.findall(r"'([^']+)'", exc.message) if q in text]
    piece = quoted[-1] if quoted else text
    start = text.find(piece) + len("derive: ")
    return f"{exc.message}\n    derive: {text}\n    {' ' * start}{'^' * max(1, len(piece))}"


def _with_reasons(
    display: extract.Display,
    specs: dict[str, SymbolSpec],
    scope: list[Defined],
    macros: tuple[Macro, ...],
) -> tuple[list[Defined], str]:
    """The scope for one display whose rows give a definition as their reason (`\\dfrac{dz_i}
    {dw_2} = ... \\quad \\because z_i = w_1x_{i1} + w_2x_{i2} + b`): that definition, in place
    of any of the same name, for this display only; and the reasons used, for the rule line.
    A reason that is no definition (`\\because \\ln 1 = 0`) is left out, as before."""
    local, used = scope, []
    for reason in display.because:
        d = given_definition(reason, display.where.line, specs, local, macros=macros)
        if d is not None:
            local = [*(x for x in local if x.name != d.name), d]
            used.append(reason)
    return local, ", ".join(used)


def _sources(
    c: Classified, scope: Sequence[Defined], origin: Mapping[int, str]
) -> tuple[tuple[str, str], ...]:
    """Where each definition a claim is checked with is written (for --explain): a formula
    (`notes.md:12:1`), a `derive: given` comment, the row's `\\because`, or this formula's own
    definition (`J = A = B`, `\\text{Let} u = ...`). An entry the intermediates rule rewrote
    (`m = -x` for `m(x) = -x`) is found by its right side."""
    out = []
    own = {id(d) for d in c.defined}
    for g in c.given:
        head, _, body = (x.strip() for x in g.partition("="))
        found = [d for d in [*scope, *c.defined] if d.latex == g] or [
            d for d in scope if d.name == head and body and d.latex.endswith(body)
        ]
        if not found:
            out.append((g, "not found among the definitions in scope"))
            continue
        d = found[-1]
        where = "this formula's own definition" if id(d) in own else "the row's \\because"
        out.append((g, origin.get(id(d), where)))
    return tuple(out)


def _restates(latex: str, name: str, scope: Sequence[Defined]) -> bool:
    """Inline math that writes a definition in scope again, as it was written (spacing aside)."""
    same = "".join(latex.split()).rstrip(".,;")
    return any(d.name == name and "".join(d.latex.split()) == same for d in scope)


def _fresh(
    c: Classified, scope: Sequence[Defined], made: dict[int, Snapshot], now: Snapshot, here: str
) -> Classified:
    """A claim whose definitions were read under other settings of their names is not checked.
    A claim not read here (`uses` None) is passed every definition in scope; only those its
    text names, and theirs, can have been read otherwise for it (`u^T` read as using a `t =
    w x` of another section named a definition it does not use, hiding why it is not read)."""
    if c.role is not Role.CLAIM:
        return c
    given = c.given if c.uses is not None or c.claim is None else _named(c.claim, scope)
    if not (why := stale(given, scope, made, now, here)):
        return c
    return replace(c, role=Role.NOT_CHECKED, note=why, claim=None)


def _named(claim: str, scope: Sequence[Defined]) -> tuple[str, ...]:
    """The definitions of the names a claim's text writes (token by token), with theirs."""
    try:
        written = [t.text for t in tokenize(claim)]
    except DeriveError:
        return tuple(d.latex for d in scope)
    names = set()
    for d in scope:
        try:
            name = [t.text for t in tokenize(d.shown)]
        except DeriveError:
            names.add(d.name)
            continue
        if any(written[k : k + len(name)] == name for k in range(len(written))):
            names.add(d.name)
    return relevant(frozenset(names), scope)


def _formula(
    where_name: str,
    display: extract.Display,
    c: Classified,
    now: Snapshot,
    marker: Marker | None,
    name: str,
    *,
    inline: bool = False,
    macros: tuple[Macro, ...] = (),
) -> Formula:
    claim = None
    if c.role is Role.CLAIM and c.claim is not None:
        claim = Claim(
            id=CLAIM_ID,
            latex=c.claim,
            given=c.given,
            symbols=dict(now.specs),
            expect=Verdict.REFUTED if marker and marker.expect_refuted else Verdict.VERIFIED,
            expect_kind=marker.kind if marker else None,
            file=where_name,
            document=name,
        )
    settings = shown(now, where_name)
    return Formula(where_name, display, c, claim, name, inline, macros, settings, now.specs)


def _suspend(scope: list[Defined], name: str, held: dict[str, list[Defined]]) -> list[Defined]:
    """scope without the definitions of `name`, which inline math has just set to a value;
    `held` keeps them, for a `derive: general` comment that ends the condition."""
    held.setdefault(name, []).extend(d for d in scope if d.name == name)
    return [d for d in scope if d.name != name]
