"""The catalog in formulas/ is a test suite: one test per claim, the verdict must be `expect`.
For every refuted claim the diagnosis must be present, and a correction, when given, must verify.

Each claim runs in a worker process under the CLI's time budget, as `derive check` runs it, and
through the same verdict cache: after `derive check` (as in .ci/run), or on a second run with
derive's source unchanged, the verdicts come from `.derive_cache/`.
Claims the engine cannot decide yet are listed in `catalog_gaps.toml` with the reason: they are
strict xfails, so a gap that gets fixed fails here until its entry is removed. A gap never
changes a claim's `expect` (the catalog states the truth).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from derive import Claim, ClaimResult, Method, RunOptions, Verdict, catalog, run_claims
from derive.cache import DEFAULT_DIR, VerdictCache, decode, encode
from derive.render import sheets
from tests import errata_check

ROOT = Path(__file__).resolve().parent.parent
CATALOG = catalog.load([ROOT / "formulas"])
GAPS: dict[str, str] = tomllib.loads((Path(__file__).parent / "catalog_gaps.toml").read_text())[
    "gaps"
]
# One claim per call: warm this process once for all. The verdict cache of the repository
# (.derive_cache/, as `derive check` there uses it): a claim is checked again whenever derive's
# source, the settings or the claim changed, so a hit is the verdict this code gives.
OPTIONS = RunOptions(timeout=300, warm=True, cache=VerdictCache(ROOT / DEFAULT_DIR))


def _key(claim: Claim) -> str:
    return f"{Path(claim.file or '').name}::{claim.id}"


def _params() -> list[object]:
    out = []
    for c in CATALOG.claims:
        reason = GAPS.get(_key(c))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(c, id=_key(c), marks=marks))
    return out


def test_catalog_reads_cleanly() -> None:
    assert CATALOG.claims
    assert [p.format() for p in CATALOG.problems] == []


def test_errata_page_lists_what_the_catalog_expects() -> None:
    """docs/errata.md: summary, documents and the list of refuted claims as the expectations give
    them (every claim's own section is compared in test_claim, from the result it computes)."""
    claims = [c for c in CATALOG.claims if _key(c) not in GAPS]  # a gap's verdict needs a run
    want = errata_check.expected_page(claims, list(CATALOG.problems)) if not GAPS else None
    have = errata_check.skeleton(errata_check.ERRATA.read_text(encoding="utf-8"))
    if want is not None:
        assert have == want, errata_check.REGENERATE


def test_every_gap_names_a_claim_of_the_catalog() -> None:
    keys = {_key(c) for c in CATALOG.claims}
    assert sorted(set(GAPS) - keys) == []


@pytest.mark.parametrize("claim", _params())
def test_claim(claim: Claim) -> None:
    (result,) = run_claims([claim], OPTIONS)
    assert result.as_expected, (result.expected, result.verdict, result.diagnosis, result.message)
    errata_check.assert_section_current(result)
    # the verdict cache gives back exactly this result (derive/cache.py)
    assert decode(json.loads(json.dumps(encode(result))), claim) == result
    if result.verdict is Verdict.ERROR:  # the source's own LaTeX is malformed
        assert claim.why, "a claim expected to be rejected says why in the file"
    if result.verdict is Verdict.REFUTED:
        assert claim.why, "every refuted claim says why in the file"
        assert result.diagnosis is not None
        # a refutation shows a point where the sides differ, or sizes where they cannot fit
        assert result.counterexample is not None or result.methods == (Method.SIZES,)
        assert_correction_verifies(result, OPTIONS)
        assert_correction_is_an_edit(result)


def assert_correction_verifies(result: ClaimResult, options: RunOptions) -> None:
    """A refuted claim's correction, when there is one, verifies when checked as a new claim."""
    if result.correction is not None:
        fixed = replace(result.claim, id=result.claim.id + "/fixed", latex=result.correction)
        (again,) = run_claims([fixed], options)
        assert again.verdict is Verdict.VERIFIED, (result.correction, again.message)


def assert_correction_is_an_edit(result: ClaimResult) -> None:
    """A correction is not a tautology (its two sides differ as written), and, for one sign,
    factor, transpose, activation or direction slip, it is the author's text with one edit: the
    failing link and the correction differ in one stretch, which is short, or holds the author's
    text with something put around it (`-\\frac{1}{n}(...)`), or lost something around it, or
    (a sign) holds the same characters but for + and - (`B - A` for `A - B`)."""
    fixed = result.correction
    if fixed is None:
        return
    sides = _sides(fixed)
    assert len({_squash(s) for s in sides}) == len(sides), f"a tautology: {fixed}"
    diagnosis = result.diagnosis
    assert diagnosis is not None
    kind = diagnosis.kind.value
    if kind not in {"sign", "factor", "transpose", "activation", "direction"}:
        return
    if "two slips" in diagnosis.detail:
        return
    original = _squash(sheets.failing_link(result) or result.claim.latex)
    edited = _squash(fixed)
    head = _common(original, edited)
    tail = _common(original[head:][::-1], edited[head:][::-1])
    was, now = original[head : len(original) - tail], edited[head : len(edited) - tail]
    one_edit = (
        len(now) <= 12
        or was in now
        or now in was
        or (kind == "sign" and sorted(re.sub("[-+]", "", was)) == sorted(re.sub("[-+]", "", now)))
    )
    assert one_edit, f"not one edit of the author's text: {result.claim.latex!r} -> {fixed!r}"


def _sides(latex: str) -> list[str]:
    """The sides of a claim: split at `=`, `:=`, `\\leftarrow` outside braces (not `_{k=1}`)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(latex):
        ch = latex[i]
        depth += (ch == "{") - (ch == "}")
        cut = 0
        if depth == 0 and latex.startswith("\\leftarrow", i):
            cut = len("\\leftarrow")
        elif depth == 0 and ch == "=" and latex[i - 1 : i] not in ("<", ">", "\\"):
            cut = 1
        if cut:
            end = i - 1 if latex[i - 1 : i] == ":" else i
            out.append(latex[start:end].strip())
            start = i = i + cut
            continue
        i += 1
    out.append(latex[start:].strip())
    return [s for s in out if s]


def _common(a: str, b: str) -> int:
    """The length of the common beginning of a and b."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _squash(text: str) -> str:
    return re.sub(r"\s+|\\[,;!]", "", text)
