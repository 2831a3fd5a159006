"""Deciding one claim: parse, instantiate, check numerically, prove symbolically, decide.

`check_claim` is pure: it returns a ClaimResult and never prints. It may report partial
results through `progress` (the runner keeps the last one, so a claim stopped by its time
budget still says what was established before the budget ran out).
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import sympy
from sympy.core.function import AppliedUndef
from sympy.utilities.lambdify import implemented_function

from derive import functions
from derive.checks.arrays import is_matrix, shape_text
from derive.checks.expand import Model, SizePlan
from derive.checks.layers import ShapeMismatch, Shapes
from derive.checks.numeric import (
    Evaluator,
    Point,
    Tolerance,
    as_floats,
    sample_points,
)
from derive.checks.simplex import Group, groups, proofs
from derive.checks.symbolic import (
    Proof,
    boundary_point,
    differ,
    exact_value,
    prove_bound,
    prove_equal,
)
from derive.errors import DeriveError, UnsupportedError
from derive.model import (
    Claim,
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Domain,
    Layout,
    Method,
    Verdict,
)
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.notation.statements import Definition, Notation, Rel, Side, Statement
from derive.shapes.declared import literal_shapes

Progress = Callable[[ClaimResult], None]
MIN_POINTS = 3


@dataclass(frozen=True)
class Settings:
    """How hard to look. Frozen, so it can key a cache."""

    points: int = 10
    seed: int = 1
    tolerance: Tolerance = field(default_factory=Tolerance)
    plan: SizePlan = field(default_factory=SizePlan)
    symbolic: bool = True
    bound_points: int = 200
    diagnose: bool = True  # off when checking a proposed correction (no corrections of those)


@dataclass(frozen=True)
class Link:
    """One relation of a chain: `lhs rel rhs`."""

    index: int
    lhs: Side
    rel: Rel
    rhs: Side

    @property
    def latex(self) -> str:
        rel = self.rel.value if self.rel is not Rel.UPDATE else "\\leftarrow"
        return f"{self.lhs.latex} {rel} {self.rhs.latex}"


@dataclass
class Prepared:
    claim: Claim
    notation: Notation
    statement: Statement
    model: Model
    seed: int
    # concrete()'s results, per expression and instance: the diagnosis instantiates the sides
    # the check has already instantiated
    concrete_memo: dict[object, sympy.Basic] = field(default_factory=dict)

    @property
    def names(self):  # type: ignore[no-untyped-def]
        return self.notation.names


class Outcome(Exception):
    """Raised inside the checks to end a claim with a result (a confirmed refutation)."""

    def __init__(self, result: ClaimResult) -> None:
        super().__init__(result.message)
        self.result = result


def prepare(claim: Claim, seed: int = 1) -> Prepared:
    """Read a claim and its definitions. The claim's own seed (points, stand-in functions) comes
    from its id and LaTeX, started from `seed` (`--seed`; the default 1 keeps the checksum's
    usual start 0, so verdicts do not move when it is not given)."""
    notation, model = read_given(claim)
    statement = notation.statement(claim.latex)
    return Prepared(claim, notation, statement, model, claim_seed(claim, seed))


def read_given(claim: Claim) -> tuple[Notation, Model]:
    """The notation of a claim and the model of its `given` definitions."""
    notation = Notation(claim.symbols, claim.given)
    definitions = _definitions(notation, claim.given)
    specs = literal_shapes(claim.symbols, definitions)
    if specs != dict(claim.symbols):  # a name defined by a matrix literal is a matrix: re-read
        notation = Notation(specs, claim.given)
        definitions = _definitions(notation, claim.given)
    return notation, Model(notation.names, definitions, claim.layout)


def claim_seed(claim: Claim, seed: int = 1) -> int:
    """The claim's own seed, from its id and LaTeX (see prepare)."""
    return zlib.crc32(f"{claim.id}\n{claim.latex}".encode(), (seed - 1) & 0xFFFFFFFF)


def _definitions(notation: Notation, given: Sequence[str]) -> list[Definition]:
    out = []
    for latex in given:
        try:
            out.append(notation.definition(latex))
        except DeriveError as exc:
            exc.message = f"in given {latex!r}: {exc.message}"
            raise
    return out


