"""The verdict cache: a stored result equals a fresh one; anything unreadable is a miss."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from derive import ClaimResult, RunOptions, Settings, Verdict, catalog, run_claims
from derive import run as run_module
from derive.cache import FORMAT, VerdictCache, claim_name, decode, encode, entry_key
from derive.model import Claim, CodeSpec
from tests.conftest import SLOW_CLAIM, make_claim

ROOT = Path(__file__).resolve().parent.parent
SMALL_FILE = ROOT / "formulas" / "003-losses.toml"  # 10 claims, verified and refuted

VERIFIED = make_claim("(a+b)^2 = a^2 + 2ab + b^2", claim_id="square")
REFUTED = make_claim(
    "\\frac{\\partial L}{\\partial \\hat{y}} = 2(\\hat{y}-y)",
    given=("L = \\frac{1}{2}(\\hat{y}-y)^2",),
    claim_id="factor",
)
ERROR = make_claim("x = \\foo", claim_id="bad")
SLOW = SLOW_CLAIM
IN_PROCESS = RunOptions(timeout=None)


def entries(root: Path) -> list[Path]:
    return sorted(root.glob("v*/*/*.json"))


def test_a_cached_result_equals_a_fresh_one_for_a_catalog_file(tmp_path: Path) -> None:
    claims = catalog.load([SMALL_FILE]).claims
    cache = VerdictCache(tmp_path)
    fresh = run_claims(claims, replace(IN_PROCESS, cache=cache))
    assert {r.verdict for r in fresh} >= {Verdict.VERIFIED, Verdict.REFUTED}
    assert len(entries(tmp_path)) == len(claims)
    cached = [cache.get(c, Settings()) for c in claims]
    assert cached == fresh
    assert any(r.diagnosis is not None and r.counterexample is not None for r in fresh)


def test_a_second_run_checks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = replace(IN_PROCESS, cache=VerdictCache(tmp_path))
    first = run_claims([VERIFIED, REFUTED, ERROR], options)

    def no_check(claim: Claim, settings: Settings) -> ClaimResult:
        raise AssertionError(f"{claim.id} was checked again")

    monkeypatch.setattr(run_module, "check_linted", no_check)
    assert run_claims([VERIFIED, REFUTED, ERROR], options) == first
    assert [r.verdict for r in first] == [Verdict.VERIFIED, Verdict.REFUTED, Verdict.ERROR]


def test_the_folder_is_tagged_and_ignored_by_git(tmp_path: Path) -> None:
    root = tmp_path / ".derive_cache"
    run_claims([VERIFIED], replace(IN_PROCESS, cache=VerdictCache(root)))
    assert (
        (root / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (root / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not list(root.rglob(".tmp-*"))  # written whole, then renamed


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("{not json", encoding="utf-8"),
        lambda p: p.write_bytes(b"\xff\xfe\x00"),
        lambda p: p.write_text("[]", encoding="utf-8"),
        lambda p: p.write_text("", encoding="utf-8"),
        lambda p: _edit(p, lambda d: d["result"].update(verdict="proved")),
        lambda p: _edit(p, lambda d: d["result"].update(methods="numeric")),
        lambda p: _edit(p, lambda d: d["result"].pop("sizes")),
        lambda p: _edit(p, lambda d: d["result"].update(message=3)),
    ],
    ids=["truncated", "binary", "list", "empty", "verdict", "methods", "missing", "type"],
)
def test_a_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = VerdictCache(tmp_path)
    (fresh,) = run_claims([REFUTED], replace(IN_PROCESS, cache=cache))
    (path,) = entries(tmp_path)
    damage(path)
    assert cache.get(REFUTED, Settings()) is None
    assert run_claims([REFUTED], replace(IN_PROCESS, cache=cache)) == [fresh]
    assert cache.get(REFUTED, Settings()) == fresh  # checked again and stored again


def test_a_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    run_claims([VERIFIED, REFUTED], replace(IN_PROCESS, cache=cache))
    verified_path, refuted_path = (cache.entry_path(c, Settings()) for c in (VERIFIED, REFUTED))
    verified_path.write_bytes(refuted_path.read_bytes())  # another claim's entry under this name
    assert cache.get(VERIFIED, Settings()) is None
    _edit(refuted_path, lambda d: d.update(format=FORMAT + 1))  # a later derive's layout
    assert cache.get(REFUTED, Settings()) is None


def test_the_key_holds_what_can_change_a_verdict() -> None:
    key = entry_key(REFUTED, Settings())
    assert entry_key(REFUTED, Settings(seed=2)) != key
    assert entry_key(REFUTED, Settings(points=20)) != key
    assert entry_key(replace(REFUTED, given=("L = (\\hat{y}-y)^2",)), Settings()) != key
    assert entry_key(replace(REFUTED, latex=REFUTED.latex + " "), Settings()) != key
    assert entry_key(replace(REFUTED, id="other"), Settings()) != key  # the id seeds the points
    assert entry_key(replace(REFUTED, asserted="left"), Settings()) != key  # the side corrected
    with_y = make_claim(REFUTED.latex, given=REFUTED.given, symbols={"y": "binary"})
    assert entry_key(replace(with_y, id=REFUTED.id), Settings()) != key
    # where the claim is written, and its comments, do not
    assert entry_key(replace(REFUTED, file="b.toml", why="a factor 2"), Settings()) == key


COURSE = """
from course_helpers import scale

