"""The head of a chain of relations that is not one of its sides: the opening `&=` of an aligned
row, a first side that names what the chain computes (`J(\\theta) = A = B`, `L = A = B`), and a
conditional probability written before the chain (`p(y=i|x;\\theta) = \\phi_i = ...`)."""

from __future__ import annotations

from collections.abc import Sequence

from derive.errors import LatexError
from derive.notation.dropped import Dropped
from derive.notation.reader import Reader
from derive.notation.tokens import Kind, matching, nesting, tokenize
from derive.specs import GREEK

CONSTANTS = frozenset({"e", "\\pi"})  # never a name a chain defines

Parts = list[tuple[int, int]]


def first_link_definition(r: Reader, given: Sequence[str]) -> str | None:
    """`J(\\theta) = A = B = ...`, `p(y;\\phi) = A = ...`: a chain that opens with a function
    neither declared nor defined, applied to names, defines it by its first link (the only
    reading: its first side names what the chain computes). The LaTeX of that definition, to
    be read with the `given`; None for any other claim (a claim of one relation, `J(\\theta)
    = A`, states nothing to check and stays an error)."""
    try:
        parts, rels = r.split_relations()
    except LatexError:
        return None
    if len(rels) < 2 or rels[0] != "=":
        return None
    (lo, hi), (rlo, rhi) = (trimmed(r, *part) for part in parts[:2])
    if lo >= hi or rlo >= rhi or not r.starts_name(r.tokens[lo]):
        return None
    try:
        atom = r.atom(lo, hi)
    except LatexError:
        return None
    name = atom.name
    if atom.end == hi == lo + 1:  # J = A = B: a bare name
        return _first_link(r, lo, hi, rlo, rhi) if _bare_head(r, name, lo, given) else None
    if (
        atom.primes
        or atom.end >= hi
        or not r.tokens[atom.end].is_char("(")
        or matching(r.tokens, atom.end, r.latex) != hi - 1
        or r.names.spec(name) is not None
        or name in r.defined_functions | r.defined_values
        or not r.names_only(atom.end + 1, hi - 1)
    ):
        return None
    return _first_link(r, lo, hi, rlo, rhi)


def conditional_head(
    r: Reader, parts: Parts, rels: list[str], given: Sequence[str]
) -> tuple[Parts, list[str], tuple[Dropped, ...]]:
    """`p(y=i|x;\\theta) = \\phi_i = ...`: a chain that opens with a probability written
    with a conditional bar, of a one-letter function neither declared nor defined and
    written nowhere else in the claim, names what the chain computes; its first link is its
    definition (as `J(\\theta) = A = B`), so the chain checked is the sides after it, and
    the head is listed as read as nothing. Any other statement is returned as it is."""
    if len(rels) < 2 or rels[0] != "=":
        return parts, rels, ()
    lo, hi = trimmed(r, *parts[0])
    t = r.tokens[lo] if lo < hi else None
    if (
        t is None
        or t.kind is not Kind.LETTER
        or hi - lo < 4
        or not r.tokens[lo + 1].is_char("(")
        or matching(r.tokens, lo + 1, r.latex) != hi - 1
        or r.names.spec(t.text) is not None
        or t.text in r.defined_functions | r.defined_values
        or any(u.text == t.text for k, u in enumerate(r.tokens) if k != lo)
        or _in_given(t.text, given)
        or not _bar_at_top(r, lo + 2, hi - 1)
    ):
        return parts, rels, ()
    a, b = r.tokens[parts[0][0]].start, r.tokens[parts[1][0] - 1].end
    return parts[1:], rels[1:], (Dropped(r.latex[a:b], a, b, "defined by its first link"),)


def aligned_opening(
    r: Reader, parts: Parts, rels: list[str]
) -> tuple[Parts, list[str], tuple[Dropped, ...]]:
    """`&= A \\ &= B`, the rows after the first of an aligned display: the side before the first
    = is not written, so the claim is the chain of the sides written, and the opening `&=` is
    listed as read as nothing. Any other statement is returned as it is."""
    lo, hi = trimmed(r, *parts[0])
    if lo < hi or rels[0] != "=" or len(rels) < 2:
        return parts, rels, ()
    a, b = r.tokens[parts[0][0]].start, r.tokens[parts[1][0] - 1].end
    return parts[1:], rels[1:], (Dropped(r.latex[a:b], a, b, "opening relation"),)


def trimmed(r: Reader, lo: int, hi: int) -> tuple[int, int]:
    """A side without the alignment marks and row breaks around it (`p(y) & = ... \\\\ & = `)."""
    while lo < hi and (r.tokens[lo].is_command("\\\\") or r.tokens[lo].is_char("&")):
        lo += 1
    while hi > lo and (r.tokens[hi - 1].is_command("\\\\") or r.tokens[hi - 1].is_char("&")):
        hi -= 1
    return lo, hi


def _in_given(text: str, given: Sequence[str]) -> bool:
    """Whether a token `text` is written in a definition of `given` (a name the definitions
    use is no name the claim defines)."""
    return any(u.text == text for g in given for u in tokenize(g))


def _bare_head(r: Reader, name: str, at: int, given: Sequence[str]) -> bool:
    """Whether the one-token name at token `at`, the first side of a chain, is one the chain
    defines: a letter or Greek letter neither declared nor defined, no constant (e, \\pi),
    and written nowhere else in the claim (else the chain uses it: `a = b + a - a` is no
    definition)."""
    t = r.tokens[at]
    return (
        (t.kind is Kind.LETTER or (t.kind is Kind.COMMAND and t.text[1:] in GREEK))
        and name not in CONSTANTS
        and r.names.spec(name) is None
        and name not in r.defined_functions | r.defined_values
        and not any(u.text == t.text for k, u in enumerate(r.tokens) if k != at)
        and not _in_given(t.text, given)
    )


def _bar_at_top(r: Reader, lo: int, hi: int) -> bool:
    """Whether tokens lo..hi hold a conditional bar `|` or `\\mid` outside any inner group."""
    depth = 0
    for t in r.tokens[lo:hi]:
        depth += nesting(t)
        if depth == 0 and (t.is_char("|") or t.is_command("\\mid")):
            return True
    return False


def _first_link(r: Reader, lo: int, hi: int, rlo: int, rhi: int) -> str:
    """The LaTeX of a chain's first link, as a definition `head = side`."""
    head = r.latex[r.tokens[lo].start : r.tokens[hi - 1].end]
    return f"{head} = {r.latex[r.tokens[rlo].start : r.tokens[rhi - 1].end]}"
