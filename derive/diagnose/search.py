"""Why a refuted claim is wrong: the search for the edits of the stated side that explain it.

Candidate explanations are *edits* of the stated side as written (so the correction keeps the
author's names and indices), tried from the simplest: one edit (sign, factor, transpose, index,
activation, term), then two edits at once (two slips in one formula), then a missing term that
the difference itself gives. A candidate is accepted when it matches the reference side
numerically on every instance, and a correction is reported only if the corrected claim itself
verifies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import replace

import sympy

from derive import functions
from derive.checks.arrays import entries, is_matrix
from derive.checks.numeric import EvaluationError, Evaluator, as_floats, sample_points
from derive.checks.stand_ins import implement_functions
from derive.diagnose import slips
from derive.diagnose.correct import Edit, Recheck, corrected_claim
from derive.model import (
    ClaimResult,
    Diagnosis,
    DiagnosisKind,
    Domain,
    FunctionKind,
    SymbolSpec,
)
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.prepared import Link, Prepared, concrete, domains_of, is_bound
from derive.settings import Settings
from derive.specs import GREEK

MAX_CANDIDATES = 60  # index replacements of one side
# two-edit candidates evaluated, at most: a count, so that the diagnosis (and its kind) is the same
# at any load; only the claim's time budget (--timeout) stops the search by the clock, and the
# claim then says so (undecided, "stopped by the time budget")
MAX_PAIR_TRIALS = 600
MAX_NAME_FACTORS = 6  # plain names tried as a missing or extra factor
MAX_RESIDUAL_OPS = 400  # the size of a difference SymPy is asked to simplify
KIND_ORDER = (
    DiagnosisKind.SIGN,
    DiagnosisKind.FACTOR,
    DiagnosisKind.TRANSPOSE,
    DiagnosisKind.INDEX,
    DiagnosisKind.ACTIVATION,
    DiagnosisKind.TERM,
    DiagnosisKind.OTHER,
)


Tried = set[sympy.Basic]  # the candidate sides already evaluated


def diagnose(
    p: Prepared, link: Link, result: ClaimResult, settings: Settings, recheck: Recheck
) -> ClaimResult:
    """Add a diagnosis and, where one is found and verifies (`recheck`), a correction."""
    if is_bound(link.rel):
        return replace(
            result,
            diagnosis=Diagnosis(DiagnosisKind.BOUND, "the bound is violated at the point shown"),
        )
    reference, stated, stated_is_rhs = _roles(link, p.claim.asserted)
    matcher = _Matcher(p, reference, settings)
    singles = list(_edits(p, stated, reference))
    tried: set[sympy.Basic] = {stated}
    fallback: ClaimResult | None = None
    for edits in _explanations(p, matcher, stated, reference, singles, tried):
        kind, detail = _describe(edits, p.claim.symbols)
        if _same(edits[-1].expr, reference):
            continue  # the "correction" would restate the reference side: a tautology
        correction = corrected_claim(p, link, edits, stated_is_rhs, recheck)
        if correction is not None:
            return replace(result, diagnosis=Diagnosis(kind, detail), correction=correction)
        if len(edits) > 1:
            break  # a compound explanation counts only with a correction that verifies
        fallback = replace(result, diagnosis=Diagnosis(kind, detail + " (no verified correction)"))
    if fallback is not None:
        return fallback
    limit = f" (the search stopped after {MAX_PAIR_TRIALS} candidates)" if matcher.spent() else ""
    return replace(
        result,
        diagnosis=Diagnosis(
            DiagnosisKind.OTHER,
            "no simple change of the stated side (one edit, or two at once) explains the "
            "difference" + limit,
        ),
    )


def _describe(edits: list[Edit], specs: Mapping[str, SymbolSpec]) -> tuple[DiagnosisKind, str]:
    """The kind and detail of one edit, or of two: the simpler kind first, both named."""
    if len(edits) == 1:
        return edits[0].kind, edits[0].detail
    first, second = sorted(edits, key=lambda e: KIND_ORDER.index(e.kind))
    return first.kind, (
        f"two slips: [{first.kind.value}] {_part(first, specs)}; "
        f"[{second.kind.value}] {_part(second, specs)}"
    )


def _part(edit: Edit, specs: Mapping[str, SymbolSpec]) -> str:
    """An edit as one of two slips: a factor is missing from the side, not off overall."""
    if edit.kind is DiagnosisKind.FACTOR and edit.multiple is not None:
        if edit.detail.startswith("the factor"):  # the written coefficient should not be there
            return edit.detail
        return f"a factor {to_latex(edit.multiple, specs)} is missing"
    return edit.detail


def _explanations(
    p: Prepared,
    matcher: _Matcher,
    stated: sympy.Expr,
    reference: sympy.Expr,
    singles: list[Edit],
    tried: set[sympy.Basic],
) -> Iterator[list[Edit]]:
    """The matching explanations, simplest first: one edit; then two: an edit and a sign or
    factor, an edit and a missing term computed from the difference, two edits."""
    # a sign or a factor of numbers and sizes needs a constant ratio on each instance; a name
    # (a step size, a threshold) does not
    proportional = matcher.constant_ratio(stated)
    sizes = set(p.model.sizes([stated, reference]))
    for edit in singles:
        if edit.expr in tried:
            continue
        if edit.multiple is not None and not proportional and edit.multiple.free_symbols <= sizes:
            continue
        tried.add(edit.expr)
        if matcher.matches(edit):
            yield [edit]
            return  # the first single edit that matches is the explanation
    scalars = [e for e in singles if e.multiple is not None]
    structural = [e for e in singles if e.multiple is None]
    for first in structural:  # an edit, and a sign or factor
        if matcher.spent():
            return
        if matcher.constant_ratio(first.expr):
            for again in _edits(p, first.expr, reference, structural=False):
                if again.expr not in tried and matcher.matches(again, first.expr):
                    yield [first, again]
                    return
                tried.add(again.expr)
    one = Edit(DiagnosisKind.OTHER, "", stated, sympy.Integer(1))
    for base in [one, *scalars]:
        if matcher.spent():
            return
        assert base.multiple is not None
        term = matcher.residual_term(base.multiple, stated, reference)
        if term is None:
            continue
        edit = Edit(
            DiagnosisKind.TERM,
            f"the term {to_latex(term, p.claim.symbols)} is missing",
            base.expr + term,
            hint=("append", to_latex(term, p.claim.symbols)),
        )
        if matcher.matches(replace(edit, expr=term), plus=base):
            yield [edit] if base is one else [base, edit]
            return
    for a, first in enumerate(structural):  # two edits
        for second in _edits(p, first.expr, reference, scalar=False):
            if matcher.spent():
                return
            if second.expr in tried or second.expr == stated:
                continue
            if any(second.detail == e.detail for e in structural[:a]):
                continue  # the same pair in the other order was tried already
            tried.add(second.expr)
            if matcher.matches(second):
                yield [first, second]
                return


def _entry(value: sympy.Basic) -> sympy.Basic:
    """A 1 x 1 matrix (`W^T X`) as its one entry, the number it stands for beside a scalar."""
    if is_matrix(value) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Are two sides the same expression as read (before any definition is substituted)?"""
    if a == b:
        return True
    try:
        return bool(a.is_commutative and b.is_commutative and sympy.expand(a - b) == 0)
    except (TypeError, ValueError, AttributeError):  # an array marker SymPy cannot subtract
        return False


