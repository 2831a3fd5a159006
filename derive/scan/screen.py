"""The rules that set a display formula aside before it is read: not one statement that LaTeX
and the author agree on, whatever it would read as (rules 1 to 3 of
docs/scan.md#how-a-formula-is-classified).

1. after a `derive: skip` comment, or two statements on separate lines of one row (no `\\\\`);
2. a control character in the formula, or a word of three or more letters that is not a
   declared name, a command's argument or a braced index (`rac{1}{2}`: a backslash lost in
   conversion; `Loss = ...`, `when y = 1`: prose in the formula): it would be read as a product;
3. `=>` (an implication arrow written with `=`), a comma at the top level (`y = 1, p = 0`: a
   list), or pieces side by side, separated at the top level by `\\quad`, `\\qquad` or
   `\\hspace` (formulas in columns, or a formula and a condition); pieces holding only
   `\\text{...}` do not count.

Each rule looks at the formula's text and tokens only; what the formula says (rule 4 on, a
definition or a claim) is classify.py's. The prose before a formula (`\\text{Let } ...`,
`\\text{Base on (3)} =>`) is read between the two groups, so `damaged` runs first and
`not_one_statement` on what follows the prose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from derive.errors import LatexError
from derive.model import Macro, SymbolSpec
from derive.notation import macrotext
from derive.notation.tokens import tokenize
from derive.scan import surface
from derive.scan.equals import restored_states_nothing
from derive.scan.scope import LONGEST, Classified, Defined, Role


def damaged(
    latex: str,
    specs: Mapping[str, SymbolSpec],
    macros: tuple[Macro, ...],
    *,
    skip: bool,
    stacked: bool,
) -> tuple[str, Classified | None]:
    """Rules 1 and 2 on the text as written: skipped, too long, an author's macro that does not
    expand, two statements stacked, a control character, a lost backslash. The formula with the
    author's macros expanded and the spellings read (`surface.spelled`), and the reason it is not
    checked, or None."""
    if skip:
        return latex, Classified(Role.NOT_CHECKED, "skipped by a `derive: skip` comment")
    if len(latex) > LONGEST:
        return latex, Classified(
            Role.NOT_CHECKED,
            f"{len(latex):,} characters: longer than any formula ({LONGEST:,} at most): a "
            "delimiter left open, or prose taken into the formula?",
        )
    try:
        latex = macrotext.expand_text(latex, macros)
    except LatexError as exc:
        try:
            tokenize(latex)
        except LatexError:
            pass  # no token to expand: the rules below say what is wrong (`rac{`, a word)
        else:
            return latex, Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    if stacked:
        return latex, Classified(
            Role.NOT_CHECKED,
            "two statements on separate lines without `\\\\` between them: TeX sets them as one",
        )
    control = surface.CONTROL.search(latex)
    if control:
        return latex, Classified(
            Role.NOT_CHECKED,
            f"a control character U+{ord(control.group()):04X} in the formula (a backslash "
            "escape such as \\f or \\r damaged in conversion?)",
        )
    latex = surface.spelled(surface.TRAILING.sub("", latex))
    lost = surface.lost_backslash(latex)
    if lost:
        return latex, Classified(Role.NOT_CHECKED, lost + restored_states_nothing(latex, specs))
    return latex, None


def not_one_statement(
    latex: str, specs: Mapping[str, SymbolSpec], scope: Sequence[Defined]
) -> tuple[str, Classified | None]:
    """Rules 2 and 3 on the formula after the prose before it: a differential, a word read as a
    product, `=>`, a list, pieces side by side. The formula with the words that name
    definitions in scope read as those names (`surface.named_words`), and the reason it is not
    checked, or None."""
    differential = surface.differential(latex)
    if differential:
        return latex, Classified(
            Role.NOT_CHECKED,
            f"`{differential}` outside a derivative \\frac{{d...}}{{d...}}: a differential "
            "(reasoning with infinitesimals) or a shorthand such as dw for a gradient; read as "
            "a product it would be something else",
        )
    try:
        side_by_side = surface.side_by_side(tokenize(latex))
    except LatexError as exc:
        return latex, Classified(Role.NOT_CHECKED, "unreadable: " + exc.format_message())
    latex = surface.named_words(latex, frozenset(d.name for d in scope))
    word = surface.word(tokenize(latex), specs)
    if word:
        return latex, Classified(
            Role.NOT_CHECKED,
            f"the word {word!r} would be read as a product of letters: prose, a command that "
            f"lost its backslash (rac for \\frac), or a name to declare ({word} = real)",
        )
    if surface.IMPLIES.search(latex):
        return latex, Classified(
            Role.NOT_CHECKED,
            "`=>` (an implication written with `=`): a step of reasoning, not one statement",
        )
    if surface.top_level_comma(tokenize(latex)):
        return latex, Classified(
            Role.NOT_CHECKED,
            "a list at the top level (a comma outside brackets): several formulas or conditions",
        )
    if side_by_side:
        return latex, Classified(
            Role.NOT_CHECKED,
            f"pieces side by side (separated by {side_by_side}): two formulas in columns or a "
            "formula with a condition",
        )
    return latex, None
