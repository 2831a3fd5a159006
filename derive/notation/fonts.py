"""Old-style font switches, read as the font commands they stand for.

Plain TeX and older LaTeX notes switch fonts inside a group: `{\\cal C}`, `{\\bf x}_i`,
`x^{\\rm T}`. A switch applies from where it is written to the end of its group, so
`{\\cal C}` is exactly `\\mathcal{C}` and `{\\bf x}` is `\\mathbf{x}`: the switch and what
follows it up to the group's end become the argument of the font command, and the group's braces,
which only delimited the switch, are dropped when the switch opens the group (they are kept
when the group is an argument: `\\frac{\\cal C}{2}`, `x^{\\rm T}`). The font commands
then mean what they always mean (docs/notation.md): `\\mathcal{C}` is a name of its own, distinct
from `C`; `\\mathbf{x}` is the name x; `\\mathrm{T}` in a superscript is the transpose.
"""

from __future__ import annotations

from derive.notation.tokens import Kind, Token, text_content

SWITCHES = {
    "\\cal": "\\mathcal",
    "\\bf": "\\mathbf",
    "\\rm": "\\mathrm",
    "\\it": "\\mathit",
    "\\sf": "\\mathsf",
    "\\tt": "\\mathtt",
}


def old_fonts(tokens: list[Token]) -> list[Token]:
    """Rewrite each `{\\cal ...}` (any switch of SWITCHES) as `\\mathcal{...}`."""
    k = next((k for k, t in enumerate(tokens) if t.is_command(*SWITCHES)), -1)
    if k < 0:
        return tokens
    switch = tokens[k]
    end = _group_end(tokens, k + 1)
    opens = (
        k > 0 and tokens[k - 1].is_char("{") and end < len(tokens) and not _argument(tokens, k - 1)
    )
    # the font command stands where `{\cal` is written, its closing brace on the group's `}`
    # (so a caret covers what is written, and nothing written is reported as dropped)
    first = tokens[k - 1].start if opens else switch.start
    last = tokens[end - 1].end if end > k + 1 else switch.end
    close = (tokens[end].start, tokens[end].end) if opens else (last, last)
    inner = [
        Token(Kind.COMMAND, SWITCHES[switch.text], first, switch.end),
        Token(Kind.CHAR, "{", switch.end, switch.end),
        *old_fonts(tokens[k + 1 : end]),
        Token(Kind.CHAR, "}", *close),
    ]
    if opens:  # {\cal C}: the braces only scoped the switch (not \frac{\cal C}{2}, x^{\rm T})
        return [*tokens[: k - 1], *inner, *old_fonts(tokens[end + 1 :])]
    return [*tokens[:k], *inner, *old_fonts(tokens[end:])]


def _argument(tokens: list[Token], k: int) -> bool:
    """Whether the group opened at tokens[k] is an argument (of a command, a script, or the
    second argument of \\frac after its first `{...}`): its braces are kept. A group after a
    script's group (`\\delta^{[l]}{\\bf a}`) only scopes the switch."""
    before = tokens[k - 1] if k > 0 else None
    if before is None:
        return False
    if before.kind is Kind.COMMAND or before.is_char("^", "_"):
        return True
    if not before.is_char("}"):
        return False
    depth = 0
    for m in range(k - 1, -1, -1):  # the group before: the first argument of a command?
        depth += tokens[m].is_char("}") - tokens[m].is_char("{")
        if depth == 0:
            return m > 0 and tokens[m - 1].kind is Kind.COMMAND
    return False


def _group_end(tokens: list[Token], k: int) -> int:
    """The index of the `}` closing the group that holds tokens[k] (len(tokens) at top level)."""
    depth = 0
    for m in range(k, len(tokens)):
        if tokens[m].is_char("{"):
            depth += 1
        elif tokens[m].is_char("}"):
            if depth == 0:
                return m
            depth -= 1
    return len(tokens)


# the fonts an author sets the differential's d in: `\mathrm{d}`, `\mathrm d`, `\mathit{d}`,
# `\operatorname{d}`; and `\text{d}`, `\textrm{d}` outside a script (a label there)
D_FONTS = frozenset({"\\mathrm", "\\mathit", "\\operatorname"})


def upright_d(tokens: list[Token]) -> list[Token]:
    """`\\mathrm{d}` (and `{\\rm d}`, rewritten to it by old_fonts, `\\mathrm d`, `\\mathit{d}`,
    `\\operatorname{d}`, `\\text{d}`), the upright d of ISO 80000-2 that many authors set in
    derivatives and integrals: the letter d, so that `\\frac{\\mathrm{d}L}{\\mathrm{d}w}` is the
    derivative dL/dw (read as a fraction, it was the quotient L/w; `\\text{d}` was dropped as an
    annotation) and `\\mathrm{d}y` closes an integral. One token covers what is written."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        width = _d_width(tokens, k)
        if width:
            out.append(Token(Kind.LETTER, "d", tokens[k].start, tokens[k + width - 1].end))
            k += width
            continue
        out.append(tokens[k])
        k += 1
    return out


def _is_d(t: Token) -> bool:
    return t.kind is Kind.LETTER and t.text == "d"


def _d_width(tokens: list[Token], k: int) -> int:
    """How many tokens from tokens[k] spell a d in a font (0 for none)."""
    t = tokens[k]
    if t.kind is Kind.TEXT:
        before = [x.text for x in tokens[max(0, k - 2) : k]]
        script = bool(before) and (
            before[-1] in {"_", "^"} or before[-2:] in (["_", "{"], ["^", "{"])
        )
        return 1 if text_content(t).strip() == "d" and not script else 0
    if t.kind is not Kind.COMMAND or t.text not in D_FONTS:
        return 0
    group = tokens[k + 1 : k + 4]
    if len(group) == 3 and group[0].is_char("{") and _is_d(group[1]) and group[2].is_char("}"):
        return 4
    return 2 if group and _is_d(group[0]) else 0
