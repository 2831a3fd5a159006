"""The tallies of a run and its exit code, computed once; every renderer only formats them.

Exit codes (the one place they are decided for a run of claims; `derive verify` maps its single
verdict in cli.py):
- 0: every verdict is what its file expects (an `expect = "error"` claim that is an error
  included);
- 1: some verdict differs from its file's expectation;
- 2: an unexpected error (a claim that could not be read or checked although its file expects a
  verdict), a file or claim that cannot be loaded, or no claims at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from derive.catalog import Problem
from derive.model import ClaimResult, Verdict


@dataclass(frozen=True)
class Tally:
    """Claims by verdict (a problem counts as one error) and their notation warnings."""

    verified: int = 0
    refuted: int = 0
    undecided: int = 0
    error: int = 0
    warnings: int = 0

    @property
    def claims(self) -> int:
        return self.verified + self.refuted + self.undecided + self.error

    def count(self, verdict: Verdict) -> int:
        return int(getattr(self, verdict.value))

    @classmethod
    def of(cls, results: Sequence[ClaimResult], problems: int = 0) -> Tally:
        counts = {v.value: sum(r.verdict is v for r in results) for v in Verdict}
        counts[Verdict.ERROR.value] += problems
        return cls(**counts, warnings=sum(len(r.warnings) for r in results))


@dataclass(frozen=True)
class RunSummary:
    """What a run of claims came to: totals, per file, per document, and how it ends."""

    total: Tally
    files: tuple[tuple[str, Tally], ...]
    documents: tuple[tuple[str, Tally], ...]  # by each file's [meta] source, in order of appearance
    as_expected: int
    unexpected: int  # verdicts other than expected, plus problems
    unexpected_errors: int  # error verdicts not expected, plus problems

    @property
    def exit_code(self) -> int:
        if self.unexpected_errors or self.total.claims == 0:
            return 2
        return 1 if self.unexpected else 0


def document_of(r: ClaimResult) -> str:
    """The document a claim comes from: its file's [meta] source, else the file path."""
    return r.claim.document or r.claim.file or "-"


def summarize(results: Sequence[ClaimResult], problems: Sequence[Problem] = ()) -> RunSummary:
    files: dict[str, list[ClaimResult]] = {}
    for r in results:
        files.setdefault(r.claim.file or "-", []).append(r)
    problems_in: dict[str, int] = {}
    for p in problems:
        problems_in[p.file] = problems_in.get(p.file, 0) + 1
    docs: dict[str, tuple[list[ClaimResult], int]] = {}
    of_file = {r.claim.file: document_of(r) for r in results}
    for r in results:
        docs.setdefault(document_of(r), ([], 0))[0].append(r)
    for p in problems:
        doc = of_file.get(p.file, p.file)
        rs, n = docs.get(doc, ([], 0))
        docs[doc] = (rs, n + 1)
    unexpected_errors = sum(r.verdict is Verdict.ERROR and not r.as_expected for r in results)
    return RunSummary(
        total=Tally.of(results, len(problems)),
        files=tuple(
            (f, Tally.of(files.get(f, []), problems_in.get(f, 0)))
            for f in dict.fromkeys([*files, *problems_in])
        ),
        documents=tuple((d, Tally.of(rs, n)) for d, (rs, n) in docs.items()),
        as_expected=sum(r.as_expected for r in results),
        unexpected=sum(not r.as_expected for r in results) + len(problems),
        unexpected_errors=unexpected_errors + len(problems),
    )
