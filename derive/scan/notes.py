"""A scan: note files in, one Finding per display formula out (pure values; nothing printed).

`collect` reads the notes and classifies their formulas in document order; `check` runs the
claims through the same runner as `derive check` (derive/run.py: worker processes, time
budgets) and pairs each formula with its verdict. A claim the engine cannot read or check
(an `error` result: an undefined name, unsupported notation) is reported as not checked with
the engine's reason; it never becomes a verdict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from derive.catalog import Problem
from derive.errors import DeriveError
from derive.model import ClaimResult
from derive.run import RunOptions, run_claims
from derive.scan import extract, sections
from derive.scan.document import classify_note
from derive.scan.findings import Finding, Formula, after_refuted_chains, finding, unchecked
from derive.scan.settings import project_file

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".ipynb": "notebook"}


@dataclass
class Collected:
    formulas: list[Formula]
    problems: list[Problem]


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The notes under the given paths (files as given; folders searched for .md, .tex, .ipynb,
    skipping hidden folders)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                problems.append(Problem(str(path), None, "not a note (.md, .tex or .ipynb)"))
            else:
                files.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return files, problems


def collect(paths: Iterable[str | Path]) -> Collected:
    """Read and classify every display formula of the notes at paths."""
    files, problems = discover(paths)
    out = Collected([], problems)
    for f in files:
        formulas, file_problems = collect_file(f)
        out.formulas += formulas
        out.problems += file_problems
    return out


@dataclass(frozen=True)
class Part:
    """A text of a note that formulas are found in: the whole file, or one notebook cell."""

    name: str  # the file's path, or `path#cell-N`
    text: str
    markdown: bool


def read_note(path: Path) -> list[Part]:
    """The texts of a note (raises OSError, UnicodeDecodeError or ValueError for a notebook
    that is not JSON). A lone carriage return stays in the text: in a formula it is a damaged
    `\\r` (of `\\right`), reported as a control character, never read as a line break."""
    with path.open(encoding="utf-8", newline="") as fh:
        text = fh.read().replace("\r\n", "\n")
    name = str(path)
    kind = SUFFIXES[path.suffix]
    if kind != "notebook":
        return [Part(name, text, kind == "markdown")]
    data = json.loads(text)
    cells = data.get("cells", []) if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise ValueError("no list of cells")
    parts = []
    for k, cell in enumerate(cells, start=1):
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):  # nbformat: a string or a list of strings
                raise ValueError(f"the source of cell {k} is not text")
            parts.append(Part(f"{name}#cell-{k}", source, True))
    return parts


def collect_file(path: Path) -> tuple[list[Formula], list[Problem]]:
    name = str(path)
    try:
        project = project_file(path)
        specs = dict(project.symbols)
        parts = read_note(path)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, None, f"cannot read: {exc}")]
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return [], [Problem(name, None, f"not a Jupyter notebook: {exc}")]
    except DeriveError as exc:
        return [], [Problem(name, None, exc.format_message())]
    found = [(p.name, items(p)) for p in parts]
    return classify_note(
        name, found, specs, project.macros, restore=project.restore, project_shown=project.shown
    )


def items(part: Part) -> list[extract.Item | sections.Heading]:
    """The display formulas, comments and headings of one text of a note, in order."""
    if part.markdown:
        found = extract.markdown(part.text, cell=_cell(part.name))
        heads = sections.markdown(part.text, cell=_cell(part.name))
    else:
        found, heads = extract.latex(part.text), sections.latex(part.text)
    both: list[extract.Item | sections.Heading] = [*found, *heads]
    return sorted(both, key=lambda x: (x.where.line, x.where.col))


def _cell(name: str) -> int | None:
    _, sep, cell = name.rpartition("#cell-")
    return int(cell) if sep else None


OnFinding = Callable[[Finding], None]


def check(
    formulas: Sequence[Formula], options: RunOptions, on_finding: OnFinding | None = None
) -> list[Finding]:
    """Check the claims among formulas; every formula gets a Finding, in document order."""
    claims = [f.claim for f in formulas if f.claim is not None]
    owners = [k for k, f in enumerate(formulas) if f.claim is not None]
    findings: list[Finding | None] = [
        None if f.claim is not None else unchecked(f) for f in formulas
    ]

    def done(i: int, r: ClaimResult) -> None:
        k = owners[i]
        findings[k] = finding(formulas[k], r)

    run_claims(claims, options, done)
    out = after_refuted_chains([f for f in findings if f is not None])
    if on_finding is not None:
        for f in out:
            on_finding(f)
    return out
