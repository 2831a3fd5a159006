"""derive: checks the formulas of machine-learning course material.

Two verbs: `verify` one claim, `check` many (from formula files). Both return result objects;
printing is for the edges (CLI, pytest plugin).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from derive.catalog import Catalog, Problem, load
from derive.engine import check_claim
from derive.errors import (
    CatalogError,
    DefinitionError,
    DeriveError,
    LatexError,
    SpecError,
    UnsupportedError,
)
from derive.model import (
    Claim,
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Domain,
    FunctionKind,
    Method,
    SymbolSpec,
    Verdict,
)
from derive.run import RunOptions, run_claims
from derive.settings import Settings
from derive.specs import parse_spec

__all__ = [
    "Catalog",
    "CatalogError",
    "Claim",
    "ClaimResult",
    "Counterexample",
    "DefinitionError",
    "DeriveError",
    "Diagnosis",
    "DiagnosisKind",
    "Domain",
    "FunctionKind",
    "LatexError",
    "Method",
    "Problem",
    "RunOptions",
    "Settings",
    "SpecError",
    "SymbolSpec",
    "UnsupportedError",
    "Verdict",
    "check_claim",
    "load",
    "parse_spec",
    "run_claims",
    "verify",
]


def verify(
    claim: str,
    *,
    given: Sequence[str] = (),
    symbols: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> ClaimResult:
    """Check one claim in this process.

    `verify("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", symbols={"sigma": "sigmoid"})`
    """
    specs = {s.name: s for s in (parse_spec(k, v) for k, v in (symbols or {}).items())}
    return check_claim(Claim(id="claim", latex=claim, given=tuple(given), symbols=specs), settings)
