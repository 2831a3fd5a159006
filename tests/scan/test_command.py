"""`derive scan` end to end: golden output of one small note per format, exit codes, JSON,
notation settings from comments and project files.

The golden files under tests/scan/golden/ are this run's output on tests/scan/fixtures/. After a
deliberate change of the output (or of the engine's wording), regenerate them on purpose and
review the diff:

    DERIVE_REGENERATE=1 python -m pytest -n 0 tests/scan/test_command.py
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from derive.cli import main
from derive.run import default_jobs

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path("tests/scan/fixtures")  # relative to ROOT: the paths in the goldens
GOLDEN = ROOT / "tests" / "scan" / "golden"
REGENERATE = os.environ.get("DERIVE_REGENERATE") == "1"
NOTES = [
    "logistic.md",
    "mse.tex",
    "softplus.ipynb",
    "bp-slides/slides.md",
    "perceptron/slides.md",
    "losses.md",
    "redefines.md",
    "steps.md",
    "preamble.tex",
    "macros/note.md",
    "names.md",
    "intermediates.md",
    "layered.md",
    "merged/note.md",
    "mathlines.md",
]


def scan(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["scan", *args, "--timeout", "0", "--no-cache"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[int, str]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return {name: scan(str(FIXTURES / name))[:2] for name in NOTES}


@pytest.mark.parametrize("name", NOTES)
def test_golden_output(runs: dict[str, tuple[int, str]], name: str) -> None:
    _, out = runs[name]
    golden = GOLDEN / (name.replace("/", "-") + ".txt")
    if REGENERATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), (
        f"the scan of {name} differs from its golden file; if the change is intended, "
        "regenerate: DERIVE_REGENERATE=1 python -m pytest -n 0 tests/scan/test_command.py"
    )


def test_layered_names_are_shown_as_written(runs: dict[str, tuple[int, str]]) -> None:
    """A layered family's label (`z[]`) is no name the note writes: messages show z^{[l]}."""
    _, out = runs["layered.md"]
    assert "[]" not in out
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("tests/")]
    assert lines == [
        "definition: defines z^{[l]}",
        "not checked: the derivative of u^{[l]}_{j}, which no display formula in scope defines",
        "not checked: z^{[l]}_{j} does not depend on x through the display formulas in scope "
        "(the dependency is given elsewhere: prose, inline math, a figure?)",
    ]


def test_markdown_note_flags_the_wrong_formula_at_its_line(
    runs: dict[str, tuple[int, str]],
) -> None:
    code, out = runs["logistic.md"]
    assert code == 1  # the accidental mistake at line 30
    assert (
        "tests/scan/fixtures/logistic.md:30:3: refuted (numeric, exact) [sign] the sign is wrong"
        " -- expected verified"
    ) in out
    assert "    correction: \\frac{\\partial L}{\\partial b} = \\hat{y} - y" in out
    # the deliberate mistake, marked `expect refuted`, is reported but does not fail
    assert ":26:3: refuted (numeric, exact) [sign] the sign is wrong -- as marked" in out
    # the chain across two $$ blocks is one claim, at the line of its first block
    assert ":34:3: verified (symbolic, numeric)" in out
    # the second `L = ...` is a claim about the first, and the output says so (refuted: with
    # the marker that would make it a new definition)
    assert "    rule: read as a claim about the definition of L at line 11 (ambiguity rule)" in out
    assert out.splitlines()[-1] == (
        "12 display formulas in 1 file(s): 7 checked (4 verified, 3 refuted, 0 undecided), "
        "3 definitions, 2 not checked; 2 not as expected"
    )


def test_functions_used_bare_are_intermediate_variables(
    runs: dict[str, tuple[int, str]],
) -> None:
    code, out = runs["intermediates.md"]
    assert code == 0
    # u(x), v(u), w(v): v's argument is the defined u, and every name is used bare
    assert ":7:3: definition: defines v" in out
    assert ":11:3: verified (symbolic, numeric)" in out  # dw/dx by the steps dw/dv, dv/du, du/dx
    assert ":17:3: refuted (numeric, exact) [factor] off by a factor 1/2" in out  # dv/du = u
    # r is applied at 25 (r(x)), so it stays a function there, and dr is not read
    assert (
        ":25:3: not checked: the engine cannot check it: a derivative by r, which is defined" in out
    )
    # bold p defined as a whole, p_k used: never a free p_k (which made dE/dz_k = 0)
    assert ":33:3: not checked: the engine cannot check it: '\\\\mathbf{p} = " in out
    assert "defines p as one number, without an index, but p_{k} is written with one" in out


