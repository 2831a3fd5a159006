"""Code checked against its formulas (derive/checks/code.py, usercode.py, derive/testing.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from derive import Verdict, catalog, check_claim
from derive.model import ClaimResult, DiagnosisKind, Method
from derive.render import markdown, sheets
from derive.testing import assert_implements

ROOT = Path(__file__).resolve().parents[2]

# a squared error and its derivative: cheap claims for the mechanics
HEADER = """
[symbols]
y = "real"

"""
SQUARED = r"""
given = ['L = \frac{1}{2}(\hat{y}-y)^2']
implements = '\frac{\partial L}{\partial \hat{y}}'
args = { y_hat = '\hat{y}', y = "y" }
"""

MODULE = """
import numpy as np

SCALE = 1

def grad(y_hat, y):
    print("noise from the course code")
    return (y_hat - y) * SCALE

def grad_twice(y_hat, y):
    return 2 * (y_hat - y)

def grad_flipped(y_hat, y):
    return y - y_hat

def grad_raises(y_hat, y):
    return {}["missing"]

def grad_vector(y_hat, y):
    return np.array([[y_hat], [y]])

def grad_text(y_hat, y):
    return "0.5"

def grad_pair(y_hat, y):
    return (y_hat - y,)
"""


def _claim_toml(claim_id: str, code: str, body: str = SQUARED, extra: str = "") -> str:
    return f'[[claim]]\nid = "{claim_id}"\ncode = "{code}"\n{body}{extra}\n'


def _run(tmp_path: Path, *claims: str, module: str = MODULE) -> list[ClaimResult]:
    (tmp_path / "course.py").write_text(textwrap.dedent(module), encoding="utf-8")
    toml = tmp_path / "f.toml"
    toml.write_text(HEADER + "\n".join(claims), encoding="utf-8")
    cat = catalog.load(toml)
    assert not cat.problems, [p.format() for p in cat.problems]
    return [check_claim(c) for c in cat.claims]


def _only(results: list[ClaimResult]) -> ClaimResult:
    (r,) = results
    return r


# --- verdicts -----------------------------------------------------------------------------------


def test_a_right_function_is_verified_at_every_point(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("g", "course.py:grad")))
    assert r.verdict is Verdict.VERIFIED, r.message
    assert r.methods == (Method.NUMERIC,)
    assert "grad(y_hat, y) agrees with" in r.message and "10 point calls" in r.message


def test_a_constant_factor_is_diagnosed_from_the_ratio(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("g2", "course.py:grad_twice")))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert "factor 2" in r.diagnosis.detail
    ce = r.counterexample
    assert ce is not None and ce.link.startswith("grad_twice(y_hat, y) = ")
    assert float(ce.lhs) == pytest.approx(2 * float(ce.rhs))  # the code's value, the formula's
    assert {k for k, _ in ce.point} == {"\\hat{y}", "y"}  # the inputs it was called with
    assert Method.EXACT in r.methods  # the formula's value was confirmed exactly


def test_a_sign_error_is_diagnosed(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("gs", "course.py:grad_flipped")))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.SIGN


def test_a_bound_global_is_set_per_call_and_restored(tmp_path: Path) -> None:
    bound = _claim_toml("gb", "course.py:grad", extra='bind = { SCALE = "3" }')
    r = _only(_run(tmp_path, bound))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and "factor 3" in r.diagnosis.detail


def test_what_the_code_prints_stays_out_of_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(tmp_path, _claim_toml("g", "course.py:grad"))
    assert "noise" not in capsys.readouterr().out


# --- bad input: the code's errors, named, with the code's traceback; other claims still run ----


@pytest.mark.parametrize(
    ("code", "extra", "says"),
    [
        ("nowhere.py:grad", "", "no such file"),
        ("course.py:gradient", "", "has no function 'gradient' (it defines grad,"),
        ("course.py:grad_raises", "", "the call raised KeyError"),
        ("course.py:grad_vector", "", "returned 2 x 1 for"),
        ("course.py:grad_text", "", "returned str"),
        ("course.py:grad", 'bind = { BATCH = "2" }', "defines no global 'BATCH'"),
    ],
)
def test_bad_code_is_an_error_naming_file_claim_and_function(
    tmp_path: Path, code: str, extra: str, says: str
) -> None:
    bad, good = _run(
        tmp_path, _claim_toml("bad", code, extra=extra), _claim_toml("g", "course.py:grad")
    )
    assert bad.verdict is Verdict.ERROR
    assert says in bad.message
    assert "(claim bad)" in bad.message and code.split(":")[0] in bad.message
    assert good.verdict is Verdict.VERIFIED  # one bad claim hides nothing


def test_an_exception_carries_the_code_traceback(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("bad", "course.py:grad_raises")))
    assert "Traceback" in r.message and 'return {}["missing"]' in r.message
    assert "derive/checks" not in r.message  # derive's own frames are left out


def test_wrong_argument_names_are_an_error(tmp_path: Path) -> None:
    body = SQUARED.replace("y_hat = ", "prediction = ")
    r = _only(_run(tmp_path, _claim_toml("bad", "course.py:grad", body=body)))
    assert r.verdict is Verdict.ERROR
    assert "`args` does not fit the function's parameters (y_hat, y)" in r.message


def test_an_import_error_is_the_code_error(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("bad", "course.py:grad"), module="import no_such_mod\n"))
    assert r.verdict is Verdict.ERROR
    assert "importing the file raised ModuleNotFoundError" in r.message


def test_a_missing_tuple_item_is_an_error(tmp_path: Path) -> None:
    body = SQUARED.replace(
        "implements = '\\frac{\\partial L}{\\partial \\hat{y}}'",
        "implements = ['\\frac{\\partial L}{\\partial \\hat{y}}', 'L']",
    )
    r = _only(_run(tmp_path, _claim_toml("bad", "course.py:grad_pair", body=body)))
    assert r.verdict is Verdict.ERROR
    assert "has no item 1" in r.message


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('code = "course.py"\nimplements = "L"', '`code` must be "FILE.py:FUNCTION"'),
        ('code = "course.py:grad"', "`implements` (what the function computes) must be"),
        ('code = "course.py:grad"\nimplements = "L"\nargs = { y = 1 }', "`args`: y must be"),
        ('code = "course.py:grad"\nimplements = "L"\nclaim = "L = 1"', "has no `claim`"),
    ],
)
def test_malformed_code_keys_are_problems(tmp_path: Path, entry: str, says: str) -> None:
    toml = tmp_path / "f.toml"
    toml.write_text(f'[[claim]]\nid = "c"\n{entry}\n', encoding="utf-8")
    cat = catalog.load(toml)
    assert not cat.claims
    assert says in cat.problems[0].message


# --- the seed code (formulas/code/), against the catalog's formulas ----------------------------


def _seed(file: str, claim_id: str) -> ClaimResult:
    cat = catalog.load(ROOT / "formulas" / file)
    (claim,) = [c for c in cat.claims if c.id == claim_id]
    return check_claim(claim)


def test_003_loss_is_m_squared_times_j_found_from_the_code() -> None:
    r = _seed("003-code.toml", "lr-code-loss")
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.FACTOR
    assert "factor m^{2}" in r.diagnosis.detail
    ce = r.counterexample
    assert ce is not None
    m = dict(ce.sizes)["m"]
    assert float(ce.lhs) / float(ce.rhs) == pytest.approx(m**2)
    assert r.sizes == ((("m", 3),), (("m", 4),))  # two sizes: m^2, not a constant 9


def test_003_gradient_agrees_with_the_derivative_of_j() -> None:
    r = _seed("003-code.toml", "lr-code-gradient")
    assert r.verdict is Verdict.VERIFIED, r.message
    assert "\\nabla_{\\Theta} J" in r.message


def test_001_relu_backward_is_verified() -> None:
    r = _seed("001-code.toml", "code-reluBackward")
    assert r.verdict is Verdict.VERIFIED, r.message


# --- errata and derive.testing -----------------------------------------------------------------


def test_the_errata_lists_a_code_error_as_code(tmp_path: Path) -> None:
    r = _only(_run(tmp_path, _claim_toml("g2", "course.py:grad_twice")))
    page = markdown.errata_page(sheets.group([r]), sheets.RunInfo(seed=1, points=10, timeout=None))
    assert "### g2 (code)" in page
    assert "**Code:** `course.py:grad_twice, called as grad_twice(y_hat, y), must compute`" in page
    assert "the code is to be fixed" in page


def _course_grad(y_hat: float, y: float) -> float:
    return y_hat - y


def _course_grad_half(y_hat: float, y: float) -> float:
    return (y_hat - y) / 2


def test_assert_implements_passes_for_the_right_function() -> None:
    r = assert_implements(
        _course_grad,
        r"\frac{\partial L}{\partial \hat{y}}",
        given=[r"L = \frac{1}{2}(\hat{y}-y)^2"],
        args={"y_hat": r"\hat{y}", "y": "y"},
    )
    assert r.verdict is Verdict.VERIFIED
    assert r.methods == (Method.NUMERIC,)  # code is checked by calling it at points
    assert r.message.startswith("_course_grad(y_hat, y) agrees with")


def test_assert_implements_fails_with_the_diagnosis() -> None:
    with pytest.raises(AssertionError, match=r"\[factor\] off by a factor 1/2"):
        assert_implements(
            _course_grad_half,
            r"\frac{\partial L}{\partial \hat{y}}",
            given=[r"L = \frac{1}{2}(\hat{y}-y)^2"],
            args={"y_hat": r"\hat{y}", "y": "y"},
        )


def test_a_result_keyed_one_layer_off_is_an_index_refutation(tmp_path: Path) -> None:
    module = 'def double(Z1, Z2):\n    return {"h1": 2 * Z1, "h2": 2 * Z1}\n'
    claim = """
