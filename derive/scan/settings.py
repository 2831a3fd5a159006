"""Notation settings of a note, without touching its prose.

A project file gives `[symbols]` for every note below it: `derive.toml` (a top-level
`[symbols]` table) or `pyproject.toml` (`[tool.derive.symbols]`), the nearest one found in the
note's folder or a parent folder (derive.toml first). A comment in the note adds to them from
that point on: `<!-- derive: sigma = sigmoid; W = matrix(n, m) -->` in Markdown, `% derive:
sigma = sigmoid` in LaTeX, with the spec words of formula files (derive/specs.py). Two comment
words act on the next display formula only: `expect refuted` (optionally with a diagnosis kind,
`expect refuted sign`) keeps a deliberate mistake, `skip` leaves the formula unchecked, and
`redefines` makes a second `NAME = ...` a new definition replacing the one in scope (by the
ambiguity rule it would be a claim about that one). One
more, `given NAME = EXPRESSION`, states a definition the note gives where scan cannot read it (a
figure, words, a formula damaged in conversion); it is in scope from the comment on. Notation
settings hold to the end of the comment's section, and `reset` ends them earlier
(derive/scan/inforce.py). Two more markers, `equals above` and `equals EXPRESSION`, make the next
expression a claim about what it equals (derive/scan/equals.py). `restore backslashes` (or `[scan]
restore-backslashes = true` in the project file) turns on the repair of lost `\\f`, `\\b`, `\\r`
(derive/scan/surface.py); it is off by default.

The author's macros: `[macros]` in derive.toml (`[tool.derive.macros]` in pyproject.toml), as
in formula files (docs/format.md#macros), and a comment that is a definition as a preamble
writes it (`<!-- derive: \\newcommand{\\Vx}{\\mathbf{x}} -->`), in force from that point on. A
LaTeX note's own `\\newcommand`, `\\def` and `\\DeclareMathOperator` lines are read the same
way, in document order (derive/scan/document.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from derive.catalog import parse_kind
from derive.errors import DeriveError, SpecError
from derive.model import DiagnosisKind, Macro, SymbolSpec, Verdict
from derive.notation.usermacros import definition, macros_table
from derive.specs import canonical_name, parse_spec, parse_specs

_DEFINES = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|def|DeclareMathOperator)(?![A-Za-z])"
)


@dataclass(frozen=True)
class Marker:
    """What a comment says about the next display formula."""

    expect_refuted: bool = False
    kind: DiagnosisKind | None = None
    skip: bool = False
    redefines: bool = False  # `name = ...` is a new definition of a name in scope, not a claim
    equals_above: bool = False  # the expression equals the previous display's (last side)
    equals: str | None = None  # the expression equals this LaTeX (`equals EXPRESSION`)
    # two `equals` markers before one display that say different things (equals.merged): why
    # the display equals neither
    clash: str | None = None


@dataclass(frozen=True)
class ProjectFile:
    path: Path | None
    symbols: dict[str, SymbolSpec]
    macros: dict[str, Macro] = field(default_factory=dict)
    restore: bool = False  # `[scan] restore-backslashes = true`
    # each symbol's entry as written, for the output: `w = vector(n) (derive.toml)`
    shown: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Said:
    """What one `derive:` comment says: notation specs, a marker for the next display formula,
    or a definition (`given NAME = EXPRESSION`, its LaTeX)."""

    specs: dict[str, SymbolSpec]
    marker: Marker | None = None
    given: str | None = None
    macro: Macro | None = None
    restore: bool = False  # `restore backslashes`: from the comment on
    reset: bool = False  # `reset`: the settings of the current section's comments end here
    general: tuple[str, ...] = ()  # `general l, m`: the inline conditions on these names end here


def read_directive(text: str) -> Said:
    """`sigma = sigmoid; W = matrix(n, m)`, `expect refuted [kind]`, `skip`, `redefines`,
    `reset`, `general NAMES`, `given LATEX`, or an author's macro as a preamble defines it
    (`\\newcommand{\\Vx}{\\mathbf{x}}`; raises CatalogError when it cannot be read) (raises
    SpecError on anything else)."""
    words = text.split()
    if _DEFINES.match(text.strip()):
        return Said({}, macro=definition(text))
    if words[:2] == ["expect", "refuted"] and len(words) <= 3:
        kind = parse_kind(words[2], Verdict.REFUTED) if len(words) == 3 else None
        return Said({}, Marker(expect_refuted=True, kind=kind))
    if words == ["skip"]:
        return Said({}, Marker(skip=True))
    if words == ["redefines"]:
        return Said({}, Marker(redefines=True))
    if words == ["restore", "backslashes"]:
        return Said({}, restore=True)
    if words == ["equals", "above"]:
        return Said({}, Marker(equals_above=True))
    if words[:1] == ["equals"]:
        latex = text.strip()[len("equals") :].strip()
        if not latex:
            raise SpecError(
                f"derive comment {text!r}: expected 'equals above' or 'equals EXPRESSION'"
            )
        return Said({}, Marker(equals=latex))
    if words == ["reset"]:
        return Said({}, reset=True)
    if words[:1] == ["general"] and "=" not in text:
        names = tuple(n.strip() for n in text.strip()[len("general") :].split(",") if n.strip())
        if not names:
            raise SpecError(f"derive comment {text!r}: expected 'general NAME[, NAME...]'")
        return Said({}, general=names)
    if words[:1] == ["given"]:
        latex = text.strip()[len("given") :].strip()
        if "=" not in latex:
            raise SpecError(f"derive comment {text!r}: expected 'given NAME = EXPRESSION'")
        return Said({}, given=latex)
    specs: dict[str, SymbolSpec] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, spec = part.partition("=")
        if not sep:
            raise SpecError(
                f"derive comment {text!r}: expected NAME = SPEC (separated by ';'), "
                "'expect refuted [kind]', 'skip', 'redefines', 'reset', 'general NAME', "
                "'given NAME = EXPRESSION', 'equals above', 'equals EXPRESSION' or "
                "'restore backslashes'"
            )
        s = parse_spec(name.strip(), spec.strip())
        specs[s.name] = s
    if not specs:
        raise SpecError(f"derive comment {text!r} says nothing")
    return Said(specs)


def project_file(note: Path) -> ProjectFile:
    """The nearest derive.toml or pyproject.toml with [tool.derive], from the note's folder up."""
    for folder in [note.resolve().parent, *note.resolve().parent.parents]:
        own = folder / "derive.toml"
        if own.is_file():
            data = _toml(own)
            symbols = _symbols(data.get("symbols", {}), own, "[symbols]")
            return ProjectFile(
                own,
                symbols,
                _macros(data.get("macros", {}), own, "[macros]"),
                _restore(data.get("scan", {}), own, "[scan]"),
                _shown(data.get("symbols", {}), "derive.toml"),
            )
        py = folder / "pyproject.toml"
        if py.is_file():
            tool = _toml(py).get("tool", {})
            table = tool.get("derive") if isinstance(tool, dict) else None
            if isinstance(table, dict):
                return ProjectFile(
                    py,
                    _symbols(table.get("symbols", {}), py, "[tool.derive.symbols]"),
                    _macros(table.get("macros", {}), py, "[tool.derive.macros]"),
                    _restore(table.get("scan", {}), py, "[tool.derive.scan]"),
                    _shown(table.get("symbols", {}), "pyproject.toml [tool.derive]"),
                )
    return ProjectFile(None, {})


