"""The correction of a diagnosed link: the author's LaTeX with the diagnosed edits made where the
author wrote them, so that the difference from the original is the error.

An `Edit` found by the search carries a `hint`: how the same change is made in the text (flip the
sign of the written side, change the written coefficient, add or remove a `T`, write `\\sigma'`
where `\\sigma` stood, change a sum's written limit, exchange two index letters). Each text
candidate is read back and checked as a new claim; the first that verifies is the correction.
Only when no edit of the text applies is the derived expression printed, in the author's style
(`\\frac{1}{n}\\sum ...` rather than `\\frac{\\sum ...}{n}`). A correction that restates the
reference side (a tautology) is never given: the search skips such edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import sympy

from derive.model import Claim, ClaimResult, DiagnosisKind, SymbolSpec, Verdict
from derive.notation import edits as text_edits
from derive.notation.printer import to_latex
from derive.notation.statements import Rel
from derive.prepared import Link, Prepared

MAX_TEXT_CANDIDATES = 6  # text corrections checked per explanation

# checks a corrected claim (without diagnosing it): the engine passes it to the diagnosis
Recheck = Callable[[Claim], ClaimResult]


@dataclass(frozen=True)
class Edit:
    """One change of the stated side: its kind, what it says, the side after it."""

    kind: DiagnosisKind
    detail: str
    expr: sympy.Expr
    multiple: sympy.Expr | None = None  # the edit is `multiple` times the stated side
    # how to make the same edit in the author's LaTeX: a tag and its text arguments, e.g.
    # ("transpose", "a^{[2]}", "add"); empty when no edit of the text applies
    hint: tuple[str, ...] = ()


def rewrites(edit: Edit, text: str) -> list[str]:
    """The author's side `text` with `edit` made in the text (candidates, most natural first)."""
    tag, *args = edit.hint or ("",)
    if tag == "sign":
        return text_edits.negated(text)
    if tag == "factor" and edit.multiple is not None:
        multiple = edit.multiple
        return text_edits.rescaled(text, lambda n, d, names: _coefficient(multiple, n, d, names))
    if tag == "transpose":
        return text_edits.transposed_factor(text, args[0], args[1] == "add")
    if tag == "prime":
        return [t for f in args for t in text_edits.primed_calls(text, f)]
    if tag == "unprime":
        return [t for f in args for t in text_edits.unprimed_calls(text, f)]
    if tag == "limit":
        return text_edits.sum_limit(text, *args)
    if tag == "swap":
        return text_edits.swapped_letters(text, args[0], args[1])
    if tag == "replace":  # one name, or several pairs at once (the same slip at each)
        return _replaced(text, list(zip(args[::2], args[1::2], strict=True)))
    if tag == "norm":  # \\|\\hat{w}\\| -> \\|w\\|, in any spelling of the norm
        return text_edits.renormed(text, args[0], args[1])
    if tag == "unroot":
        return text_edits.unrooted(text)
    if tag == "unsum":
        return text_edits.unsummed(text, args[0])
    if tag == "term-sign":
        return text_edits.flipped_operator(text, args[0])
    if tag == "index-name":  # `H_j` rather than the printed `H_{j}`
        short = re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", args[1])
        news = dict.fromkeys([short, args[1]])
        return [t for new in news for t in text_edits.indexed_name(text, args[0], new)]
    if tag == "drop":
        return [t for old, _ in _spellings(args[0], "") for t in text_edits.dropped_term(text, old)]
    if tag == "append":
        (term,) = args
        return [f"{text} {term}" if term.startswith("-") else f"{text} + {term}"]
    return []


