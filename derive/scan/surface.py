"""The text of a formula before it is read: what conversion damaged (control characters, a
command that lost its backslash), what is prose (words, a differential written alone), how it is
laid out (pieces side by side, a list at the top level), and two spellings read as the author
means them (`\\text{MSE}` a name, `\\sigma_\\mathrm{relu}` a label, `log(a)` the logarithm), and
the prose that leads into a formula (`\\text{Base on (3)} =>`). Pure functions of the LaTeX
(and the declared names); derive/scan/classify.py applies them in the order of its rules."""

from __future__ import annotations

import re
from collections.abc import Mapping

from derive.model import SymbolSpec
from derive.notation.tokens import Kind, Token

_GAPS = frozenset({"\\quad", "\\qquad", "\\hspace", "\\hfill"})
_OPEN = frozenset({"{", "(", "["})
_CLOSE = frozenset({"}", ")", "]"})
TRAILING = re.compile(r"(?:\\[,;:!]|[\s.,;])+$")  # sentence punctuation, spacing
IMPLIES = re.compile(r"=\s*>")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# what is left of a command when a backslash escape (\f, \r, \t, \b, \n, \a) ate its first
# letter and its backslash: \frac -> rac, \right -> ight, \text -> ext, \boldsymbol -> oldsymbol
_LOST_COMMANDS = {
    "rac": "\\frac",
    "ight": "\\right",
    "ightarrow": "\\rightarrow",
    "ext": "\\text",
    "extbf": "\\textbf",
    "extrm": "\\textrm",
    "imes": "\\times",
    "heta": "\\theta",
    "oldsymbol": "\\boldsymbol",
    "abla": "\\nabla",
    "lpha": "\\alpha",
    "m": "\\bm",
}
_LOST = re.compile(
    r"(?<![A-Za-z\\])("
    + "|".join(sorted((w for w in _LOST_COMMANDS if w != "m"), key=len, reverse=True))
    + r")(?![A-Za-z])|(?<![A-Za-z\\_^])(m)(?=\{)"
)
_BRACED = r"(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*?"
_D = r"(?:\\mathrm\{d\}|\\operatorname\{d\}|d)"
_DERIVATIVE_FRAC = re.compile(
    r"\\[dt]?frac\s*\{\s*" + _D + _BRACED + r"\}\s*\{\s*" + _D + _BRACED + r"\}"
)
_DIFFERENTIAL = re.compile(
    r"(?<![A-Za-z\\])d(?=[A-Za-z]|\\[A-Za-z])(?:[A-Za-z]|\\[A-Za-z]+)|\\mathrm\{d\}\s*\\?[A-Za-z]+"
)
_WORDS = re.compile(r"\\(?:text|textrm|textbf|textit|mbox|operatorname|mathrm)\s*\{(?!d\})[^{}]*\}")
_UPRIGHT = r"\\(?:mathrm|text|textrm|operatorname)\s*\{\s*([A-Za-z][A-Za-z]+)\s*\}"
_LABEL_SCRIPT = re.compile(r"_\s*(?:" + _UPRIGHT + r"|\{\s*" + _UPRIGHT + r"\s*\})")
_BARE_SCRIPT = re.compile(
    r"([_^])\s*(\\(?:mathrm|text|textrm|mathit|mathbf|operatorname)\s*\{[^{}]*\})"
)
# `log(a)`, `exp(x)`, `ln(x)`, `log_{2}x`, `tanh(z)`, `max(0, z)`: a function name written
# without its backslash (as in code); read as a product l*o*g it would mean nothing an author
# writes. So are `sigmoid(z)`, `relu(z)`, the activations the reader knows as words
# (`\operatorname{sigmoid}`). Not inside \text{...}, not inside a longer word; a subscript or a
# brace after the word only for log, ln, exp (`log_{2}x`, `exp{x}`): `relu_1(x)` may be a name.
_SCRIPTED_WORDS = ["log", "exp", "ln"]
_CALLED_WORDS = ["arcsin", "arccos", "arctan", "tanh", "sinh", "cosh", "sin", "cos", "tan"]
_CALLED_WORDS += ["max", "min"]
_ACTIVATION_WORDS = ["sigmoid", "relu", "ReLU"]
_BARE_FUNCTION = re.compile(
    r"("
    + _WORDS.pattern
    + r")|(?<![A-Za-z\\])(?:("
    + "|".join(_SCRIPTED_WORDS)
    + r")(?![A-Za-z])(?=\s*(?:\(|\\left\b|_|\{))|("
    + "|".join(_CALLED_WORDS + _ACTIVATION_WORDS)
    + r")(?![A-Za-z])(?=\s*(?:\(|\\left\b)))"
)
# the prose's arrow before a formula: `\text{Base on (3), (4)} =>`, `\Rightarrow`, `\therefore`
PROSE_LEAD = re.compile(
    r"^\s*(?:\\text\s*\{[^{}]*\}\s*)*"
    r"(?:(?:=\s*>|\\(?:Leftrightarrow|Rightarrow|Longrightarrow|iff|implies|therefore)\b)\s*)+"
)
# a definition announced in words: `\text{Let } u = -z_i`, `\text{Define } ...`
LET = re.compile(r"^\s*\\text\s*\{\s*(?:[Ll]et|[Dd]efine|[Dd]enote)\b[^{}]*\}\s*")
_TEXT_NAME = re.compile(r"\\text(?:rm)?\s*\{\s*([A-Z]{2,})\s*\}(?!\s*(?:\\left)?\()")


