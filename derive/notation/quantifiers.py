"""A quantifier prefix: `\\forall x \\in (0, 1), ...`, `\\forall x > 0, ...`. The prefix states the
domain of one name for the formula after it; it is read as that name's domain (what a
`[symbols]` declaration `x = "unit"` says), never dropped. A prefix that states anything else
(`x \\ge 0`, `x \\in [0, 1]`, two names) is an error: a domain derive cannot draw from exactly
would check the formula at points the author excluded, or miss the ones they included."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from derive.errors import LatexError
from derive.model import Domain, Macro, SymbolSpec
from derive.notation import usermacros
from derive.notation.normalisation import normalise
from derive.notation.tokens import Kind, Token, nesting, tokenize
from derive.specs import GREEK

# the written domain (its tokens after the name) -> the domain it is
_DOMAINS = {
    ("\\in", "(", "0", ",", "1", ")"): Domain.UNIT,
    ("\\in", "(", "0", ",", "\\infty", ")"): Domain.POSITIVE,
    (">", "0"): Domain.POSITIVE,
    ("\\in", "\\mathbb", "{", "R", "}"): Domain.REAL,
}
_WRITTEN = (
    "`\\forall x \\in (0, 1),`, `\\forall x > 0,` (or `\\in (0, \\infty)`), "
    "`\\forall x \\in \\mathbb{R},`"
)


@dataclasses.dataclass(frozen=True)
class Quantifier:
    name: str  # as the symbol table names it: "x", "\\theta"
    domain: Domain
    end: int  # the index of the first token of the formula after the prefix's comma


def quantifier(tokens: list[Token], latex: str) -> Quantifier | None:
    """The prefix at the start of the (normalised) tokens, or None when there is none."""
    if not tokens or not tokens[0].is_command("\\forall"):
        return None
    depth, comma = 0, -1
    for k, t in enumerate(tokens):
        depth += nesting(t)
        if depth == 0 and t.is_char(","):
            comma = k
            break
    if comma < 0:
        raise LatexError(
            "a quantifier \\forall ... needs a comma before the formula",
            latex,
            tokens[0].start,
            tokens[0].end,
        )
    name = tokens[1] if comma > 1 else None
    plain = name is not None and (
        name.kind is Kind.LETTER or (name.kind is Kind.COMMAND and name.text[1:] in GREEK)
    )
    written = tuple(t.text for t in tokens[2:comma])
    if name is None or not plain or written not in _DOMAINS:
        raise LatexError(
            f"a quantifier prefix is read only as the domain of one name: {_WRITTEN}",
            latex,
            tokens[0].start,
            tokens[comma].start,
        )
    return Quantifier(name.text, _DOMAINS[written], comma + 1)


def quantified_specs(
    specs: Mapping[str, SymbolSpec], latex: str, macros: tuple[Macro, ...] = ()
) -> dict[str, SymbolSpec]:
    """The specs with the domain a claim's quantifier prefix states (unchanged without one). A
    name declared a function, a vector or matrix, or another domain than `real` is an error."""
    out = dict(specs)
    try:
        tokens = normalise(usermacros.expand(tokenize(latex), latex, macros))
        found = quantifier(tokens, latex)
    except LatexError:
        return out  # the reader reports it, with the claim's other errors
    if found is None:
        return out
    spec = out.get(found.name)
    if spec is None:
        out[found.name] = SymbolSpec(found.name, found.domain)
        return out
    if spec.function is not None or spec.shape is not None or spec.layer or spec.sample:
        raise LatexError(
            f"the quantifier states a domain of {found.name}, which is declared as something "
            "else than a number",
            latex,
            tokens[0].start,
            tokens[found.end - 1].start,
        )
    if spec.domain not in (Domain.REAL, found.domain):
        raise LatexError(
            f"the quantifier states {found.name} in {found.domain.value}, but it is declared "
            f"{spec.domain.value}",
            latex,
            tokens[0].start,
            tokens[found.end - 1].start,
        )
    out[found.name] = dataclasses.replace(spec, domain=found.domain)
    return out
