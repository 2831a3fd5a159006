"""Mutation testing of the engine: one small slip in a verified claim is never verified.

Each mutation kind is a function on the LaTeX of a claim that returns the `which`-th mutant of
that kind, or None when the kind does not apply (no transpose in a scalar claim, no two-letter
subscript to swap, ...). Hypothesis picks a base claim, a kind and an occurrence; the mutant
must be refuted. Every kind changes the value (or the shape) of its side for generic values
of the names, so "refuted" is the one right verdict; a shape-invalid mutant is refuted with
kind `shape`, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from derive import Verdict
from tests.checks.networks import (
    BP_INDEX,
    BP_MATRIX,
    FAST,
    INDEX_FORWARD,
    LINREG_COST,
    LINREG_GRAD,
    LINREG_SYMBOLS,
    MATRIX_FORWARD,
    NET,
    NUMERIC_ONLY,
    check,
)


@dataclass(frozen=True)
class Base:
    """A claim that verifies, with what it needs."""

    id: str
    latex: str
    given: tuple[str, ...] = ()
    symbols: dict[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:  # the symbols table is a dict; the id is unique
        return hash(self.id)


BASES = [
    Base(
        "mse-sigmoid",
        "\\frac{\\partial L}{\\partial z} = (\\hat{y}-y)\\sigma'(z)",
        ("L = \\frac{1}{2}(\\hat{y}-y)^2", "\\hat{y} = \\sigma(z)"),
        {"sigma": "sigmoid"},
    ),
    Base(
        "bce-sigmoid",
        "\\frac{\\partial L}{\\partial w} = (\\hat{y} - y) x",
        (
            "\\hat{y} = \\sigma(w x + b)",
            "L = -(y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y}))",
        ),
        {"sigma": "sigmoid", "y": "binary"},
    ),
    Base(
        "ce-mean-sum",
        "\\frac{\\partial L}{\\partial w_i} = \\frac{1}{n}\\sum_{j=1}^{n}(H_j-y_j)x_{ji}",
        (
            "A_j = \\sum_{i=1}^{k} w_i x_{ji} + b",
            "H_j = \\frac{1}{1+e^{-A_j}}",
            "L = -\\frac{1}{n}\\sum_{j=1}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)",
        ),
        {"y": "binary"},
    ),
    Base("bp2-index", BP_INDEX["bp2"], INDEX_FORWARD, NET),
    Base("bp2-matrix", BP_MATRIX["bp2"], MATRIX_FORWARD, NET),
    Base("linreg-matrix", LINREG_GRAD, LINREG_COST, LINREG_SYMBOLS),
]


# -- the mutations ------------------------------------------------------------------------------

Mutation = Callable[[Base, int], "str | None"]


def _split(latex: str) -> tuple[str, str]:
    """The two sides of a one-link equation (the `=` outside every brace)."""
    depth = 0
    for i, ch in enumerate(latex):
        depth += ch in "{[("
        depth -= ch in "}])"
        if ch == "=" and depth == 0:
            return latex[:i].rstrip(), latex[i + 1 :].lstrip()
    raise ValueError(f"no top-level = in {latex!r}")


def _pick(variants: list[str], which: int) -> str | None:
    return variants[which] if 0 <= which < len(variants) else None


def _on_rhs(base: Base, which: int, variants: Callable[[str], list[str]]) -> str | None:
    lhs, rhs = _split(base.latex)
    picked = _pick(variants(rhs), which)
    return None if picked is None else f"{lhs} = {picked}"


def flip_sign(base: Base, which: int) -> str | None:
    return _on_rhs(base, which, lambda rhs: [f"-\\left({rhs}\\right)"])


def times_two(base: Base, which: int) -> str | None:
    return _on_rhs(base, which, lambda rhs: [f"2\\left({rhs}\\right)"])


def halve(base: Base, which: int) -> str | None:
    return _on_rhs(base, which, lambda rhs: [f"\\frac{{1}}{{2}}\\left({rhs}\\right)"])


_SIZE = re.compile(r"\\frac\{1\}\{([a-z])\}|\\sum_\{[a-z]=1\}\^\{([a-z])\}")


def divide_by_size(base: Base, which: int) -> str | None:
    """The forgotten (or doubled) 1/m of a mean, for each size the claim names."""
    sizes = sorted({a or b for a, b in _SIZE.findall(base.latex)})
    return _on_rhs(
        base, which, lambda rhs: [f"\\frac{{1}}{{{s}}}\\left({rhs}\\right)" for s in sizes]
    )


def _toggle_transposes(rhs: str, arrays: list[str]) -> list[str]:
    """rhs with one whole vector/matrix transposed, or its transpose removed: a layered name
    written without component index (`w^{[l+1]T}` <-> `w^{[l+1]}`), or a declared one
    (`X^T` <-> `X`)."""
    out = []
    for m in re.finditer(r"\^\{\[([^\]]*)\](T?)\}(?!_)", rhs):
        new = f"^{{[{m.group(1)}]}}" if m.group(2) else f"^{{[{m.group(1)}]T}}"
        out.append(rhs[: m.start()] + new + rhs[m.end() :])
    for name in arrays:
        before = "" if name.startswith("\\") else r"(?<![A-Za-z\\])"
        pattern = rf"{before}{re.escape(name)}(?![A-Za-z])(\^T)?"
        for m in re.finditer(pattern, rhs):
            new = name if m.group(1) else f"{name}^T"
            out.append(rhs[: m.start()] + new + rhs[m.end() :])
    return out


def transpose(base: Base, which: int) -> str | None:
    arrays = [k for k, v in base.symbols.items() if v.startswith(("matrix(", "vector("))]
    return _on_rhs(base, which, lambda rhs: _toggle_transposes(rhs, arrays))


def swap_indices(base: Base, which: int) -> str | None:
    """`_{jk}` read as `_{kj}`: a transposed weight or sample-feature index."""
    latex = base.latex
    variants = [
        latex[: m.start()] + f"_{{{m.group(2)}{m.group(1)}}}" + latex[m.end() :]
        for m in re.finditer(r"_\{([a-z])([a-z])\}", latex)
    ]
    return _pick(variants, which)


def activation_for_derivative(base: Base, which: int) -> str | None:
    """\\sigma(u) where \\sigma'(u) belongs."""
    return _on_rhs(
        base,
        which,
        lambda rhs: [
            rhs[: m.start()] + "\\sigma(" + rhs[m.end() :]
            for m in re.finditer(re.escape("\\sigma'("), rhs)
        ],
    )