def test_latex_note_is_as_expected(runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["mse.tex"]
    assert code == 0
    assert ":21:4: refuted (numeric, exact) [factor]" in out  # `% derive: expect refuted factor`
    assert out.splitlines()[-1].endswith("0 not checked; all as expected")


def test_notebook_lines_count_within_the_cell(runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["softplus.ipynb"]
    assert code == 1
    assert "tests/scan/fixtures/softplus.ipynb#cell-3:7:3: refuted" in out
    assert "cell-2" not in out  # a code cell is not read


def test_a_redefines_marker_makes_a_new_definition(runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["redefines.md"]
    assert code == 1  # the unmarked restatement at line 20
    assert (
        ":12:3: definition: defines C (marked `derive: redefines`: replaces the definition at "
        "line 7)" in out
    )
    # checked against the per-sample C of line 12: by the batch mean over a_j it is not checked
    assert ":16:3: verified (symbolic, numeric)" in out
    # the unmarked restatement names the definition it was read against, and the marker
    assert (
        "    rule: read as a claim about the definition of C at line 12 (ambiguity rule); if the "
        "note means a new definition, put `<!-- derive: redefines -->` before it"
    ) in out
    assert ":25:3: not checked: marked `derive: redefines`, but it is no definition" in out


def test_a_redefines_marker_in_latex(tmp_path: Path) -> None:
    body = (
        "\\[ C = \\frac{1}{2N} \\sum_{j=1}^{N} (a_j - y_j)^2 \\]\n"
        "\\[ C = \\frac{1}{2} (a - y)^2 \\]\n"
        "% derive: redefines\n"
        "\\[ C = (a - y)^2 \\]\n"
        "\\[ \\frac{\\partial C}{\\partial a} = 2 (a - y) \\]\n"
    )
    (tmp_path / "n.tex").write_text(body)
    code, out, _ = scan(str(tmp_path / "n.tex"))
    assert code == 1, out
    assert ":2:4: refuted" in out  # unmarked: a claim about line 1, false
    assert "put `% derive: redefines` before it" in out
    assert (
        ":4:4: definition: defines C (marked `derive: redefines`: replaces the definition "
        "at line 1)" in out
    )
    assert ":5:4: verified" in out  # against the C of line 4


def test_json_document(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("$$E = w^2$$\n\n$$\\frac{\\partial E}{\\partial w} = 2 w$$\n\n$$x$$\n")
    code, out, _ = scan(str(note), "--json")
    doc = json.loads(out)
    assert code == 0
    assert [f["outcome"] for f in doc["formulas"]] == ["definition", "verified", "not checked"]
    assert doc["formulas"][1]["result"]["verdict"] == "verified"
    assert (doc["formulas"][1]["line"], doc["formulas"][1]["column"]) == (3, 3)
    assert doc["formulas"][2]["reason"] == "no relation: an expression, not a statement"
    assert doc["summary"]["checked"] == 1 and doc["summary"]["not_checked"] == 1


def test_settings_from_a_comment_and_from_derive_toml(tmp_path: Path) -> None:
    claim = "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n"
    (tmp_path / "a.md").write_text("<!-- derive: sigma = sigmoid -->\n" + claim)
    code, out, _ = scan(str(tmp_path / "a.md"))
    assert code == 0 and ":2:3: verified" in out
    sub = tmp_path / "course"
    sub.mkdir()
    (sub / "derive.toml").write_text('[symbols]\nsigma = "sigmoid"\n')
    (sub / "b.md").write_text(claim)
    code, out, _ = scan(str(sub / "b.md"))
    assert code == 0 and ":1:3: verified" in out


def test_settings_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.derive.symbols]\nsigma = "sigmoid"\n')
    (tmp_path / "c.tex").write_text("\\[ \\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\]\n")
    code, out, _ = scan(str(tmp_path / "c.tex"))
    assert code == 0 and ":1:4: verified" in out


def test_a_bad_comment_is_a_problem_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text("<!-- derive: sigma = sigmoidal -->\n$$a + a = 2a$$\n")
    code, out, _ = scan(str(tmp_path / "d.md"))
    assert code == 2
    assert out.startswith(f"{tmp_path / 'd.md'}::line 1: symbol 'sigma': unknown spec 'sigmoidal'")
    # the comment below the message, a caret under the offending piece
    assert "\n        derive: sigma = sigmoidal\n                        ^^^^^^^^^\n" in out


# found by bench/fuzz_scan.py: a project file's bad spec or macro was reported against the note
# without naming the project file
@pytest.mark.parametrize(
    ("name", "text", "named"),
    [
        ("derive.toml", '[symbols]\nW = "matrix(n)"\n', "derive.toml [symbols]: symbol 'W'"),
        ("derive.toml", "[macros]\nVx = 'x\\'\n", "derive.toml [macros]: the body of"),
        ("derive.toml", "[macros]\nVx = 3\n", "derive.toml [macros]: the macro Vx must be"),
        (
            "pyproject.toml",
            '[tool.derive.symbols]\nx = "blue"\n',
            "pyproject.toml [tool.derive.symbols]: symbol 'x': unknown spec 'blue'",
        ),
    ],
)
def test_a_bad_project_file_is_named(tmp_path: Path, name: str, text: str, named: str) -> None:
    (tmp_path / name).write_text(text)
    (tmp_path / "d.md").write_text("$$a + a = 2a$$\n")
    code, out, _ = scan(str(tmp_path / "d.md"))
    assert code == 2 and out.startswith(f"{tmp_path / 'd.md'}: {tmp_path / name}"), out
    assert named in out


def test_an_unreadable_formula_shows_a_caret(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("$$a = \\frac{1}{1 + e^{-z}$$\n")
    code, out, _ = scan(str(tmp_path / "u.md"))
    assert code == 0  # nothing checked, nothing not as expected
    assert ":1:3: not checked: unreadable: '{' is never closed\n" in out
    assert "\n        a = \\frac{1}{1 + e^{-z}\n                    ^\n" in out


def test_no_formulas_and_missing_files_exit_2(tmp_path: Path) -> None:
    (tmp_path / "e.md").write_text("only prose, $x$ inline\n")
    code, _, err = scan(str(tmp_path / "e.md"))
    assert code == 2 and "no display formulas found" in err
    code, out, _ = scan(str(tmp_path / "missing.md"))
    assert code == 2 and "no such file or folder" in out


def test_strict_makes_undecided_fail(tmp_path: Path) -> None:
    note = tmp_path / "f.md"
    note.write_text("$$\\frac{1}{2} + \\frac{1}{3} = \\frac{5}{6}$$\n")
    assert scan(str(note), "--strict")[0] == 0  # verified: strict changes nothing


def test_a_name_defined_in_inline_math_comes_into_scope(tmp_path: Path) -> None:
    note = tmp_path / "g.md"
    note.write_text(
        "<!-- derive: sigma = sigmoid --> With $a = \\sigma(z)$ the loss is\n\n"
        "$$L = -\\log a$$\n\n"
        "$$\\frac{\\partial L}{\\partial z} = a - 1$$\n"
    )
    code, out, _ = scan(str(note))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{note}:1:40: (inline math) definition: defines a"
    assert lines[2] == f"{note}:5:3: verified (symbolic, numeric)"
    assert lines[-1] == (
        "2 display formulas in 1 file(s): 1 checked (1 verified, 0 refuted, 0 undecided), "
        "1 definitions, 0 not checked; inline math read: 0 checked (0 verified, 0 refuted, "
        "0 undecided), 1 definitions, 0 not checked; all as expected"
    )


def test_a_condition_in_inline_math_keeps_its_claims_unchecked(tmp_path: Path) -> None:
    note = tmp_path / "g2.md"
    note.write_text("$$L = (a - y)^2$$\n\nFor $y = 0$ it is\n\n$$L = a^2$$\n")
    code, out, _ = scan(str(note))
    assert code == 0
    assert f"{note}:5:3: not checked: uses names that inline math sets to a value" in out
    assert "y (line 3)" in out and "inline math read" not in out


def test_a_wrong_inline_chain_is_flagged_and_what_uses_its_name_is_not_checked(
    tmp_path: Path,
) -> None:
    note = tmp_path / "g3.md"
    note.write_text(
        "$$E = \\frac{1}{2}(a - y)^2$$\n\n"
        "Let $g = \\frac{\\partial E}{\\partial y} = a - y$ and\n\n"
        "$$\\frac{\\partial E}{\\partial a} = -g$$\n"
    )
    code, out, _ = scan(str(note))
    assert code == 1
    assert f"{note}:3:6: (inline math) refuted (numeric, exact) [sign]" in out
    assert "    rule: defines g and claims the rest of the chain" in out
    assert f"{note}:5:3: not checked: uses g (line 3), which the note gives two values" in out


def test_a_given_comment_states_a_definition_the_note_gives_elsewhere(tmp_path: Path) -> None:
    note = tmp_path / "g4.md"
    note.write_text(
        "The figure shows the neuron. <!-- derive: given z = w x + b -->\n\n"
        "$$\\frac{\\partial z}{\\partial w} = x$$\n"
    )
    code, out, _ = scan(str(note))
    assert code == 0 and f"{note}:3:3: verified" in out
    (tmp_path / "g5.md").write_text("<!-- derive: given a + b = c -->\n$$a + a = 2a$$\n")
    code, out, _ = scan(str(tmp_path / "g5.md"))
    assert code == 2
    assert "derive comment 'given a + b = c': not NAME = EXPRESSION" in out


def test_a_marked_mistake_that_verifies_fails_the_run(tmp_path: Path) -> None:
    note = tmp_path / "h.md"
    note.write_text("<!-- derive: expect refuted -->\n$$a + a = 2a$$\n")
    code, out, _ = scan(str(note))
    assert code == 1
    assert f"{note}:2:3: verified (symbolic, numeric) -- expected refuted" in out


def test_a_notebook_that_is_not_json_is_a_problem(tmp_path: Path) -> None:
    nb = tmp_path / "broken.ipynb"
    nb.write_text("{ not json")
    code, out, _ = scan(str(nb))
    assert code == 2
    assert out.startswith(f"{nb}: not a Jupyter notebook: ")


@pytest.mark.parametrize(
    "source",
    [["$$a = a$$\n", None], 42, {"text": "$$a = a$$"}],
    ids=["none-in-a-list", "number", "table"],
)
def test_a_notebook_cell_whose_source_is_not_text_is_a_problem(
    tmp_path: Path, source: object
) -> None:
    # found by bench/fuzz_scan.py (seed 9): a None among the source lines was a TypeError, and
    # a number or a table was read as the text of its Python repr
    nb = tmp_path / "cells.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": source}]
    nb.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
    code, out, _ = scan(str(nb))
    assert code == 2
    assert out.startswith(f"{nb}: not a Jupyter notebook: the source of cell 1 is not text")


def test_a_marked_definition_is_reported_not_dropped(tmp_path: Path) -> None:
    note = tmp_path / "i.md"
    note.write_text("<!-- derive: expect refuted -->\n$$L = w^2$$\n")
    code, out, _ = scan(str(note))
    assert f"{note}:2:3: not checked: marked `expect refuted`, but it reads as a definition" in out
    assert code == 0


def test_verdicts_are_cached_per_formula(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the verdict cache goes to ./.derive_cache
    note = tmp_path / "k.md"
    note.write_text("$$E = w^2$$\n\n$$\\frac{\\partial E}{\\partial w} = 2 w$$\n\n$$a + a = 3a$$\n")
    out = io.StringIO()
    assert main(["scan", str(note), "--timeout", "0"], stdout=out, stderr=io.StringIO()) == 1
    assert len(list((tmp_path / ".derive_cache").glob("v*/*/*.json"))) == 2  # the two claims

    def nothing_to_check(pending: list[object], *args: object) -> None:
        assert pending == [], "a cached formula was checked again"

    monkeypatch.setattr("derive.run._check_pending", nothing_to_check)
    again = io.StringIO()
    assert main(["scan", str(note), "--timeout", "0"], stdout=again, stderr=io.StringIO()) == 1
    assert again.getvalue() == out.getvalue()


def test_jobs_default_is_the_cpu_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"(default: the number of CPUs, {default_jobs()} here)" in help_text
    assert "--no-cache" in help_text


def test_converted_slides_flag_the_known_error_in_inline_math(
    runs: dict[str, tuple[int, str]],
) -> None:
    """Seed 004's formula 5.10 (`g_j = -dE_k/d\\hat{y}_i^k ...`, i for j) is inline math."""
    code, out = runs["bp-slides/slides.md"]
    assert code == 1
    lines = out.splitlines()
    flagged = next(
        k for k, x in enumerate(lines) if x.startswith(f"{FIXTURES}/bp-slides/slides.md:47:4: ")
    )
    assert (
        lines[flagged].split(": ", 1)[1].startswith("(inline math) refuted (numeric, exact, sizes)")
    )
    # the settings it was read with: the project file's (tests/scan/fixtures/bp-slides)
    assert lines[flagged + 2] == (
        "    settings: k = sample (derive.toml); f = sigmoid (derive.toml); q = count "
        "(derive.toml); l = count (derive.toml)"
    )
    # the first link of the chain fails (the i), at a point where i and j differ
    assert lines[flagged + 4].startswith(
        "    fails: -\\frac{\\partial E_k}{\\partial \\hat{y}_i^k} \\cdot"
    )
    assert ", i=2, j=1, k=2" in lines[flagged + 5]
    assert ":25:3: not checked: a backslash lost in conversion: `rac` is `\\frac`" in out
    assert ":29:3: (math line) definition: defines \\beta" in out  # alone on its line
    assert ":33:3: verified" in out  # the chain rule, with E_k and \hat{y} from `given` comments
    assert ":53:3: not checked: the engine cannot check it: in 'g_j = " in out  # g_j has an i


def test_perceptron_slides_flag_the_misclassified_sign_on_the_hyperplane(
    runs: dict[str, tuple[int, str]],
) -> None:
    """Seed 004's line 124 (here 67): `(\\hat{y}_i - y_i)\\hat{w}^T\\hat{x}_i > 0` is false on the
    hyperplane, as formulas/004-perceptron.toml::per-misclassified-sign-literal says; the
    settings declare \\hat{x} samples(d), so \\hat{x}_i is the i-th sample vector."""
    code, out = runs["perceptron/slides.md"]
    assert code == 1
    lines = out.splitlines()
    at = f"{FIXTURES}/perceptron/slides.md"
    flagged = next(k for k, x in enumerate(lines) if x.startswith(f"{at}:67:3: "))
    assert lines[flagged].endswith(
        "refuted (exact, sizes) [bound] the bound is violated at the point shown -- expected verified"
    )
    details = lines[flagged + 1 : flagged + 8]
    assert "      left = 0, right = 0" in details  # on the hyperplane: 0 > 0 fails
    assert f"{at}:14:3: verified (symbolic, numeric)" in out  # sgn(z) = cases, sgn = "step"
    assert f"{at}:79:3: definition: defines L" in out  # L(\\hat{w}) = \\sum_{\\hat{x}_i \\in M} ...
    assert f"{at}:95:3: verified (symbolic, numeric, sizes)" in out  # the same L again
    for line in (107, 113):  # \\nabla L(\\hat{w}) = ...: through the step of \\hat{y}_i
        assert f"{at}:{line}:3: undecided (numeric, sizes)" in out
    assert out.endswith(
        "17 display formulas in 1 file(s): 8 checked (2 verified, 3 refuted, 3 undecided), "
        "4 definitions, 5 not checked; 3 not as expected\n"
    )


def test_perceptron_slides_flag_the_merged_norm_with_the_repair_and_the_markers(
    runs: dict[str, tuple[int, str]],
) -> None:
    """Seed 004's lines 106 and 118 (here 49 and 61), `|\\hat{w}^T\\hat{x}_0| / \\|\\hat{w}\\|`
    and its sum over M, lost `\\f`, `\\b`, `\\r` in conversion and state no relation: with
    `derive: restore backslashes`, `\\hat{w} = [w \\\\ b]` given and `derive: equals above` /
    `equals EXPRESSION`, each is the claim the prose makes, refuted as
    formulas/004-perceptron.toml::per-distance-merged-literal and per-total-distance-literal
    say: the norm is over w only."""
    _, out = runs["perceptron/slides.md"]
    lines = out.splitlines()
    at = f"{FIXTURES}/perceptron/slides.md"
    for line, rule in (
        (49, "a claim: equals the expression of the display at line 45, by `derive: equals above`"),
        (61, "a claim: equals \\sum_{\\hat{x}_i \\in M} \\frac{|w^T x_i + b|}{\\|w\\|}, by "),
    ):
        k = next(k for k, x in enumerate(lines) if x.startswith(f"{at}:{line}:3: "))
        assert lines[k].endswith(
            "refuted (numeric, exact, sizes) [index] \\left\\|\\hat{w}\\right\\| should be "
            "\\left\\|w\\right\\|: \\hat{w} stacks w, b, and the norm is over w only -- expected "
            "verified"
        )
        details = lines[k + 1 : k + 12]
        assert details[0].startswith("    read as restored: ")  # right under the verdict
        # the project file's settings, but x's, which the comment at line 40 overrides here
        assert (
            "    settings: w = vector(n) (derive.toml); \\hat{w} = vector(d) (derive.toml); "
            "\\hat{x} = samples(d) (derive.toml); sgn = step (derive.toml); x = samples(n) "
            "(line 40)"
        ) in details
        assert any(x.startswith(f"    rule: {rule}") for x in details)
        sizes = [x for x in details if x.startswith("      with ")]
        assert sizes[0] in ("      with d=4, n=3", "      with d=4, n=3, |M|=4")  # d = n + 1
        correction = next(x for x in lines[k:] if x.startswith("    correction: "))
        assert correction.endswith("}{\\left\\|\\boldsymbol{w}\\right\\|}")  # the author's font
    # the rewrite of the total distance (seed 128): true, through the step of \hat{y}_i
    assert f"{at}:71:3: undecided (numeric, sizes)" in out
    # 5.2 for the chosen point (seed 186), marked `redefines`: never read against the sum over M
    assert (
        f"{at}:129:3: definition: defines \\Delta{{\\hat{{w}}}} (marked `derive: redefines`" in out
    )


def test_published_loss_notes_lose_a_factor_one_over_n(runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["losses.md"]
    assert code == 1
    assert ":20:1: verified" in out  # \text{MSE} read as a name; d MSE / d \hat{y}_i = 2/n (...)
    # the align* rows end with \\[1em]: the spacing is no part of the next row
    assert "[1em]" not in out
    assert ":42:1: refuted" in out and (
        "    rule: read as a claim about the definition of BCE at line 30 (ambiguity rule)" in out
    )
    assert ":44:1: not checked: uses BCE (line 42), which the note gives two values" in out
    # dCCE/d\hat{y}_{i,k} as published misses the 1/n of the definition: left = right / n
    lines = out.splitlines()
    k = next(k for k, x in enumerate(lines) if ":69:1: refuted" in x)
    assert "with K=2, n=3" in lines[k + 3]
    left, right = (float(v) for v in re.findall(r"= (-?[\d.]+)", lines[k + 5]))
    assert abs(right / left - 3) < 1e-9


def test_a_derivative_of_a_vector_is_no_refutation(tmp_path: Path) -> None:
    """`dz^L/dW^L` (z^L a vector): published notes mean it entry by entry; the engine does not
    read it, and scan reports it as not checked, never as a refutation."""
    note = tmp_path / "j.md"
    note.write_text(
        "<!-- derive: L = layer -->\n$$z^L = W^L a^{L-1} + b^L$$\n\n"
        "$$\\frac{\\partial z^L}{\\partial W^L} = a^{L-1}$$\n"
    )
    code, out, _ = scan(str(note))
    assert code == 0
    assert f"{note}:4:3: not checked: the engine cannot check it: " in out
    assert "by a vector or matrix is not read" in out


def test_a_latex_notes_own_macros_are_read_in_document_order(
    runs: dict[str, tuple[int, str]],
) -> None:
    code, out = runs["preamble.tex"]
    assert code == 1
    assert ":13:3: verified (symbolic, numeric)" in out  # \sig{w x + b}: the preamble's macro
    # \def\loss: its derivative, with the slip (1 + a), refuted; the correction written out
    assert ":20:3: refuted (numeric, exact) [sign]" in out
    assert (
        "    correction: \\frac{\\partial \\mathcal{L}}{\\partial b} = (a - y) \\, a (1 - a)" in out
    )
    # \sq used before its \newcommand: unknown there, never a product
    assert ":24:3: not checked: the engine cannot check it: unknown macro \\sq" in out
    # after \renewcommand{\loss}{\ell}, \loss is \ell, which nothing defines
    assert ":29:3: not checked: the derivative of \\ell, which no display formula" in out


def test_macros_from_derive_toml_a_comment_and_a_math_block(
    runs: dict[str, tuple[int, str]],
) -> None:
    code, out = runs["macros/note.md"]
    assert code == 1
    assert ":7:3: definition: defines z" in out  # $$\newcommand{\lin}{w x + b}$$ (MathJax)
    assert ":9:3: definition: defines \\hat{y}" in out  # [macros] yh = '\hat{y}'
    assert ":11:3: definition: defines C" in out  # <!-- derive: \newcommand{\cost}{C} -->
    assert ":13:3: verified (symbolic, numeric)" in out
    assert ":15:3: refuted (numeric, exact) [factor]" in out  # the x is missing
    assert out.splitlines()[-1].startswith("5 display formulas in 1 file(s): 2 checked")


def test_two_names_for_one_value_and_an_example_in_the_prose(
    runs: dict[str, tuple[int, str]],
) -> None:
    code, out = runs["names.md"]
    assert code == 0
    assert ":5:3: definition: defines \\text{softmax} and p, two names for one value" in out
    assert ":7:3: verified (symbolic, numeric, sizes)" in out  # p_i by its definition
    # `when $y = 1$ and $a = 0.5$`: one example, over when a display defines a again
    assert ":21:3: verified (symbolic, numeric)" in out
    # `For $y = 0$ alone:` is in force for the claim after it
    assert ":25:3: not checked: uses names that inline math sets to a value" in out


def test_a_macro_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "derive.toml").write_text("[macros]\nsq = '\\newcommand{\\sqq}{x}'\n")
    (tmp_path / "h.md").write_text("$$a + a = 2a$$\n")
    code, out, _ = scan(str(tmp_path / "h.md"))
    assert code == 2 and "the entry sq defines \\sqq, not \\sq" in out
    (tmp_path / "derive.toml").unlink()
    (tmp_path / "i.tex").write_text("\\newcommand{\\a}[1][x]{#1}\n\\[ a + a = 2a \\]\n")
    code, out, _ = scan(str(tmp_path / "i.tex"))
    assert code == 2
    assert out.startswith(f"{tmp_path / 'i.tex'}::line 1: \\a: an optional argument")


def test_a_value_in_a_display_does_not_end_the_example(tmp_path: Path) -> None:
    note = tmp_path / "j.md"
    note.write_text(
        "$$L = -(y \\log a + (1 - y) \\log(1 - a))$$\n\n"
        "For example, with $y = 1$ and $a = 0.5$, the loss is\n\n"
        "$$L = -\\log(0.5)$$\n\n"
        "and with\n\n$$a = 0.9$$\n\n"
        "$$\\frac{\\partial L}{\\partial a} = \\frac{a - y}{a (1 - a)}$$\n"
    )
    code, out, _ = scan(str(note))
    assert code == 0  # nothing checked, nothing failed
    # a = 0.9 is one more value of the example, not the general case: y is still 1 there
    assert ":11:3: not checked: uses names that inline math sets to a value" in out, out
    assert "y (line 3)" in out
