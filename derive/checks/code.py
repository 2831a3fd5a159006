"""A Python function checked against the quantity it claims to compute.

The claim's `given` defines the quantities, as for any claim; `implements` names what the
function returns (a loss J, a gradient `\\nabla_\\Theta J`, a layer's dA, or a tuple or dict of
them) and `args` what it is called with. At the same instances (sizes, layer numbers) and random
points as the numeric check, the arguments become NumPy arrays of the instantiated shapes, the
function is called, and its result is compared entry by entry with the quantity's value
(derivatives by differencing, never SymPy's `diff`, as in checks/numeric.py).

The first disagreement that an exact (50-digit) evaluation of the quantity confirms refutes the
claim; the ratio of the code's value to the quantity's over every point and size is its
diagnosis: a constant (or a power of a size, such as m^2) is a `factor`, -1 a `sign`. A result
of a neighbouring layer's shape that equals that layer's quantity is an `index` refutation.
Agreement at every point is `verified (numeric, sizes)`: code can only be checked at points.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
import sympy

from derive.checks.arrays import is_matrix
from derive.checks.codediag import diagnosed, layer_shifts
from derive.checks.gaps import no_counterexample, unknown_member
from derive.checks.numeric import (
    POINT_ERRORS,
    Evaluator,
    Point,
    as_floats,
    at_points,
    sample_points,
)
from derive.checks.reads import reads_of, recording
from derive.checks.results import counterexample
from derive.checks.stand_ins import implement_functions, instantiate_functions, number_valued
from derive.checks.symbolic import exact_value
from derive.checks.usercode import Loaded, Where, call, check_arguments, check_globals, load
from derive.errors import DeriveError
from derive.model import (
    Arg,
    Claim,
    ClaimResult,
    CodeSpec,
    Diagnosis,
    DiagnosisKind,
    Keyed,
    Method,
    Verdict,
)
from derive.notation.statements import Statement
from derive.prepared import Prepared, claim_seed, concrete, domains_of, groups_of, read_given
from derive.settings import MIN_POINTS, Settings
from derive.shapes.layout import ShapeMismatch


@dataclass(frozen=True)
class Quantity:
    """One value the function returns: where it sits in the result and its LaTeX."""

    label: str  # "" for a single result, "[0]", "['dW2']"
    key: int | str | None
    latex: str


@dataclass
class Evidence:
    """What the points showed for one quantity: code / formula ratios, the first failure."""

    ratios: list[tuple[dict[str, int], float]] = field(default_factory=list)
    failure: ClaimResult | None = None
    # a disagreement only where the quantity's value draws a member of a family `given`
    # defines at other layers or samples (gaps.py): no counterexample, and no verdict either
    unknown: str | None = None
    gaps: dict[object, str | None] = field(default_factory=dict)  # per entry and instance


def check_code(claim: Claim, settings: Settings, loaded: Loaded | None = None) -> ClaimResult:
    """Call the claim's function at random points and compare it with what it implements.
    The function is imported from the claim's file, unless it is given (`loaded`: a function
    already in hand, as derive.testing passes it). The files the code imported and opened are
    recorded on the result (`reads`) for the verdict cache; a function in hand pins none."""
    assert claim.code is not None
    if loaded is not None:
        return replace(_checked(claim, claim.code, settings, loaded), reads=None)
    with recording(claim.code.path) as recorded:
        result = _checked(claim, claim.code, settings, None)
    return replace(result, reads=reads_of(recorded))


def _checked(
    claim: Claim, spec: CodeSpec, settings: Settings, loaded: Loaded | None
) -> ClaimResult:
    try:
        return _check(claim, spec, settings, loaded)
    except ShapeMismatch as exc:
        return ClaimResult(claim, Verdict.ERROR, message=f"a shape does not fit: {exc.message}")
    except DeriveError as exc:
        return ClaimResult(claim, Verdict.ERROR, message=exc.format_message())


def _quantities(code: CodeSpec) -> list[Quantity]:
    """What the function returns, piece by piece."""
    spec = code.implements
    if isinstance(spec, str):
        return [Quantity("", None, spec)]
    if isinstance(spec, Keyed):
        return [Quantity(f"[{k!r}]", k, latex) for k, latex in spec.items]
    assert isinstance(spec, tuple)
    return [Quantity(f"[{k}]", k, str(latex)) for k, latex in enumerate(spec)]


def _check(claim: Claim, spec: CodeSpec, settings: Settings, loaded: Loaded | None) -> ClaimResult:
    notation, model = read_given(claim)
    seed = claim_seed(claim, settings.seed)
    p = Prepared(claim, notation, Statement(claim.latex, (), ()), model, seed)
    wanted = _quantities(spec)
    read = {q.latex: _read(p, q.latex) for q in wanted}
    for latex in _leaves([a for _, a in spec.args]) + [v for _, v in spec.bind]:
        read.setdefault(latex, _read(p, latex))
    # the quantities are what the claim is about: their layout is the one they are unrolled with
    p = replace(p, model=model.with_claim(list(read.values())))
    loaded = loaded or load(Where(spec.path, claim.id, spec.function))
    check_arguments(loaded, [name for name, _ in spec.args])
    check_globals(loaded, [name for name, _ in spec.bind])
    evaluator = Evaluator()
    evidence = {q.label: Evidence() for q in wanted}
    checked = 0
    size_sets: list[tuple[tuple[str, int], ...]] = []
    exprs = list(read.values())
    # a network's instances are many and each point differences the whole network: fewer
    # points per instance there (the instances still cover every size and layer)
    network = model.network(exprs)[1] >= 0
    per_instance = max(MIN_POINTS, settings.points // 3) if network else settings.points
    for env, idx in model.instances(exprs, settings.plan, p.seed):
        at = {**env, **dict(idx)}
        sizes = tuple((str(k), int(v)) for k, v in at.items())
        if sizes and sizes not in size_sets:
            size_sets.append(sizes)
        values = {latex: concrete(p, expr, at) for latex, expr in read.items()}
        numeric = {latex: _numeric(p, v, latex) for latex, v in values.items()}
        symbols = sorted(
            set().union(*(e.free_symbols for v in numeric.values() for e in _entries(v))),
            key=lambda s: s.sort_key(),
        )
        joint = groups_of(p, symbols, at)
        points = sample_points(symbols, domains_of(p, symbols), per_instance, p.seed, joint)
        arguments = partial(_arguments, spec, wanted, numeric, evaluator)
        # a point outside the domain of a log or root is skipped: no point to call the code at
        for point, (floats, inputs, bind, expected) in at_points(arguments, points):
            result = call(loaded, inputs, bind)
            for q in wanted:
                got = _shaped(loaded, q, _part(loaded, result, q), expected[q.label])
                if got is None:
                    return _shape_result(p, loaded, q, result, expected[q.label], at, floats)
                pair = (got, expected[q.label])
                _compare(p, spec, q, pair, values[q.latex], point, env, at, evidence, settings)
            checked += 1
    failed = [e for e in evidence.values() if e.failure is not None]
    if failed:
        first = failed[0]
        assert first.failure is not None
        return diagnosed(first.failure, first.ratios, tuple(size_sets))
    unknown = next((e.unknown for e in evidence.values() if e.unknown is not None), None)
    if unknown is not None:
        methods = (Method.NUMERIC, *((Method.SIZES,) if size_sets else ()))
        differs = f"{spec.call} differs from the formula"
        return no_counterexample(claim, methods, differs, unknown, tuple(size_sets))
    if checked < MIN_POINTS:
        return ClaimResult(
            claim,
            Verdict.UNDECIDED,
            message=f"only {checked} random points could be evaluated (outside the domain of a "
            "log or root?); declare domains in [symbols]",
        )
    names = ", ".join(q.latex for q in wanted)
    return ClaimResult(
        claim,
        Verdict.VERIFIED,
        (Method.NUMERIC, *((Method.SIZES,) if size_sets else ())),
        message=f"{spec.call} agrees with {names} at {checked} point calls"
        + (f"; sizes {_sizes_text(size_sets)}" if size_sets else ""),
        sizes=tuple(size_sets),
    )


def _read(p: Prepared, latex: str) -> sympy.Expr:
    r = p.notation.reader(latex)
    (value,) = r.resolve_primes([r.expr(0, len(r.tokens))])
    return value


def _leaves(args: list[Arg]) -> list[str]:
    out: list[str] = []
    for a in args:
        out += [a] if isinstance(a, str) else _leaves(list(a))
    return out


def _numeric(p: Prepared, value: sympy.Basic, latex: str) -> sympy.Basic:
    if is_matrix(value):
        return sympy.ImmutableMatrix(
            value.applyfunc(lambda e: implement_functions(number_valued(e, latex), p.seed))
        )
    return implement_functions(number_valued(value, latex), p.seed)


def _entries(value: sympy.Basic) -> list[sympy.Expr]:
    return list(value) if is_matrix(value) else [value]


def _value(
    value: sympy.Basic, evaluator: Evaluator, point: dict[sympy.Symbol, complex]
) -> float | int | np.ndarray:
    """A number (an int for an integer such as a size), or a float array of the value's shape."""
    if is_matrix(value):
        rows, cols = value.shape
        return np.array(
            [[evaluator.real(value[i, j], point) for j in range(cols)] for i in range(rows)]
        )
    if value.is_Integer:
        return int(value)
    return evaluator.real(value, point)


