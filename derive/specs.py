"""Reading `[symbols]` entries and `--symbol NAME=SPEC` options into SymbolSpecs."""

from __future__ import annotations

import re
from collections.abc import Mapping

from derive.errors import SpecError
from derive.model import Domain, FunctionKind, SymbolSpec

GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "varpi",
        "rho",
        "varrho",
        "sigma",
        "varsigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
        "ell",
    ]
)

_SHAPE = re.compile(r"^(matrix|vector|samples|onehot|probability)\s*\((.*)\)$")
_ROWS = re.compile(r"^rows\s*\((.*)\)$")
# a count (m), a number (3), or the size of a layer (n[l], n[l-1], n[L], n[2])
_SIZE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9_]*(?:\[[A-Za-z0-9+\- ]+\])?|[0-9]+)$")
SPEC_WORDS = (
    "real, positive, unit, binary, integer, count, sigmoid, tanh, relu, step, softmax, exp, log, "
    "function, vector(n), samples(n), matrix(rows, cols), onehot(n), probability(n), rows(X), "
    "zero-based, superscript-index, layer, last-layer, sample"
)


def canonical_name(key: str) -> str:
    """The canonical form of a name as written in [symbols]: `sigma` and `\\sigma` are one name."""
    key = key.strip()
    if key in GREEK:
        return "\\" + key
    if key.startswith("\\Delta") and len(key) > len("\\Delta") and not key[6].isalpha():
        inner = key[len("\\Delta") :].strip().strip("{}").strip()
        return f"\\Delta{{{canonical_name(inner)}}}"  # \Delta w, \Delta{w}: one increment
    return key.replace(" ", "")


def parse_spec(key: str, spec: str) -> SymbolSpec:
    """Read one spec such as "binary", "sigmoid", "matrix(q, d)" or "unit, superscript-index"."""
    name = canonical_name(key)
    if not name:
        raise SpecError("an empty symbol name")
    domain = Domain.REAL
    function: FunctionKind | None = None
    shape: tuple[str, ...] | None = None
    sup_index = False
    layer = False
    last = False
    sample = False
    rows: str | None = None
    zero_based = False
    samples = False
    words = [w.strip() for w in _split_top(spec)]
    if not words or not all(words):
        raise SpecError(f"symbol {key!r}: empty spec {spec!r}; one of: {SPEC_WORDS}")
    for word in words:
        m = _SHAPE.match(word)
        if m:
            sizes = tuple(s.replace(" ", "") for s in m.group(2).split(","))
            want = 2 if m.group(1) == "matrix" else 1
            if m.group(1) in ("onehot", "probability"):  # a vector with a joint domain
                domain = Domain(m.group(1))
            if len(sizes) != want or not all(_SIZE.match(s) for s in sizes):
                raise SpecError(
                    f"symbol {key!r}: {word!r} needs {want} size(s), each a name or a number"
                )
            shape = sizes if want == 2 else (sizes[0], "1")
            samples = samples or m.group(1) == "samples"
        elif _ROWS.match(word):
            rows = canonical_name(_ROWS.match(word).group(1))  # type: ignore[union-attr]
            if not rows:
                raise SpecError(f"symbol {key!r}: rows(X) names the matrix X")
        elif word == "zero-based":
            zero_based = True
        elif word == "superscript-index":
            sup_index = True
        elif word == "layer":
            layer = True
        elif word == "last-layer":  # the output layer, named otherwise than L
            layer = last = True
        elif word == "sample":
            sample = True
        elif word in {d.value for d in Domain}:
            domain = Domain(word)
        elif word in {f.value for f in FunctionKind}:
            function = FunctionKind(word)
        else:
            raise SpecError(f"symbol {key!r}: unknown spec {word!r}; one of: {SPEC_WORDS}")
    if domain.joint and (shape is None or shape[1] != "1"):
        raise SpecError(
            f"symbol {key!r}: {domain.value} is a domain of a vector: write {domain.value}(n)"
        )
    if function is not None and (shape is not None or domain is not Domain.REAL):
        raise SpecError(f"symbol {key!r}: a function has no domain or shape ({spec!r})")
    if layer and (function is not None or shape is not None or domain is not Domain.REAL):
        raise SpecError(f"symbol {key!r}: a layer name has no domain, shape or function ({spec!r})")
    if sample and (layer or function is not None or shape is not None or domain is not Domain.REAL):
        raise SpecError(
            f"symbol {key!r}: a sample index has no domain, shape or function ({spec!r})"
        )
    if rows is not None and len(words) > 1:
        raise SpecError(
            f"symbol {key!r}: rows({rows}) is all there is to say of x (its entries are X's): "
            f"{spec!r}"
        )
    if zero_based and (shape is None or shape[1] != "1"):
        raise SpecError(
            f"symbol {key!r}: zero-based numbers the entries of a vector (not a matrix): write "
            f"vector(n), zero-based"
        )
    if samples and (rows is not None or zero_based or sup_index or len(words) > 1):
        raise SpecError(
            f"symbol {key!r}: samples(n) is all there is to say of a family of sample vectors "
            f"({spec!r})"
        )
    return SymbolSpec(
        name, domain, function, shape, sup_index, layer, sample, last, rows, zero_based, samples
    )


def parse_specs(table: Mapping[str, object], where: str = "[symbols]") -> dict[str, SymbolSpec]:
    out: dict[str, SymbolSpec] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            raise SpecError(f"{where}: the spec of {key!r} must be a string, not {value!r}")
        spec = parse_spec(key, value)
        out[spec.name] = spec
    return out


def parse_option(option: str) -> SymbolSpec:
    """Read `--symbol NAME=SPEC`."""
    name, sep, spec = option.partition("=")
    if not sep:
        raise SpecError(f"--symbol {option!r}: expected NAME=SPEC, e.g. sigma=sigmoid")
    return parse_spec(name, spec)


def _split_top(spec: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for c in spec:
        depth += c == "("
        depth -= c == ")"
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    return parts
