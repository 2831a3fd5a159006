"""The pytest plugin: formula files are test files, each claim is one test item.

Registered through the `pytest11` entry point under the name `derive` (`-p no:derive` turns it
off). The hooks only hand off: `Options` reads the settings once per session, `FormulaFile` reads
one file into items, and an item checks its claim the way `derive check` does (a worker process
with the per-claim time budget, and the verdict cache `.derive_cache/` next to the configuration
file unless `--derive-no-cache`). Failures are formatted by `derive.render.text`. Notes (`derive
scan`) are collected too when the ini option `derive_notes` names them: `NoteFile`, one item
per checked display formula.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from derive import Claim, ClaimResult, Problem, RunOptions, Verdict, load, run_claims
from derive.cache import DEFAULT_DIR, VerdictCache
from derive.render import scan as render_scan
from derive.render import text as render_text
from derive.run import DEFAULT_TIMEOUT
from derive.scan.findings import Formula, Outcome, depends_on, judged
from derive.scan.notes import SUFFIXES, collect_file

if TYPE_CHECKING:  # pytest has no public name for these two types of `Item.repr_failure`
    from _pytest._code.code import TerminalRepr, TracebackStyle

DEFAULT_PATHS = ("formulas",)
FILE_PROBLEM = "(file)"  # the item name of a file that cannot be read as a whole
MARKER = "derive"

_OPTIONS = pytest.StashKey["Options"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a claim of a formula file, checked by derive")
    config.stash[_OPTIONS] = Options.from_config(config)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> FormulaFile | NoteFile | None:
    options = parent.config.stash[_OPTIONS]
    if options.collects(file_path):
        return FormulaFile.from_parent(parent, path=file_path)
    if options.collects_note(file_path):
        return NoteFile.from_parent(parent, path=file_path)
    return None


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("derive", "derive: claims of formula files as tests")
    group.addoption(
        "--derive-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time budget per claim; 0 checks in the test process without a budget "
        f"(overrides the ini option derive_timeout, default {DEFAULT_TIMEOUT:g})",
    )
    group.addoption(
        "--derive-no-cache",
        action="store_true",
        default=False,
        help=f"check every claim again, neither reading nor writing the verdict cache "
        f"({DEFAULT_DIR}/ in the rootdir)",
    )
    parser.addini(
        "derive_paths",
        "formula files or folders whose *.toml files are collected, relative to the "
        "configuration file; empty collects none (default: formulas)",
        type="paths",
        default=list(DEFAULT_PATHS),
    )
    parser.addini(
        "derive_notes",
        "globs of notes (.md, .tex, .ipynb) whose checked display formulas are collected, "
        "relative to the rootdir, e.g. notes/**/*.md (default: none)",
        type="linelist",
        default=[],
    )
    parser.addini(
        "derive_timeout",
        f"time budget per claim in seconds; 0 runs without one (default: {DEFAULT_TIMEOUT:g})",
        default=f"{DEFAULT_TIMEOUT:g}",
    )


@dataclass(frozen=True)
class Options:
    """What the plugin collects and how it checks, read once per session."""

    paths: tuple[Path, ...]
    run: RunOptions
    notes: frozenset[Path] = frozenset()

    @classmethod
    def from_config(cls, config: pytest.Config) -> Options:
        # Set values come back from pytest absolute (next to the configuration file); the
        # default is relative and is resolved against the rootdir, where that file would be.
        paths = tuple(
            Path(os.path.abspath(config.rootpath / p)) for p in config.getini("derive_paths")
        )
        raw = config.getoption("derive_timeout")
        timeout = raw if raw is not None else _seconds(config.getini("derive_timeout"))
        cache = None
        if not config.getoption("derive_no_cache"):
            cache = VerdictCache(config.rootpath / DEFAULT_DIR)
        # warm: items are checked one at a time, so warm the process once for all of them
        run = RunOptions(timeout=timeout if timeout > 0 else None, cache=cache, warm=True)
        notes = frozenset(
            Path(os.path.abspath(p))
            for pattern in config.getini("derive_notes")
            for p in config.rootpath.glob(pattern)
            if p.suffix in SUFFIXES
        )
        return cls(paths, run, notes)

    def collects(self, path: Path) -> bool:
        """Only `*.toml` files inside the configured paths: never pyproject.toml by accident."""
        return path.suffix == ".toml" and any(path.is_relative_to(p) for p in self.paths)

    def collects_note(self, path: Path) -> bool:
        """Notes matched by the `derive_notes` globs (none unless set)."""
        return Path(os.path.abspath(path)) in self.notes


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise pytest.UsageError(
            f"derive_timeout must be a number of seconds, not {text!r}"
        ) from None


class FormulaFile(pytest.File):
    """One formula file: an item per claim, and an item per problem so none hides the others."""

    def collect(self) -> Iterator[pytest.Item]:
        catalog = load([self.path])
        label = self.nodeid  # the path pytest shows, relative to the rootdir
        taken = {c.id for c in catalog.claims}
        for p in catalog.problems:  # first, as `derive check` prints them
            name = _unique(p.claim_id or FILE_PROBLEM, taken)
            yield ProblemItem.from_parent(self, name=name, problem=replace(p, file=label))
        options = self.config.stash[_OPTIONS].run
        for c in catalog.claims:
            claim = replace(c, file=label)
            yield ClaimItem.from_parent(self, name=c.id, claim=claim, options=options)


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`, ... when a claim or an earlier problem has it."""
    candidate, k = name, 1
    while candidate in taken:
        k += 1
        candidate = f"{name} ({k})"
    taken.add(candidate)
    return candidate