def _roles(link: Link, asserted: str | None = None) -> tuple[sympy.Expr, sympy.Expr, bool]:
    """(reference side, stated side, stated is the right side): the side the claim's
    `asserted` names is the stated one; else the side holding a derivative, else the left side,
    is the reference the other side is compared with."""
    lhs, rhs = link.lhs.expr, link.rhs.expr
    if asserted == "left":
        return rhs, lhs, False
    if asserted == "right":
        return lhs, rhs, True
    derivative = (sympy.Derivative, arrays.Grad)
    if rhs.has(*derivative) and not lhs.has(*derivative):
        return rhs, lhs, False
    return lhs, rhs, True


class _Matcher:
    """Does a candidate equal the reference on every instance, at a few random points?"""

    def __init__(self, p: Prepared, reference: sympy.Expr, settings: Settings) -> None:
        self.p = p
        self.settings = settings
        self.evaluator = Evaluator()
        self._concrete = concrete
        self._inst = implement_functions
        self._domains = domains_of
        self.reference = reference
        exprs = [s.expr for s in p.statement.sides]
        self.instances = list(p.model.instances(exprs, settings.plan, p.seed))
        self.references = [
            _entry(self._inst(concrete(p, reference, {**e, **dict(i)}), p.seed))
            for e, i in self.instances
        ]
        self.stated: sympy.Expr | None = None  # set by constant_ratio(stated), first
        self._bases: dict[tuple[sympy.Basic, int], sympy.Basic | None] = {}
        self.trials = 0

    def spent(self) -> bool:
        """The search beyond single edits has used its share of trials (a count, never seconds)."""
        return self.trials >= MAX_PAIR_TRIALS

    def _candidate(
        self,
        candidate: sympy.Expr,
        k: int,
        multiple: sympy.Expr | None = None,
        base: sympy.Expr | None = None,
    ) -> sympy.Basic | None:
        """The candidate on instance k; a scalar edit (`multiple` times `base`, by default the
        stated side) from the value of its base, computed once."""
        env, idx = self.instances[k]
        at = {**env, **dict(idx)}
        base = self.stated if base is None else base
        if multiple is not None and base is not None:
            if (base, k) not in self._bases:
                self._bases[(base, k)] = self._candidate(base, k)
            side = self._bases[(base, k)]
            return None if side is None else multiple.xreplace(at) * side
        try:
            return _entry(self._inst(self._concrete(self.p, candidate, at), self.p.seed))
        except Exception:  # a candidate that cannot be instantiated (a shape) matches nothing
            return None

    def matches(self, edit: Edit, base: sympy.Expr | None = None, plus: Edit | None = None) -> bool:
        """Does the edit (of `base`, when it is a sign or factor of an edited side) match? With
        `plus`, the edit is the term `edit.expr` added to the side `plus` gives (a 1 x 1 `W^T X`
        and a number `b` add only as values)."""
        self.trials += 1
        for k, ref in enumerate(self.references):
            if plus is None:
                cand = self._candidate(edit.expr, k, edit.multiple, base)
            else:
                side = self._candidate(plus.expr, k, plus.multiple)
                env, idx = self.instances[k]
                term = edit.expr.xreplace({**env, **dict(idx)})
                cand = None if side is None or is_matrix(side) else side + term
            if cand is None:
                return False
            if is_matrix(ref) != is_matrix(cand) or (is_matrix(ref) and ref.shape != cand.shape):
                return False
            for r, c in zip(entries(ref), entries(cand), strict=True):
                if not self._agree(r, c):
                    return False
        return True

    def _values(self, ref: sympy.Expr, cand: sympy.Expr) -> list[tuple[float, float]]:
        symbols = sorted(ref.free_symbols | cand.free_symbols, key=lambda s: s.sort_key())
        points = sample_points(symbols, self._domains(self.p, symbols), 5, self.p.seed + 7)
        floats = [as_floats(point) for point in points]  # every point at once, side by side
        ref_values = self.evaluator.reals(ref, floats)
        cand_values = self.evaluator.reals(cand, floats)
        return [
            (a, b)
            for a, b in zip(ref_values, cand_values, strict=True)
            if a is not None and b is not None
        ]

    def _agree(self, ref: sympy.Expr, cand: sympy.Expr) -> bool:
        values = self._values(ref, cand)
        return len(values) >= 2 and all(self.settings.tolerance.close(a, b) for a, b in values)

    def constant_ratio(self, candidate: sympy.Expr) -> bool:
        """On the first instance, is the reference a constant multiple of the candidate (not 1)?
        A cheap filter before trying signs and factors on top of an edit."""
        self.trials += 1
        if self.stated is None:
            self.stated = candidate
        cand = self._candidate(candidate, 0)
        ref = self.references[0]
        if cand is None or is_matrix(ref) != is_matrix(cand):
            return False
        if is_matrix(ref) and ref.shape != cand.shape:
            return False
        ratios = []
        for r, c in zip(entries(ref), entries(cand), strict=True):
            for a, b in self._values(r, c):
                if abs(b) < 1e-9:
                    continue
                ratios.append(a / b)
        if len(ratios) < 2:
            return False
        tol = self.settings.tolerance
        return all(tol.close(x, ratios[0]) for x in ratios) and not tol.close(ratios[0], 1.0)

    def _plain_difference(self, multiple: sympy.Expr, plain: set[sympy.Symbol]) -> bool:
        """A numeric filter before any simplification: on the first instance, does reference -
        multiple * stated stay the same when every name but the plain names changes?"""
        self.trials += 1
        cand = self._candidate(sympy.Integer(0), 0, multiple)
        ref = self.references[0]
        if cand is None or is_matrix(cand) or is_matrix(ref):
            return False
        diff = ref - cand
        symbols = sorted(diff.free_symbols, key=lambda s: s.sort_key())
        domains = self._domains(self.p, symbols)
        first = sample_points(symbols, domains, 4, self.p.seed + 11)
        second = sample_points(symbols, domains, 4, self.p.seed + 13)
        good = 0
        for a, b in zip(first, second, strict=True):
            b = {s: (a[s] if s in plain else v) for s, v in b.items()}
            try:
                va = self.evaluator.real(diff, as_floats(a))
                vb = self.evaluator.real(diff, as_floats(b))
            except (EvaluationError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if not self.settings.tolerance.close(va, vb):
                return False
            good += 1
        return good >= 2

    def residual_term(
        self, multiple: sympy.Expr, stated: sympy.Expr, reference: sympy.Expr
    ) -> sympy.Expr | None:
        """The one term the candidate lacks, when the difference reference - candidate is the
        same single term on every instance, written in the claim's plain names (`-\\frac{1}{2}
        \\delta^2`), or a number times 1, s, 1/s or log s for a size s (`-\\log n`)."""
        if self.references and is_matrix(self.references[0]):
            return None
        sizes = self.p.model.sizes([stated, reference])
        plain = set(_plain_names(self.p, stated, reference)) - set(sizes)
        if not self._plain_difference(multiple, plain):
            return None
        diffs = []
        for k, (env, idx) in enumerate(self.instances):
            self.trials += 1
            at = {**env, **dict(idx)}
            try:
                ref = _entry(self._concrete(self.p, reference, at).doit())
                cand = multiple.xreplace(at) * _entry(self._concrete(self.p, stated, at).doit())
            except Exception:  # a candidate that cannot be instantiated
                return None
            if sympy.count_ops(ref) + sympy.count_ops(cand) > MAX_RESIDUAL_OPS:
                return None
            if ref.has(sympy.Derivative, sympy.Subs) or cand.has(sympy.Derivative, sympy.Subs):
                return None
            diff = sympy.expand(sympy.simplify(sympy.expand_log(ref - cand, force=True)))
            if diff == 0 or isinstance(diff, sympy.Add) or not diff.free_symbols <= plain:
                return None
            diffs.append((diff, env))
            del k
        if not diffs:
            return None
        if all(d == diffs[0][0] for d, _ in diffs) and diffs[0][0].free_symbols:
            return diffs[0][0]
        if any(d.free_symbols for d, _ in diffs):
            return None
        for s in sizes:
            for base in (sympy.Integer(1), s, 1 / s, sympy.log(s)):
                coefficients = {sympy.nsimplify(d / base.subs(env)) for d, env in diffs}
                if len(coefficients) == 1:
                    (c,) = coefficients
                    if c.is_Rational and c != 0 and c.q <= 12 and abs(c.p) <= 12:
                        return c * base
        return None


def _edits(
    p: Prepared,
    stated: sympy.Expr,
    reference: sympy.Expr,
    *,
    scalar: bool = True,
    structural: bool = True,
) -> Iterator[Edit]:
    """The single edits of the stated side, simplest first: sign and factors (scalar), then
    transposes, indices, activations and terms (structural)."""
    specs = p.claim.symbols
    if scalar:
        yield Edit(DiagnosisKind.SIGN, "the sign is wrong", -stated, sympy.Integer(-1), ("sign",))
        written = slips.written_coefficient(stated, set(p.model.sizes([stated, reference])))
        for c in _factors(p, stated, reference):
            for sign in (1, -1):
                shown = sympy.sstr(1 / (sign * c))
                detail = (
                    f"off by a factor {shown}: the stated side is {shown} times the correct value"
                )
                if written != 1 and sympy.simplify(sign * c * written) == 1:
                    detail = f"the factor {to_latex(written, specs)} should not be there"
                yield Edit(
                    DiagnosisKind.FACTOR, detail, _times(sign * c, stated), sign * c, ("factor",)
                )
    if not structural:
        return
    yield from slips.repeated_sums(stated, specs)
    yield from slips.missing_indices(stated, p.model.defines, specs)
    for factor, cand in _dropped_factors(stated):
        yield Edit(
            DiagnosisKind.FACTOR, f"the factor {to_latex(factor, specs)} should not be there", cand
        )
    for detail, cand, hint in _transposes(stated, specs):
        yield Edit(DiagnosisKind.TRANSPOSE, detail, cand, hint=hint)
    for detail, cand, hint in _layer_shifts(stated, specs):
        yield Edit(DiagnosisKind.INDEX, detail, cand, hint=hint)
    for detail, cand, hint in _index_swaps(stated, reference, specs):
        yield Edit(DiagnosisKind.INDEX, detail, cand, hint=hint)
    for detail, cand, hint in _sum_limits(stated, specs):
        yield Edit(DiagnosisKind.INDEX, detail, cand, hint=hint)
    for detail, cand, hint in _activation_swaps(stated, specs):
        yield Edit(DiagnosisKind.ACTIVATION, detail, cand, hint=hint)
    for detail, cand, hint in _missing_activation_derivatives(p, stated, specs):
        yield Edit(DiagnosisKind.ACTIVATION, detail, cand, hint=hint)
    yield from slips.term_signs(stated, specs)
    yield from _term_edits(stated, reference, specs)


def _times(c: sympy.Expr, e: sympy.Expr) -> sympy.Expr:
    """c e, with c combined with the numbers and powers of a product (n \frac{1}{n} S is S)."""
    return sympy.Mul(c, *e.args) if isinstance(e, sympy.Mul) else c * e


def _factors(p: Prepared, stated: sympy.Expr, reference: sympy.Expr) -> list[sympy.Expr]:
    """2, 1/2; for every size s: s, 1/s, 2s, 1/(2s), s/2, 2/s, s^2, 1/s^2; for every plain name x of
    the claim that no definition gives (a step size, a threshold): x, 1/x."""
    sizes = p.model.sizes([stated, reference])
    out: list[sympy.Expr] = [sympy.Integer(2), sympy.Rational(1, 2)]
    for s in sizes:
        out += [s, 1 / s, 2 * s, 1 / (2 * s), s / 2, 2 / s, s**2, 1 / s**2]
    names = [
        s
        for s in _plain_names(p, stated, reference)
        if s not in sizes and p.names.domain_of(s) in (Domain.REAL, Domain.POSITIVE, Domain.UNIT)
    ][:MAX_NAME_FACTORS]
    for x in names:
        out += [x, 1 / x]
    return out


def _plain_names(p: Prepared, stated: sympy.Expr, reference: sympy.Expr) -> list[sympy.Symbol]:
    """The plain names of the claim and its definitions that no definition gives and that are
    not indices: the step sizes, thresholds and variables a side may lack or have too many."""
    exprs = [stated, reference, *p.model.symbols.values()]
    exprs += [pat.value for pats in p.model.patterns.values() for pat in pats]
    labels = {ix.base.label for e in exprs for ix in e.atoms(sympy.Indexed)}
    return sorted(
        (
            s
            for s in set().union(*(e.free_symbols for e in exprs))
            if isinstance(s, sympy.Symbol)
            and s.is_commutative
            and s not in labels
            and not p.model.defines(s)
            and not _is_index(s, *exprs)
        ),
        key=lambda s: s.name,
    )


def _is_index(s: sympy.Symbol, *exprs: sympy.Expr) -> bool:
    """Is s used as an index (of an indexed name, or of a sum) somewhere?"""
    for e in exprs:
        if any(s in i.free_symbols for ix in e.atoms(sympy.Indexed) for i in ix.indices):
            return True
        if any(lim[0] == s for node in e.atoms(sympy.Sum, sympy.Product) for lim in node.limits):
            return True
    return False


def _dropped_factors(stated: sympy.Expr) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:
    """One factor of a product (anywhere in the side) that should not be there. Numbers are
    left to the factor candidates."""
    seen: set[sympy.Basic] = set()
    for node in sympy.preorder_traversal(stated):
        if not isinstance(node, sympy.Mul) or not node.is_commutative:
            continue
        if sum(1 for a in node.args if not a.is_number) < 2:
            continue  # -x, 2x: the sign and factor candidates
        for factor in node.args:
            if factor.is_number or factor in seen:
                continue
            seen.add(factor)
            rest = sympy.Mul(*[a for a in node.args if a is not factor])
            cand = stated.xreplace({node: rest})
            if cand != stated:
                yield factor, cand


def _sum_limits(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """One sum running one term too far or stopping one term short, at either end (of a
    double sum `\\sum_i\\sum_j`, one of its two)."""
    for node in sorted(stated.atoms(sympy.Sum), key=sympy.default_sort_key):
        for t, (_, _, hi) in enumerate(node.limits):
            if str(hi).startswith("#"):
                continue  # a sum without limits runs over a whole dimension
            yield from _limit_edits(stated, node, t, specs)


def _limit_edits(
    stated: sympy.Expr, node: sympy.Sum, t: int, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """The limit t of the sum `node` one term longer or shorter, at either end."""
    var, lo, hi = node.limits[t]
    for end, value, new in (
        ("end", hi, hi - 1),
        ("end", hi, hi + 1),
        ("start", lo, lo + 1),
        ("start", lo, lo - 1),
    ):
        limits = list(node.limits)
        limits[t] = (var, new, hi) if end == "start" else (var, lo, new)
        cand = stated.xreplace({node: sympy.Sum(node.function, *limits)})
        shown = [to_latex(x, specs) for x in (var, value, new)]
        yield (
            f"the sum over {shown[0]} should {end} at {shown[2]}, not {shown[1]}",
            cand,
            ("limit", shown[0], end, shown[1], shown[2]),
        )


def _term_edits(
    stated: sympy.Expr, reference: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[Edit]:
    """A term too many or missing; a sum that should be its one term (`\\sum_k` written over a
    free k); a square root that should not be there (a norm for a squared norm)."""
    if isinstance(stated, sympy.Add):
        for term in stated.args:
            yield Edit(
                DiagnosisKind.TERM,
                f"the term {to_latex(term, specs)} should not be there",
                stated - term,
                hint=("drop", to_latex(term, specs)),
            )
    if isinstance(reference, sympy.Add) and not reference.has(sympy.Derivative):
        for term in reference.args:
            yield Edit(
                DiagnosisKind.TERM,
                f"the term {to_latex(term, specs)} is missing",
                stated + term,
                hint=("append", to_latex(term, specs)),
            )
    for node in sorted(stated.atoms(sympy.Sum), key=sympy.default_sort_key):
        if len(node.limits) == 1:
            var = node.limits[0][0]
            yield Edit(
                DiagnosisKind.TERM,
                f"the sum over {to_latex(var, specs)} should not be there: only the term for "
                f"the given {to_latex(var, specs)} belongs",
                stated.xreplace({node: node.function}),
                hint=("unsum", to_latex(var, specs)),
            )
    for node in sorted(stated.atoms(sympy.Pow), key=sympy.default_sort_key):
        if node.exp == sympy.Rational(1, 2) and not node.base.is_number:
            cand = stated.xreplace({node: node.base})
            term = _term_holding(stated, node)
            yield Edit(
                DiagnosisKind.TERM if term is not None else DiagnosisKind.OTHER,
                (
                    f"the term {to_latex(term, specs)} should be "
                    f"{to_latex(term.xreplace({node: node.base}), specs)}"
                    if term is not None
                    else f"the square root over {to_latex(node.base, specs)} should not be there"
                ),
                cand,
                hint=("unroot",),
            )


def _term_holding(stated: sympy.Expr, node: sympy.Basic) -> sympy.Expr | None:
    if not isinstance(stated, sympy.Add):
        return None
    holding = [t for t in stated.args if t.has(node)]
    return holding[0] if len(holding) == 1 else None


def _pattern_value(p: Prepared, item: sympy.Basic) -> sympy.Expr | None:
    """The definition of a name as written, for an indexed name with symbolic or numeric
    indices (`\\sigma^{[l+1]}_i` from `\\sigma^{[l]}_s = ...`), or a plain name."""
    if isinstance(item, sympy.Symbol):
        return p.model.symbols.get(item)
    if not isinstance(item, sympy.Indexed):
        return None
    for pat in p.model.patterns.get(str(item.base.label), ()):
        if len(pat.indices) != len(item.indices):
            continue
        binding: dict[sympy.Basic, sympy.Expr] = {}
        ok = True
        for pat_i, want in zip(pat.indices, item.indices, strict=True):
            if pat_i.is_Integer:
                ok = pat_i == want
            elif len(pat_i.free_symbols) == 1:
                (s,) = pat_i.free_symbols
                value = want - (pat_i - s)
                ok = binding.setdefault(s, value) == value
            else:
                ok = False
            if not ok:
                break
        if ok:
            return pat.value.xreplace(binding)
    return None


def _defined_names(p: Prepared, expr: sympy.Expr) -> list[sympy.Basic]:
    names = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s in p.model.symbols]
    names += [ix for ix in expr.atoms(sympy.Indexed) if str(ix.base.label) in p.model.patterns]
    return sorted(set(names), key=sympy.default_sort_key)


def _missing_activation_derivatives(
    p: Prepared, stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """A chain rule one factor short: X defined as dF/dY, with Y an activation of one name Z
    (Y = f(Z)), used where X dY/dZ belongs (an error by the output of a neuron where the error by
    its input is meant)."""
    found: dict[sympy.Basic, sympy.Expr] = {}
    pairs: list[str] = []
    for x in _defined_names(p, stated):
        value = _pattern_value(p, x)
        if not isinstance(value, sympy.Derivative) or len(value.variables) != 1:
            continue
        (y,) = value.variables
        inner = _pattern_value(p, y)
        if inner is None:
            continue
        zs = [z for z in _defined_names(p, inner) if z != y]
        labels = {ix.base.label for ix in inner.atoms(sympy.Indexed)}
        free = [
            s
            for s in inner.free_symbols
            if isinstance(s, sympy.Symbol) and s not in labels and not _is_index(s, inner)
        ]
        if len(zs) != 1 or any(s not in zs for s in free):
            continue
        (z,) = zs
        factor = sympy.Derivative(y, z)
        found[x] = x * factor
        shown = to_latex(x, specs)
        pairs += [shown, f"{shown} {to_latex(factor, specs)}"]
        yield (
            f"the derivative {to_latex(factor, specs)} of the activation is missing after {shown}",
            stated.xreplace({x: x * factor}),
            ("replace", shown, f"{shown} {to_latex(factor, specs)}"),
        )
    if len(found) > 1:  # the same slip at every error of the side
        yield (
            "the derivative of the activation is missing after "
            + ", ".join(to_latex(x, specs) for x in found),
            stated.xreplace(found),
            ("replace", *pairs),
        )


def _index_swaps(
    stated: sympy.Expr, reference: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """Swap two index names everywhere, or change the index of a single indexed name."""
    free = sorted(
        {
            s
            for ix in (stated.atoms(sympy.Indexed) | reference.atoms(sympy.Indexed))
            for s in ix.free_symbols
            if s in (stated.free_symbols | reference.free_symbols)
            and not isinstance(s, sympy.Indexed)
            and s not in {ix.base.label}
        },
        key=lambda s: s.name,
    )
    free = [s for s in free if isinstance(s, sympy.Symbol)]
    count = 0
    for a, b in itertools.combinations(free, 2):
        yield (
            f"the indices {a} and {b} are swapped",
            stated.xreplace({a: b, b: a}),
            ("swap", str(a), str(b)),
        )
        count += 1
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        if len(ix.indices) >= 2:
            for a_slot, b_slot in itertools.combinations(range(len(ix.indices)), 2):
                new_idx = list(ix.indices)
                new_idx[a_slot], new_idx[b_slot] = new_idx[b_slot], new_idx[a_slot]
                if new_idx != list(ix.indices):
                    yield (
                        f"the indices of {to_latex(ix, specs)} are in the wrong order",
                        stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                        ("replace", to_latex(ix, specs), to_latex(ix.base[tuple(new_idx)], specs)),
                    )
        for slot, value in enumerate(ix.indices):
            for other in free:
                if other == value or count > MAX_CANDIDATES:
                    continue
                new_idx = list(ix.indices)
                new_idx[slot] = other
                yield (
                    f"the index of {to_latex(ix, specs)} should be {other}, not {value}",
                    stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                    ("replace", to_latex(ix, specs), to_latex(ix.base[tuple(new_idx)], specs)),
                )
                count += 1


def transposed(e: sympy.Basic) -> sympy.Basic:
    """e^T written out: (A B)^T = B^T A^T, (A^T)^T = A; numbers unchanged."""
    if e.is_commutative:
        return e
    if isinstance(e, arrays.TransposeOf):
        return e.args[0]
    if isinstance(e, sympy.Mul):
        scalars = [a for a in e.args if a.is_commutative]
        arrs = [transposed(a) for a in reversed([a for a in e.args if not a.is_commutative])]
        return sympy.Mul(*scalars, *arrs)
    if isinstance(e, sympy.Add):
        return sympy.Add(*[transposed(a) for a in e.args])
    if isinstance(e, arrays.Hadamard | arrays.Apply):
        return e.func(*[transposed(a) for a in e.args])
    return arrays.TransposeOf(e)


def _transposes(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """The whole side transposed, or one vector/matrix transposed (or not transposed)."""
    if stated.is_commutative:
        return
    yield "the stated side is the transpose of the correct one", transposed(stated), ()
    atoms = [a for a in stated.atoms(sympy.Indexed, sympy.Symbol) if a.is_commutative is False]
    for a in sorted(stated.atoms(arrays.TransposeOf), key=sympy.default_sort_key):
        yield (
            f"{to_latex(a.args[0], {})} should not be transposed",
            stated.xreplace({a: a.args[0]}),
            ("transpose", to_latex(a.args[0], specs), "remove"),
        )
    for a in sorted(atoms, key=sympy.default_sort_key):
        if a.is_commutative is False and not any(
            t.args[0] == a for t in stated.atoms(arrays.TransposeOf)
        ):
            yield (
                f"{to_latex(a, {})} should be transposed",
                stated.xreplace({a: arrays.TransposeOf(a)}),
                ("transpose", to_latex(a, specs), "add"),
            )


def _layer_shifts(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """One name's layer index off by one: a^{[l]} where a^{[l-1]} belongs."""
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        if not family_of(str(ix.base.label)).layer:
            continue
        for delta in (-1, 1):
            new = ix.base[(ix.indices[0] + delta, *ix.indices[1:])]
            yield (
                f"the layer of {to_latex(ix, specs)} should be {to_latex(new.indices[0], specs)}",
                stated.xreplace({ix: new}),
                ("replace", to_latex(ix, specs), to_latex(new, specs)),
            )


def _activation_swaps(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """sigma(u) where sigma'(u) belongs, and the other way round."""
    t = sympy.Dummy("t", real=True)
    names = _function_names(specs, functions.sigmoid)
    for call in sorted(stated.atoms(functions.sigmoid), key=sympy.default_sort_key):
        prime = sympy.Subs(sympy.Derivative(functions.sigmoid(t), t), t, call.args[0])
        yield (
            "the activation is used where its derivative belongs",
            stated.xreplace({call: prime}),
            ("prime", *names),
        )
    for node in sorted(stated.atoms(sympy.Subs), key=sympy.default_sort_key):
        inner = node.expr
        if isinstance(inner, sympy.Derivative) and isinstance(inner.expr, sympy.Function):
            yield (
                "the derivative of the activation is used where the activation belongs",
                stated.xreplace({node: inner.expr.func(node.point[0])}),
                ("unprime", *_function_names(specs, inner.expr.func)),
            )


def _function_names(specs: Mapping[str, SymbolSpec], func: object) -> tuple[str, ...]:
    """How the author may write a call of func: the names declared for it (`\\sigma`, `f`)."""
    want = FunctionKind.SIGMOID if func is functions.sigmoid else None
    names = [
        name
        for name, spec in specs.items()
        if spec.function is not None and (want is None or spec.function is want)
    ]
    greek = set(GREEK)
    return tuple(("\\" + n if n in greek else n) for n in names or ["sigma"])