Value = float | int | np.ndarray


def _arguments(
    spec: CodeSpec,
    wanted: list[Quantity],
    numeric: dict[str, sympy.Basic],
    evaluator: Evaluator,
    point: Point,
) -> tuple[dict[sympy.Symbol, complex], dict[str, object], dict[str, Value], dict[str, Value]]:
    """At one point: the point as floats, the function's arguments, the module globals it binds
    and the expected value of each quantity."""
    floats = as_floats(point)
    inputs = {name: _build(arg, numeric, evaluator, floats) for name, arg in spec.args}
    bind = {name: _value(numeric[v], evaluator, floats) for name, v in spec.bind}
    expected = {q.label: _value(numeric[q.latex], evaluator, floats) for q in wanted}
    return floats, inputs, bind, expected


def _build(
    arg: Arg,
    numeric: dict[str, sympy.Basic],
    evaluator: Evaluator,
    point: dict[sympy.Symbol, complex],
) -> object:
    if isinstance(arg, str):
        return _value(numeric[arg], evaluator, point)
    return [_build(a, numeric, evaluator, point) for a in arg]


def _part(loaded: Loaded, result: object, q: Quantity) -> object:
    """The piece of the function's result that holds q."""
    if q.key is None:
        return result
    try:
        return result[q.key]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        kind = type(result).__name__
        raise loaded.where.error(
            f"the result ({kind}) has no item {q.key!r}, which `implements` says holds {q.latex}"
        ) from None