def grad(y_hat, y):
    return scale() * (y_hat - y)
"""
CODE_CLAIM = """
[symbols]
y = "real"

[[claim]]
id = "g"
code = "course.py:grad"
given = ['L = \\frac{1}{2}(\\hat{y}-y)^2']
implements = '\\frac{\\partial L}{\\partial \\hat{y}}'
args = { y_hat = '\\hat{y}', y = "y" }
"""


def _code_claim(folder: Path, monkeypatch: pytest.MonkeyPatch, helper: str = "1") -> Claim:
    """A claim about course.py, which imports a helper module of the same project."""
    (folder / "course.py").write_text(COURSE, encoding="utf-8")
    (folder / "course_helpers.py").write_text(f"def scale():\n    return {helper}\n", "utf-8")
    (folder / "f.toml").write_text(CODE_CLAIM, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))  # where `import course_helpers` finds it
    (claim,) = catalog.load([folder / "f.toml"]).claims
    return claim


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    check = run_module.check_linted

    def counted(claim: Claim, settings: Settings, progress: object = None) -> ClaimResult:
        checked.append(claim.id)
        return check(claim, settings)

    monkeypatch.setattr(run_module, "check_linted", counted)
    return checked


@pytest.mark.parametrize("edit", ["course.py", "course_helpers.py"])
def test_a_cached_code_claim_is_checked_again_when_its_code_or_a_helper_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    claim = _code_claim(tmp_path, monkeypatch)
    options = replace(IN_PROCESS, cache=VerdictCache(tmp_path / "cache"))
    checked = _counting(monkeypatch)
    (first,) = run_claims([claim], options)
    assert first.verdict is Verdict.VERIFIED
    assert first.reads is not None
    assert {Path(p).name for p, _ in first.reads} == {"course.py", "course_helpers.py"}
    assert run_claims([claim], options) == [first] and checked == ["g"]  # a hit
    if edit == "course.py":  # the same function, written otherwise: the verdict stays
        (tmp_path / "course.py").write_text(COURSE + "\n# edited\n", encoding="utf-8")
        (again,) = run_claims([claim], options)
        assert again.verdict is Verdict.VERIFIED and again.reads != first.reads
    else:  # the helper now doubles: the same code file, another verdict
        # a new size too: Python's compiled-file check reads only the source's size and mtime
        (tmp_path / "course_helpers.py").write_text("def scale():\n    return 2.0\n", "utf-8")
        (again,) = run_claims([claim], options)
        assert again.verdict is Verdict.REFUTED
        assert again.diagnosis is not None and again.diagnosis.kind.value == "factor"
    assert checked == ["g", "g"]
    assert run_claims([claim], options) == [again] and checked == ["g", "g"]


def test_a_cached_code_claim_is_checked_again_when_a_file_it_read_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _code_claim(tmp_path, monkeypatch)
    reading = "from pathlib import Path\n\ndef scale():\n    return float(Path(__file__)"
    reading += '.with_name("scale.txt").read_text())\n'
    (tmp_path / "course_helpers.py").write_text(reading, encoding="utf-8")
    (tmp_path / "scale.txt").write_text("1", encoding="utf-8")
    options = replace(IN_PROCESS, cache=VerdictCache(tmp_path / "cache"))
    (first,) = run_claims([claim], options)
    assert first.verdict is Verdict.VERIFIED and first.reads is not None
    assert "scale.txt" in {Path(p).name for p, _ in first.reads}
    (tmp_path / "scale.txt").write_text("3", encoding="utf-8")
    (again,) = run_claims([claim], options)
    assert again.verdict is Verdict.REFUTED


def test_a_code_claim_whose_import_failed_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper may be written later: an error (or a fallback) that a missing module decided
    is pinned by no file."""
    claim = _code_claim(tmp_path, monkeypatch)
    (tmp_path / "course_helpers.py").unlink()
    cache = VerdictCache(tmp_path / "cache")
    (r,) = run_claims([claim], replace(IN_PROCESS, cache=cache))
    assert r.verdict is Verdict.ERROR and "ModuleNotFoundError" in r.message
    assert r.reads is None
    assert entries(tmp_path / "cache") == []