def check_claim(
    claim: Claim, settings: Settings | None = None, progress: Progress | None = None
) -> ClaimResult:
    """Decide one claim. Bad input gives an ERROR result naming the offending LaTeX."""
    settings = settings or Settings()
    if claim.code is not None:
        from derive.checks.code import check_code

        return check_code(claim, settings)
    prepared: Prepared | None = None
    links: list[Link] = []
    try:
        prepared = prepare(claim, settings.seed)
        links = _links(prepared.statement)
        result = _check(prepared, links, settings, progress or (lambda r: None))
    except Outcome as out:
        result = out.result
    except ShapeMismatch as exc:
        if prepared is not None and len(links) == 1:
            result = _shape_refutation(prepared, links[0], exc, settings, ())
        else:
            result = _shape_result(claim, exc, ())
    except DeriveError as exc:
        return ClaimResult(claim, Verdict.ERROR, message=exc.format_message())
    if result.verdict is Verdict.REFUTED and settings.diagnose and prepared is not None:
        return _layout_diagnosis(prepared, result, settings)
    return result


def _layout_diagnosis(p: Prepared, result: ClaimResult, settings: Settings) -> ClaimResult:
    """A refuted claim with a derivative by a vector or matrix that verifies in the other
    layout: the diagnosis `layout` says so (never a bare shape error), with no correction."""
    exprs = [s.expr for s in p.statement.sides] + [d.value for d in p.model.definitions]
    grads = {g for e in exprs for g in e.atoms(arrays.Grad)}
    if not grads:
        return result
    other = p.claim.layout.other
    again = check_claim(replace(p.claim, layout=other), replace(settings, diagnose=False))
    if again.verdict is not Verdict.VERIFIED:
        return result
    kind = result.diagnosis.kind if result.diagnosis is not None else None
    if kind is DiagnosisKind.TRANSPOSE and not _of_arrays(p, grads, settings):
        # the gradient of a number written transposed: the catalog's `transpose` (its
        # correction stands), which is also how the other layout writes it
        detail = f"{result.diagnosis.detail} (as the {other.value} layout writes it)"  # type: ignore[union-attr]
        return replace(result, diagnosis=Diagnosis(DiagnosisKind.TRANSPOSE, detail))
    detail = (
        f"true in the {other.value} layout ({_LAYOUTS[other]}), not in the "
        f"{p.claim.layout.value} layout this claim is read in ({_LAYOUTS[p.claim.layout]}): "
        f'set layout = "{other.value}" if the source uses it'
    )
    message = f"{result.message} (true in the {other.value} layout)"
    diagnosis = Diagnosis(DiagnosisKind.LAYOUT, detail)
    return replace(result, message=message, diagnosis=diagnosis, correction=None)


def _of_arrays(p: Prepared, grads: set[sympy.Basic], settings: Settings) -> bool:
    """Is some derivative a derivative of a vector or matrix (a Jacobian), at the first
    instance of the claim?"""
    exprs = [s.expr for s in p.statement.sides]
    for env, idx in p.model.instances(exprs, settings.plan, p.seed):
        at = {**env, **dict(idx)}
        for g in grads:
            try:
                if is_matrix(concrete(p, g.args[0], at)):
                    return True
            except DeriveError:
                continue
        return False
    return False


_LAYOUTS = {
    Layout.DENOMINATOR: "a derivative shaped like the variable, d(Ax)/dx = A^T",
    Layout.NUMERATOR: "the Jacobian, shaped like the function, d(Ax)/dx = A",
}


def _links(statement: Statement) -> list[Link]:
    sides, rels = statement.sides, statement.relations
    # two equations joined in one display (Rel.AND) are separate claims: no link between them
    return [
        Link(k, sides[k], rels[k], sides[k + 1]) for k in range(len(rels)) if rels[k] is not Rel.AND
    ]


def _is_update(link: Link, n_links: int, model: Model) -> bool:
    if link.rel is Rel.UPDATE:
        return True
    if link.rel is not Rel.EQ or n_links != 1:
        return False
    target = link.lhs.expr
    if not isinstance(target, sympy.Symbol | sympy.Indexed) or model.defines(target):
        return False
    rhs = link.rhs.expr
    return isinstance(rhs, sympy.Add) and target in rhs.args