def _shaped(
    loaded: Loaded, q: Quantity, got: object, expected: float | int | np.ndarray
) -> np.ndarray | None:
    """The code's value as an array of the quantity's shape; None when the shape differs. A
    number may come back as any array of one entry, a column (n x 1) as a flat array of n."""
    try:
        if isinstance(got, str | bytes):  # NumPy would read "0.5" as a number
            raise TypeError
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise loaded.where.error(
            f"returned {type(got).__name__} for {q.latex}{q.label}, not numbers"
        ) from None
    want = np.shape(expected)
    if want == ():
        return arr.reshape(()) if arr.size == 1 else None
    rows, cols = want
    if arr.shape == want:
        return arr
    flat = (cols == 1 and arr.shape == (rows,)) or (rows == 1 and arr.shape == (cols,))
    if arr.ndim == 1 and flat:
        return arr.reshape(want)
    return None


def _compare(
    p: Prepared,
    spec: CodeSpec,
    q: Quantity,
    values: tuple[np.ndarray, float | int | np.ndarray],
    exact: sympy.Basic,
    point: Point,
    env: dict,  # type: ignore[type-arg]
    at: dict,  # type: ignore[type-arg]
    evidence: dict[str, Evidence],
    settings: Settings,
) -> None:
    """Record the code / formula ratios of q at this point, and the first failure (confirmed
    by the formula's exact value)."""
    mine = evidence[q.label]
    sizes = {str(k): int(v) for k, v in env.items()}  # the sizes only: a factor is never l^2
    got, expected = values
    want = np.asarray(expected, dtype=float)
    tol = settings.tolerance
    for pos in np.ndindex(want.shape):
        a, b = float(got[pos]), float(want[pos])
        entry = exact[pos] if is_matrix(exact) else exact
        key = (entry, tuple(sorted(at.items(), key=str)))
        if key not in mine.gaps:
            gap = unknown_member(p, entry.free_symbols, at)
            mine.gaps[key] = gap.message if gap is not None else None
        if mine.gaps[key] is not None:  # no ratio, no counterexample: a value nothing defines
            if not tol.close(a, b):
                mine.unknown = mine.unknown or mine.gaps[key]
            continue
        if b != 0:
            mine.ratios.append((sizes, a / b))
        if tol.close(a, b) or mine.failure is not None:
            continue
        value = exact_value(instantiate_functions(entry, p.seed), point, p.derivatives)
        if not value.is_number or tol.close(a, float(value)):
            continue  # rounding in the numeric value of the formula: the exact value agrees
        where = "".join(f"[{i}]" for i in pos)
        link = f"{spec.call}{q.label}{where} = {q.latex}" + (
            f" entry ({', '.join(str(i + 1) for i in pos)})" if pos else ""
        )
        mine.failure = ClaimResult(
            p.claim,
            Verdict.REFUTED,
            (Method.NUMERIC, Method.EXACT, *((Method.SIZES,) if at else ())),
            message=f"{spec.call}{q.label} differs from {q.latex} at a point (the formula's "
            "value confirmed exactly)",
            counterexample=counterexample(link, point, f"{a:.15g}", f"{float(value):.15g}", at),
        )


