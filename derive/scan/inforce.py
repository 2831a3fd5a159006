"""The notation settings in force at each point of a note, and definitions read under others.

The scope rule (docs/scan.md#scope-of-settings): the project file's `[symbols]` hold for the
whole note; a `derive:` comment's settings hold from where it is written to the end of its
section, that is until the next heading of the same or a higher level (derive/scan/sections.py),
and `derive: reset` ends them earlier (the settings of the comments of the current section;
those of enclosing sections and of the project file stay). A comment before the first heading
holds for the whole note. A setting of an inner section overrides one of an enclosing section
for that inner section only.

Definitions follow document order across sections (a loss defined in one section is the loss
of the next), but each means what it meant where it was written: a claim that uses a
definition read under another reading of a name it uses (`f(x) = \\operatorname{sgn}(w^T x +
b)` with `w = vector(n)`, used where w is a number: a shape, a function, an index role) is not
checked, with the two settings (`stale`): re-read under the new settings it would be another
formula. A domain (`positive`, `binary`) is no reading: it is an assumption about the value,
and the claim's own settings give it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from derive.model import Domain, SymbolSpec
from derive.notation.heads import CONSTANTS
from derive.scan.intermediates import rewrites
from derive.scan.scope import Defined
from derive.specs import canonical_name

_FONT = re.compile(r"\\(?:boldsymbol|mathbf|bm|pmb|vec)\s*\{([^{}]*)\}")
_FONT_BARE = re.compile(r"\\(?:boldsymbol|mathbf|bm|pmb|vec)\s+(\\?[A-Za-z]+)")


@dataclass(frozen=True)
class Setting:
    """One entry of a `derive:` comment in force: `w = vector(n)`, written at `line`."""

    name: str  # the canonical name (derive/specs.py)
    text: str  # the entry as written
    line: int
    where: str  # the text of the note it is written in (a notebook's cell)

    def shown(self, here: str) -> str:
        _, sep, cell = self.where.rpartition("#cell-")
        at = "" if self.where == here else f"cell {cell}, " if sep else f"{self.where}, "
        return f"{self.text} ({at}line {self.line})"


@dataclass(frozen=True)
class Snapshot:
    """The settings in force at one point: all specs, which comment gave each, and the project
    file's entries that no comment overrides here (as shown)."""

    specs: Mapping[str, SymbolSpec]
    comments: Mapping[str, Setting]
    project: Mapping[str, str] = field(default_factory=dict)


class InForce:
    """The settings in force while a note is read in document order."""

    def __init__(
        self, project: Mapping[str, SymbolSpec], shown: Mapping[str, str] | None = None
    ) -> None:
        self.project = dict(project)
        self.project_shown = dict(shown or {})  # each project entry as written (settings.py)
        self._frames: list[tuple[int, dict[str, Setting], dict[str, SymbolSpec]]] = [(0, {}, {})]

    def heading(self, level: int) -> None:
        """A section of this level begins: the settings of sections at its level or deeper end."""
        while len(self._frames) > 1 and self._frames[-1][0] >= level:
            self._frames.pop()
        self._frames.append((level, {}, {}))

    def declare(self, text: str, specs: Mapping[str, SymbolSpec], line: int, where: str) -> None:
        """A comment's settings (its text `w = vector(n); x = vector(n)`), from here on."""
        entries = {canonical_name(p.partition("=")[0].strip()): p.strip() for p in text.split(";")}
        _, comments, frame_specs = self._frames[-1]
        for name, spec in specs.items():
            comments[name] = Setting(name, entries.get(name, name), line, where)
            frame_specs[name] = spec

    def reset(self) -> None:
        """`derive: reset`: the settings of the current section's comments end here."""
        level = self._frames[-1][0]
        self._frames[-1] = (level, {}, {})

    def snapshot(self) -> Snapshot:
        specs = dict(self.project)
        comments: dict[str, Setting] = {}
        for _, frame_comments, frame_specs in self._frames:
            specs.update(frame_specs)
            comments.update(frame_comments)
        project = {n: t for n, t in self.project_shown.items() if n not in comments}
        return Snapshot(specs, comments, project)


def shown(snapshot: Snapshot, here: str) -> tuple[str, ...]:
    """The settings in force, for the verdict: the project file's (`sigma = sigmoid
    (derive.toml)`, in the file's order) that no comment overrides here, then the comments'
    (`w = vector(n) (line 60)`, by line)."""
    settings = sorted(snapshot.comments.values(), key=lambda s: (s.where, s.line, s.name))
    return (*snapshot.project.values(), *(s.shown(here) for s in settings))


def stale(
    given: Sequence[str],
    scope: Sequence[Defined],
    made: Mapping[int, Snapshot],
    now: Snapshot,
    here: str,
) -> str:
    """Why a claim checked with these definitions (their LaTeX) would re-read one of them under
    other settings than those it was written under ("" when none is): `uses f (line 67), written
    where w = vector(n) (line 60); here w is not declared`."""
    for d in scope:
        then = made.get(id(d))
        if then is None or not any(g == d.latex or rewrites(d.latex, g) for g in given):
            continue
        names = {base_name(u) for u in d.uses} | {base_name(d.name)}
        changed = sorted(
            n
            for n in set(then.specs) | set(now.specs)
            if _reading(n, then.specs) != _reading(n, now.specs) and base_name(n) in names
        )
        if changed:
            n = changed[0]
            return (
                f"uses {d.shown} (line {d.line}), written where {_describe(n, then, here)}; "
                f"here {_describe(n, now, here)}: read here it would be another formula (the "
                "settings of a comment hold to the end of its section)"
            )
    return ""


def _reading(name: str, specs: Mapping[str, SymbolSpec]) -> SymbolSpec | None:
    """How a name is read, its domain aside: a domain (`positive`, `binary`) is an assumption
    about the value, which the claim's own settings give; a shape, a function, an index role
    change what the definition's formula says. A constant's letter (`e`, `\\pi`) declared in
    one place and not in the other is a name there and the constant here (None)."""
    spec = specs.get(name)
    if spec is None and name in CONSTANTS:
        return None
    return replace(spec or SymbolSpec(name), domain=Domain.REAL)


def _describe(name: str, snapshot: Snapshot, here: str) -> str:
    if name in snapshot.comments:
        return snapshot.comments[name].shown(here)
    if name in snapshot.specs:
        return f"{name} is as the project file declares it"
    return f"{name} is not declared"


def base_name(name: str) -> str:
    """A name without its font, index or call (`\\hat{\\boldsymbol{w}}` -> `\\hat{w}`,
    `w[h, j]` -> `w`, `\\hat{x}()` -> `\\hat{x}`)."""
    name = _FONT_BARE.sub(r"\1", _FONT.sub(r"\1", name))
    return re.sub(r"(?:\(\)|\[[^\[\]]*\])+$", "", name).strip()