[[claim]]
id = "keyed"
given = ['h^{[l]}_{ji} = 2 Z^{[l]}_{ji}']
symbols = { Z = "matrix(n[l], m)", h = "matrix(n[l], m)", m = "count" }
code = "course.py:double"
args = { Z1 = "Z^{[1]}", Z2 = "Z^{[2]}" }
implements = { h1 = "h^{[1]}", h2 = "h^{[2]}" }
"""
    r = _only(_run(tmp_path, claim, module=module))
    assert r.verdict is Verdict.REFUTED
    assert r.diagnosis is not None and r.diagnosis.kind is DiagnosisKind.INDEX
    assert r.methods == (Method.SIZES,) and r.counterexample is None  # refuted by the shapes
    assert "double['h2'] holds h^{[1]} (3 x 4), not h^{[2]} (2 x 4 at m=4," in r.diagnosis.detail
    assert "double['h2'] is 3 x 4, not 2 x 4" in r.message  # neighbouring layers differ in size


def test_bound_globals_are_put_back_after_each_call(tmp_path: Path) -> None:
    from derive.checks.usercode import Where, call, load

    (tmp_path / "course.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    loaded = load(Where(str(tmp_path / "course.py"), "c", "grad"))
    assert call(loaded, {"y_hat": 3.0, "y": 1.0}, {"SCALE": 5}) == 10.0
    assert loaded.module.SCALE == 1


def test_the_code_path_is_relative_to_the_formula_file(tmp_path: Path) -> None:
    sub = tmp_path / "course"
    sub.mkdir()
    toml = sub / "f.toml"
    toml.write_text(
        '[[claim]]\nid = "c"\ncode = "code/m.py:f"\nimplements = ["L", "J"]\n'
        'args = { cache = ["W", ["A", "b"]] }\nbind = { N = "n" }\n',
        encoding="utf-8",
    )
    (claim,) = catalog.load(toml).claims
    spec = claim.code
    assert spec is not None
    assert Path(spec.path) == sub / "code" / "m.py"
    assert spec.implements == ("L", "J") and claim.latex == "L, J"
    assert spec.args == (("cache", ("W", ("A", "b"))),) and spec.bind == (("N", "n"),)
    assert spec.call == "f(cache)"
