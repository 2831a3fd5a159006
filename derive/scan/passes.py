"""Passes over a note's classified formulas in document order, after classification: a claim
that uses a name the note defines only further down, or one that inline math sets to a value
without defining it (a condition such as `$y = 1$`), is not checked (docs/scan.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from derive.scan.findings import Formula
from derive.scan.scope import Defined, Role, closure


@dataclass(frozen=True)
class Condition:
    """Inline math that gives a name a value without defining it (`For $y = 0$:`, or a second
    value of a name in scope), a `derive: given` comment (`given` set), or a `derive: general`
    comment that ends the condition on the name (`ends`), placed before the formula with index
    `before`."""

    name: str
    where: str
    line: int
    before: int
    given: Defined | None = None
    ends: bool = False


def defined_inline(formulas: list[Formula], conditions: Sequence[Condition]) -> list[Formula]:
    """A claim that uses (directly or through the definitions in scope) a name that inline math
    sets to a value without defining it (`For $y = 0$:`, a condition, or a second value of a
    name already defined), and no definition after that, is not checked: read without the
    condition, the name would be a free variable or keep its old value, and the verdict would
    be about something else. Conditions on one line of prose are one example (`when $y = 0$
    and $a = 1$, the loss is`): a display definition of any of their names by other names
    (`a = \\frac{1}{1 + e^{-h}}`, the note back to the general case; not `a = 0.9`, one more
    value) ends all of them."""
    out = list(formulas)
    scope: dict[str, Defined] = {}
    conditioned: dict[str, Condition] = {}
    held: dict[str, Defined] = {}  # a conditioned name's definition before the condition
    pending = sorted(conditions, key=lambda c: c.before)
    for k, f in enumerate(formulas):
        while pending and pending[0].before <= k:
            cond = pending.pop(0)
            if cond.ends:  # `derive: general l`: the note is back to the general case
                conditioned.pop(cond.name, None)
                if cond.name in held:
                    scope[cond.name] = held.pop(cond.name)
            elif cond.given is not None:
                scope[cond.name] = cond.given
                conditioned.pop(cond.name, None)
                held.pop(cond.name, None)
            else:
                if cond.name in scope:
                    held[cond.name] = scope.pop(cond.name)
                conditioned[cond.name] = cond
        c = f.classified
        if c.role is Role.CLAIM and c.uses is not None:
            own = {c.defines.name: c.defines} if c.defines else {}
            used = closure(c.uses, {**scope, **own})
            elsewhere = sorted(n for n in used if n in conditioned and n not in own)
            if elsewhere:
                reason = ", ".join(
                    f"{n} ({_short(conditioned[n].where, f.file)}line {conditioned[n].line})"
                    for n in elsewhere
                )
                out[k] = replace(
                    f,
                    classified=replace(
                        c,
                        role=Role.NOT_CHECKED,
                        note="uses names that inline math sets to a value without defining "
                        f"them (a condition such as $y = 1$, or a second value), which scan "
                        f"does not read: {reason}",
                    ),
                    claim=None,
                )
        for d in c.defined:
            scope[d.name] = d
            held.pop(d.name, None)
            ended = conditioned.pop(d.name, None)
            # defined by other names (not by a value, itself one more condition): the note is
            # back to the general case, and the example is over: all of it
            if ended is not None and ended.given is None and d.uses - {d.name}:
                for n, other in list(conditioned.items()):
                    if (other.where, other.line) == (ended.where, ended.line):
                        del conditioned[n]
    return out


def _short(where: str, here: str) -> str:
    """`cell-3, ` for another cell of the same notebook, nothing for the same text."""
    if where == here:
        return ""
    _, sep, cell = where.rpartition("#cell-")
    return f"cell {cell}, " if sep else f"{where}, "


def forward_references(formulas: list[Formula]) -> list[Formula]:
    """A claim that uses a name the note defines only further down is not checked: read before
    its definition, the name would be a free variable, which the note does not mean. Unless a
    formula after the claim, and before that definition, takes a derivative by the name
    (`\\frac{\\partial J}{\\partial \\theta}`): up to there the note treats it as a variable, and
    the definition is a value found later (`\\theta = (X^T X)^{-1} X^T y`, where the derivative
    vanishes), so the claim is about the variable: `J(\\theta) = ...` expanded before the
    derivative is taken. A claim after the last such derivative may be a step of solving for
    the name (`X^T X \\theta = X^T y`), and stays not checked."""
    out = list(formulas)
    first: dict[str, int] = {}  # a name -> the index of its first definition
    for k, f in enumerate(formulas):
        for d in f.classified.defined:
            first.setdefault(d.name, k)
    later: dict[str, int] = {}
    varied: set[str] = set()  # names a formula after this one, before their definition, varies
    for k in range(len(formulas) - 1, -1, -1):
        f = formulas[k]
        c = f.classified
        if c.role is Role.CLAIM and c.uses is not None:
            ahead = sorted(
                n
                for n in c.uses
                if n in later
                and first[n] >= k
                and n not in _in_scope(f)  # none before it
                and n not in varied
            )
            if ahead:
                reason = ", ".join(f"{n} (line {later[n]})" for n in ahead)
                out[k] = replace(
                    f,
                    classified=replace(
                        c,
                        role=Role.NOT_CHECKED,
                        note=f"uses names the note defines only further down: {reason}",
                    ),
                    claim=None,
                )
        varied |= c.variables
        for d in c.defined:
            later[d.name] = f.display.where.line
            varied.discard(d.name)
    return out


def _in_scope(f: Formula) -> frozenset[str]:
    """The names defined for this formula's check: its own chain definition, if any."""
    return frozenset({f.classified.defines.name}) if f.classified.defines else frozenset()