def _check(p: Prepared, links: list[Link], settings: Settings, progress: Progress) -> ClaimResult:
    if len(links) == 1 and _is_update(links[0], 1, p.model):
        from derive.checks.update import check_update

        return check_update(p, links[0], settings, progress)
    if Rel.AND in p.statement.relations and any(k.rel is Rel.UPDATE for k in links):
        raise DeriveError(
            "an update rule joined with other equations: write them as claims of their own"
        )
    if links[0].rel is Rel.UPDATE and all(k.rel is Rel.EQ for k in links[1:]):
        return _update_chain(p, links, settings, progress)
    for link in links:
        if link.rel is Rel.NEQ:
            raise DeriveError("\\neq claims are not supported")
        if link.rel is Rel.UPDATE:
            raise DeriveError(
                "an update rule (\\leftarrow, :=) can only open a chain: w \\leftarrow E_1 = E_2"
            )
    exprs = [s.expr for s in p.statement.sides]
    instances = list(p.model.instances(exprs, settings.plan, p.seed))
    sized = any(env for env, _ in instances) or any(idx for _, idx in instances)
    methods_base = (Method.SIZES,) if sized else ()
    size_sets = _size_sets(instances)
    # undefined functions (f in a claim about every f) evaluated as the concrete functions of
    # implement_functions, called by the evaluator without rewriting the expressions
    evaluator = Evaluator(lambda name, n: _implemented(name, n, p.seed)._imp_)
    checked_points = 0
    # 1. numeric (and exact confirmation of any disagreement), every link, every instance
    pairs_done: list[tuple[Link, dict, tuple, sympy.Expr, sympy.Expr]] = []  # type: ignore[type-arg]
    for env_sizes, idx in instances:
        env = {**env_sizes, **dict(idx)}
        for link in links:
            lhs_all = concrete(p, link.lhs.expr, env)
            rhs_all = concrete(p, link.rhs.expr, env)
            try:
                pairs = _entries(link, lhs_all, rhs_all)
            except ShapeMismatch as exc:
                return _shape_refutation(p, link, exc, settings, size_sets)
            # every entry of a matrix is checked; the points are shared out among them
            points = max(MIN_POINTS, settings.points // len(pairs))
            for entry, lhs, rhs in pairs:
                at = (*idx, *entry)
                pairs_done.append((link, env_sizes, at, lhs, rhs))
                if link.rel is Rel.APPROX:
                    result = _check_approx(p, link, lhs, rhs, settings)
                    if result is not None:
                        return result
                    continue
                checked_points += _numeric_link(
                    p,
                    link,
                    lhs,
                    rhs,
                    env_sizes,
                    at,
                    replace(settings, points=points),
                    evaluator,
                    methods_base,
                    size_sets,
                )
    if all(link.rel is Rel.APPROX for link in links):
        return ClaimResult(
            p.claim,
            Verdict.VERIFIED,
            (Method.EXACT, *methods_base),
            message="every approximation is within one unit of its last written digit",
            sizes=size_sets,
        )
    numeric_ok = checked_points > 0
    pending = ClaimResult(
        p.claim,
        Verdict.UNDECIDED,
        (Method.NUMERIC, *methods_base),
        message=f"numeric agreement at {checked_points} point checks; no symbolic proof "
        "(it did not finish)",
        sizes=size_sets,
    )
    progress(pending)
    if not settings.symbolic:
        return replace(pending, message=pending.message.replace("it did not finish", "not tried"))
    # 2. symbolic proof of every link under every instance; for a network, under the instances
    # of the first (smallest) network only: a deeper one costs minutes of SymPy and is checked
    # numerically (which refutes soundly) — the verdict's message says so
    _, top = p.model.network(exprs)
    proved_sizes = [e for _, e, _, _, _ in pairs_done[:1]]
    for link, env_sizes, _idx, lhs, rhs in pairs_done:
        if link.rel is Rel.APPROX:
            continue
        if top >= 0 and env_sizes not in proved_sizes:
            continue
        proof = _prove_link(p, link, lhs, rhs, {**env_sizes, **dict(_idx)})
        if proof is not Proof.PROVED:
            refuted = _boundary_refutation(p, link, lhs, rhs, env_sizes, _idx, settings)
            if refuted is not None:
                return replace(refuted, sizes=size_sets)
            return replace(
                pending,
                message=f"numeric agreement at {checked_points} point checks, but SymPy could "
                f"not prove {link.latex}" + (f" ({proof.reason})" if proof.reason else ""),
            )
    if not numeric_ok:
        return replace(
            pending,
            methods=(Method.SYMBOLIC, *methods_base),
            message="proved symbolically, but no point could be evaluated numerically",
        )
    message = _verified_message(links, checked_points, size_sets)
    return verified(p.claim, message, size_sets, methods_base, network=top >= 0)


def verified(
    claim: Claim,
    message: str,
    size_sets: tuple,  # type: ignore[type-arg]
    methods_base: tuple[Method, ...],
    *,
    network: bool,
) -> ClaimResult:
    """The verified result. A network's proof runs at its first size set only (the numeric check
    at all of them), and the message says so."""
    if network and len(size_sets) > 1:
        message = message.replace(
            "proved by SymPy", f"proved by SymPy for sizes {_format_sizes(size_sets[:1])}"
        ).replace("numeric agreement", "numeric agreement for all sizes")
    return ClaimResult(
        claim,
        Verdict.VERIFIED,
        (Method.SYMBOLIC, Method.NUMERIC, *methods_base),
        message=message,
        sizes=size_sets,
    )


def _update_chain(
    p: Prepared, links: list[Link], settings: Settings, progress: Progress
) -> ClaimResult:
    """`w \\leftarrow w + \\Delta w = w - \\eta\\frac{\\partial E}{\\partial w}`: the sides after
    the arrow are an identity chain (checked first), and w takes their common value, which must
    be a descent step (the update is checked with the last side)."""
    from derive.checks.update import check_update

    chain = _check(p, links[1:], settings, progress)
    if chain.verdict is not Verdict.VERIFIED:
        return chain
    update = check_update(p, Link(0, links[0].lhs, Rel.UPDATE, links[-1].rhs), settings, progress)
    if update.verdict is not Verdict.VERIFIED:
        return update
    return replace(update, message=f"{chain.message}; the update: {update.message}")


def _verified_message(links: Sequence[Link], points: int, size_sets: tuple) -> str:  # type: ignore[type-arg]
    what = "bound" if all(_is_bound(k.rel) for k in links) else "identity"
    msg = f"{what} proved by SymPy; numeric agreement at {points} point checks"
    if size_sets:
        msg += f"; sizes {_format_sizes(size_sets)}"
    return msg


def _format_sizes(size_sets: tuple) -> str:  # type: ignore[type-arg]
    return "; ".join(", ".join(f"{k}={v}" for k, v in s) for s in size_sets)


def _size_sets(instances: Sequence[tuple[dict, tuple]]) -> tuple:  # type: ignore[type-arg]
    seen = []
    for env, _ in instances:
        item = tuple((str(k), int(v)) for k, v in env.items())
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def _is_bound(rel: Rel) -> bool:
    return rel in {Rel.LE, Rel.LT, Rel.GE, Rel.GT}


def concrete(p: Prepared, expr: sympy.Expr, env: dict) -> sympy.Expr:  # type: ignore[type-arg]
    """expr at one instance: sums written out, definitions substituted, sigmoid and relu
    elementary; a vector or matrix comes back as a matrix of entries (memoised per claim)."""
    key = (expr, frozenset(env.items()))
    if key in p.concrete_memo:
        return p.concrete_memo[key]
    unrolled = p.model.unroll(expr, env)
    value = p.model.expand(unrolled, env)
    if is_matrix(value):
        value = sympy.ImmutableMatrix(value.applyfunc(functions.elementary))
    else:
        value = functions.elementary(value)
    p.concrete_memo[key] = value
    return value


_ROW, _COL = sympy.Symbol("row"), sympy.Symbol("col")


def _shape_result(claim: Claim, exc: ShapeMismatch, size_sets: tuple) -> ClaimResult:  # type: ignore[type-arg]
    return ClaimResult(
        claim,
        Verdict.REFUTED,
        (Method.SIZES,),
        message=f"a shape does not fit: {exc.message}",
        diagnosis=Diagnosis(DiagnosisKind.SHAPE, exc.message),
        sizes=size_sets,
    )


def _shape_refutation(
    p: Prepared,
    link: Link,
    exc: ShapeMismatch,
    settings: Settings,
    size_sets: tuple,  # type: ignore[type-arg]
) -> ClaimResult:
    """The two sides have different shapes: refuted (kind shape), unless a simpler explanation
    (a transpose) is found and verifies."""
    result = _shape_result(p.claim, exc, size_sets)
    if not settings.diagnose:
        return result
    from derive.diagnose import diagnose

    try:
        found = diagnose(p, link, result, settings)
    except (ShapeMismatch, DeriveError):  # the reference side does not fit, or is not read:
        return result  # the shape refutation stands without a diagnosis
    if found.diagnosis is not None and found.diagnosis.kind is not DiagnosisKind.OTHER:
        return found
    return result


def _entries(
    link: Link, lhs: sympy.Basic, rhs: sympy.Basic
) -> list[tuple[tuple[tuple[sympy.Symbol, int], ...], sympy.Expr, sympy.Expr]]:
    """The pairs of entries to compare: one pair for numbers, one per entry for matrices of
    one shape. Different shapes refute the link (ShapeMismatch)."""
    if not (is_matrix(lhs) or is_matrix(rhs)):
        return [((), lhs, rhs)]
    if lhs == 0 or rhs == 0:  # `= 0` for a vector: every entry is 0
        shape = (rhs if lhs == 0 else lhs).shape
        lhs, rhs = (sympy.zeros(*shape), rhs) if lhs == 0 else (lhs, sympy.zeros(*shape))
    if not (is_matrix(lhs) and is_matrix(rhs)) or lhs.shape != rhs.shape:
        raise ShapeMismatch(
            f"{link.latex}: the left side is {shape_text(lhs)}, the right side {shape_text(rhs)}"
        )
    rows, cols = lhs.shape
    return [
        (((_ROW, i + 1), (_COL, j + 1)), lhs[i, j], rhs[i, j])
        for i in range(rows)
        for j in range(cols)
    ]


def domains_of(p: Prepared, symbols: Sequence[sympy.Symbol]) -> dict[sympy.Symbol, Domain]:
    return {s: p.names.domain_of(p.names.origin(s) or s) for s in symbols}


def groups_of(
    p: Prepared,
    symbols: Iterable[sympy.Symbol],
    env: Mapping[sympy.Basic, int] | None = None,
) -> tuple[Group, ...]:
    """The vectors with a joint domain (one-hot, probability) among the symbols' entries: every
    entry of each at the sizes of `env`, or without it the entries written."""
    if env is None:
        return groups(p.names, symbols)
    shapes = Shapes(p.names, {})

    def length(label: str, lead: tuple[sympy.Expr, ...]) -> int | None:
        layer = int(lead[0]) if family_of(label).layer and lead else None
        try:
            dims = shapes.dims(label, layer, env)
        except DeriveError:
            return None
        return dims[0] if dims is not None and len(dims) == 1 else None

    return groups(p.names, symbols, length)


def _function_body(name: str, n: int, seed: int) -> sympy.Lambda:
    """The concrete smooth function that stands for an arbitrary function of n arguments."""
    rng = random.Random(seed ^ zlib.crc32(f"{name}/{n}".encode()))
    ts = [sympy.Dummy(f"t{k}") for k in range(n)]
    body: sympy.Expr = sympy.Integer(0)
    for t in ts:  # a different smooth function of every argument...
        a, b, c, d, e = (sympy.Rational(rng.randint(3, 17), 10) for _ in range(5))
        body += a * sympy.sin(b * t + c) + d * t / 2 + e * t**2 / 5
    for t, u in itertools.pairwise(ts):  # ...coupled, so no argument stands alone
        body += sympy.Rational(rng.randint(3, 17), 10) * t * u / 3
    return sympy.Lambda(tuple(ts), body)


def instantiate_functions(expr: sympy.Expr, seed: int) -> sympy.Expr:
    """Replace each undefined function f by one concrete smooth function (the same one for the
    same name and seed): a universal claim about every smooth f is refuted by one f. The body is
    written into the expression, for exact (50-digit) evaluation. One walk over the tree, inner
    calls first, every shared subtree rebuilt once."""
    bodies: dict[tuple[type, int], sympy.Lambda] = {}

    def body(call: AppliedUndef, args: list[sympy.Basic]) -> sympy.Basic:
        key = (type(call), len(args))
        if key not in bodies:
            bodies[key] = _function_body(type(call).__name__, len(args), seed)
        return bodies[key](*args)

    return _replace_calls(expr, body)


def _replace_calls(
    expr: sympy.Expr, replace: Callable[[AppliedUndef, list[sympy.Basic]], sympy.Basic]
) -> sympy.Expr:
    """expr with every call of an undefined function (its arguments rewritten first) replaced by
    replace(call, args): one walk over the tree, every shared subtree rebuilt once."""
    memo: dict[sympy.Basic, sympy.Basic] = {}

    def walk(x: sympy.Basic) -> sympy.Basic:
        if not x.args:
            return x
        done = memo.get(x)
        if done is not None:
            return done
        args = [walk(a) for a in x.args]
        if isinstance(x, AppliedUndef):
            out = replace(x, args)
        elif any(a is not b for a, b in zip(args, x.args, strict=True)):
            out = x.func(*args)
        else:
            out = x
        memo[x] = out
        return out

    return walk(expr)


_IMPLEMENTED: dict[tuple[str, int, int], sympy.FunctionClass] = {}


def number_valued(expr: sympy.Expr, latex: str) -> sympy.Expr:
    """expr, when no vector or matrix is left inside it (a cost that came out as a vector would
    otherwise fail at every point and leave the claim undecided for a wrong reason)."""
    if any(isinstance(e, sympy.MatrixBase) for e in sympy.preorder_traversal(expr)):
        raise UnsupportedError(
            f"{latex}: a vector or matrix stands where a number is expected (inside a function "
            "or a derivative); is a cost or loss defined as a vector?"
        )
    return expr


def implement_functions(expr: sympy.Expr, seed: int) -> sympy.Expr:
    """The same concrete functions as instantiate_functions, for the numeric check: each call
    becomes a call of a function with a NumPy implementation, so the expression stays as small
    as written (substituting the bodies multiplies the size of a network's expressions). One
    walk over the tree, every shared subtree rebuilt once (nested calls included)."""

    def implemented(call: AppliedUndef, args: list[sympy.Basic]) -> sympy.Basic:
        if hasattr(call, "_imp_"):  # implemented already
            return call.func(*args)
        return _implemented(type(call).__name__, len(args), seed)(*args)

    return _replace_calls(expr, implemented)


def _implemented(name: str, n: int, seed: int) -> sympy.FunctionClass:
    key = (name, n, seed)
    if key not in _IMPLEMENTED:
        lam = _function_body(name, n, seed)
        fn = sympy.lambdify(lam.variables, lam.expr, "numpy")
        label = f"_derive_impl_{len(_IMPLEMENTED)}"  # never a name a claim can write
        _IMPLEMENTED[key] = implemented_function(sympy.Function(label), fn)
    return _IMPLEMENTED[key]


def _numeric_link(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env_sizes: dict,  # type: ignore[type-arg]
    idx: tuple,  # type: ignore[type-arg]
    settings: Settings,
    evaluator: Evaluator,
    methods_base: tuple,  # type: ignore[type-arg]
    size_sets: tuple,  # type: ignore[type-arg]
) -> int:
    """Count of agreeing points; ends the claim (Outcome) on a confirmed disagreement."""
    lhs_n = number_valued(lhs, link.latex)  # undefined functions: the evaluator's `calls`
    rhs_n = number_valued(rhs, link.latex)
    symbols = sorted(lhs_n.free_symbols | rhs_n.free_symbols, key=lambda s: s.sort_key())
    domains = domains_of(p, symbols)
    bound = _is_bound(link.rel)
    count = settings.bound_points if bound else settings.points
    joint = groups_of(p, symbols, {**env_sizes, **dict(idx)})
    points = sample_points(symbols, domains, count, p.seed + link.index, joint)
    agree = 0
    floats = [as_floats(point) for point in points]  # every point at once, side by side
    for point, a, b in zip(
        points, evaluator.reals(lhs_n, floats), evaluator.reals(rhs_n, floats), strict=True
    ):
        if a is None or b is None:
            continue  # no real value there (outside a domain)
        ok = _holds(link.rel, a, b, settings.tolerance)
        if ok:
            agree += 1
            continue
        confirmed = _confirm(  # exactly, with the bodies written out
            instantiate_functions(lhs, p.seed), instantiate_functions(rhs, p.seed), point, link.rel
        )
        if confirmed is None:
            continue  # rounding in the numeric check; exact values agree
        va, vb = confirmed
        counter = counterexample(
            link.latex, point, _short(va), _short(vb), {**env_sizes, **dict(idx)}
        )
        result = ClaimResult(
            p.claim,
            Verdict.REFUTED,
            (Method.NUMERIC, Method.EXACT, *methods_base),
            message=f"{link.latex} fails at a point (confirmed exactly)",
            counterexample=counter,
            sizes=size_sets,
        )
        if not settings.diagnose:
            raise Outcome(result)
        from derive.diagnose import diagnose
        from derive.diagnose.assumption import missing_assumption

        missing = missing_assumption(
            p.names, lhs_n, rhs_n, domains, evaluator, settings.tolerance, p.seed
        )
        if missing is not None:  # true only under an undeclared domain: no edit to propose
            raise Outcome(replace(result, diagnosis=missing))
        raise Outcome(diagnose(p, link, result, settings))
    if agree < MIN_POINTS:
        raise Outcome(
            ClaimResult(
                p.claim,
                Verdict.UNDECIDED,
                (),
                message=f"{link.latex}: only {agree} of {len(points)} random points could be "
                "evaluated (outside the domain of a log or root?); declare domains in [symbols]",
            )
        )
    return agree


def _holds(rel: Rel, a: float, b: float, tol: Tolerance) -> bool:
    if rel is Rel.EQ:
        return tol.close(a, b)
    slack = tol.atol + tol.rtol * max(abs(a), abs(b))
    if rel in {Rel.LE, Rel.LT}:
        return a <= b + slack
    if rel in {Rel.GE, Rel.GT}:
        return a + slack >= b
    raise AssertionError(rel)


def _confirm(
    lhs: sympy.Expr, rhs: sympy.Expr, point: Point, rel: Rel
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Both values in exact / 50-digit arithmetic if they really violate rel, else None."""
    va = exact_value(lhs, point)
    vb = exact_value(rhs, point)
    if not (va.is_number and vb.is_number) or va.has(sympy.I) or vb.has(sympy.I):
        return None
    if rel is Rel.EQ:
        return (va, vb) if differ(va, vb) else None
    eps = sympy.Float("1e-20", 50) * max(1, abs(va), abs(vb))
    if (rel is Rel.LE and va > vb + eps) or (rel is Rel.LT and va >= vb + eps):
        return va, vb
    if (rel is Rel.GE and va + eps < vb) or (rel is Rel.GT and va + eps <= vb):
        return va, vb
    return None


def counterexample(
    link: str,
    point: Mapping[sympy.Symbol, sympy.Expr],
    lhs: str,
    rhs: str,
    sizes: Mapping[sympy.Basic, int],
    show: Callable[[sympy.Expr], str] | None = None,
) -> Counterexample:
    """Where a link fails: the point's values as drawn (or as `show` writes them), the two
    sides' values, and the sizes and indices of the instance."""
    write = show or _decimal
    return Counterexample(
        link,
        tuple((str(k), write(v)) for k, v in point.items()),
        lhs,
        rhs,
        tuple((str(k), int(v)) for k, v in sizes.items()),
    )


def _decimal(value: sympy.Expr) -> str:
    """A drawn point value as the short decimal it was drawn as."""
    return str(int(value)) if value.is_Integer else repr(float(value))


def _short(value: sympy.Expr) -> str:
    if value.is_Integer:
        return str(value)
    return f"{float(value):.15g}"


def _prove_link(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env: Mapping[sympy.Basic, int],
) -> Proof:
    a = lhs.doit()
    b = rhs.doit()
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    joint = groups_of(p, symbols, env)
    if not joint:
        return _prove_case(p, link, a, b)
    proof = Proof.UNKNOWN
    for way in proofs(joint, a - b):  # one-hot or probability vectors: by the cases of a way
        for case in way:
            proof = _prove_case(p, link, a.xreplace(case), b.xreplace(case))
            if proof is not Proof.PROVED:
                break
        else:
            return Proof.PROVED
    return proof


def _prove_case(p: Prepared, link: Link, a: sympy.Expr, b: sympy.Expr) -> Proof:
    domains = domains_of(p, sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name))
    if link.rel is Rel.EQ:
        return prove_equal(a, b, domains)
    if link.rel in {Rel.LE, Rel.LT}:
        return prove_bound(a, b, link.rel is Rel.LT, domains)
    return prove_bound(b, a, link.rel is Rel.GT, domains)


# --- refutation on the boundary of a step, |x|, sign, max or min (derive/checks/symbolic.py) ---


def _boundary_refutation(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env_sizes: dict,  # type: ignore[type-arg]
    idx: tuple,  # type: ignore[type-arg]
    settings: Settings,
) -> ClaimResult | None:
    """A link the proof could not settle may fail exactly where a switch's argument is 0, which
    random points never reach: refuted if such a point is found and the failure is exact."""
    if lhs.has(sympy.Derivative, sympy.Subs) or rhs.has(sympy.Derivative, sympy.Subs):
        return None  # d|x|/dx at 0 is SymPy's convention (sign(0) = 0), not a value to refute
    a, b = lhs.doit(), rhs.doit()
    gap, relation = {
        Rel.EQ: (a - b, "="),
        Rel.LE: (b - a, ">="),
        Rel.LT: (b - a, ">"),
        Rel.GE: (a - b, ">="),
        Rel.GT: (a - b, ">"),
    }.get(link.rel, (None, ""))
    if gap is None or gap.has(sympy.Derivative, sympy.Subs, AppliedUndef):
        return None
    symbols = sorted(gap.free_symbols, key=lambda s: s.sort_key())
    domains = domains_of(p, symbols)
    joint = groups_of(p, symbols, {**env_sizes, **dict(idx)})
    if joint:  # moving one entry of a joint domain would leave the domain
        return None
    found = boundary_point(gap, relation, domains, sample_points(symbols, domains, 3, p.seed))
    if found is None:
        return None
    where, point = found
    va, vb = exact_value(a, point), exact_value(b, point)
    result = ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.EXACT, *((Method.SIZES,) if env_sizes or idx else ())),
        message=f"{link.latex} fails where {to_latex(where, p.claim.symbols)} = 0 (the boundary "
        "of a step, "
        "|x|, sign, max or min, which random points miss; confirmed exactly)",
        counterexample=counterexample(
            link.latex, point, _short(va), _short(vb), {**env_sizes, **dict(idx)}, _exact_decimal
        ),
    )
    if not settings.diagnose:
        return result
    from derive.diagnose import diagnose

    return diagnose(p, link, result, settings)


