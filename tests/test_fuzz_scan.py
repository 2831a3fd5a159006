"""The fuzz bench of the edges (bench/fuzz_scan.py), short: its inputs are reproducible from the
seed, and a few dozen mutated notes and formula files read (collect, load_file, the pytest
plugin's collection) end in values and problems that name their file, never an exception. The
crashes it found are cases of the tests of the modules they were in (tests/test_catalog.py,
tests/scan/test_command.py, tests/scan/test_extract.py, tests/notation/test_tokens.py)."""

from __future__ import annotations

import io
from pathlib import Path
from types import ModuleType

from derive.cli import main as cli_main
from tests.conftest import load_bench


def _bench() -> ModuleType:
    return load_bench("fuzz_scan")


def test_inputs_are_reproducible_from_the_seed() -> None:
    fuzz = _bench()
    first, again, other = fuzz.cases(40, 4, 9), fuzz.cases(40, 4, 9), fuzz.cases(40, 4, 10)
    assert first == again and first != other
    assert {c.action for c in first[:4]} <= {"scan", "check", "export"}  # the first through the CLI
    assert all(c.files != c.original for c in first)  # every input is a mutant
    notes = [c for c in first if c.target.endswith((".md", ".tex", ".ipynb"))]
    assert len(notes) == 20


def test_a_wrong_type_in_a_claim_is_that_claims_problem(tmp_path: Path) -> None:
    fuzz = _bench()
    files = {"formulas/x.toml": b'[[claim]]\nid = "a"\nclaim = "1 = 1"\n[[claim]]\nid = "b"\n'}
    bad = {"formulas/x.toml": files["formulas/x.toml"] + b"expect = [1]\nclaim = '2 = 2'\n"}
    case = fuzz.Case(bad, "formulas/x.toml", "load", "test", original=files, claim_block="b")
    assert fuzz.run_case(case, tmp_path) == fuzz.Outcome("ok")


def test_short_run_reads_without_finds(tmp_path: Path) -> None:
    fuzz = _bench()
    runner = fuzz.Runner(60.0, tmp_path)
    try:
        outcomes = [runner.run(c) for c in fuzz.cases(30, 0, 5)]
    finally:
        runner.close()
    finds = [o for o in outcomes if o.status != "ok"]
    assert not finds, finds


def test_a_mutated_formula_that_verifies_is_judged(tmp_path: Path) -> None:
    fuzz = _bench()
    note = "<!-- derive: sigma = sigmoid -->\n$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n"
    original = {"n.md": note.encode()}
    mutant = {"n.md": note.replace("(1 - \\sigma(z))$$", "(-\\sigma(z) + 1)$$").encode()}
    case = fuzz.Case(mutant, "n.md", "scan", "test", original=original)
    fuzz.write_files(tmp_path / "case", mutant)
    out = fuzz.judge_note(case, tmp_path / "case")
    assert out == fuzz.Outcome("ok", judged=1)  # both verified, and so is their equality
    wrong = {"n.md": note.replace("(1 - \\sigma(z))$$", "(1 - \\sigma(z))^2$$").encode()}
    case = fuzz.Case(wrong, "n.md", "scan", "test", original=original)
    fuzz.write_files(tmp_path / "case", wrong)
    assert fuzz.judge_note(case, tmp_path / "case") == fuzz.Outcome("ok")  # refuted: not judged


def test_an_equals_marker_over_bars_of_a_product_is_a_result(tmp_path: Path) -> None:
    # found by `bench/fuzz_scan.py --seed 22` (the perceptron slides' `derive: equals` marker): a
    # RecursionError in SymPy's Abs.eval, reading |-w^T x - b| or flipping a term's sign in the
    # diagnosis of |b - w^T x|; bars around a 1 x 1 form are arrays.NormOf (notation/reader.py)
    fuzz = _bench()
    note = (
        "<!-- derive: w = vector(n); x = vector(n) -->\n$$|-w^T x - b|$$\n"
        "<!-- derive: equals above -->\n$$|b - w^T x|$$\n"
    )
    files = {"n.md": note.encode()}
    case = fuzz.Case(files, "n.md", "scan", "test", original={"n.md": b""})
    assert fuzz.run_case(case, tmp_path) == fuzz.Outcome("ok")
    out = io.StringIO()
    code = cli_main(["scan", str(tmp_path / "case" / "n.md")], stdout=out, stderr=io.StringIO())
    assert code == 1, out.getvalue()  # a claim refuted, no internal error
    assert "refuted" in out.getvalue() and "derive: equals above" in out.getvalue()
