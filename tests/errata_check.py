"""docs/errata.md is never stale: its skeleton (summary table, documents, which claims are listed,
in which order) must be what the catalog's expectations give, and each listed claim's section must
be what this run's result renders (checked in tests/test_formulas.py, from the result each claim's
test computes anyway, so the page is compared without a second run of the catalog).

Regenerate the page with `derive export formulas --format md --out docs --jobs 2 --timeout 300`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from derive import Claim, ClaimResult
from derive.render import markdown, sheets

ROOT = Path(__file__).resolve().parent.parent
ERRATA = ROOT / "docs" / "errata.md"
INFO = sheets.RunInfo(seed=1, points=10, timeout=300)
REGENERATE = "regenerate: derive export formulas --format md --out docs --jobs 2 --timeout 300"
_HEAD = re.compile(r"^### ", re.M)
_END = re.compile(r"^(## |Not decided in this run)", re.M)


def relative(claim: Claim) -> Claim:
    """The claim with its file named as the export names it (`formulas/FILE.toml`)."""
    file = f"formulas/{Path(claim.file or '').name}"
    # a file without `[meta] source` is its own document, named by its path
    document = file if claim.document == claim.file else claim.document
    return replace(claim, file=file, document=document)


def sections(text: str) -> dict[tuple[str, str], str]:
    """The claim sections of an errata page by (file, id): from `### id` to the next heading."""
    out = {}
    starts = [m.start() for m in _HEAD.finditer(text)]
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        block = text[a:b]
        end = _END.search(block)
        block = (block[: end.start()] if end else block).rstrip("\n")
        # `### id` or `### id (code)`: ids have no spaces
        claim_id = block.splitlines()[0][4:].split(" ")[0].replace("\\", "")
        file = re.search(r"\(`(formulas/[^`]+)`\)", block)
        out[(file.group(1) if file else "", claim_id)] = block
    return out


def skeleton(text: str) -> str:
    """The page with each claim section reduced to its heading line."""
    out = []
    inside = False
    for line in text.splitlines():
        if line.startswith("### "):
            inside = True
            out.append(line)
            continue
        if inside and (line.startswith("## ") or line.startswith("Not decided in this run")):
            inside = False
        if not inside:
            out.append(line)
    return "\n".join(out)


def rendered_section(result: ClaimResult) -> str:
    """The section this result gets on the errata page."""
    r = replace(result, claim=relative(result.claim))
    (doc,) = sheets.group([r])
    return "\n".join(markdown.claim_section(r, doc)).rstrip("\n")


def assert_section_current(result: ClaimResult) -> None:
    """The claim's section in docs/errata.md is what this result renders (none unless refuted)."""
    key = (relative(result.claim).file or "", result.claim.id)
    listed = sections(ERRATA.read_text(encoding="utf-8")).get(key)
    if result.verdict.value != "refuted":
        assert listed is None, (
            f"docs/errata.md lists {key}, now {result.verdict.value}; {REGENERATE}"
        )
        return
    assert listed == rendered_section(result), f"docs/errata.md is stale for {key}; {REGENERATE}"


def expected_page(claims: list[Claim], problems: list[object]) -> str:
    """The page a run gives when every claim's verdict is its `expect`, with the claim sections
    reduced to their headings (their contents need the run)."""
    results = [ClaimResult(relative(c), c.expect) for c in claims]
    page = markdown.errata_page(sheets.group(results, problems), INFO)  # type: ignore[arg-type]
    return skeleton(page)