RESTORE_HINT = " (`derive: restore backslashes` gives it back)"


def lost_backslash(latex: str) -> str | None:
    """The remnant of a command whose backslash was lost in conversion (`rac{1}{2}`: the `\\f`
    of `\\frac` read as a form feed and dropped), if any: read as it stands, the formula would
    be a product of letters."""
    m = _LOST.search(_WORDS.sub(" ", latex))  # not inside \text{...}
    if m is None:
        return None
    word = m.group(1) or m.group(2)
    repair = RESTORE_HINT if word in RESTORABLE else ""
    return (
        f"a backslash lost in conversion: `{word}` is `{_LOST_COMMANDS[word]}` without its "
        f"backslash (read as written it would be a product of letters){repair}"
    )


# The remnants a repair gives back their command (`derive: restore backslashes`): those of \f,
# \b and \r only, each a word no formula writes otherwise. The commands that \t and \n begin
# mostly leave one or two letters (\tau -> au, \to -> o, \top -> op, \nu -> u, \ne -> e):
# a formula with a visible `ext` or `abla` most likely lost one of those too, unseen, so their
# remnants stay a reason not to check (docs/scan.md#limits).
RESTORABLE = {w: _LOST_COMMANDS[w] for w in ("rac", "ight", "ightarrow", "oldsymbol", "m")}
_RESTORE = re.compile(
    r"(" + _WORDS.pattern + r")|(?<![A-Za-z\\])(ightarrow|oldsymbol|ight|rac)(?![A-Za-z])"
    r"|(?<![A-Za-z\\_^])(m)(?=\{)"
)


