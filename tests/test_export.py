"""`derive export`: golden files, a real XeLaTeX compile, MathML for every formula, honesty.

The golden files under tests/golden/export/ are the export of tests/fixtures/export/ by this
run's engine. After a deliberate change of the sheets (or of the engine's wording), regenerate
them on purpose and review the diff:

    DERIVE_REGENERATE=1 python -m pytest tests/test_export.py

The compile test needs `xelatex` and a CJK font (`.ci/run` installs them); it fails, never
skips, when they are missing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from derive import ClaimResult, Verdict, catalog
from derive.cli import main
from derive.export import ERRATA_MD, ExportFile, export
from derive.render.sheets import RunInfo
from derive.run import DEFAULT_TIMEOUT, RunOptions, run_claims
from derive.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path("tests/fixtures/export")  # relative to ROOT: file names in the goldens
GOLDEN = ROOT / "tests" / "golden" / "export"
REGENERATE = os.environ.get("DERIVE_REGENERATE") == "1"
INFO = RunInfo(seed=Settings().seed, points=Settings().points, timeout=DEFAULT_TIMEOUT)


Run = tuple[list[ClaimResult], catalog.Catalog]


@pytest.fixture(scope="module")
def fixture_run() -> Iterator[Run]:
    """The fixture catalog checked once, exactly as `derive export` checks it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        cat = catalog.load([FIXTURES])
        results = run_claims(cat.claims, RunOptions(timeout=DEFAULT_TIMEOUT, jobs=2))
    yield results, cat


def exported(fixture_run: Run, fmt: str) -> list[ExportFile]:
    results, cat = fixture_run
    return export(results, cat.problems, fmt=fmt, info=INFO)


def test_fixture_catalog_has_every_verdict(fixture_run: Run) -> None:
    results, cat = fixture_run
    assert not cat.problems
    assert {r.verdict for r in results} == set(Verdict)
    assert any(r.correction for r in results if r.verdict is Verdict.REFUTED)
    assert any(r.correction is None for r in results if r.verdict is Verdict.REFUTED)


@pytest.mark.parametrize("fmt", ["tex", "html", "md"])
def test_golden(fixture_run: Run, fmt: str) -> None:
    files = exported(fixture_run, fmt)
    folder = GOLDEN / fmt
    if REGENERATE:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for f in files:
            (folder / f.name).write_text(f.text, encoding="utf-8")
    assert sorted(f.name for f in files) == sorted(p.name for p in folder.iterdir()), (
        "the exported file names changed; regenerate: "
        "DERIVE_REGENERATE=1 python -m pytest tests/test_export.py"
    )
    for f in files:
        golden = (folder / f.name).read_text(encoding="utf-8")
        assert f.text == golden, (
            f"{fmt}/{f.name} differs from its golden file; if the change is intended, "
            "regenerate: DERIVE_REGENERATE=1 python -m pytest tests/test_export.py"
        )


def test_md_export_is_one_errata_page(fixture_run: Run) -> None:
    (page,) = exported(fixture_run, "md")
    assert page.name == ERRATA_MD
    assert page.text.count("\n## ") == 2  # one section per source document
    assert "## 第二章 梯度下降" in page.text
    assert "**Where:** 第二章 梯度下降, 2.1 均方误差" in page.text


