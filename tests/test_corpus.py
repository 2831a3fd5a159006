"""The verbatim corpus in corpus/ (issue 13): formulas copied from published ML material, each
with its source, and one-error mutants. Every claim must get its `expect`; the claims derive
cannot read or decide yet are listed in tests/corpus_gaps.toml with the reason, and must then be an
`error` or `undecided`, never a wrong verdict (a gap that starts to verify fails here until its
line is removed). The few claims that still get a wrong verdict (`[wrong]`, with the misreading)
or raise an internal error (`[crash]`) are listed apart: they must stay so until fixed, so that
a fix removes the line and the lists are never stale. Claims run in this process (no time
budget).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from derive import Claim, RunOptions, Verdict, catalog, run_claims
from derive.errors import DeriveError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = catalog.load([ROOT / "corpus"])
_LISTS = tomllib.loads((ROOT / "tests" / "corpus_gaps.toml").read_text())
GAPS: dict[str, str] = _LISTS["gaps"]
WRONG: dict[str, str] = _LISTS.get("wrong", {})
CRASH: dict[str, str] = _LISTS.get("crash", {})
OPTIONS = RunOptions(timeout=None)


def _key(claim: Claim) -> str:
    return f"{Path(claim.file or '').name}::{claim.id}"


def test_corpus_reads_cleanly() -> None:
    assert CORPUS.claims
    assert [p.format() for p in CORPUS.problems] == []
    listed = [*GAPS, *WRONG, *CRASH]
    assert sorted(set(listed) - {_key(c) for c in CORPUS.claims}) == []
    assert len(listed) == len(set(listed))  # a claim is in one list only


def test_every_claim_cites_its_source() -> None:
    assert [_key(c) for c in CORPUS.claims if not c.source] == []


@pytest.mark.parametrize("claim", CORPUS.claims, ids=_key)
def test_claim(claim: Claim) -> None:
    crash = CRASH.get(_key(claim))
    if crash is not None:
        # a known internal error (a bug, listed with its cause): fails once it is fixed
        with pytest.raises(Exception) as info:
            run_claims([claim], OPTIONS)
        assert not isinstance(info.value, DeriveError), crash
        return
    (result,) = run_claims([claim], OPTIONS)
    wrong = WRONG.get(_key(claim))
    if wrong is not None:
        # a known wrong verdict (a misreading, listed with its cause): fails once it is fixed
        assert result.verdict is not Verdict.ERROR and not result.as_expected, (wrong, result)
        return
    gap = GAPS.get(_key(claim))
    if gap is not None:
        # not read or not decided yet: never a verdict either way
        assert result.verdict in {Verdict.ERROR, Verdict.UNDECIDED}, (gap, result.verdict)
        return
    assert result.as_expected, (result.expected, result.verdict, result.diagnosis, result.message)
    if result.verdict is Verdict.REFUTED or claim.expect is Verdict.ERROR:
        assert claim.why, "a mutant or a malformed formula says why"


def _rederive() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("rederive", ROOT / "corpus" / "rederive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_expectations_are_rederived_independently(capsys: pytest.CaptureFixture[str]) -> None:
    rederive = _rederive()
    assert rederive.check() == []  # type: ignore[attr-defined]
    ids = {cid for cid, *_ in rederive.ENTRIES}  # type: ignore[attr-defined]
    readable = {c.id for c in CORPUS.claims if c.expect is not Verdict.ERROR}
    assert sorted(readable - ids) == []  # every formula has its independent derivation