def restore(latex: str) -> tuple[str, tuple[str, ...]]:
    """The formula with the visible remnants of a lost `\\f`, `\\b`, `\\r` given their command
    back (`rac{` -> `\\frac{`, `oldsymbol{` -> `\\boldsymbol{`, `ight|` -> `\\right|`; not inside
    `\\text{...}`), and what was restored, in the order first met (`rac as \\frac`, with a count
    when more than once)."""
    met: dict[str, int] = {}

    def give(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        word = m.group(2) or m.group(3)
        met[word] = met.get(word, 0) + 1
        return RESTORABLE[word]

    out = _RESTORE.sub(give, latex)
    return out, tuple(
        f"`{w}` as `{RESTORABLE[w]}`" + (f" ({n} times)" if n > 1 else "") for w, n in met.items()
    )


def restored(latex: str) -> str:
    """The formula with the commands that lost their backslash given it back (`rac{` ->
    `\\frac{`). Used only to tell what the formula would state, never to check it: a repair is a
    guess about the text (`ight` -> `\\right`, but is `m{` always `\\bm{`?)."""
    return _LOST.sub(lambda m: _LOST_COMMANDS[m.group(1) or m.group(2)], latex)


def spelled(latex: str) -> str:
    """`\\text{MSE}`, an acronym in capitals set upright, is the name MSE, as `\\mathrm{MSE}`
    would be (read as text, it would be an annotation, and the side it stands on empty); `log(a)`,
    `exp(x)`, `tanh(z)`, `max(0, z)` (a LaTeX function name followed by a bracket, a brace or a
    subscript) are `\\log`, `\\exp`, `\\tanh`, `\\max` written without the backslash, and
    `sigmoid(z)`, `relu(z)` the activations `\\operatorname{sigmoid}`, `\\operatorname{relu}`."""
    latex = _TEXT_NAME.sub(r"\\mathrm{\1}", latex)
    latex = _BARE_FUNCTION.sub(_function, latex)
    # `C_\mathrm{MSE}`, `\sigma_{\mathrm{relu}}`: a word set upright under a name is a label,
    # part of the name (as `L_{\text{CE}}`), not an index; TeX sets `_\mathrm{MSE}` whole
    latex = _LABEL_SCRIPT.sub(lambda m: f"_{{\\text{{{m.group(1) or m.group(2)}}}}}", latex)
    return _BARE_SCRIPT.sub(r"\1{\2}", latex)


def _function(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1)
    word = m.group(2) or m.group(3)
    return f"\\operatorname{{{word}}}" if word in _ACTIVATION_WORDS else "\\" + word


_LEFT_WORD = re.compile(r"^\s*([A-Za-z]{3,})\s*(?==|:=|\\leftarrow)")
_FUNCTION_WORDS = frozenset(
    {"log", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max", "min", "det", "sqrt"}
)


def named_words(latex: str, names: frozenset[str]) -> str:
    """A word written alone as the left side of a display (`Odds = \\frac{P}{1-P}`,
    `Loss &= ...`) names the quantity it defines, as `\\mathrm{Odds}` would; so does a word that
    such a definition in scope made a name (`names`). Elsewhere a word stays prose (`when y =
    1`), not inside `\\text{...}`."""
    m = _LEFT_WORD.match(latex)
    words = set(names)
    if m and m.group(1) not in _FUNCTION_WORDS and m.group(1) not in _LOST_COMMANDS:
        words.add(m.group(1))
    words = {w for w in words if len(w) >= 3 and w.isascii() and w.isalpha()}
    if not words:
        return latex
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    pattern = re.compile(
        r"(" + _WORDS.pattern + r")|(?<![A-Za-z\\])(" + alternatives + r")(?![A-Za-z])"
    )
    return pattern.sub(lambda x: x.group(1) or f"\\mathrm{{{x.group(2)}}}", latex)


def differential(latex: str) -> str | None:
    """A `dx` (or `d\\sigma`, `\\mathrm{d}x`) outside the fractions `\\frac{dy}{dx}`,
    `\\frac{d}{dx}` that write a derivative, if any."""
    m = _DIFFERENTIAL.search(_DERIVATIVE_FRAC.sub(" ", _WORDS.sub(" ", latex)))
    return m.group(0) if m else None


def side_by_side(tokens: list[Token]) -> str | None:
    """The spacing command that separates two top-level pieces with math in both, if any."""
    depth = 0
    pieces: list[list[Token]] = [[]]
    gaps: list[str] = []
    for t in tokens:
        depth += _nesting(t)
        if depth == 0 and t.kind is Kind.COMMAND and t.text in _GAPS:
            pieces.append([])
            gaps.append(t.text)
            continue
        pieces[-1].append(t)
    with_math = [k for k, p in enumerate(pieces) if any(_is_math(t) for t in p)]
    if len(with_math) > 1:
        return gaps[with_math[1] - 1]
    return None


def word(tokens: list[Token], specs: Mapping[str, SymbolSpec]) -> str | None:
    """A run of three or more adjacent letters that is not a declared name, a command's argument
    (`\\mathrm{relu}`) or a braced index (`w_{ijk}`)."""
    k = 0
    while k < len(tokens):
        if tokens[k].kind is not Kind.LETTER:
            k += 1
            continue
        end = k
        while (
            end + 1 < len(tokens)
            and tokens[end + 1].kind is Kind.LETTER
            and tokens[end + 1].start == tokens[end].end
        ):
            end += 1
        run = tokens[k : end + 1]
        if len(run) >= 3:
            argument = (  # \mathrm{relu}, or an index w_{ijk}
                k >= 2
                and tokens[k - 1].is_char("{")
                and (tokens[k - 2].kind is Kind.COMMAND or tokens[k - 2].is_char("_", "^"))
            )
            word = "".join(t.text for t in run)
            if not argument and word not in specs:
                return word
        k = end + 1
    return None


def top_level_comma(tokens: list[Token]) -> bool:
    depth = 0
    for t in tokens:
        depth += _nesting(t)
        if depth == 0 and t.is_char(","):
            return True
    return False


def _nesting(t: Token) -> int:
    """+1 for an opening bracket or `\\begin`, -1 for a closing one or `\\end`."""
    if (t.kind is Kind.CHAR and t.text in _OPEN) or t.is_command("\\begin"):
        return 1
    if (t.kind is Kind.CHAR and t.text in _CLOSE) or t.is_command("\\end"):
        return -1
    return 0


def _is_math(t: Token) -> bool:
    if t.kind is Kind.TEXT:
        return False
    if t.kind is Kind.COMMAND and (t.text in _GAPS or t.text in {"\\,", "\\;", "\\:", "\\!"}):
        return False
    return not (t.kind is Kind.CHAR and t.text in {",", ".", ";", "~", "{", "}"})
