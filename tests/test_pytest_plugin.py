"""The pytest plugin in real pytest sessions (pytester): what is collected, outcomes, failure
output, selection and options. The claims are small: a session checks them in about a second."""

from __future__ import annotations

import pytest

LOGISTIC = r"""
[symbols]
sigma = "sigmoid"

[[claim]]
id = "sigmoid-derivative"
claim = '''\sigma'(z) = \sigma(z)(1 - \sigma(z))'''

[[claim]]
id = "mse-sign-slip"
given = ['L = \frac{1}{2}(\hat{y}-y)^2']
claim = '\frac{\partial L}{\partial \hat{y}} = y - \hat{y}'
expect = "refuted"
why = "the sign is flipped"
"""

WRONG = r"""
[[claim]]
id = "mse-gradient"
given = ['L = \frac{1}{2}(\hat{y}-y)^2']
claim = '\frac{\partial L}{\partial \hat{y}} = y - \hat{y}'

[[claim]]
id = "square"
claim = 'x^2 = x \cdot x'
"""

BAD_INPUT = r"""
[[claim]]
id = "bad-latex"
claim = 'x = \foo'

[[claim]]
id = "bad-latex"
claim = 'x = x'

[[claim]]
claim = 'x = x'
"""


def formulas(pytester: pytest.Pytester, **files: str) -> None:
    """Write formula files: `formulas(pytester, **{"formulas/a": TEXT})` makes formulas/a.toml."""
    pytester.makefile(".toml", **files)


def test_passing_catalog_is_one_test_per_claim(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/logistic": LOGISTIC})
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "formulas/logistic.toml::sigmoid-derivative PASSED*",
            "formulas/logistic.toml::mse-sign-slip PASSED*",
        ]
    )
    assert result.ret == pytest.ExitCode.OK


def test_failing_claim_shows_diagnosis_counterexample_and_correction(
    pytester: pytest.Pytester,
) -> None:
    formulas(pytester, **{"formulas/wrong": WRONG})
    result = pytester.runpytest("-k", "mse", "-rf")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.re_match_lines(
        [
            r"_+ \[derive\] wrong\.toml::mse-gradient _+$",
            r"refuted, expected verified: \[sign\] the sign is wrong$",
            r"    fails: \\frac\{\\partial L\}\{\\partial \\hat\{y\}\} = y - \\hat\{y\}$",
            r"      at \\hat\{y\}=-?[0-9.]+, y=-?[0-9.]+$",
            r"      left = -?[0-9.]+, right = -?[0-9.]+$",
            r"    correction: \\frac\{\\partial L\}\{\\partial \\hat\{y\}\} = \\hat\{y\} - y$",
            r"FAILED formulas/wrong\.toml::mse-gradient - refuted, expected verified",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_malformed_file_is_an_error_item_and_hides_nothing(pytester: pytest.Pytester) -> None:
    formulas(
        pytester,
        **{
            "formulas/logistic": LOGISTIC,
            "formulas/syntax": "[[claim]]\nid = \n",
            "formulas/keys": "[meta]\nauthor = 'me'\n",
        },
    )
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "formulas/syntax.toml::(file) FAILED*",
            "formulas/keys.toml::(file) FAILED*",
            "TOML syntax: Invalid value (at end of document)",
            "unknown key in [[]meta[]] 'author' (allowed: layout, preamble, source, title)",
        ]
    )