def test_tex_compiles_with_xelatex(fixture_run: Run, tmp_path: Path) -> None:
    xelatex = shutil.which("xelatex")
    if xelatex is None:
        pytest.fail(
            "xelatex is not installed: apt-get install texlive-xetex texlive-lang-chinese "
            "(.ci/run does)"
        )
    files = exported(fixture_run, "tex")
    assert len(files) == 4
    for f in files:
        (tmp_path / f.name).write_text(f.text, encoding="utf-8")
        proc = subprocess.run(
            [xelatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", f.name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        log = (tmp_path / f.name).with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        errors = [line for line in log.splitlines() if line.startswith("!")]
        assert proc.returncode == 0 and not errors, f"{f.name}: {errors or proc.stdout[-2000:]}"
        # a glyph missing from every font (no CJK font found) is only a warning in TeX
        assert "Missing character" not in log, f"{f.name}: a character has no font"
        assert (tmp_path / f.name).with_suffix(".pdf").stat().st_size > 1000


class _MathCollector(HTMLParser):
    """Every `span.math` of a page: its LaTeX and whether it holds MathML or the source."""

    def __init__(self) -> None:
        super().__init__()
        self.formulas: list[tuple[str, str]] = []  # (latex, "mathml" | "unconverted" | "")
        self.open: list[int] = []  # depth of each open span.math
        self.depth = 0
        self.fetched: list[str] = []  # anything the page would load

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "link", "img", "iframe", "object"} or "src" in a or "href" in a:
            self.fetched.append(tag)
        if tag == "span" and a.get("class") == "math":
            self.formulas.append((a.get("data-latex") or "", ""))
            self.open.append(self.depth)
        elif self.open and self.formulas[-1][1] == "":
            kind = "mathml" if tag == "math" else "unconverted"
            if tag == "math" or "unconverted" in (a.get("class") or ""):
                self.formulas[-1] = (self.formulas[-1][0], kind)
        if tag not in {"br", "meta", "mspace"}:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <mspace/>: nothing inside

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "meta", "mspace"}:
            return
        self.depth -= 1
        if self.open and self.open[-1] == self.depth:
            self.open.pop()


def test_html_every_formula_is_mathml(fixture_run: Run) -> None:
    results, _ = fixture_run
    files = exported(fixture_run, "html")
    seen: set[str] = set()
    for f in files:
        parser = _MathCollector()
        parser.feed(f.text)
        assert not parser.fetched, f"{f.name} loads {parser.fetched}: it must be self-contained"
        assert parser.formulas, f.name
        bad = [latex for latex, kind in parser.formulas if kind != "mathml"]
        assert not bad, f"{f.name}: not converted to MathML: {bad}"
        seen |= {latex for latex, _ in parser.formulas}
    for r in results:
        if r.verdict is not Verdict.ERROR:
            assert r.claim.latex in seen, r.claim.id
        if r.correction:
            assert r.correction in seen, r.claim.id


# --- the command ------------------------------------------------------------------------------


def test_export_command_writes_sheets(write_toml, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the verdict cache goes to ./.derive_cache
    path = write_toml(
        "notes.toml",
        """
[meta]
source = "Lecture 3"

[[claim]]
id = "mse-sign"
given = ['L = \\frac{1}{2}(\\hat{y}-y)^2']
claim = '\\frac{\\partial L}{\\partial \\hat{y}} = y-\\hat{y}'
expect = "refuted"
""",
    )
    out = tmp_path / "out"
    printed = io.StringIO()
    argv = ["export", str(path), "--out", str(out), "--timeout", "0"]
    assert main([*argv, "--format", "md"], stdout=printed) == 0
    assert printed.getvalue().splitlines()[-1] == f"wrote {out / 'errata.md'}"
    printed = io.StringIO()
    assert main([*argv, "--format", "html", "--json"], stdout=printed) == 0
    doc = json.loads(printed.getvalue())
    assert doc["claims"][0]["verdict"] == "refuted"
    assert doc["written"] == [
        str(out / "lecture-3-formulas.html"),
        str(out / "lecture-3-errata.html"),
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "errata.md",
        "lecture-3-errata.html",
        "lecture-3-formulas.html",
    ]
    page = (out / "errata.md").read_text(encoding="utf-8")
    assert "\\frac{\\partial L}{\\partial \\hat{y}} = \\hat{y} - y" in page
    assert len(list((tmp_path / ".derive_cache").glob("v*/*/*.json"))) == 1  # both runs, one entry


def test_export_command_without_claims_fails(tmp_path: Path) -> None:
    assert main(["export", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
