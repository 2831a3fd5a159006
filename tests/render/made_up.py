"""Made-up results for the renderer tests: each renderer only formats what it is given, so a
ClaimResult written by hand shows exactly what it prints."""

from __future__ import annotations

from derive import Claim, ClaimResult, Verdict
from derive.render.sheets import RunInfo
from derive.run import DEFAULT_TIMEOUT
from derive.settings import Settings

INFO = RunInfo(seed=Settings().seed, points=Settings().points, timeout=DEFAULT_TIMEOUT)


def result(
    verdict: Verdict,
    claim_id: str = "c",
    *,
    latex: str = "a = b",
    file: str = "f.toml",
    document: str | None = None,
    source: str | None = None,
    expect: Verdict = Verdict.VERIFIED,
    **kwargs: object,
) -> ClaimResult:
    claim = Claim(
        id=claim_id, latex=latex, file=file, document=document, source=source, expect=expect
    )
    return ClaimResult(claim, verdict, **kwargs)  # type: ignore[arg-type]


def between(text: str, start: str, stop: str) -> str:
    tail = text.split(start, 1)[1]
    return tail.split(stop, 1)[0]
