"""Checks for a course's own test suite: does this function compute that formula?

```python
from derive.testing import assert_implements
from mycourse.linreg import loss_gradient

def test_gradient():
    assert_implements(
        loss_gradient,
        r"\\nabla_{\\Theta} J",
        given=[r"J = \\frac{1}{2m}(X\\Theta - y)^T(X\\Theta - y)"],
        symbols={"X": "matrix(m, 2)", "\\\\Theta": "vector(2)", "y": "vector(m)"},
        args={"theta_matrix": r"\\Theta", "x_matrix": "X", "y_vec": "y"},
    )
```

The function is called in this process (no time budget) at the random points and sizes of
`derive check`; see docs/format.md#code-checked-against-its-formula.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from derive.catalog import code_spec
from derive.checks.code import check_code
from derive.checks.usercode import Loaded, Where, check_arguments
from derive.errors import CodeError
from derive.model import Claim, ClaimResult, Verdict
from derive.render.text import claim_lines
from derive.settings import Settings
from derive.specs import parse_specs

__all__ = ["assert_implements"]


def assert_implements(
    fn: Callable[..., object],
    formula: str | Sequence[str] | Mapping[str, str],
    *,
    given: Sequence[str] = (),
    symbols: Mapping[str, str] | None = None,
    args: Mapping[str, object] | None = None,
    bind: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> ClaimResult:
    """Raise AssertionError unless fn verifiably computes formula (LaTeX; a list of LaTeX for a
    tuple result, a dict for a dict result) under the `given` definitions. `args` maps each
    parameter to the LaTeX of its value (default: every parameter to its own name), `bind`
    module globals to LaTeX (sizes such as m). Returns the verified result."""
    module = inspect.getmodule(fn)
    path = inspect.getsourcefile(fn) or "<unknown>"
    name = getattr(fn, "__name__", "function")
    if args is None:
        args = {p: p for p in inspect.signature(fn).parameters}
    table: dict[str, object] = {
        "code": f"{Path(path).name}:{name}",
        "implements": formula if isinstance(formula, str | Mapping) else list(formula),
        "args": {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()},
        "bind": dict(bind or {}),
    }
    spec = code_spec(table, path)
    assert spec is not None
    claim = Claim(
        id=name,
        latex=_shown(formula),
        given=tuple(given),
        symbols=parse_specs(dict(symbols or {})),
        file=path,
        code=spec,
    )
    if module is None:
        raise CodeError(f"{path}:{name}: the function's module cannot be found")
    loaded = Loaded(module, fn, Where(path, name, name))
    check_arguments(loaded, list(args))
    result = check_code(claim, settings or Settings(), loaded)
    if result.verdict is not Verdict.VERIFIED:
        raise AssertionError("\n".join(claim_lines(result, verbose=True)))
    return result


def _shown(formula: str | Sequence[str] | Mapping[str, str]) -> str:
    if isinstance(formula, str):
        return formula
    if isinstance(formula, Mapping):
        return ", ".join(formula.values())
    return ", ".join(formula)
