"""The CLI contract: exit codes, output shape, one bad claim never stops the others."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from derive.cli import main


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the verdict cache goes to ./.derive_cache: not the repository's


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("argv", "code", "word"),
    [
        (
            ["--symbol", "sigma=sigmoid", "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))"],
            0,
            "verified (symbolic, numeric)\nidentity proved by SymPy",
        ),
        (
            [
                "--given",
                "L = \\frac{1}{2}(\\hat{y}-y)^2",
                "\\frac{\\partial L}{\\partial \\hat{y}} = y-\\hat{y}",
            ],
            1,
            "refuted (numeric, exact)\ndiagnosis: [sign] the sign is wrong",
        ),
        (["\\frac{\\partial L}{\\partial w} = \\foo"], 2, "unknown macro \\foo"),
        (["--symbol", "sigma=sigmoidal", "x = x"], 2, "unknown spec"),
        (
            ["--macro", "\\newcommand{\\half}{\\frac{1}{2}}", "\\frac{d}{dt} \\half t^2 = t"],
            0,
            "verified (symbolic, numeric)",
        ),
        (
            ["--macro", "\\def\\sq#1{{#1}^2}", "\\frac{d}{dt} \\sq{t+1} = 2t"],
            1,
            "refuted",
        ),
        (["--macro", "\\let\\half\\frac", "x = x"], 2, "a macro definition starts with"),
    ],
)
def test_verify_exit_codes(argv: list[str], code: int, word: str) -> None:
    got, out, err = run(["verify", "--timeout", "0", *argv])
    assert got == code
    assert word in out + err


def test_verify_undecided_exit_3_on_timeout() -> None:
    claim = "\\frac{\\partial L}{\\partial w_1} = \\frac{1}{n}\\sum_{j=1}^{n}(H_j-y_j)x_{j1}"
    given = [
        "A_j = \\sum_{i=1}^{k} w_i x_{ji} + b",
        "H_j = \\frac{1}{1+e^{-A_j}}",
        "L = -\\frac{1}{n}\\sum_{j=1}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)",
    ]
    argv = ["verify", "--timeout", "0.01", "--json"]  # far below the claim's time, warm or not
    for g in given:
        argv += ["--given", g]
    code, out, _ = run([*argv, claim])
    assert code == 3
    doc = json.loads(out)
    assert doc["claims"][0]["verdict"] == "undecided"
    assert "time budget" in doc["claims"][0]["message"]


def test_verify_json_shape() -> None:
    code, out, _ = run(
        [
            "verify",
            "--timeout",
            "0",
            "--json",
            "--given",
            "L = \\frac{1}{2}(\\hat{y}-y)^2",
            "\\frac{\\partial L}{\\partial \\hat{y}} = y-\\hat{y}",
        ]
    )
    assert code == 1
    doc = json.loads(out)
    (c,) = doc["claims"]
    assert set(c) >= {
        "file",
        "id",
        "verdict",
        "expected",
        "as_expected",
        "method",
        "diagnosis",
        "correction",
        "counterexample",
        "message",
    }
    assert c["diagnosis"]["kind"] == "sign"
    assert c["method"] == ["numeric", "exact"]
    assert c["counterexample"]["point"]
    assert doc["summary"]["refuted"] == 1


MIXED = """
[symbols]
sigma = "sigmoid"

[[claim]]
id = "good"
claim = '0 \\le \\sigma(z) \\le 1'

[[claim]]
id = "malformed"
claim = '\\frac{1}{2 = x'

[[claim]]
id = "unknown-macro"
claim = 'x = \\foo'

[[claim]]
id = "undeclared-function"
claim = 'g(x) = x'

[[claim]]
id = "cycle"
given = ['a = b', 'b = a']
claim = 'a = 1'

[[claim]]
id = "typo"
claim = 'x = x'
expcet = "verified"