def _shape_result(
    p: Prepared,
    loaded: Loaded,
    q: Quantity,
    result: object,
    expected: float | int | np.ndarray,
    at: dict,  # type: ignore[type-arg]
    point: dict,  # type: ignore[type-arg]
) -> ClaimResult:
    """A result of the wrong shape: an `index` refutation when it is a neighbouring layer's
    quantity, else the code's error."""
    got = np.asarray(_part(loaded, result, q), dtype=float)
    want = np.shape(expected)
    for shifted in layer_shifts(q.latex):
        try:
            value = _value(
                _numeric(p, concrete(p, _read(p, shifted), at), shifted), Evaluator(), point
            )
        except (*POINT_ERRORS, DeriveError, ShapeMismatch):
            continue
        if np.shape(value) == got.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            sizes = ", ".join(f"{k}={v}" for k, v in at.items())
            return ClaimResult(
                p.claim,
                Verdict.REFUTED,
                (Method.SIZES,),  # a shape refutation: the shapes say it, no point is needed
                message=f"{loaded.where.function}{q.label} is {_shape(got.shape)}, not "
                f"{_shape(want)} as {q.latex} is ({sizes}); it equals {shifted}",
                diagnosis=Diagnosis(
                    DiagnosisKind.INDEX,
                    f"{loaded.where.function}{q.label} holds {shifted} ({_shape(got.shape)}), "
                    f"not {q.latex} ({_shape(want)} at {sizes}): it is keyed one layer off",
                ),
            )
    raise loaded.where.error(
        f"returned {_shape(got.shape)} for {q.latex}{q.label}, which is {_shape(want)} "
        f"({', '.join(f'{k}={v}' for k, v in at.items())})"
    )


def _shape(shape: tuple[int, ...]) -> str:
    return " x ".join(map(str, shape)) if shape else "a number"


def _sizes_text(size_sets: list[tuple[tuple[str, int], ...]]) -> str:
    return "; ".join(", ".join(f"{k}={v}" for k, v in s) for s in size_sets)
