"""What an expression equals, by a marker the teacher writes before it.

Converted slides state a result as an expression and say what it equals in the prose ("merging
b into w we get" before `\\frac{|\\hat{w}^T\\hat{x}_0|}{\\|\\hat{w}\\|}`). Two markers before such a
display make it a claim, without touching the prose (docs/scan.md#notation-settings-and-markers):

- `<!-- derive: equals above -->`: it equals the **previous display formula of the same text**
  (the file, or the notebook cell): the whole of it when that is an expression, its last side
  when it is a definition, a claim or a chain (`NAME = A = B`: B, which is NAME's value if the
  chain holds). A display above that ends with another relation (`\\le`, `>`), that cannot be
  read (a lost backslash, unreadable LaTeX, words), or none at all in that text, gives nothing
  to equal: the marker is a problem of the note (exit 2) or the formula stays not checked,
  with the reason, never a claim about something else.
- `<!-- derive: equals EXPRESSION -->`: it equals the expression written in the comment (the
  quantity the prose names, in the note's notation).

Before a display that states a relation itself the marker is a problem of the note: the
display already says what it claims. A damaged expression's reason says, when even restored it
states no relation, that such a marker is what it needs (`restored_states_nothing`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import sympy

from derive.errors import DeriveError, LatexError
from derive.model import Macro, SymbolSpec
from derive.notation import macrotext
from derive.notation.statements import Notation
from derive.scan import intermediates, surface
from derive.scan.inforce import base_name
from derive.scan.scope import Classified, Defined, Role, given_of, names_in
from derive.scan.settings import Marker

_LEFT = re.compile(r"\\left\s*$")


@dataclass(frozen=True)
class Equals:
    """The left side a marked expression is claimed equal to, and the rule line's words."""

    left: str
    shown: str


@dataclass(frozen=True)
class Above:
    """The previous display formula of a text, as far as `equals above` needs it."""

    latex: str  # as written
    line: int
    classified: Classified
    specs: Mapping[str, SymbolSpec] | None = None  # the settings it was read with


def above_side(
    above: Above | None,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    macros: tuple[Macro, ...],
) -> Equals | str:
    """What `equals above` makes the next expression equal, or why there is nothing: the
    reason, which names the display above (a problem of the note when there is none)."""
    if above is None:
        return "no display formula above it in this text (file or notebook cell)"
    c = above.classified
    where = f"the display at line {above.line}"
    readable = c.role is not Role.NOT_CHECKED or c.expression or c.uses is not None
    if not readable:
        return f"{where} is not read ({c.note.splitlines()[0]})"
    latex = above.latex
    if c.restored:
        latex, _ = surface.restore(latex)
    try:
        latex = macrotext.expand_text(latex, macros)
    except LatexError as exc:
        return f"{where} is not read ({exc.message})"
    latex = surface.PROSE_LEAD.sub("", surface.spelled(surface.TRAILING.sub("", latex)))
    try:
        reader = Notation(specs, intermediates.bare(given_of(scope), latex, specs)).reader(latex)
        parts, rels = reader.split_relations()
    except DeriveError as exc:
        return f"{where} is not read ({exc.message})"
    if rels and rels[-1] != "=":
        return f"{where} ends with {rels[-1]}, not with `=`: it says what its last side bounds"
    tokens = reader.tokens
    first, end = parts[-1]
    start = tokens[first].start
    left = _LEFT.search(latex[:start])  # `\left| ... \right|`: the \left goes with its side
    side = latex[left.start() if left else start : tokens[end - 1].end].strip()
    if above.specs is not None:  # a section ended, or a comment declared a name, since
        changed = read_otherwise(side, above.specs, specs, scope)
        if changed:
            return (
                f"{where} was read under other settings (of {', '.join(changed)}): read here it "
                "would be another formula (the settings of a comment hold to the end of its "
                "section)"
            )
    what = "the expression" if not rels else "the last side"
    restored = " (as restored)" if c.restored else ""
    return Equals(side, f"equals {what} of {where}{restored}, by `derive: equals above`")


def read_otherwise(
    side: str,
    then: Mapping[str, SymbolSpec],
    now: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
) -> list[str]:
    """The settings changed since the display above that its side (taken into the claim, and
    read here) uses: every changed setting of a name its reading uses under either settings, or
    of a size in such a name's shape; every changed setting when the two readings differ (a
    name a setting makes of letters, `ab = real`; one read away, `\\ln(e)` with e Euler's
    number) or when either cannot be read. A domain counts: it is an assumption of the claim."""
    changed = sorted(n for n in {*then, *now} if then.get(n) != now.get(n))
    if not changed:
        return []
    try:
        old, new = _value(side, then, scope), _value(side, now, scope)
    except DeriveError:
        return changed
    if old != new:  # the settings that make the difference, each taken back alone; else all
        back = [n for n in changed if _reads_otherwise(side, _taken_back(now, then, n), scope, new)]
        return back or changed
    used = {base_name(u) for u in names_in(old)}
    for specs in (then, now):  # w = vector(n): a setting of n changes what w is
        shapes = [spec.shape or () for n, spec in specs.items() if base_name(n) in used]
        used |= {base_name(d) for shape in shapes for d in shape}
    return [n for n in changed if base_name(n) in used]


def _taken_back(
    now: Mapping[str, SymbolSpec], then: Mapping[str, SymbolSpec], name: str
) -> dict[str, SymbolSpec]:
    """The settings now with the setting of name as it was then."""
    out = {n: s for n, s in now.items() if n != name}
    if name in then:
        out[name] = then[name]
    return out