[[claim]]
id = "wrong"
claim = '\\sigma(z) = 1'
expect = "refuted"
"""


def test_check_bad_input_reported_and_others_finish(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("f/m.toml", MIXED)
    code, out, _ = run(["check", "--timeout", "30", str(path)])
    assert code == 2
    lines = out.splitlines()
    (good,) = [line for line in lines if "::good" in line]
    assert good.startswith("ok") and good.endswith("verified (symbolic, numeric)")
    (wrong,) = [line for line in lines if "::wrong" in line]
    assert wrong.startswith("ok") and "refuted (numeric, exact" in wrong
    assert "fails: \\sigma(z) = 1" in out  # the refutation shows its counterexample
    for cid in ("malformed", "unknown-macro", "undeclared-function", "cycle", "typo"):
        assert any(f"::{cid}" in line and "error" in line for line in lines), cid
    assert "'expcet'" in out
    assert "^" in out  # a caret under the offending LaTeX
    assert "7 claims in 1 file(s): 1 verified, 1 refuted, 0 undecided, 5 error" in out


def test_check_exit_1_when_a_verdict_differs(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("a.toml", "[[claim]]\nid = 'x'\nclaim = 'x^2 = 2x'\n")
    code, out, _ = run(["check", "--timeout", "0", str(path)])
    assert code == 1
    assert "FAIL" in out and "expected verified" in out


def test_check_exit_0_and_json(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("a.toml", "[[claim]]\nid = 'x'\nclaim = '(x+1)^2 = x^2 + 2x + 1'\n")
    code, out, _ = run(["check", "--timeout", "0", "--json", str(path)])
    assert code == 0
    doc = json.loads(out)
    assert doc["claims"][0]["as_expected"] is True
    assert doc["claims"][0]["method"] == ["symbolic", "numeric"]
    assert doc["summary"]["verified"] == 1 and doc["summary"]["unexpected"] == 0


EXPECTED_ERROR = """
[[claim]]
id = "typo-in-source"
claim = '\\frac{\\partial z}{b} = 1'
expect = "error"
why = "the source forgot the partial sign in the denominator"

[[claim]]
id = "fine"
claim = '(x+1)^2 = x^2 + 2x + 1'
"""


def test_check_an_expected_error_is_as_expected(write_toml) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("e.toml", EXPECTED_ERROR)
    code, out, _ = run(["check", "--timeout", "0", str(path)])
    assert code == 0, out
    assert any(
        line.startswith("ok") and "::typo-in-source  error" in line for line in out.splitlines()
    )
    assert "1 verified, 0 refuted, 0 undecided, 1 error, 0 warnings; all as expected" in out
    code, out, _ = run(["check", "--timeout", "0", "--json", str(path)])
    summary = json.loads(out)["summary"]
    assert code == 0 and summary["exit_code"] == 0
    assert summary["error"] == 1 and summary["unexpected_errors"] == 0


def test_check_an_unexpected_error_is_exit_2_even_beside_a_differing_verdict(write_toml) -> None:  # type: ignore[no-untyped-def]
    text = EXPECTED_ERROR.replace('expect = "error"', 'expect = "verified"') + (
        "\n[[claim]]\nid = 'false'\nclaim = 'x^2 = 2x'\n"
    )
    code, out, _ = run(["check", "--timeout", "0", "--json", str(write_toml("e.toml", text))])
    summary = json.loads(out)["summary"]
    assert code == 2 and summary["exit_code"] == 2
    assert summary["unexpected"] == 2 and summary["unexpected_errors"] == 1


def test_check_with_jobs_keeps_order(write_toml) -> None:  # type: ignore[no-untyped-def]
    claims = "".join(f"[[claim]]\nid = 'c{k}'\nclaim = 'x^{k} = x^{k}'\n" for k in range(1, 5))
    path = write_toml("a.toml", claims)
    code, out, _ = run(["check", "--jobs", "2", "--json", str(path)])
    assert code == 0
    assert [c["id"] for c in json.loads(out)["claims"]] == ["c1", "c2", "c3", "c4"]


def test_check_no_claims_is_not_silent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["check", str(tmp_path)])
    assert code == 2 and "no claims" in err


MEAN_OFF = "\\frac{1}{n}\\sum_{j=0}^{n} x_j = \\frac{\\sum_{j=0}^{n} x_j}{n}"
MEAN_WARNING = "\\frac{1}{n} with \\sum_{j=0}^{n}: n + 1 terms, not n"
WARNED = f"""
[meta]
source = "notes-a.txt"

[[claim]]
id = "mean-off"
claim = '{MEAN_OFF}'

[[claim]]
id = "plain"
claim = '(x+1)^2 = x^2 + 2x + 1'
"""
SECOND_HALF = """
[meta]
source = "notes-a.txt"

