"""One exception tree for bad input. False claims and undecided claims are results, not errors.

Every error carries the exit code the CLI uses for it and knows how to format itself; a LaTeX
error shows the input with a caret under the offending piece.
"""

from __future__ import annotations


class DeriveError(Exception):
    """Root of every error derive raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class LatexError(DeriveError):
    """LaTeX that cannot be read: malformed, unknown macro, undeclared function, dropped input."""

    def __init__(self, message: str, latex: str, start: int = 0, end: int | None = None) -> None:
        super().__init__(message)
        self.latex = latex
        self.start = max(0, min(start, len(latex)))
        self.end = max(self.start + 1, end if end is not None else self.start + 1)

    @property
    def fragment(self) -> str:
        """The offending piece of the input."""
        return self.latex[self.start : self.end]

    def format_message(self) -> str:
        width = max(1, min(self.end, len(self.latex) + 1) - self.start)
        caret = " " * self.start + "^" * width
        return f"{self.message}\n    {self.latex}\n    {caret}"

    def __str__(self) -> str:
        return self.format_message()


class SpecError(DeriveError):
    """A [symbols] entry or a --symbol option that does not say a known kind of thing."""


class DefinitionError(DeriveError):
    """A `given` definition that cannot be used: not of the form name = expr, a cycle, a clash."""


class ShapeConflict(DeriveError):
    """Two uses of names in `given` that no sizes can satisfy at once (a 2 x 2 literal times a
    3-vector): the definitions cannot be instantiated, whatever the claim says. Names both
    places, each with a caret under its entry."""

    def __init__(self, message: str, places: tuple[tuple[str, int, int], ...]) -> None:
        super().__init__(message)
        self.places = places  # (latex, start, end) of each use

    def format_message(self) -> str:
        lines = [self.message]
        for latex, start, end in self.places:
            lines += [f"    {latex}", "    " + " " * start + "^" * max(1, end - start)]
        return "\n".join(lines)


class CatalogError(DeriveError):
    """A formula file that cannot be read: TOML syntax, an unknown key, a missing field."""


class UnsupportedError(DeriveError):
    """Input that is well-formed but asks for something the engine does not do yet."""


class NoSizes(DeriveError):
    """A claim that no sizes allow as written: an index or a sum's limit written with an offset
    leaves a name no value at any size the writing allows (`x_{r+1}` with `x = "vector(1)"`:
    r + 1 <= 1 and r >= 1). There is nothing to check and no counterexample to give: the
    engine makes the claim `undecided` with this reason, never refuted at sizes it chose."""


class CodeError(DeriveError):
    """A claim's Python function that cannot be checked: a missing file or function, argument
    names that do not fit, code that raises or returns something of the wrong shape. The message
    names the file, the claim and the function, and holds the code's own traceback."""