def _reads_otherwise(
    side: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined], value: sympy.Expr
) -> bool:
    try:
        return bool(_value(side, specs, scope) != value)
    except DeriveError:
        return True


def _value(side: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined]) -> sympy.Expr:
    reader = Notation(specs, intermediates.bare(given_of(scope), side, specs)).reader(side)
    (value,) = reader.resolve_primes([reader.expr(0, len(reader.tokens))])
    return value


def written_side(
    latex: str,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    macros: tuple[Macro, ...],
) -> Equals | str:
    """`equals EXPRESSION`: the expression the comment writes, or why it is none (it cannot be
    read, or it states a relation itself)."""
    side = surface.spelled(surface.TRAILING.sub("", latex.strip()))
    # damaged as a display can be (`equals rac{1}{2}`): a product of letters r a c, never a claim
    control = surface.CONTROL.search(side)
    if control:
        return f"its expression holds a control character U+{ord(control.group()):04X}"
    lost = surface.lost_backslash(side)
    if lost:  # the repair is for converted displays, never for a comment the teacher writes
        return (
            f"its expression is damaged: {lost.removesuffix(surface.RESTORE_HINT)}; a comment is "
            "never restored: write it with its backslashes"
        )
    try:
        expanded = macrotext.expand_text(side, macros)
        reader = Notation(specs, intermediates.bare(given_of(scope), expanded, specs))
        _, rels = reader.reader(expanded).split_relations()
    except DeriveError as exc:
        return f"its expression cannot be read ({exc.message})"
    if rels:
        return f"its expression states a relation ({rels[0]}): write the quantity alone"
    return Equals(side, f"equals {side}, by `derive: equals` (the quantity the prose names)")


def _equals_said(m: Marker) -> str | None:
    if m.equals_above:
        return "equals above"
    return None if m.equals is None else f"equals {m.equals}"


def two_kinds(old: Marker | None, new: Marker) -> str | None:
    """A problem of the note when two `expect refuted` markers before one display expect two
    different kinds (`sign`, then `transpose`): the display is checked against the later one,
    and the earlier is not dropped silently."""
    if old is None or old.kind is None or new.kind is None or old.kind is new.kind:
        return None
    return (
        f"derive comment 'expect refuted {new.kind.value}': it follows 'expect refuted "
        f"{old.kind.value}' before the same display: one expected kind per display (the "
        f"display is checked against {new.kind.value})"
    )


def merged(old: Marker | None, new: Marker) -> Marker:
    """Two markers before one display (`expect refuted`, then `equals above`) both hold. Two
    `equals` that say different things cannot: the display equals neither (`clash`), never the
    one written last while the other is dropped."""
    if old is None:
        return new
    first, second = _equals_said(old), _equals_said(new)
    clash = old.clash
    if first is not None and second is not None and first != second:
        clash = (
            f"it follows '{first}' before the same display: one `equals` marker per display "
            "(which of the two it equals is not guessed)"
        )
    return Marker(
        clash=clash,
        expect_refuted=old.expect_refuted or new.expect_refuted,
        kind=new.kind or old.kind,
        skip=old.skip or new.skip,
        redefines=old.redefines or new.redefines,
        equals_above=new.equals_above or (old.equals_above and new.equals is None),
        equals=new.equals if new.equals is not None or new.equals_above else old.equals,
    )


def marked_side(
    marker: Marker | None,
    above: Above | None,
    specs: Mapping[str, SymbolSpec],
    scope: Sequence[Defined],
    macros: tuple[Macro, ...],
) -> tuple[Equals | None, str | None]:
    """What a `derive: equals` marker makes the next display equal, or why nothing."""
    if marker is None:
        return None, None
    if marker.clash is not None:
        return None, marker.clash
    if marker.equals is not None:
        side = written_side(marker.equals, specs, scope, macros)
        return (None, side) if isinstance(side, str) else (side, None)
    if not marker.equals_above:
        return None, None
    side = above_side(above, specs, scope, macros)
    return (None, side) if isinstance(side, str) else (side, None)


def after_marker(
    c: Classified, marker: Marker, equals: Equals | None, trouble: str | None, line: int
) -> tuple[Classified, str | None]:
    """The display after an `equals` marker: the claim it made, or what went wrong: a problem of
    the note (nothing above to equal, or a display that states a relation itself), or not
    checked with the reason; never a claim about something else."""
    said = "equals above" if marker.equals is None else f"equals {marker.equals}"
    if equals is not None and equals.shown in c.note:
        return c, None  # a claim, or not checked after all with the reason (which names it)
    if c.role is not Role.NOT_CHECKED or c.uses is not None:
        return c, (
            f"derive comment '{said}' before the display at line {line}, which states a "
            "relation itself (it is no expression): the marker is not used"
        )
    if c.expression and trouble is not None:
        reason = f"marked `{said}`, but {trouble}"
        # nothing above at all, or a comment that is no expression: the settings' error
        mine = marker.equals is not None or "no display" in trouble or marker.clash is not None
        problem = f"derive comment '{said}': {trouble}" if mine else None
        return replace(c, note=reason), problem
    return replace(c, note=f"{c.note} (marked `{said}`: not used)"), None


def restored_states_nothing(latex: str, specs: Mapping[str, SymbolSpec]) -> str:
    """What a formula damaged in conversion would state with its backslashes restored, when
    that is nothing (`rac{|w^T x_0|}{||w||}`): even restored there is no claim to check."""
    try:
        _, rels = Notation(specs, []).reader(surface.restored(latex)).split_relations()
    except DeriveError:
        return ""
    if rels:
        return ""
    return (
        "; restored, it is an expression with no relation: a `derive: equals` marker before it "
        "says what it equals"
    )
