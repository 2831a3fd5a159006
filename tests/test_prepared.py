"""A claim read once (derive/prepared.py): its chain split into links, its own seed, and a
`given` read again with the shapes its definitions give."""

from __future__ import annotations

import pytest
import sympy

from derive import Claim, check_claim, engine
from derive.errors import DeriveError, LatexError
from derive.notation.statements import Rel
from derive.prepared import (
    Prepared,
    claim_seed,
    concrete,
    is_bound,
    links_of,
    prepare,
    read_given,
    share_instances,
)
from derive.settings import Settings
from tests.conftest import make_claim


def test_a_chain_is_links_and_a_join_links_nothing() -> None:
    p = prepare(make_claim("a = b \\le c, \\quad d = e"))
    links = links_of(p.statement)
    assert [(k.index, k.latex) for k in links] == [(0, "a = b"), (1, "b \\le c"), (3, "d = e")]
    assert [is_bound(k.rel) for k in links] == [False, True, False]
    assert p.statement.relations[2] is Rel.AND


def test_an_update_link_is_written_with_a_left_arrow() -> None:
    (link,) = links_of(prepare(make_claim("w := w - \\eta g")).statement)
    assert link.rel is Rel.UPDATE and link.latex.startswith("w \\leftarrow ")


def test_the_seed_is_the_claims_own_and_follows_the_run_seed() -> None:
    a, b = make_claim("x = x", claim_id="a"), make_claim("x = x", claim_id="b")
    assert claim_seed(a) == claim_seed(a) != claim_seed(b)
    assert claim_seed(a, 2) != claim_seed(a)
    assert prepare(a, 2).seed == claim_seed(a, 2)


def test_a_name_defined_by_a_vector_is_read_as_one() -> None:
    claim = make_claim(
        "J = r^T r",
        given=("r = X\\theta - y",),
        symbols={"X": "matrix(m, 2)", "\\theta": "vector(2)", "y": "vector(m)"},
    )
    notation, _ = read_given(claim)
    assert notation.names.specs["r"].shape is not None  # r took the shape of X theta - y


def test_an_unreadable_given_names_itself() -> None:
    with pytest.raises(DeriveError, match=r"in given 'L = \\\\foo"):
        read_given(make_claim("L = 1", given=("L = \\foo{x}",)))


@pytest.mark.parametrize(
    ("latex", "given", "caret"),
    [
        # the claim's groups do not pair: its own caret, though its definition cannot be read
        pytest.param(
            "w := w - a{((f(v) - 1) v}", ("f(u) = \\foo{u}",), "((f(v) - 1) v}", id="paren"
        ),
        pytest.param("L = [p + q", ("L = \\foo{x}",), "[", id="bracket"),
    ],
)
def test_a_malformed_claim_is_reported_before_its_given(
    latex: str, given: tuple[str, ...], caret: str
) -> None:
    with pytest.raises(LatexError) as info:
        prepare(make_claim(latex, given=given))
    assert info.value.latex == latex and info.value.fragment == caret


@pytest.mark.parametrize(
    ("latex", "head"),
    [
        ("q(s;c) = (s - c)^2 = s^2 - 2sc + c^2", "q(s;c) = (s - c)^2"),
        (  # an aligned chain: the alignment marks and row breaks are not part of the link
            "\\begin{aligned} Q(u) & = 2u(u+1) \\\\ & = 2u^2 + 2u \\end{aligned}",
            "Q(u) = 2u(u+1)",
        ),
    ],
)
def test_a_chain_opening_with_an_undeclared_function_defines_it(latex: str, head: str) -> None:
    p = prepare(make_claim(latex))
    assert p.claim.given[-1] == head  # the first link, read as a definition
    name = head[0]
    assert name in p.model.functions
    assert len(links_of(p.statement)) == 2  # every link is still checked


@pytest.mark.parametrize(
    ("latex", "symbols", "given"),
    [
        ("q(s) = s^2 = s s", {"q": "function"}, ()),  # declared: a claim about q
        ("q(s) = s^2 = s s", {}, ("q(s) = s^2",)),  # defined in given
        ("q(s + 1) = s^2 = s s", {"q": "function"}, ()),  # not a list of names
    ],
)
def test_other_chain_heads_define_nothing(
    latex: str, symbols: dict[str, str], given: tuple[str, ...]
) -> None:
    claim = make_claim(latex, symbols=symbols, given=given)
    assert prepare(claim).claim.given == claim.given


