from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

import pytest

from derive import Claim, ClaimResult, check_claim, parse_spec

pytest_plugins = ["pytester"]  # real pytest sessions, for tests/test_pytest_plugin.py


def make_claim(
    latex: str,
    *,
    given: tuple[str, ...] = (),
    symbols: Mapping[str, str] | None = None,
    claim_id: str = "t",
) -> Claim:
    specs = {s.name: s for s in (parse_spec(k, v) for k, v in (symbols or {}).items())}
    return Claim(id=claim_id, latex=latex, given=given, symbols=specs)


# a second derivative of the cross-entropy: SymPy's proof takes minutes (time-budget tests)
SLOW_CLAIM = make_claim(
    "\\frac{\\partial^2 L}{\\partial w_1 \\partial w_2} = "
    "\\frac{1}{n}\\sum_{j=1}^{n}H_j(1-H_j)x_{j1}x_{j2}",
    given=(
        "A_j = \\sum_{i=1}^{k} w_i x_{ji} + b",
        "H_j = \\frac{1}{1+e^{-A_j}}",
        "L = -\\frac{1}{n}\\sum_{j=1}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)",
    ),
    symbols={"y": "binary", "k": "count"},
    claim_id="slow",
)


def claim_params(claims: Iterable[Claim], not_yet: Mapping[str, str]) -> list[object]:
    """One pytest param per fixture claim (id = claim id); a claim in `not_yet` (id -> why) is a
    strict xfail with that reason."""
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(strict=True, reason=not_yet[c.id])] if c.id in not_yet else [],
        )
        for c in claims
    ]


def check(latex: str, **kwargs: object) -> ClaimResult:
    return check_claim(make_claim(latex, **kwargs))  # type: ignore[arg-type]


@pytest.fixture
def write_toml(tmp_path):  # type: ignore[no-untyped-def]
    def write(name: str, text: str):  # type: ignore[no-untyped-def]
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def load_bench(name: str) -> ModuleType:
    """A script of bench/ (`fuzz`, `fuzz_scan`) imported as a module, for its generators."""
    path = Path(__file__).parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
