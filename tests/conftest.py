from __future__ import annotations

from collections.abc import Mapping

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