@pytest.mark.parametrize(
    ("latex", "head"),
    [
        ("Q = (u + 1)^2 = u^2 + 2u + 1", "Q = (u + 1)^2"),
        ("\\ell = \\ln(u v) = \\ln u + \\ln v", "\\ell = \\ln(u v)"),
    ],
)
def test_a_chain_opening_with_an_undeclared_bare_name_defines_it(latex: str, head: str) -> None:
    p = prepare(make_claim(latex))
    assert p.claim.given[-1] == head and p.head == head.split(" ")[0]
    assert len(links_of(p.statement)) == 2  # every link is still checked


@pytest.mark.parametrize(
    ("latex", "symbols", "given"),
    [
        ("Q = u^2", {}, ()),  # one relation: a statement about Q
        ("Q = u^2 = u u", {"Q": "real"}, ()),  # declared
        ("Q = u^2 = u u", {}, ("Q = u^2",)),  # defined in given
        ("Q = u^2 = u u", {}, ("r = Q + u",)),  # used by a definition
        ("Q = u + Q - Q = u", {}, ()),  # written again in the chain: not its definition
        ("e = u^2 = u u", {}, ()),  # a constant
        ("Q_i = u_i^2 = u_i u_i", {}, ()),  # not a bare name
        ("Q \\le u^2 = u u", {}, ()),  # not an equality
    ],
)
def test_other_bare_chain_heads_define_nothing(
    latex: str, symbols: dict[str, str], given: tuple[str, ...]
) -> None:
    claim = make_claim(latex, symbols=symbols, given=given)
    p = prepare(claim)
    assert p.claim.given == claim.given and p.head == ""


def test_an_undeclared_function_of_one_relation_is_still_an_error() -> None:
    with pytest.raises(DeriveError, match="q is not declared or defined"):
        prepare(make_claim("q(s) = s^2"))  # a definition alone: nothing to check


@pytest.mark.parametrize(
    ("latex", "given", "words"),
    [
        # p is the softmax of z, written as one number; p_k would be free, dL/dz_k = 0
        pytest.param(
            "\\frac{\\partial L}{\\partial z_k} = p_k - y_k",
            ("\\mathbf{p} = \\text{softmax}(\\mathbf{z})", "L = -\\sum_{k=1}^{K} y_k \\log p_k"),
            "defines p as one number, without an index, but p_{k} is written with one",
            id="softmax-entries",
        ),
        pytest.param(
            "p_k = \\frac{e^{z_k}}{\\sum_{j=1}^{K} e^{z_j}}",
            ("p = \\text{softmax}(z)",),
            "defines p as one number, without an index, but p_{k} is written with one",
            id="restated-entry",
        ),
    ],
)
def test_entries_of_a_name_defined_as_one_number_are_an_error(
    latex: str, given: tuple[str, ...], words: str
) -> None:
    with pytest.raises(DeriveError, match="one number") as info:
        prepare(make_claim(latex, given=given))
    assert words in info.value.message


@pytest.mark.parametrize(
    ("latex", "given"),
    [
        # the claim differentiates by the entries: they are its own variables
        pytest.param(
            "\\frac{d}{dz_i} \\ln(1 + e^{-z_i}) = -\\frac{1}{1 + e^{z_i}}",
            ("z = w_1 x_1 + w_2 x_2 + b",),
            id="derivative-by-the-entries",
        ),
        # y = 0 is an example value, not a relation to other names
        pytest.param("y_i (1 - y_i) = y_i - y_i^2", ("y = 0",), id="example-value"),
        # the total of the per-sample L_i
        pytest.param(
            "\\frac{\\partial L}{\\partial w} = \\frac{1}{n}\\sum_{i=1}^{n} "
            "\\frac{\\partial L_i}{\\partial w}",
            ("L = \\frac{1}{n}\\sum_{i=1}^{n} L_i",),
            id="total-of-entries",
        ),
    ],
)
def test_entries_the_definition_does_not_decide_are_read(
    latex: str, given: tuple[str, ...]
) -> None:
    p = prepare(make_claim(latex, given=given))
    assert p.statement.sides  # read, with the entries as the claim's own names


