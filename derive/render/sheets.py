"""What an exported sheet says, independent of its format (TeX, HTML, Markdown).

A *document* is one source of course material: the claims whose file has the same `[meta]
source` (`Claim.document`; the file name when it has none). Everything here is pure: results
in, plain values and phrases out. Only verdicts from the results are used; nothing is
re-decided or taken from `expect`, so a sheet never calls a claim verified unless this run
verified it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from derive.catalog import Problem
from derive.model import ClaimResult, Method, Verdict

# Messages longer than this are shortened on sheets (a worker's traceback, mostly): the first
# and last lines stay, and the sheet says how many were left out.
FORMATS = ("tex", "html", "md")  # the sheets `derive export` writes
MAX_MESSAGE_LINES = 12

METHOD_PHRASES = {
    Method.SYMBOLIC: "symbolic proof (SymPy)",
    Method.NUMERIC: "numeric check at random points",
    Method.EXACT: "exact arithmetic",
    Method.SIZES: "sums and indices instantiated at concrete sizes",
}


@dataclass(frozen=True)
class RunInfo:
    """The settings of the run that produced the verdicts, printed on every sheet."""

    seed: int
    points: int
    timeout: float | None  # seconds per claim; None: no budget

    def describe(self) -> str:
        budget = "no time budget" if self.timeout is None else f"{self.timeout:g} s per claim"
        return f"seed {self.seed}, {self.points} random points per link, {budget}"


@dataclass(frozen=True)
class Document:
    """The results of one source document, in catalog order."""

    name: str  # the `[meta] source`, or the file name
    slug: str  # a file-name-safe form of `name`, unique among the exported documents
    files: tuple[str, ...]
    results: tuple[ClaimResult, ...]
    problems: tuple[Problem, ...] = ()

    def having(self, verdict: Verdict) -> tuple[ClaimResult, ...]:
        return tuple(r for r in self.results if r.verdict is verdict)

    def counts(self) -> dict[Verdict, int]:
        counts = {v: len(self.having(v)) for v in Verdict}
        counts[Verdict.ERROR] += len(self.problems)
        return counts

    def not_decided_note(self) -> str | None:
        """The errata sheets' closing sentence on the claims neither verified nor refuted (the
        formula sheet lists them), or None when there are none."""
        counts = self.counts()
        rest = counts[Verdict.UNDECIDED] + counts[Verdict.ERROR]
        if not rest:
            return None
        return (
            f"{rest} claim(s) of this document were not decided in this run (undecided or "
            "error); the formula sheet lists them."
        )

    def count_line(self) -> str:
        counts = self.counts()
        total = len(self.results) + len(self.problems)
        parts = ", ".join(f"{counts[v]} {v.value}" for v in Verdict)
        return f"{total} claim{'s' if total != 1 else ''}: {parts}"


def slugify(name: str) -> str:
    """`Lecture 3: MSE` -> `lecture-3-mse`; letters of any script are kept (`第二章`)."""
    slug = re.sub(r"[^\w]+", "-", name.casefold(), flags=re.UNICODE).strip("-_")
    return slug or "document"


def group(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> list[Document]:
    """Group results and problems into documents, in order of first appearance.

    A claim's document is its `Claim.document` (its file's `[meta] source`), else its file; a
    problem goes to the document of its file's other claims, else to its file, the same grouping
    as the per-document lines of `derive check`.
    """
    of_file = {r.claim.file: r.claim.document for r in results if r.claim.document}

    def name_of(file: str | None, document: str | None = None) -> str:
        return document or of_file.get(file) or file or "claims"

    names: list[str] = []
    files: dict[str, list[str]] = {}
    by_name: dict[str, list[ClaimResult]] = {}
    problems_by_name: dict[str, list[Problem]] = {}
    entries = [(r.claim.file, r.claim.document) for r in results] + [
        (p.file, None) for p in problems
    ]
    for file, document in entries:
        name = name_of(file, document)
        if name not in files:
            names.append(name)
            files[name] = []
        if file is not None and file not in files[name]:
            files[name].append(file)
    for r in results:
        by_name.setdefault(name_of(r.claim.file, r.claim.document), []).append(r)
    for p in problems:
        problems_by_name.setdefault(name_of(p.file), []).append(p)
    used: set[str] = set()
    docs = []
    for name in names:
        slug = base = slugify(name)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        docs.append(
            Document(
                name=name,
                slug=slug,
                files=tuple(files[name]),
                results=tuple(by_name.get(name, ())),
                problems=tuple(problems_by_name.get(name, ())),
            )
        )
    return docs


def section(r: ClaimResult, doc: Document) -> str | None:
    """The claim's own `source` (its section, slide, page), unless it is the document name."""
    return r.claim.source if r.claim.source and r.claim.source != doc.name else None


def decided_by(r: ClaimResult) -> str:
    """How the verdict was reached, in words: `symbolic proof (SymPy), numeric check ...`."""
    if not r.methods:
        return "no check completed"
    return ", ".join(METHOD_PHRASES[m] for m in r.methods)


def failing_link(r: ClaimResult) -> str | None:
    """The failing link of a chain, or None when it is the whole claim (said once, not twice)."""
    ce = r.counterexample
    if ce is None or "".join(ce.link.split()) == "".join(r.claim.latex.split()):
        return None
    return ce.link


def size_sets(r: ClaimResult) -> list[str]:
    """Each instantiated size set as `n=2, k=3`."""
    return [", ".join(f"{k}={v}" for k, v in s) for s in r.sizes]


def expectation_note(r: ClaimResult) -> str | None:
    """Said when the verdict of this run differs from what the file expects."""
    if r.as_expected or r.verdict in {Verdict.UNDECIDED, Verdict.ERROR}:
        return None
    return f"the file expects {r.expected}"


def message_lines(message: str) -> list[str]:
    """The message, shortened when it is very long (a traceback): first and last lines kept."""
    lines = message.rstrip().splitlines()
    if len(lines) <= MAX_MESSAGE_LINES:
        return lines
    keep = MAX_MESSAGE_LINES // 2
    left_out = len(lines) - 2 * keep
    note = f"... ({left_out} lines left out; `derive check -v` shows all)"
    return [*lines[:keep], note, *lines[-keep:]]


def problem_where(p: Problem) -> str:
    return f"{p.file}::{p.claim_id}" if p.claim_id else p.file


def code_line(r: ClaimResult) -> str | None:
    """For a claim about code: which function, called how, must compute the claim's LaTeX."""
    spec = r.claim.code
    if spec is None:
        return None
    return f"{spec.file}:{spec.function}, called as {spec.call}, must compute"
