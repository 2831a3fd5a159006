"""Deciding one claim: prepare -> check -> diagnose -> result.

The one module that imports both the checks and the diagnosis. A check returns its result, or a
`Refutation` that the diagnosis explains here; the diagnosis re-checks a candidate correction
through the function it is given (`check_claim` without diagnosis), so nothing calls back into
this module. `check_claim` is pure: it returns a ClaimResult and never prints. It may report
partial results through `progress` (the runner keeps the last one, so a claim stopped by its
time budget still says what was established before the budget ran out). The diagnosis, the
update check and the code check are imported when a claim needs them: a one-line `derive verify`
of a true claim starts without them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import sympy

from derive.checks.given import Given
from derive.checks.identity import check_links
from derive.checks.results import Progress, Refutation, Refuted, shape_result
from derive.errors import DeriveError, NoSizes
from derive.lint import lint, notices
from derive.model import Claim, ClaimResult, Diagnosis, DiagnosisKind, Notice, Verdict
from derive.notation.statements import Rel
from derive.prepared import Link, Prepared, links_of, prepare
from derive.settings import Settings
from derive.shapes.layout import ShapeMismatch
from derive.specs import parse_spec

if TYPE_CHECKING:
    from derive.diagnose.correct import Recheck


def check_claim(
    claim: Claim, settings: Settings | None = None, progress: Progress | None = None
) -> ClaimResult:
    """Decide one claim. Bad input gives an ERROR result naming the offending LaTeX."""
    return _decided(claim, settings or Settings(), progress or _ignore, warn=False)


def check_linted(claim: Claim, settings: Settings, progress: Progress | None = None) -> ClaimResult:
    """`check_claim` with the claim's notation warnings (derive/lint/), taken from the same
    reading, on the result and on every partial result, so that a claim stopped by its time
    budget keeps them too."""
    return _decided(claim, settings, progress or _ignore, warn=True)


def _ignore(result: ClaimResult) -> None:
    """No partial results wanted."""


def _decided(
    claim: Claim,
    settings: Settings,
    progress: Progress,
    *,
    warn: bool,
    parent: Prepared | None = None,
) -> ClaimResult:
    warnings: tuple[Notice, ...] = ()
    if claim.code is not None:
        from derive.checks.code import check_code

        # the code check reads its quantities itself; its claim text is what the code
        # implements, which lint reads on its own
        warnings = lint(claim) if warn else ()
        result = check_code(claim, settings)
        return replace(result, warnings=warnings) if warn else result
    prepared: Prepared | None = None
    links: list[Link] = []

    def report(partial: ClaimResult) -> None:
        progress(replace(partial, warnings=warnings) if warn else partial)

    try:
        prepared = prepare(claim, settings.seed, parent=parent)
        if warn:
            warnings = notices(prepared.notation, prepared.model.definitions, prepared.statement)
        links = links_of(prepared.statement)
        found = _check(prepared, links, settings, report)
        result = _explained(prepared, found, settings) if isinstance(found, Refutation) else found
    except ShapeMismatch as exc:
        if prepared is not None and len(links) == 1:
            refuted = Refutation(shape_result(claim, exc, ()), links[0], Refuted.SHAPE)
            result = _explained(prepared, refuted, settings)
        else:
            result = shape_result(claim, exc, ())
    except NoSizes as exc:  # readable, but says nothing at any size: no check, no counterexample
        result = ClaimResult(claim, Verdict.UNDECIDED, message=exc.message)
    except DeriveError as exc:
        result = ClaimResult(claim, Verdict.ERROR, message=exc.format_message())
    if result.verdict is Verdict.REFUTED and settings.diagnose and prepared is not None:
        from derive.diagnose.layout import layout_diagnosis

        quiet = replace(settings, diagnose=False)
        result = layout_diagnosis(prepared, result, settings, lambda c: check_claim(c, quiet))
    if prepared is not None and result.sizes and result.verdict is not Verdict.ERROR:
        result = _with_pins(prepared, result)
    return replace(result, warnings=warnings) if warn else result


def _with_pins(p: Prepared, result: ClaimResult) -> ClaimResult:
    """The result, its message saying which layer the writing forced to one unit, and by what
    (`shapes/pins.py`): a verdict at one output unit is never given silently."""
    try:
        notes = p.model.size_model([s.expr for s in p.statement.sides]).notes
    except DeriveError:  # the check read the claim; a model it cannot build has no notes
        return result
    return replace(result, message="; ".join([result.message, *notes])) if notes else result


def _is_update(link: Link, n_links: int, model: Given) -> bool:
    if link.rel is Rel.UPDATE:
        return True
    if link.rel is not Rel.EQ or n_links != 1:
        return False
    target = link.lhs.expr
    if not isinstance(target, sympy.Symbol | sympy.Indexed) or model.defines(target):
        return False
    rhs = link.rhs.expr
    return isinstance(rhs, sympy.Add) and target in rhs.args


def _check(
    p: Prepared, links: list[Link], settings: Settings, progress: Progress
) -> ClaimResult | Refutation:
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
    return check_links(p, links, settings, progress)


def _update_chain(
    p: Prepared, links: list[Link], settings: Settings, progress: Progress
) -> ClaimResult | Refutation:
    """`w \\leftarrow w + \\Delta w = w - \\eta\\frac{\\partial E}{\\partial w}`: the sides after
    the arrow are an identity chain (checked first), and w takes their common value, which must
    be a descent step (the update is checked with the last side)."""
    from derive.checks.update import check_update

    chain = _check(p, links[1:], settings, progress)
    if isinstance(chain, Refutation) or chain.verdict is not Verdict.VERIFIED:
        return chain
    update = check_update(p, Link(0, links[0].lhs, Rel.UPDATE, links[-1].rhs), settings, progress)
    if isinstance(update, Refutation) or update.verdict is not Verdict.VERIFIED:
        return update
    return replace(update, message=f"{chain.message}; the update: {update.message}")


_DECLARE = re.compile(r'declare (\S+) = "([^"]+)"')


def _holds_declared(claim: Claim, missing: Diagnosis, recheck: Recheck) -> bool:
    """Does the claim verify with the declaration the `assumption` diagnosis proposes (at every
    size, not only at the instance where it was found)?"""
    found = _DECLARE.search(missing.detail)
    if found is None:
        return False
    name, word = found.groups()
    try:
        spec = parse_spec(name, word)
    except DeriveError:
        return False
    declared = replace(claim, symbols={**claim.symbols, spec.name: spec})
    return recheck(declared).verdict is Verdict.VERIFIED


def _shape_explained(
    p: Prepared, found: Refutation, settings: Settings, recheck: Recheck
) -> ClaimResult | None:
    """The diagnosis of a shape refutation, or None. The side that does not fit cannot be the
    reference the other is compared with: when the usual choice of the reference side (a
    derivative, else the left side) does not fit, the other side is tried as the reference,
    unless the claim names the side its author asserted."""
    from derive.diagnose import diagnose, roles

    sides = [p]
    if p.claim.asserted is None:  # the usual choice, then the other side (once: not again)
        _, _, stated_is_rhs = roles(found.link)
        other = "left" if stated_is_rhs else "right"
        sides.append(replace(p, claim=replace(p.claim, asserted=other)))
    for option in sides:
        try:
            return diagnose(option, found.link, found.result, settings, recheck)
        except (ShapeMismatch, DeriveError):  # this reference side does not fit, or is not read
            continue
    return None


def _explained(p: Prepared, found: Refutation, settings: Settings) -> ClaimResult:
    """The refutation with its diagnosis and, where one verifies, its correction."""
    result = found.result
    if not settings.diagnose:
        return result
    from derive.diagnose import diagnose
    from derive.diagnose.update import ascent, layer_shift

    quiet = replace(settings, diagnose=False)  # a correction is checked, never diagnosed

    def recheck(claim: Claim) -> ClaimResult:
        return _decided(claim, quiet, _ignore, warn=False, parent=p)

    if found.how is Refuted.AT_POINT:
        explained = diagnose(p, found.link, result, settings, recheck)
        missing = result.diagnosis  # a domain not declared under which the claim holds
        other = explained.diagnosis is None or explained.diagnosis.kind is DiagnosisKind.OTHER
        if missing is not None and other and _holds_declared(p.claim, missing, recheck):
            return result  # no edit of the formula explains it: the missing assumption does
        return explained
    if found.how is Refuted.ASCENT:
        assert found.step is not None
        return ascent(p, found.link, found.step, result, recheck)
    if found.how is Refuted.STEP_SHAPE:
        assert found.step is not None
        return layer_shift(p, found.link, found.step, result, recheck)
    # the two sides have different shapes: refuted (kind shape), unless a simpler explanation
    # (a transpose) is found and verifies
    shape = _shape_explained(p, found, settings, recheck)
    if shape is None:  # no side fits as the reference, or is not read:
        return result  # the shape refutation stands without a diagnosis
    if shape.diagnosis is not None and shape.diagnosis.kind is not DiagnosisKind.OTHER:
        return shape
    return result