def _terms(s: str) -> list[str]:
    """s split before each + and - outside every bracket (a term keeps its sign)."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        depth += ch in "{[("
        depth -= ch in "}])"
        if ch in "+-" and depth == 0 and s[start:i].strip():
            terms.append(s[start:i])
            start = i
    terms.append(s[start:])
    return [t.strip() for t in terms if t.strip()]


def _without_one_term(s: str) -> list[str]:
    terms = _terms(s)
    if len(terms) < 2:
        return []
    out = []
    for k in range(len(terms)):
        rest = "".join(terms[:k] + terms[k + 1 :]).lstrip("+")
        out.append(rest)
    return out


def _drop_terms(rhs: str) -> list[str]:
    """rhs with one term of a sum removed: of the side itself or of a parenthesised group."""
    out = _without_one_term(rhs)
    for start, ch in enumerate(rhs):
        if ch != "(":
            continue
        depth = 0
        for end in range(start, len(rhs)):
            depth += rhs[end] in "{[("
            depth -= rhs[end] in "}])"
            if depth == 0:
                break
        inner = rhs[start + 1 : end]
        out += [rhs[: start + 1] + v + rhs[end:] for v in _without_one_term(inner)]
    return out


def drop_term(base: Base, which: int) -> str | None:
    return _on_rhs(base, which, _drop_terms)


_LAYER_SHIFT = {"[l-1]": "[l]", "[l+1]": "[l]", "[l]": "[l-1]", "[L]": "[L-1]"}


def shift_layer(base: Base, which: int) -> str | None:
    """One layer index off by one: a^{[l]} where a^{[l-1]} belongs."""
    pattern = "|".join(re.escape(k) for k in _LAYER_SHIFT)
    return _on_rhs(
        base,
        which,
        lambda rhs: [
            rhs[: m.start()] + _LAYER_SHIFT[m.group(0)] + rhs[m.end() :]
            for m in re.finditer(pattern, rhs)
        ],
    )


MUTATIONS: dict[str, Mutation] = {
    "sign": flip_sign,
    "factor-2": times_two,
    "factor-1/2": halve,
    "factor-1/size": divide_by_size,
    "transpose": transpose,
    "index-swap": swap_indices,
    "sigma-for-sigma'": activation_for_derivative,
    "drop-term": drop_term,
    "layer-shift": shift_layer,
}


def mutants(base: Base, kind: str) -> list[str]:
    out, which = [], 0
    while (m := MUTATIONS[kind](base, which)) is not None:
        out.append(m)
        which += 1
    return out


# (base, kind) pairs with at least one mutant: what hypothesis draws from
APPLICABLE = [(b, k) for b in BASES for k in MUTATIONS if mutants(b, k)]


# -- the mutation functions themselves ------------------------------------------------------------


def test_every_kind_applies_to_some_base() -> None:
    assert {k for _, k in APPLICABLE} == set(MUTATIONS)


def test_kinds_that_do_not_apply_return_none() -> None:
    mse = BASES[0]
    assert transpose(mse, 0) is None
    assert swap_indices(mse, 0) is None
    assert divide_by_size(mse, 0) is None
    assert shift_layer(mse, 0) is None
    assert flip_sign(mse, 1) is None


def test_mutants_are_the_expected_strings() -> None:
    mse, linreg = BASES[0], BASES[-1]
    assert flip_sign(mse, 0) == (
        "\\frac{\\partial L}{\\partial z} = -\\left((\\hat{y}-y)\\sigma'(z)\\right)"
    )
    assert activation_for_derivative(mse, 0) == (
        "\\frac{\\partial L}{\\partial z} = (\\hat{y}-y)\\sigma(z)"
    )
    assert mutants(mse, "drop-term") == [
        "\\frac{\\partial L}{\\partial z} = (-y)\\sigma'(z)",
        "\\frac{\\partial L}{\\partial z} = (\\hat{y})\\sigma'(z)",
    ]
    assert "\\nabla_{\\theta} J = \\frac{1}{m}X(X\\theta - y)" in mutants(linreg, "transpose")
    assert divide_by_size(linreg, 0) == (
        "\\nabla_{\\theta} J = \\frac{1}{m}\\left(\\frac{1}{m}X^T(X\\theta - y)\\right)"
    )
    assert swap_indices(BASES[3], 0) == BP_INDEX["bp2"].replace("_{kj}", "_{jk}")
    assert mutants(BASES[4], "transpose")[0] == BP_MATRIX["bp2"].replace("[l+1]T}", "[l+1]}")


# -- the property ---------------------------------------------------------------------------------


@pytest.mark.parametrize("base", BASES, ids=lambda b: b.id)
def test_base_claims_verify(base: Base) -> None:
    r = check(base.latex, given=base.given, symbols=base.symbols, settings=FAST)
    assert r.verdict is Verdict.VERIFIED, r.message


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, str]:
    base, kind = draw(st.sampled_from(APPLICABLE))
    options = mutants(base, kind)
    latex = options[draw(st.integers(0, len(options) - 1))]
    return base.id, kind, latex


BY_ID = {b.id: b for b in BASES}

# every kind at least once, whatever hypothesis draws: (base, kind, occurrence)
EVERY_KIND = [
    ("mse-sigmoid", "sign", 0),
    ("bce-sigmoid", "factor-2", 0),
    ("ce-mean-sum", "factor-1/2", 0),
    ("linreg-matrix", "factor-1/size", 0),
    ("linreg-matrix", "transpose", 0),
    ("ce-mean-sum", "index-swap", 0),
    ("bp2-index", "sigma-for-sigma'", 0),
    ("linreg-matrix", "drop-term", 1),
    ("bp2-matrix", "layer-shift", 0),
]


def every_kind_once(test: Callable[..., None]) -> Callable[..., None]:
    for base_id, kind, which in EVERY_KIND:
        latex = MUTATIONS[kind](BY_ID[base_id], which)
        assert latex is not None, (base_id, kind, which)
        test = example((base_id, kind, latex))(test)
    return test


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@every_kind_once
@given(mutated())
def test_a_single_mutation_is_never_verified(case: tuple[str, str, str]) -> None:
    base_id, kind, latex = case
    base = BY_ID[base_id]
    r = check(latex, given=base.given, symbols=base.symbols, settings=NUMERIC_ONLY)
    assert r.verdict is Verdict.REFUTED, f"{kind} mutant of {base_id}: {latex}\n{r.message}"