def test_bad_claims_fail_with_their_message(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/bad": BAD_INPUT})
    result = pytester.runpytest("-v")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines_random(
        [
            "formulas/bad.toml::bad-latex FAILED*",
            "formulas/bad.toml::bad-latex (2) FAILED*",  # the duplicate id is its own item
            "formulas/bad.toml::claim #3 FAILED*",
            "the id 'bad-latex' is used twice in this file",
            "every [[][[]claim[]][]] needs an `id` (a non-empty string)",
        ]
    )
    result.stdout.re_match_lines(
        [r"error: unknown macro \\foo$", r"    x = \\foo$", r"        \^\^\^\^$"]
    )


def test_only_toml_files_under_the_configured_folder(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[project]\nname = 'course'\n")
    formulas(
        pytester,
        **{"formulas/logistic": LOGISTIC, "notes/logistic": LOGISTIC, "settings": LOGISTIC},
    )
    pytester.makefile(".txt", **{"formulas/readme": "not a formula file"})
    result = pytester.runpytest("--collect-only", "-q")
    assert result.stdout.lines[:2] == [
        "formulas/logistic.toml::sigmoid-derivative",
        "formulas/logistic.toml::mse-sign-slip",
    ]
    result.stdout.fnmatch_lines(["2 tests collected*"])
    result.stdout.no_fnmatch_line("*notes*")
    result.stdout.no_fnmatch_line("*settings*")
    result.stdout.no_fnmatch_line("*pyproject*")
    result.stdout.no_fnmatch_line("*readme*")


def test_ini_option_chooses_the_folders(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nderive_paths = ['lectures/checks']\n")
    formulas(pytester, **{"formulas/a": LOGISTIC, "lectures/checks/b": LOGISTIC})
    result = pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["lectures/checks/b.toml::sigmoid-derivative", "2 tests collected*"]
    )
    result.stdout.no_fnmatch_line("formulas/*")


@pytest.mark.parametrize("args", [["-o", "derive_paths="], ["-p", "no:derive"]])
def test_collection_can_be_turned_off(pytester: pytest.Pytester, args: list[str]) -> None:
    formulas(pytester, **{"formulas/a": LOGISTIC})
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_claims_carry_the_derive_marker(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/a": LOGISTIC})
    pytester.makepyfile(test_other="def test_other():\n    pass\n")
    result = pytester.runpytest("-m", "not derive", "--strict-markers")
    result.assert_outcomes(passed=1, deselected=2)


def test_last_failed_and_exitfirst(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/a": LOGISTIC, "formulas/b": WRONG})
    pytester.runpytest().assert_outcomes(passed=3, failed=1)
    last_failed = pytester.runpytest("--lf")
    last_failed.assert_outcomes(failed=1)  # neither b::square nor a.toml (not even read) run
    last_failed.stdout.fnmatch_lines(
        ["run-last-failure: rerun previous 1 failure (skipped 1 file)"]
    )
    pytester.runpytest("-x").assert_outcomes(passed=2, failed=1)  # b::square does not run


def test_timeout_option_reaches_the_worker(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/a": LOGISTIC})
    result = pytester.runpytest("--derive-timeout", "0.001", "-k", "sigmoid")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["undecided, expected verified", "*stopped by the time budget*"])


def test_bad_timeout_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nderive_timeout = soon\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*derive_timeout must be a number of seconds, not 'soon'"])


def test_verdicts_are_cached_in_the_rootdir(pytester: pytest.Pytester) -> None:
    formulas(pytester, **{"formulas/a": LOGISTIC})
    cache = pytester.path / ".derive_cache"
    pytester.runpytest("--derive-no-cache").assert_outcomes(passed=2)
    assert not cache.exists()
    pytester.runpytest().assert_outcomes(passed=2)
    assert len(list(cache.glob("v*/*/*.json"))) == 2
    assert (cache / "CACHEDIR.TAG").exists()
    # nothing is checked again: a budget no claim could meet does not matter
    pytester.runpytest("--derive-timeout", "0.001").assert_outcomes(passed=2)
    result = pytester.runpytest("--derive-timeout", "0.001", "--derive-no-cache", "-k", "sigmoid")
    result.assert_outcomes(failed=1, deselected=1)


def test_no_dependency_warnings_reach_a_course_repository(pytester: pytest.Pytester) -> None:
    """A course repository has none of our pytest settings: every warning shows (`-W default`),
    in a fresh interpreter, so anything our dependencies raise on import or use would be counted.
    (latex2sympy2 1.9.1's ANTLR runtime printed `typing.io is deprecated` here.)"""
    formulas(pytester, **{"formulas/logistic": LOGISTIC})
    result = pytester.runpytest_subprocess("-W", "default", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, warnings=0)
    assert "warnings summary" not in result.stdout.str(), result.stdout.str()
