"""Does a candidate side equal the reference side? On every instance (sizes, layers, indices),
at a few random points; and the one term a candidate lacks, when the difference is one term on
every instance. The search beyond single edits counts its trials (`spent`)."""

from __future__ import annotations

import sympy

from derive.checks.arrays import entries, is_matrix
from derive.checks.numeric import Evaluator, Point, as_floats, at_points, sample_points
from derive.checks.stand_ins import stand_in
from derive.diagnose.candidates import plain_names
from derive.diagnose.correct import Edit
from derive.errors import DeriveError
from derive.prepared import Prepared, concrete, domains_of, groups_of
from derive.settings import Settings
from derive.shapes.layout import ShapeMismatch

# two-edit candidates evaluated, at most: a count, so that the diagnosis (and its kind) is the same
# at any load; only the claim's time budget (--timeout) stops the search by the clock, and the
# claim then says so (undecided, "stopped by the time budget")
MAX_PAIR_TRIALS = 600
MAX_RESIDUAL_OPS = 400  # the size of a difference SymPy is asked to simplify


def entry(value: sympy.Basic) -> sympy.Basic:
    """A 1 x 1 matrix (`W^T X`) as its one entry, the number it stands for beside a scalar."""
    if is_matrix(value) and value.shape == (1, 1):
        return value[0, 0]
    return value


class Matcher:
    """Does a candidate equal the reference on every instance, at a few random points?"""

    def __init__(self, p: Prepared, reference: sympy.Expr, settings: Settings) -> None:
        self.p = p
        self.settings = settings
        # undefined functions (f in a claim about every f) evaluated as their stand-ins, called
        # by the evaluator as in the check (identity.py), instead of rewriting every candidate
        # with implement_functions: the same NumPy functions at the same points, without a walk
        # over each candidate's tree (a third of a refuted network claim's diagnosis)
        self.evaluator = Evaluator(lambda name, n: stand_in(name, n, p.seed)._imp_)
        self._concrete = concrete
        self._domains = domains_of
        self.reference = reference
        exprs = [s.expr for s in p.statement.sides]
        self.instances = list(p.model.instances(exprs, settings.plan, p.seed))
        self.references = [
            entry(concrete(p, reference, {**e, **dict(i)})) for e, i in self.instances
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
            return entry(self._concrete(self.p, candidate, at))
        except (ShapeMismatch, DeriveError):  # a candidate that cannot be instantiated (a
            # shape that does not fit, an index or size without a value) matches nothing
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
        joint = groups_of(self.p, symbols)
        points = sample_points(symbols, self._domains(self.p, symbols), 5, self.p.seed + 7, joint)
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
        joint = groups_of(self.p, symbols)
        first = sample_points(symbols, domains, 4, self.p.seed + 11, joint)
        second = sample_points(symbols, domains, 4, self.p.seed + 13, joint)
        pairs = [
            (a, {s: (a[s] if s in plain else v) for s, v in b.items()})
            for a, b in zip(first, second, strict=True)
        ]

        def both(pair: tuple[Point, Point]) -> tuple[float, float]:
            a, b = pair
            return self.evaluator.real(diff, as_floats(a)), self.evaluator.real(diff, as_floats(b))

        good = 0
        for _, (va, vb) in at_points(both, pairs):
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
        plain = set(plain_names(self.p, stated, reference)) - set(sizes)
        if not self._plain_difference(multiple, plain):
            return None
        diffs = []
        for k, (env, idx) in enumerate(self.instances):
            self.trials += 1
            at = {**env, **dict(idx)}
            try:
                doit = self.p.derivatives.doit  # SymPy's doit, remembered per claim
                ref = entry(doit(self._concrete(self.p, reference, at)))
                cand = multiple.xreplace(at) * entry(doit(self._concrete(self.p, stated, at)))
            except (ShapeMismatch, DeriveError):  # a candidate that cannot be instantiated
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