def _replaced(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    """Each (old, new) made in the text: one pair in each spelling of old that is written;
    several in the first spelling of each that is written."""
    if len(pairs) == 1:
        return [text.replace(old, new) for old, new in _spellings(*pairs[0]) if old in text]
    for pair in pairs:
        found = [(old, new) for old, new in _spellings(*pair) if old in text]
        if not found:
            return []
        text = text.replace(*found[0])
    return [text]


def _spellings(old: str, new: str) -> list[tuple[str, str]]:
    """A name as printed (`a^{[1]}_{k}`) and as an author may write it (`a^{[1]}_k`), each with
    the replacement in the same spelling."""

    def short(text: str) -> str:
        return re.sub(r"([_^])\{([A-Za-z0-9])\}", r"\1\2", text)

    def tight(text: str) -> str:  # `^{[l + 1]}` as `^{[l+1]}`
        return re.sub(r"\[[^\]]*\]", lambda m: m.group(0).replace(" ", ""), text)

    pairs = [(old, new), (short(old), short(new)), (tight(old), tight(new))]
    pairs.append((short(tight(old)), short(tight(new))))
    return list(dict.fromkeys(pairs))


def _coefficient(multiple: sympy.Expr, num: str, den: str, names: str) -> str | None:
    """The LaTeX of multiple times the written coefficient num / den * names ('' for 1)."""
    by_name = {s.name: s for s in multiple.free_symbols if isinstance(s, sympy.Symbol)}
    if any(letter not in by_name for letter in names):
        return None  # a name after the number is a variable (4x), not part of the coefficient
    try:
        old = _product(num, by_name) / _product(den, by_name) * _product(names, by_name)
    except ValueError:
        return None
    new = sympy.factor(multiple * old)
    if new == 1:
        return ""
    if new == -1:
        return "-"
    sign = "-" if new.could_extract_minus_sign() else ""
    p, q = sympy.fraction(-new if sign else new)
    if not (p.is_number or p.is_Symbol or p.is_Mul) or not (q.is_number or q.is_Mul or q.is_Symbol):
        return None
    body = sympy.latex(p) if q == 1 else f"\\frac{{{sympy.latex(p)}}}{{{sympy.latex(q)}}}"
    return sign + body


def _product(text: str, by_name: dict[str, sympy.Symbol]) -> sympy.Expr:
    """A written product of whole numbers and one-letter names (`2`, `2m`, `2 m`, `-1`)."""
    text = text.replace(" ", "").replace("*", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    if not re.fullmatch(r"\d*[A-Za-z]*", text):
        raise ValueError(text)
    digits = re.match(r"\d*", text)
    assert digits is not None
    out: sympy.Expr = sympy.Integer(int(digits.group(0) or "1") * sign)
    for letter in text[digits.end() :]:
        out *= by_name.get(letter, sympy.Symbol(letter))
    return out


def corrected_claim(
    p: Prepared, link: Link, edits: list[Edit], stated_is_rhs: bool, recheck: Recheck
) -> str | None:
    """The LaTeX of the corrected link, if the corrected claim verifies when read back: first the
    author's text with the edits made in it, then the derived expression."""
    rel = link.rel.value if link.rel is not Rel.UPDATE else "\\leftarrow"
    written = link.rhs.latex if stated_is_rhs else link.lhs.latex
    reference = link.lhs.latex if stated_is_rhs else link.rhs.latex
    candidates = [written]
    for edit in edits:
        candidates = [r for c in candidates for r in rewrites(edit, c)][:MAX_TEXT_CANDIDATES]
    derived = author_style(edits[-1].expr, p.claim.symbols)
    for side in [*candidates, derived]:
        if _squash(side) == _squash(reference):
            continue  # never a tautology
        corrected = f"{reference} {rel} {side}" if stated_is_rhs else f"{side} {rel} {reference}"
        claim = replace(p.claim, id=p.claim.id + "/correction", latex=corrected)
        if recheck(claim).verdict is Verdict.VERIFIED:
            return corrected
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+|\\[,;!]", "", text)


def author_style(expr: sympy.Expr, specs: Mapping[str, SymbolSpec]) -> str:
    """A derived side printed as a course writes it: a coefficient of numbers and sizes in front
    (`\\frac{1}{n}\\sum ...`, `2 (H - y)`), the rest as SymPy's printer gives it."""
    if isinstance(expr, sympy.Mul) and expr.is_commutative:
        coefficient = [a for a in expr.args if _is_coefficient(a)]
        rest = [a for a in expr.args if not _is_coefficient(a)]
        if coefficient and rest:
            c = sympy.Mul(*coefficient)
            body = to_latex(sympy.Mul(*rest), specs)
            if len(rest) == 1 and isinstance(rest[0], sympy.Add):
                body = f"\\left({body}\\right)"
            shown = _coefficient(c, "1", "1", "")
            if shown is not None:
                return f"{shown} {body}".strip() if shown not in ("", "-") else shown + body
    return to_latex(expr, specs)


def _is_coefficient(factor: sympy.Expr) -> bool:
    """A number, or a power of a plain name with an integer exponent (1/n, 2m)."""
    if factor.is_number:
        return True
    base, exp = factor.as_base_exp()
    return isinstance(base, sympy.Symbol) and bool(exp.is_integer) and bool(base.is_integer)
