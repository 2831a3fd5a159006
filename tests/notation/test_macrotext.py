"""The author's macros expanded as text (notation/macrotext.py): the same text, the same errors
and the same limits as expanding the text step by step (each step tokenising the whole text and
replacing its first use of a macro, as derive did before), while tokenising about as much text
as it writes out."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.errors import LatexError
from derive.model import Macro
from derive.notation import macrotext
from derive.notation.macrotext import expand_text
from derive.notation.tokens import Kind, Token, tokenize

SETTINGS = settings(deadline=None, max_examples=300, derandomize=True)


# the limits, lowered for the comparisons (the text expanded stepwise takes 8.8 s to reach 2,000)
BUDGET, LONGEST = 60, 2_000


def stepwise(latex: str, macros: Iterable[Macro]) -> str:
    """The expansion as it was before macrotext.py: the whole text tokenised again after every
    replacement (without the definitions at a formula's start, which are read the same way)."""
    table = {"\\" + m.name: m for m in macros}
    text = latex
    for _ in range(BUDGET):
        tokens = tokenize(text)
        k = next(
            (i for i, t in enumerate(tokens) if t.kind is Kind.COMMAND and t.text in table), None
        )
        if k is None:
            return text
        t = tokens[k]
        m = table[t.text]
        args, nxt = _arguments(tokens, k + 1, m, t, text)
        end = tokens[nxt - 1].end if nxt > k + 1 else t.end
        written = [text[a[0].start : a[-1].end] if a else "" for a in args]
        pieces = re.split(r"#(\d)", m.body)
        body = "".join(written[int(p) - 1] if j % 2 else p for j, p in enumerate(pieces))
        if k > 0 and tokens[k - 1].is_char("^", "_") and len(tokenize(body)) != 1:
            body = "{" + body + "}"
        before, after = text[: t.start], text[end:]
        if re.search(r"\\[A-Za-z]+$", before) and body[:1].isalpha():
            body = " " + body
        if re.search(r"\\[A-Za-z]+$", body) and after[:1].isalpha():
            body += " "
        text = before + body + after
        if len(text) > LONGEST:
            break
    raise LatexError(f"a macro never stops expanding in {latex!r}", latex, 0, len(latex))


def _arguments(
    work: list[Token], i: int, m: Macro, t: Token, latex: str
) -> tuple[list[list[Token]], int]:
    args = []
    for _ in range(m.arity):
        if i >= len(work) or work[i].is_char("}", ")", "]", "^", "_", "&"):
            raise LatexError(f"{t.text} takes {m.arity} argument(s)", latex, t.start, t.end)
        if work[i].is_char("{"):
            depth = 0
            for k in range(i, len(work)):
                depth += work[k].is_char("{") - work[k].is_char("}")
                if depth == 0:
                    args.append(work[i + 1 : k])
                    i = k + 1
                    break
            else:
                raise LatexError("'{' is never closed", latex, work[i].start, work[i].end)
        else:
            args.append([work[i]])
            i += 1
    return args, i


@pytest.fixture(autouse=True)
def lower_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(macrotext, "BUDGET", BUDGET)
    monkeypatch.setattr(macrotext, "LONGEST", LONGEST)


def outcome(expand: object, latex: str, macros: tuple[Macro, ...]) -> object:
    """The text, or the error with the text and the place it points at."""
    assert callable(expand)
    try:
        return expand(latex, macros)
    except LatexError as exc:
        return (exc.message, exc.latex, exc.start, exc.end)


TABLE = (
    Macro("X", "x"),
    Macro("dt", "\\cdot"),
    Macro("sq", "{#1}^2", 1),
    Macro("tc", "#1\\cdot", 1),
    Macro("half", "\\frac{1}{2}"),
    Macro("Y", "\\sq 1"),
    Macro("three", "3"),
    Macro("cube", "³"),
    Macro("T", "\\text"),
    Macro("I", "#1", 1),
    Macro("E", ""),
    Macro("open", "\\sq{"),
    Macro("pd", "\\frac{\\partial #1}{\\partial #2}", 2),
    Macro("loop", "x + \\loop"),
    Macro("nest", "{\\nest}"),
    Macro("grow", "\\grow{"),
    Macro("big", "w_{1} x_{1} + " * 3 + "\\big"),
    Macro("sp", " "),
)


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("\\sq{a+b} - \\sq c", id="arguments"),
        pytest.param("x^\\half + x_\\X", id="scripts"),
        pytest.param("2\\dt\\X \\tc{a}b", id="spaces-put-in"),
        pytest.param("\\Y2", id="a-number-runs-on-into-the-body"),
        pytest.param("2\\three", id="a-number-runs-on-before-the-body"),
        pytest.param("x²\\cube", id="script-digits-run-on"),
        pytest.param("\\T{y} = 1", id="text-takes-its-argument-after-the-use"),
        pytest.param("a \\cdot\\I{}x", id="an-empty-body-between-a-command-and-letters"),
        pytest.param("a\\E b \\E", id="empty-bodies"),
        pytest.param("\\open x} = \\sq", id="a-group-across-the-body"),
        pytest.param("\\pd{L}{w} = \\pd L", id="an-argument-missing"),
        pytest.param("\\open x", id="a-group-never-closed"),
        pytest.param("\\loop", id="the-budget"),
        pytest.param("\\big", id="the-length"),
        pytest.param("\\nest", id="groups-too-deep"),
        pytest.param("\\grow", id="groups-too-deep-after-the-body"),
        pytest.param("x\\sp\\sp y", id="spaces-only"),
    ],
)
def test_the_expansion_is_the_stepwise_one(latex: str) -> None:
    assert outcome(expand_text, latex, TABLE) == outcome(stepwise, latex, TABLE)


PIECES = ["x", "2", ".", "³", " ", "+", "^", "_", "{", "}", "(", "\\cdot", "\\alpha", "&", "]"]
USES = ["\\X", "\\dt", "\\sq", "\\tc", "\\half", "\\Y", "\\three", "\\cube", "\\I", "\\E"]
USES += ["\\open", "\\pd", "\\loop", "\\nest", "\\T", "\\sp"]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES + USES), min_size=1, max_size=12))
def test_random_formulas_expand_as_stepwise(parts: list[str]) -> None:
    latex = "".join(parts)
    assert outcome(expand_text, latex, TABLE) == outcome(stepwise, latex, TABLE)


def test_the_text_is_tokenised_about_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A macro that uses itself grows the text by its body with every step: tokenising the
    whole text again after each step took 2,000 tokenisations of up to 8,000 characters (8.8 s).
    Now each body is tokenised once: about as many characters as are written out."""
    monkeypatch.setattr(macrotext, "BUDGET", 2000)
    monkeypatch.setattr(macrotext, "LONGEST", 20_000)
    seen: list[int] = []

    def counted(latex: str) -> list[Token]:
        seen.append(len(latex))
        return tokenize(latex)

    monkeypatch.setattr(macrotext, "tokenize", counted)
    many = " + ".join(f"\\sq{{a_{k}}}" for k in range(300))
    written = expand_text(many, TABLE)
    assert sum(seen) < 3 * len(written)
    seen.clear()
    with pytest.raises(LatexError, match="never stops expanding"):
        expand_text("\\loop", TABLE)
    assert len(seen) <= 2001 and sum(seen) < 3 * 2000 * len("x + \\loop")
