"""Structural edits of a stated side (diagnose/structure.py): each candidate is the side as the
author would have written it with one slip fixed, and names the edit to make in the text."""

from __future__ import annotations

from derive.diagnose import structure
from tests.notation.reading import make_specs, read

MATRICES = {"A": "matrix(n, k)", "B": "matrix(k, m)", "W": "matrix(k, n)", "x": "vector(k)"}
NET = {"sigma": "sigmoid"}


def test_transposed_reverses_a_product_and_undoes_a_transpose() -> None:
    ab, _ = read("A B", MATRICES)
    assert structure.transposed(ab) == read("B^T A^T", MATRICES)[0]
    wt, _ = read("W^T", MATRICES)
    assert structure.transposed(wt) == read("W", MATRICES)[0]
    scalar, _ = read("2 c", MATRICES)
    assert structure.transposed(scalar) == scalar


def test_transposes_remove_or_add_one_transpose() -> None:
    stated, _ = read("W^T x", MATRICES)
    edits = {edit: new for _, new, edit in structure.transposes(stated, make_specs(MATRICES))}
    assert edits[("transpose", "W", "remove")] == read("W x", MATRICES)[0]
    assert edits[("transpose", "x", "add")] == read("W^T x^T", MATRICES)[0]
    assert edits[()] == structure.transposed(stated)  # the whole side transposed


def test_layer_shifts_move_one_name_one_layer() -> None:
    stated, _ = read("w^{[l]}_{jk} a^{[l-1]}_k", NET)
    edits = {edit: new for _, new, edit in structure.layer_shifts(stated, make_specs(NET))}
    assert len(edits) == 4  # each layered name one layer down or up
    shifted = edits[("replace", "a^{[l - 1]}_{k}", "a^{[l]}_{k}")]
    assert shifted == read("w^{[l]}_{jk} a^{[l]}_k", NET)[0]


def test_activation_swaps_put_the_derivative_where_it_belongs() -> None:
    stated, _ = read("\\sigma(z) x", NET)
    ((what, new, edit),) = structure.activation_swaps(stated, make_specs(NET))
    assert what == "the activation is used where its derivative belongs"
    assert new == read("\\sigma'(z) x", NET)[0]
    assert edit == ("prime", "\\sigma")