def test_a_derivative_by_a_name_defined_as_a_function_is_an_error() -> None:
    # m(x) = -x makes a bare m the value m(x); by the name m, dt/dm was 0 (a false refutation)
    with pytest.raises(LatexError) as info:
        prepare(make_claim("\\frac{dt}{dm} = e^{m}", given=("m(x) = -x", "t = e^{m}")))
    assert "a derivative by m, which is defined as a function" in info.value.message
    assert info.value.fragment == "m"


# --- a correction re-checked with the instances its check built (share_instances) ----------

MSE = ("L = \\frac{1}{n}\\sum_{j=1}^{n} (w x_j - y_j)^2",)
STATED = "\\frac{\\partial L}{\\partial w} = \\frac{1}{n}\\sum_{j=1}^{n} (w x_j - y_j) x_j"
CORRECTED = "\\frac{\\partial L}{\\partial w} = \\frac{2}{n}\\sum_{j=1}^{n} (w x_j - y_j) x_j"


def instantiated(p: Prepared) -> list[sympy.Basic]:
    """Every side of p at every instance of its check."""
    exprs = [s.expr for s in p.statement.sides]
    return [
        concrete(p, e, {**env, **dict(idx)})
        for env, idx in p.model.instances(exprs, Settings().plan, p.seed)
        for e in exprs
    ]


def test_a_correction_reuses_what_its_check_instantiated() -> None:
    parent = prepare(make_claim(STATED, given=MSE))
    instantiated(parent)
    child = prepare(make_claim(CORRECTED, given=MSE, claim_id="t/correction"), parent=parent)
    assert child.names is parent.names  # one reading: the elements made know their origins
    assert child.concrete_memo is parent.concrete_memo
    fresh = prepare(make_claim(CORRECTED, given=MSE, claim_id="t/correction"))
    assert instantiated(child) == instantiated(fresh)
    for x in instantiated(child)[0].free_symbols:
        assert child.names.origin(x) == fresh.names.origin(x)


@pytest.mark.parametrize(
    ("latex", "given", "symbols", "same_reading"),
    [
        pytest.param(
            CORRECTED,
            ("L = \\frac{1}{n}\\sum_{j=1}^{n} (w x_j + y_j)^2",),
            {},
            False,
            id="given",
        ),
        pytest.param(CORRECTED, MSE, {"w": "positive"}, False, id="symbols"),
        pytest.param("\\forall w > 0,\\ " + CORRECTED, MSE, {}, False, id="quantifier"),
        # a size the stated side did not name: unrolled with other size names
        pytest.param(
            "\\frac{\\partial L}{\\partial w} = \\frac{2}{n}\\sum_{j=1}^{m} (w x_j - y_j) x_j",
            MSE,
            {},
            True,
            id="bounds",
        ),
    ],
)
def test_a_claim_read_or_unrolled_otherwise_reuses_nothing(
    latex: str, given: tuple[str, ...], symbols: dict[str, str], same_reading: bool
) -> None:
    parent = prepare(make_claim(STATED, given=MSE))
    instantiated(parent)
    claim = make_claim(latex, given=given, symbols=symbols, claim_id="t/correction")
    child = prepare(claim, parent=parent)
    assert (child.names is parent.names) is same_reading
    assert child.concrete_memo is not parent.concrete_memo
    assert not share_instances(child, parent)


def test_a_diagnosis_gives_the_same_result_with_and_without_reuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = make_claim(STATED, given=MSE)
    shared = check_claim(claim)
    assert shared.correction is not None and "\\frac{2}{n}" in shared.correction

    def alone(claim: Claim, seed: int = 1, *, parent: Prepared | None = None) -> Prepared:
        return prepare(claim, seed)

    monkeypatch.setattr(engine, "prepare", alone)
    assert check_claim(claim) == shared


def test_a_correction_keeps_the_domains_of_the_elements_it_reuses() -> None:
    # H in (0, 1): the points of the re-check put H_1 in (0, 1) though the check made H_1
    # (it was refuted by sampling H_1 as a real, every point outside the logs' domain)
    loss = "-\\frac{1}{n}\\sum_{j=%s}^{n}\\left(y_j\\log H_j + (1-y_j)\\log(1-H_j)\\right)"
    claim = make_claim(
        "L = " + loss % "0",
        given=("L = " + loss % "1",),
        symbols={"H": "unit", "y": "binary", "n": "count"},
    )
    result = check_claim(claim)
    assert result.correction == "L = " + loss % "1"
