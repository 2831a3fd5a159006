"""The divisor of an inline slash: `a/b c` is never guessed.

latex2sympy2 reads `1/2 x` as 1/(2x), `1/2m` as 1/(2m) and `a/b c` as a/(bc): juxtaposition
binds tighter than the slash. Authors write both readings (`1/2 x^2` almost always means x²/2,
`1/2m` in a cost function means 1/(2m)), and calculators and programming languages read the
slash left to right ((1/2)x), so no convention settles it: a guess could verify a false claim or
refute a true one. A slash whose divisor is a juxtaposed product of more than one factor is an
error; a divisor of one factor (`x/2`, `a/b^2`, `1/(2m)`, `x/\\sqrt{y}`, `\\ln x/\\ln 2`) reads
one way only. The divisor ends at a `+` or `-` between terms, a relation, a comma, another `/`,
an explicit product (`\\cdot`, `\\times`, `*`) or the end of its group.
"""

from __future__ import annotations

from derive.notation.bare_arguments import BARE_FUNCTIONS
from derive.notation.calls import CallReader
from derive.notation.macros import NORM, PRODUCTS, RELATIONS
from derive.notation.tokens import Kind, level_end, matching

AMBIGUOUS = (
    "ambiguous: write \\frac{..}{..} or parentheses (a/b c is read a/(bc) by some authors "
    "and (a/b)c by others)"
)
# operators applied to what follows them: with it they make one factor (\ln 2, \sum_i x_i)
_PREFIXES = BARE_FUNCTIONS | {"\\sum", "\\prod", "\\nabla", "\\partial", "\\int"}
# commands followed by a fixed number of {...} arguments that make one factor with them
_ARGUMENTS = {"\\frac": 2, "\\binom": 2, "\\sqrt": 1}


class SlashReader(CallReader):
    """The part of the reader that checks the divisor of each inline `/`."""

    def _check_divisor(self, slash: int, hi: int) -> None:
        """Raise the ambiguity error when the divisor after tokens[slash] is a product of
        more than one juxtaposed factor."""
        end = self._divisor_end(slash + 1, hi)
        k = slash + 1
        if k < end and self.tokens[k].is_char("+", "-"):
            k += 1  # a/-b: a sign, not a term
        factors = 0
        while k < end:
            k = self._factor_end(k, end)
            factors += 1
        if factors > 1:
            raise self.error(AMBIGUOUS, slash, end)

    def _divisor_end(self, lo: int, hi: int) -> int:
        """Where the divisor starting at tokens[lo] ends: see the module's docstring."""

        def ends(k: int) -> bool:
            t = self.tokens[k]
            before = self.tokens[k - 1] if k > lo else None
            binary = before is not None and not before.is_char("^", "_")
            if (t.is_char("+", "-") and binary) or t.kind is Kind.TEXT:
                return True
            if t.is_char("/", "*", ",", ";", "&", "=", "<", ">"):
                return True
            return t.kind is Kind.COMMAND and (
                t.text in RELATIONS or t.text in PRODUCTS or t.text in {"\\\\", "\\div"}
            )

        return level_end(self.tokens, lo, hi, ends)

    def _factor_end(self, k: int, end: int) -> int:
        """The end of the factor starting at tokens[k] (k < end): a number, a name with its
        scripts and call, a group, a command with its arguments, or an operator (a function
        without parentheses, a sum) with the factor it applies to."""
        t = self.tokens[k]
        if t.kind is Kind.COMMAND and t.text in _PREFIXES:
            k = self._scripts_end(k + 1, end)
            return self._factor_end(k, end) if k < end else k
        if self.starts_name(t):
            atom = self.atom(k, end)
            k = atom.end
            if k < end and self.tokens[k].is_char("(") and self.function_of(atom) is not None:
                k = matching(self.tokens, k, self.latex) + 1
        elif t.is_char("(", "[", "{"):
            k = matching(self.tokens, k, self.latex) + 1
        elif t.is_char(NORM, "|"):
            close = next((m for m in range(k + 1, end) if self.tokens[m].text == t.text), end - 1)
            k = close + 1
        elif t.is_command("\\max", "\\min") and k + 1 < end and self.tokens[k + 1].is_char("("):
            k = matching(self.tokens, k + 1, self.latex) + 1
        elif t.kind is Kind.COMMAND and t.text in _ARGUMENTS:
            k += 1
            if t.text == "\\sqrt" and k < end and self.tokens[k].is_char("["):
                k = matching(self.tokens, k, self.latex) + 1
            for _ in range(_ARGUMENTS[t.text]):
                k = self._group(k, end)[2] if k < end else k
        else:
            k += 1  # a number, or one token of anything else
        return self._scripts_end(k, end)

    def _scripts_end(self, k: int, end: int) -> int:
        """After the scripts, primes and factorial marks that belong to what is before k."""
        while k < end:
            t = self.tokens[k]
            if t.is_char("^", "_"):
                k = self._group(k + 1, end)[2] if k + 1 < end else end
            elif t.is_char("'", "!"):
                k += 1
            else:
                return k
        return k