[[claim]]
id = "also-a"
claim = 'x \\cdot x = x^2'
"""
OTHER = "[[claim]]\nid = 'y'\nclaim = 'y^2 = y \\cdot y'\n"


def test_check_shows_and_counts_warnings_per_document(write_toml) -> None:  # type: ignore[no-untyped-def]
    a = write_toml("a.toml", WARNED)
    a2 = write_toml("a2.toml", SECOND_HALF)  # the same document as a.toml
    b = write_toml("b.toml", OTHER)  # no [meta] source: its document is its path
    code, out, _ = run(["check", "--timeout", "0", str(a), str(a2), str(b)])
    assert code == 0  # a warning does not change the exit code
    lines = out.splitlines()
    k = next(i for i, line in enumerate(lines) if "::mean-off" in line)
    assert lines[k].startswith("ok") and "verified" in lines[k]
    assert lines[k + 1] == f"    warning [mean-terms] {MEAN_WARNING}"
    assert sum("warning [" in line for line in lines) == 1
    assert (
        "4 claims in 3 file(s): 4 verified, 0 refuted, 0 undecided, 0 error, 1 warning; "
        "all as expected" in lines
    )
    assert (
        "  notes-a.txt: 3 claims, 3 verified, 0 refuted, 0 undecided, 0 error, 1 warning" in lines
    )
    assert f"  {b}: 1 claims, 1 verified, 0 refuted, 0 undecided, 0 error, 0 warnings" in lines


def test_check_json_keeps_warnings(write_toml) -> None:  # type: ignore[no-untyped-def]
    a = write_toml("a.toml", WARNED)
    b = write_toml("b.toml", OTHER)
    code, out, _ = run(["check", "--timeout", "30", "--json", str(a), str(b)])
    assert code == 0
    doc = json.loads(out)
    warned, plain, other = doc["claims"]
    assert warned["warnings"] == [
        {"kind": "mean-terms", "message": MEAN_WARNING, "latex": "\\frac{1}{n}\\sum_{j=0}^{n}"}
    ]
    assert plain["warnings"] == [] and other["warnings"] == []
    summary = doc["summary"]
    assert summary["warnings"] == 1
    assert summary["files"][str(a)]["warnings"] == 1
    assert summary["documents"] == {
        "notes-a.txt": {
            "claims": 2,
            "verified": 2,
            "refuted": 0,
            "undecided": 0,
            "error": 0,
            "warnings": 1,
        },
        str(b): {
            "claims": 1,
            "verified": 1,
            "refuted": 0,
            "undecided": 0,
            "error": 0,
            "warnings": 0,
        },
    }


def test_verify_shows_warnings() -> None:
    code, out, _ = run(["verify", "--timeout", "0", MEAN_OFF])
    assert code == 0
    assert out.splitlines()[-1] == f"warning [mean-terms] {MEAN_WARNING}"


def test_seed_moves_the_random_points() -> None:
    def point(seed: str) -> object:
        argv = ["verify", "--json", "--timeout", "0", "--seed", seed]
        argv += ["--given", "L = (w x - y)^2", "\\frac{\\partial L}{\\partial w} = 2(wx-y)x^2"]
        code, out, _ = run(argv)
        assert code == 1
        return json.loads(out)["claims"][0]["counterexample"]["point"]

    assert point("1") == point("1")
    assert point("1") != point("2")


def test_progress_line_gives_rate_and_estimate_on_long_runs() -> None:
    from derive.cli import progress_text

    assert progress_text(3, 10, 2.0) == "[3/10]"  # too early to estimate
    assert progress_text(10, 200, 20.0) == "[10/200] 0.5 claims/s, about 6 min 20 s left"
    assert progress_text(40, 50, 8.0) == "[40/50] 5.0 claims/s, about 2 s left"
    assert progress_text(50, 50, 60.0) == "[50/50]"


def test_check_caches_verdicts_in_the_current_folder(write_toml, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_toml("a.toml", "[[claim]]\nid = 'x'\nclaim = '(x+1)^2 = x^2 + 2x + 1'\n")
    assert run(["check", "--no-cache", str(path)])[0] == 0
    assert not (tmp_path / ".derive_cache").exists()
    first = run(["check", "--json", str(path)])
    assert (tmp_path / ".derive_cache" / "CACHEDIR.TAG").exists()
    assert run(["check", "--json", "--timeout", "0.001", str(path)]) == first  # not checked again


def test_python_m_derive_exits_with_the_verdict_code() -> None:
    """`python -m derive` and the `derive` script go through `run()` (main, then an exit that
    skips the last garbage collection): same output, same exit code as `main`."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    argv = ["verify", "--timeout", "0", "(a+b)^2 = a^2 + b^2"]
    done = subprocess.run(
        [sys.executable, "-m", "derive", *argv], capture_output=True, text=True, env=env
    )
    assert (done.returncode, done.stdout) == run(argv)[:2]
    assert done.returncode == 1 and done.stdout.startswith("refuted")
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"derive": "derive.cli:run"}


def test_a_reader_that_stops_reading_ends_the_run_without_a_traceback() -> None:
    """`derive check | head`: the pipe closed before derive writes is the shell's usual end of a
    command (exit 141, 128 + SIGPIPE), never a BrokenPipeError traceback (an internal error)."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    argv = ["verify", "--timeout", "0", "(a+b)^2 = a^2 + b^2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "derive", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