def _shown(table: object, source: str) -> dict[str, str]:
    """Each symbol's entry of a project file (read by `_symbols`), as the output shows it."""
    if not isinstance(table, dict):
        return {}
    return {canonical_name(key): f"{key} = {value} ({source})" for key, value in table.items()}


def _toml(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from exc


def _symbols(table: object, path: Path, what: str) -> dict[str, SymbolSpec]:
    if not isinstance(table, dict):
        raise SpecError(f"{path}: {what} must be a table")
    try:
        return parse_specs(table, f"{path} {what}")
    except DeriveError as exc:  # named: the note's problem is in this file, not in the note
        raise _named(exc, path, what) from None


def _macros(table: object, path: Path, what: str) -> dict[str, Macro]:
    if not isinstance(table, dict):
        raise SpecError(f"{path}: {what} must be a table")
    try:
        return macros_table(table, f"{path} {what}")
    except DeriveError as exc:
        raise _named(exc, path, what) from None


def _restore(table: object, path: Path, what: str) -> bool:
    """`restore-backslashes = true` in the project file's scan table (off when absent)."""
    if not isinstance(table, dict):
        raise SpecError(f"{path}: {what} must be a table")
    unknown = sorted(set(table) - {"restore-backslashes"})
    if unknown:
        raise SpecError(f"{path} {what}: unknown key {unknown[0]!r} (known: restore-backslashes)")
    value = table.get("restore-backslashes", False)
    if not isinstance(value, bool):
        raise SpecError(f"{path} {what}: restore-backslashes must be true or false")
    return value


def _named(exc: DeriveError, path: Path, what: str) -> SpecError:
    """The error of an entry of a project file, naming the file and the table."""
    if str(path) in exc.message:
        return SpecError(exc.message)
    return SpecError(f"{path} {what}: {exc.message}")