class FormulaFailure(Exception):
    """A claim whose verdict is not the expected one, or a file or claim that cannot be read."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines


class _FormulaItem(pytest.Item):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_marker(MARKER)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: TracebackStyle | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, FormulaFailure):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        # The failure header. Not a suffix of the node id: pytest would print the dots of a
        # suffix as `::` in `-v` output (`logistic::toml`), as it does for Python names.
        return self.path, None, f"[derive] {self.path.name}::{self.name}"


class ClaimItem(_FormulaItem):
    """Passes when the verdict is the claim's `expect`."""

    def __init__(self, *, claim: Claim, options: RunOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.options = options

    def runtest(self) -> None:
        (result,) = run_claims([self.claim], self.options)
        if not result.as_expected:
            raise FormulaFailure(claim_failure(result))


class ProblemItem(_FormulaItem):
    """Always fails: the file, or this claim of it, cannot be read."""

    def __init__(self, *, problem: Problem, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise FormulaFailure(self.problem.message.splitlines() or ["cannot be read"])


class NoteFile(pytest.File):
    """A note: an item per checked display formula (`notes/bp.md::line-42`), an item per
    problem (a `derive:` comment that cannot be read). Definitions and formulas that are not
    checked are no tests; `derive scan` lists them with their reasons."""

    def collect(self) -> Iterator[pytest.Item]:
        formulas, problems = collect_file(self.path)
        taken: set[str] = set()
        for p in problems:
            name = _unique(p.claim_id or FILE_PROBLEM, taken)
            yield ProblemItem.from_parent(self, name=name, problem=p)
        options = self.config.stash[_OPTIONS].run
        label = self.nodeid  # the path pytest shows, relative to the rootdir
        for k, f in enumerate(formulas):
            if f.claim is not None:
                _, sep, cell = f.file.rpartition("#cell-")
                name = f"line-{f.display.where.line}"
                name = _unique(f"cell-{cell}-{name}" if sep else name, taken)
                shown = replace(f, file=label + f.file[len(str(self.path)) :])
                earlier = tuple(depends_on(f, formulas[:k]))
                yield NoteItem.from_parent(
                    self, name=name, formula=shown, earlier=earlier, options=options
                )


class NoteItem(_FormulaItem):
    """Passes when the formula is as the note expects (verified, or refuted under an
    `expect refuted` comment); skipped when undecided or when the engine cannot check it."""

    def __init__(
        self,
        *,
        formula: Formula,
        earlier: tuple[Formula, ...],
        options: RunOptions,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.formula = formula
        self.earlier = earlier  # claims whose refutation would leave this one unchecked
        self.options = options

    def runtest(self) -> None:
        formulas = [*self.earlier, self.formula]
        claims = [f.claim for f in formulas if f.claim is not None]
        found = judged(formulas, run_claims(claims, self.options))[-1]
        if found.outcome is Outcome.NOT_CHECKED:
            pytest.skip(f"not checked: {found.reason}")
        if found.outcome is Outcome.UNDECIDED:
            pytest.skip(f"undecided: {found.result.message if found.result else ''}")
        if not found.as_expected:
            raise FormulaFailure(render_scan.finding_lines(found))


def claim_failure(r: ClaimResult) -> list[str]:
    """A headline (pytest repeats it in its short summary), then the details `derive check`
    prints under its line for the claim: the counterexample and the correction, or the message."""
    if r.verdict is Verdict.ERROR:  # the message is the whole story; the caret stays aligned
        first, *rest = r.message.splitlines() or [""]
        return [f"error: {first}", *rest]
    head = f"{r.verdict.value}, expected {r.expected}"
    if r.diagnosis:
        head += f": [{r.diagnosis.kind.value}] {r.diagnosis.detail}"
    return [head, *render_text.claim_lines(r)[1:]]
