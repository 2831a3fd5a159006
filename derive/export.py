"""`derive export`: the results of one run as formula and errata sheets (TeX, HTML, Markdown).

`export()` is pure: results in, `ExportFile`s (a name and a text) out; the CLI writes them. For
each source document (the files sharing a `[meta] source`), `tex` and `html` give
`<slug>-formulas.<ext>` and `<slug>-errata.<ext>`; `md` gives one `errata.md` for all documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from derive.catalog import Problem
from derive.model import ClaimResult
from derive.render import html, markdown, sheets, tex
from derive.render.sheets import FORMATS, RunInfo

ERRATA_MD = "errata.md"


@dataclass(frozen=True)
class ExportFile:
    name: str  # a file name inside the output folder
    text: str


def export(
    results: Sequence[ClaimResult],
    problems: Sequence[Problem] = (),
    *,
    fmt: str,
    info: RunInfo,
) -> list[ExportFile]:
    """The files of one export, in document order."""
    docs = sheets.group(results, problems)
    if fmt == "md":
        return [ExportFile(ERRATA_MD, markdown.errata_page(docs, info))]
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    renderer = tex if fmt == "tex" else html
    files = []
    for d in docs:
        files.append(ExportFile(f"{d.slug}-formulas.{fmt}", renderer.formula_sheet(d, info)))
        files.append(ExportFile(f"{d.slug}-errata.{fmt}", renderer.errata_sheet(d, info)))
    return files
