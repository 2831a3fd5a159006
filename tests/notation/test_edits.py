"""Edits of the author's LaTeX as text (derive/notation/edits.py): each candidate is the written
side with one change, where the author wrote it; whether it is right is decided elsewhere."""

from __future__ import annotations

from derive.notation import edits


def test_top_level_ops_skip_signs_and_brackets() -> None:
    text = "-a + (b - c) - x_{-1}"
    assert [text[i] for i in edits.top_level_ops(text)] == ["+", "-"]


def test_negated_exchanges_a_written_difference() -> None:
    assert edits.negated("(y - \\hat{y}) x")[0] == "(\\hat{y} - y) x"
    assert edits.negated("y*\\frac{1}{H}-(1-y)*\\frac{1}{1-H}")[0] == (
        "(1-y)*\\frac{1}{1-H} - y*\\frac{1}{H}"
    )
    assert edits.negated("-\\frac{1}{n}\\sum_{j} x_j")[0] == "\\frac{1}{n}\\sum_{j} x_j"
    assert edits.negated("a b") == ["-a b"]


def test_negated_keeps_sizing_brackets() -> None:
    side = "\\frac{1}{n}\\sum_{j}\\Bigl((y_j-H_j)*x_{j}\\Bigr)"
    assert edits.negated(side)[0] == "\\frac{1}{n}\\sum_{j}\\Bigl((H_j - y_j)*x_{j}\\Bigr)"


def test_rescaled_changes_the_written_coefficient() -> None:
    def half(num: str, den: str, names: str) -> str | None:
        assert (num, den) in {("2", "n"), ("1", "1")}
        return "\\frac{1}{n}" if den == "n" else "\\frac{1}{2}"

    assert edits.rescaled("\\frac{2}{n}\\sum_{j}x_j", half)[0] == "\\frac{1}{n}\\sum_{j}x_j"
    assert edits.rescaled("H-y", lambda n, d, k: "2") == ["2(H-y)"]
    assert edits.rescaled("2(\\hat{y}-y)", lambda n, d, k: "") == ["\\hat{y}-y"]


def test_rescaled_edits_a_fraction_inside_a_product() -> None:
    got = edits.rescaled("\\lambda\\frac{1}{n}\\sum_{j}|w_j|", lambda n, d, k: "")
    assert got[0] == "\\lambda\\sum_{j}|w_j|"


def test_flipped_step_turns_plus_eta_into_minus_eta() -> None:
    assert edits.flipped_step("w_i+\\eta*\\frac{2}{n}\\sum_j g_j") == [
        "w_i-\\eta*\\frac{2}{n}\\sum_j g_j"
    ]
    assert edits.flipped_step("-w") == []


def test_transposed_factor_adds_or_removes_the_t() -> None:
    assert edits.transposed_factor("\\delta^{[3]} a^{[2]}", "a^{[2]}", add=True) == [
        "\\delta^{[3]} a^{[2]T}"
    ]
    assert edits.transposed_factor("W^T x", "W", add=False) == ["W x"]
    assert edits.transposed_factor("\\delta a^{[2]T}", "a^{[2]}", add=False) == ["\\delta a^{[2]}"]


def test_primes_and_limits_and_letters() -> None:
    assert edits.primed_calls("\\sigma(z) w", "\\sigma") == ["\\sigma'(z) w"]
    assert edits.primed_calls("f(x) g(f(y))", "f") == [
        "f'(x) g(f(y))",
        "f(x) g(f'(y))",
        "f'(x) g(f'(y))",
    ]
    assert edits.unprimed_calls("\\sigma'(z)", "\\sigma") == ["\\sigma(z)"]
    assert edits.sum_limit("\\sum_{j=0}^n x_j", "j", "start", "0", "1") == ["\\sum_{j=1}^n x_j"]
    assert edits.sum_limit("\\sum_{j=1}^{n} x_j", "j", "end", "n", "n - 1") == [
        "\\sum_{j=1}^{n - 1} x_j"
    ]
    assert edits.swapped_letters("w_{jk} a_k", "j", "k") == ["w_{kj} a_j"]


def test_unrooted_removes_one_square_root() -> None:
    assert edits.unrooted("L + \\eta\\sqrt{\\sum_{j=1}^{n} w_j^2}") == [
        "L + \\eta\\sum_{j=1}^{n} w_j^2"
    ]
    assert edits.unrooted("2\\sqrt{a + b}") == ["2(a + b)"]
    assert edits.unrooted("\\sqrt{a + b}") == ["a + b"]


def test_unsummed_removes_the_written_sum_over_one_letter() -> None:
    assert edits.unsummed("\\sum_k w_{kj} \\sigma'(z_j)", "k") == ["w_{kj} \\sigma'(z_j)"]
    side = "-\\frac{1}{n}\\sum_{j=0}^n\\Bigl(a*b\\Bigr)"
    assert edits.unsummed(side, "j") == ["-\\frac{1}{n}\\Bigl(a*b\\Bigr)"]
    assert edits.unsummed("\\sum_{kj} x", "k") == []  # not a sum over k alone


def test_flipped_operator_prefers_the_operator_before_the_term() -> None:
    side = "(\\hat{y}-y)\\hat{y}(1+\\hat{y})"
    assert edits.flipped_operator(side, "\\hat{y}")[0] == "(\\hat{y}-y)\\hat{y}(1-\\hat{y})"
    assert edits.flipped_operator("-a + b", "b") == ["-a - b"]  # a leading sign is no operator


def test_indexed_name_adds_the_missing_index() -> None:
    side = "H_j*(1-H)*x_{ji}"
    assert edits.indexed_name(side, "H", "H_j") == ["H_j*(1-H_j)*x_{ji}"]
    assert edits.indexed_name("H + \\hat{H} + HH", "H", "H_j") == ["H_j + \\hat{H} + HH"]


def test_sum_limit_reads_a_printed_limit_in_the_written_spelling() -> None:
    side = "\\sqrt{\\sum_{k=1}^{n+1}\\hat{w}_k^2}"
    assert edits.sum_limit(side, "k", "end", "n + 1", "n") == [
        "\\sqrt{\\sum_{k=1}^{n}\\hat{w}_k^2}"
    ]


def test_renormed_finds_a_norm_in_any_spelling_and_keeps_its_font() -> None:
    # the merged distance of converted slides: `\left\|` ... a line break ... `\right\|`
    side = "\\frac{|\\hat{\\boldsymbol{w}}^T x|}{\\left\\|\\hat{\\boldsymbol{w}} \n\\right\\|}"
    assert edits.renormed(side, "\\hat{w}", "w") == [
        "\\frac{|\\hat{\\boldsymbol{w}}^T x|}{\\left\\|\\boldsymbol{w}\\right\\|}"
    ]
    both = "\\frac{a}{\\|\\theta\\|} + \\| \\theta \\|^2"
    assert edits.renormed(both, "\\theta", "w") == [  # all at once first, then each alone
        "\\frac{a}{\\|w\\|} + \\|w\\|^2",
        "\\frac{a}{\\|w\\|} + \\| \\theta \\|^2",
        "\\frac{a}{\\|\\theta\\|} + \\|w\\|^2",
    ]
    assert edits.renormed("\\frac{a}{\\|w\\|}", "\\theta", "w") == []  # no norm of \theta