def _exact_decimal(value: sympy.Expr) -> str:
    """A drawn decimal as written, a solved value as its exact fraction."""
    text = _decimal(value)
    return text if sympy.Rational(text) == value else str(value)


def _check_approx(
    p: Prepared, link: Link, lhs: sympy.Expr, rhs: sympy.Expr, settings: Settings
) -> ClaimResult | None:
    """`expr \\approx 0.0009`: within one unit of the last written digit. None when it holds."""
    text = link.rhs.latex.strip()
    digits = text.removeprefix("-").split(".")  # one sign: --1.3 is not a number
    if not all(part.isdigit() for part in digits) or len(digits) > 2:
        raise DeriveError(
            f"the right side of \\approx must be a written decimal number, not {text!r}"
        )
    unit = sympy.Rational(1, 10 ** (len(digits[1]) if len(digits) == 2 else 0))
    value = exact_value(instantiate_functions(lhs, p.seed), {})
    if not value.is_number or value.free_symbols:
        raise DeriveError(f"{link.lhs.latex!r} is not a number: \\approx needs values")
    stated = sympy.Rational(text)
    if abs(value - stated) <= unit:
        return None
    counter = Counterexample(link.latex, (), _short(value), text)
    return ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.EXACT,),
        message=f"{link.lhs.latex} = {_short(value)}, more than {unit} away from {text}",
        diagnosis=Diagnosis(DiagnosisKind.OTHER, f"the value is {_short(value)}"),
        counterexample=counter,
    )
