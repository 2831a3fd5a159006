"""The loss an update descends (derive/checks/loss.py): a function whose derivative `given`
names, a function defined in entries (`J(\\theta_0, \\theta_1)`); what decided is checked
through the update's verdict and its diagnosis."""

from __future__ import annotations

from derive import DiagnosisKind, Verdict
from tests.conftest import check

# a loss defined as a function of entries, J(\theta_0, \theta_1) = ... (Ng's notes write it so)
ENTRY_LOSS = (
    "g_\\theta(u) = \\theta_0 + \\theta_1 u",
    "J(\\theta_0, \\theta_1) = \\frac{1}{2n}\\sum_{k=1}^{n}(g_\\theta(u^{(k)}) - v^{(k)})^2",
)


def test_loss_given_as_a_function() -> None:
    given = ("f(x) = \\frac{x^2}{10} + \\sin x", "g(x) = f'(x)")
    assert check("x \\leftarrow x - 0.4 g(x)", given=given).verdict is Verdict.VERIFIED
    ascent = check("x \\leftarrow x + 0.4 g(x)", given=given)
    assert ascent.verdict is Verdict.REFUTED
    assert ascent.diagnosis is not None and ascent.diagnosis.kind is DiagnosisKind.DIRECTION


def test_loss_defined_as_a_function_of_entries() -> None:
    step = "\\frac{\\eta}{n}\\sum_{k=1}^{n}(g_\\theta(u^{(k)}) - v^{(k)})u^{(k)}"
    r = check(f"\\theta_1 := \\theta_1 - {step}", given=ENTRY_LOSS)
    assert r.verdict is Verdict.VERIFIED, r.message
    ascent = check(f"\\theta_1 := \\theta_1 + {step}", given=ENTRY_LOSS)
    assert ascent.verdict is Verdict.REFUTED
    assert ascent.diagnosis is not None and ascent.diagnosis.kind is DiagnosisKind.DIRECTION
    # the step of the other entry is not this one's
    wrong = check(f"\\theta_0 := \\theta_0 - {step}", given=ENTRY_LOSS)
    assert wrong.verdict is Verdict.REFUTED
