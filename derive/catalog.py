"""Formula files (TOML) into Claims. Errors name the file and the claim id; one bad claim never
hides the others (it becomes a Problem and the rest of the file is still read)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from derive.errors import CatalogError, DeriveError
from derive.model import (
    Arg,
    Claim,
    CodeSpec,
    DiagnosisKind,
    GradientLayout,
    Keyed,
    Macro,
    Returns,
    SymbolSpec,
    Verdict,
)
from derive.notation.usermacros import macros_table, preamble
from derive.specs import parse_specs

TOP_KEYS = {"meta", "symbols", "macros", "claim"}
META_KEYS = {"title", "source", "layout", "preamble"}
CLAIM_KEYS = {
    "id",
    "source",
    "given",
    "claim",
    "expect",
    "kind",
    "why",
    "symbols",
    "asserted",
    "layout",
    "macros",
}
CODE_KEYS = {"code", "args", "implements", "bind"}  # a function checked against a quantity
# "error": the source's LaTeX itself is malformed (a derivative by a call, \\frac{\\partial z}{b}):
# the file expects derive to reject it, and says why
EXPECTS = {"verified": Verdict.VERIFIED, "refuted": Verdict.REFUTED, "error": Verdict.ERROR}


@dataclass(frozen=True)
class Problem:
    """A file or claim that could not be read."""

    file: str
    claim_id: str | None
    message: str

    def format(self) -> str:
        where = f"{self.file}::{self.claim_id}" if self.claim_id else self.file
        return f"{where}: {self.message}"


@dataclass
class Catalog:
    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The formula files under the given paths (files as given, folders searched for *.toml)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.toml") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return files, problems


def load(paths: str | Path | Iterable[str | Path]) -> Catalog:
    """Read the formula files at paths (files or folders; one path or several)."""
    if isinstance(paths, str | Path):
        paths = [paths]  # a str is iterable: without this, "f.toml" would be read as "f", ...
    files, problems = discover(paths)
    catalog = Catalog(problems=problems)
    for f in files:
        part = load_file(f)
        catalog.claims += part.claims
        catalog.problems += part.problems
    return catalog


def load_file(path: str | Path) -> Catalog:
    path = Path(path)
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Catalog(problems=[Problem(name, None, f"cannot read: {exc}")])
    except tomllib.TOMLDecodeError as exc:
        return Catalog(problems=[Problem(name, None, f"TOML syntax: {exc}")])
    return parse_document(data, name)


def parse_document(data: Mapping[str, object], name: str) -> Catalog:
    out = Catalog()
    try:
        _unknown(data, TOP_KEYS, "top-level key")
        meta = _table(data.get("meta", {}), "[meta]")
        _unknown(meta, META_KEYS, "key in [meta]")
        file_specs = parse_specs(_table(data.get("symbols", {}), "[symbols]"))
        file_macros = _preamble(meta.get("preamble"), name)
        file_macros.update(macros_table(_table(data.get("macros", {}), "[macros]"), "[macros]"))
        entries = data.get("claim", [])
        if not isinstance(entries, list):
            raise CatalogError("`claim` must be an array of tables: [[claim]]")
        title = _opt_str(meta, "title", "[meta]")
        file_source = _opt_str(meta, "source", "[meta]")
        file_layout = parse_layout(meta.get("layout"), GradientLayout.DENOMINATOR)
    except DeriveError as exc:
        out.problems.append(Problem(name, None, exc.format_message()))
        return out
    seen: set[str] = set()
    for k, entry in enumerate(entries, start=1):
        claim_id = entry.get("id") if isinstance(entry, dict) else None
        label = claim_id if isinstance(claim_id, str) else f"claim #{k}"
        try:
            claim = _claim(entry, file_specs, name, title, file_source, file_layout, file_macros)
            if claim.id in seen:
                raise CatalogError(f"the id {claim.id!r} is used twice in this file")
            seen.add(claim.id)
            out.claims.append(claim)
        except DeriveError as exc:
            out.problems.append(Problem(name, label, exc.format_message()))
    if not entries:
        out.problems.append(Problem(name, None, "no [[claim]] in this file"))
    return out


def _claim(
    entry: object,
    file_specs: Mapping[str, SymbolSpec],
    name: str,
    title: str | None,
    file_source: str | None,
    file_layout: GradientLayout = GradientLayout.DENOMINATOR,
    file_macros: Mapping[str, Macro] | None = None,
) -> Claim:
    table = _table(entry, "[[claim]]")
    _unknown(table, CLAIM_KEYS | CODE_KEYS, "key in [[claim]]")
    claim_id = table.get("id")
    if not isinstance(claim_id, str) or not claim_id.strip():
        raise CatalogError("every [[claim]] needs an `id` (a non-empty string)")
    code = code_spec(table, name)
    if code is not None and "claim" in table:
        raise CatalogError(
            "a claim about code has no `claim`: `implements` says what the function computes "
            "(state the formula itself in a claim of its own)"
        )
    latex = table.get("claim", _shown(code.implements) if code else None)
    if not isinstance(latex, str) or not latex.strip():
        raise CatalogError("`claim` (the LaTeX to check) is missing or empty")
    given = table.get("given", [])
    if not isinstance(given, list) or not all(isinstance(g, str) for g in given):
        raise CatalogError("`given` must be a list of LaTeX strings")
    expect_text = table.get("expect", "verified")
    if not isinstance(expect_text, str) or expect_text not in EXPECTS:
        raise CatalogError(
            f'`expect` must be "verified", "refuted" or "error", not {expect_text!r}'
        )
    kind = parse_kind(table.get("kind"), EXPECTS[str(expect_text)])
    asserted = table.get("asserted")
    if asserted not in (None, "left", "right"):
        raise CatalogError(f'`asserted` must be "left" or "right", not {asserted!r}')
    specs = dict(file_specs)
    specs.update(parse_specs(_table(table.get("symbols", {}), "`symbols`")))
    macros = dict(file_macros or {})
    macros.update(macros_table(_table(table.get("macros", {}), "`macros`"), "`macros`"))
    return Claim(
        id=claim_id,
        latex=latex,
        given=tuple(given),
        symbols=specs,
        expect=EXPECTS[str(expect_text)],
        expect_kind=kind,
        asserted=asserted if isinstance(asserted, str) else None,
        why=_opt_str(table, "why"),
        source=_opt_str(table, "source") or file_source,
        file=name,
        title=title,
        document=file_source or name,
        code=code,
        layout=parse_layout(table.get("layout"), file_layout),
        macros=tuple(macros.values()),
    )


def _preamble(value: object, name: str) -> dict[str, Macro]:
    """The macros of `[meta] preamble = "FILE.tex"` (a path relative to the formula file): its
    \\newcommand, \\renewcommand, \\providecommand, \\def and \\DeclareMathOperator lines."""
    if value is None:
        return {}
    if not isinstance(value, str) or not value.strip():
        raise CatalogError("`preamble` must be the path of a .tex file (a string)")
    path = Path(name).parent / value
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read the preamble {value!r}: {exc}") from None
    try:
        return preamble(text)
    except CatalogError as exc:
        raise CatalogError(f"in the preamble {value!r}: {exc.message}") from None


def parse_layout(value: object, default: GradientLayout) -> GradientLayout:
    """`layout = "denominator" | "numerator"` ([meta] for the file, or one claim)."""
    if value is None:
        return default
    layouts = {x.value: x for x in GradientLayout}
    if not isinstance(value, str) or value not in layouts:
        raise CatalogError(f'`layout` must be "denominator" or "numerator", not {value!r}')
    return layouts[str(value)]


def parse_kind(value: object, expect: Verdict) -> DiagnosisKind | None:
    """`kind = "transpose"`: the diagnosis a refuted claim must get to count as expected."""
    if value is None:
        return None
    kinds = {k.value: k for k in DiagnosisKind}
    if not isinstance(value, str) or value not in kinds:
        raise CatalogError(f"`kind` must be one of {', '.join(kinds)}, not {value!r}")
    if expect is not Verdict.REFUTED:
        raise CatalogError('`kind` (the expected diagnosis) goes only with expect = "refuted"')
    return kinds[str(value)]


def _unknown(table: Mapping[str, object], allowed: set[str], what: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise CatalogError(f"unknown {what} {extra[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _table(value: object, what: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise CatalogError(f"{what} must be a table")
    return value


def _opt_str(table: Mapping[str, object], key: str, where: str = "") -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CatalogError(f"{where + ' ' if where else ''}`{key}` must be a string, not {value!r}")
    return value


def code_spec(table: Mapping[str, object], name: str) -> CodeSpec | None:
    """The `code`, `args`, `implements`, `bind` keys of a claim, or None without `code`. The file
    is found relative to the formula file's folder; it is not read here (a missing file is the
    claim's error when it is checked, so the other claims still run)."""
    if not CODE_KEYS & set(table):
        return None
    where = table.get("code")
    if not isinstance(where, str) or where.count(":") != 1 or not all(where.split(":")):
        raise CatalogError(
            '`code` must be "FILE.py:FUNCTION" (a path relative to this formula file, a colon, '
            f"a function name), not {where!r}"
        )
    file, function = where.split(":")
    if not function.isidentifier():
        raise CatalogError(f"`code`: {function!r} is not a Python function name")
    implements = _returns(table.get("implements"))
    args = _table(table.get("args", {}), "`args`")
    bind = _table(table.get("bind", {}), "`bind`")
    for key, value in bind.items():
        if not isinstance(value, str):
            raise CatalogError(f"`bind`: {key} must be given as LaTeX (a string)")
    return CodeSpec(
        file=file,
        function=function,
        path=str(Path(name).parent / file),
        implements=implements,
        args=tuple((key, _arg(key, value)) for key, value in args.items()),
        bind=tuple((key, str(value)) for key, value in bind.items()),
    )


def _returns(value: object) -> Returns:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return Keyed(tuple((str(k), v) for k, v in value.items()))
    raise CatalogError(
        "`implements` (what the function computes) must be LaTeX, a list of LaTeX (a tuple "
        "result) or a table of LaTeX (a dict result)"
    )


def _arg(key: str, value: object) -> Arg:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return tuple(_arg(key, v) for v in value)
    raise CatalogError(f"`args`: {key} must be LaTeX or a list of LaTeX, not {value!r}")


def _shown(implements: Returns) -> str:
    """The claim's LaTeX for a code claim: the quantities the function must compute."""
    if isinstance(implements, str):
        return implements
    if isinstance(implements, Keyed):
        return ", ".join(latex for _, latex in implements.items)
    return ", ".join(implements)