def test_a_missing_code_file_is_pinned_as_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _code_claim(tmp_path, monkeypatch)
    (tmp_path / "course.py").unlink()
    cache = VerdictCache(tmp_path / "cache")
    (r,) = run_claims([claim], replace(IN_PROCESS, cache=cache))
    assert r.verdict is Verdict.ERROR and "no such file" in r.message
    assert cache.get(claim, Settings()) == r  # stored, as any error of the input
    (tmp_path / "course.py").write_text(COURSE, encoding="utf-8")
    assert cache.get(claim, Settings()) is None  # the file is there now


def test_the_key_of_a_code_claim_holds_its_spec_and_where_imports_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _code_claim(tmp_path, monkeypatch)
    assert claim.code is not None
    key = entry_key(claim, Settings())
    other = replace(claim, code=replace(claim.code, function="grad2"))
    assert entry_key(other, Settings()) != key
    monkeypatch.syspath_prepend(str(tmp_path / "elsewhere"))  # `import` may find another file
    assert entry_key(claim, Settings()) != key


def test_a_function_in_hand_is_never_cached(tmp_path: Path) -> None:
    """derive.testing passes the function itself: no file pins it."""
    spec = CodeSpec(file="loss.py", function="loss", path=str(tmp_path / "loss.py"), implements="L")
    claim = replace(REFUTED, latex="", code=spec)
    cache = VerdictCache(tmp_path)
    cache.put(ClaimResult(claim, Verdict.VERIFIED, reads=None), Settings())
    assert cache.get(claim, Settings()) is None
    assert entries(tmp_path) == []


def test_the_key_holds_the_source_and_the_versions() -> None:
    from derive.cache import software

    text = software()
    for part in ("python ", "derive==", "sympy==", "numpy==", "latex2sympy2_extended==", "source "):
        assert part in text


def test_a_timeout_is_not_cached(tmp_path: Path) -> None:
    (r,) = run_claims([SLOW], RunOptions(timeout=3, cache=VerdictCache(tmp_path), warm=False))
    assert r.verdict is Verdict.UNDECIDED and "time budget" in r.message
    assert entries(tmp_path) == []


def test_a_crashed_worker_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(claim: Claim, settings: Settings, progress: object = None) -> ClaimResult:
        raise RuntimeError("a bug")

    monkeypatch.setattr(run_module, "check_linted", crash)  # the forked worker inherits it
    options = RunOptions(timeout=60, cache=VerdictCache(tmp_path), warm=False)
    (r,) = run_claims([VERIFIED], options)
    assert r.verdict is Verdict.ERROR and "a bug" in r.message
    assert entries(tmp_path) == []


def test_encode_decode_round_trip() -> None:
    (r,) = run_claims([REFUTED], IN_PROCESS)
    assert r.counterexample is not None and r.diagnosis is not None
    assert decode(json.loads(json.dumps(encode(r))), REFUTED) == r


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_longest_claims_start_first(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    claims = [replace(c, file="f.toml") for c in (VERIFIED, REFUTED, ERROR)]
    cache.record_durations({"f.toml::square": 0.5, "f.toml::factor": 9.0})
    order: list[str] = []
    run_claims(claims, replace(IN_PROCESS, cache=cache), lambda i, r: order.append(r.claim.id))
    assert order == ["bad", "factor", "square"]  # never timed, then the slowest
    assert set(cache.durations()) == {"f.toml::square", "f.toml::factor", "f.toml::bad"}


def test_a_timeout_is_timed_for_the_next_run(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    (r,) = run_claims([SLOW], RunOptions(timeout=2, cache=cache, warm=False))
    assert r.verdict is Verdict.UNDECIDED
    assert cache.durations()[claim_name(SLOW)] >= 2
    assert entries(tmp_path) == []


def test_corrupt_durations_are_ignored(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    run_claims([VERIFIED], replace(IN_PROCESS, cache=cache))
    (tmp_path / "durations.json").write_text("[1, 2", encoding="utf-8")
    assert cache.durations() == {}
    run_claims([VERIFIED, REFUTED], replace(IN_PROCESS, cache=cache))
    assert set(cache.durations()) == {claim_name(REFUTED)}


def test_a_worker_reports_its_cpu_time(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path)
    run_claims([VERIFIED, REFUTED], RunOptions(timeout=60, jobs=2, cache=cache, warm=False))
    times = cache.durations()
    assert set(times) == {claim_name(VERIFIED), claim_name(REFUTED)}
    assert all(0 < t < 60 for t in times.values())
