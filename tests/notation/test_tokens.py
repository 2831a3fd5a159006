"""The tokenizer: kinds, texts and positions of tokens, \\text arguments, balance checks."""

from __future__ import annotations

import pytest

from derive.errors import LatexError
from derive.notation.tokens import Kind, Token, check_balanced, level_end, matching, tokenize


def shape(latex: str) -> list[tuple[str, str, int, int]]:
    return [(t.kind.name, t.text, t.start, t.end) for t in tokenize(latex)]


def caret(err: LatexError) -> tuple[int, int]:
    """(column in the input, width) of the caret line of a formatted LaTeX error."""
    lines = err.format_message().split("\n")
    assert lines[0] == err.message
    assert lines[1] == "    " + err.latex
    line = lines[2]
    assert line.startswith("    ")
    body = line[4:]
    col = len(body) - len(body.lstrip(" "))
    assert set(body[col:]) == {"^"}
    return col, len(body) - col


# -- kinds and positions -------------------------------------------------------------------------


def test_letters_numbers_and_chars_with_positions() -> None:
    assert shape("x+12") == [
        ("LETTER", "x", 0, 1),
        ("CHAR", "+", 1, 2),
        ("NUMBER", "12", 2, 4),
    ]


def test_letters_are_one_token_each() -> None:
    assert shape("ab") == [("LETTER", "a", 0, 1), ("LETTER", "b", 1, 2)]


def test_whitespace_is_skipped_but_positions_are_kept() -> None:
    assert shape("  a \t+\n b") == [
        ("LETTER", "a", 2, 3),
        ("CHAR", "+", 5, 6),
        ("LETTER", "b", 8, 9),
    ]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param("0.25", [("NUMBER", "0.25", 0, 4)], id="decimal"),
        pytest.param(".5", [("NUMBER", ".5", 0, 2)], id="leading-dot"),
        pytest.param("3.", [("NUMBER", "3", 0, 1), ("CHAR", ".", 1, 2)], id="trailing-dot"),
        pytest.param("1.2.3", [("NUMBER", "1.2", 0, 3), ("NUMBER", ".3", 3, 5)], id="two-dots"),
        pytest.param("1 2", [("NUMBER", "1", 0, 1), ("NUMBER", "2", 2, 3)], id="space-splits"),
    ],
)
def test_numbers(latex: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert shape(latex) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param(
            "\\alpha2",
            [("COMMAND", "\\alpha", 0, 6), ("NUMBER", "2", 6, 7)],
            id="letters-then-digit",
        ),
        pytest.param("\\,x", [("COMMAND", "\\,", 0, 2), ("LETTER", "x", 2, 3)], id="thin-space"),
        pytest.param("\\|", [("COMMAND", "\\|", 0, 2)], id="norm-bar"),
        pytest.param("\\\\", [("COMMAND", "\\\\", 0, 2)], id="line-break"),
        pytest.param("\\{", [("COMMAND", "\\{", 0, 2)], id="escaped-brace"),
        pytest.param(
            "\\sigma\\sigma",
            [("COMMAND", "\\sigma", 0, 6), ("COMMAND", "\\sigma", 6, 12)],
            id="adjacent",
        ),
    ],
)
def test_commands(latex: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert shape(latex) == expected


def test_every_special_character_is_a_char_token() -> None:
    chars = "+-*/=()[]{}^_',|<>!:;.&~"
    tokens = tokenize(chars)
    assert [t.kind for t in tokens] == [Kind.CHAR] * len(chars)
    assert "".join(t.text for t in tokens) == chars
    assert [t.start for t in tokens] == list(range(len(chars)))


def test_typographic_prime_is_an_ascii_prime_at_its_own_position() -> None:
    assert shape("f\u2032") == [("LETTER", "f", 0, 1), ("CHAR", "'", 1, 2)]


def test_token_predicates() -> None:
    plus = Token(Kind.CHAR, "+", 0, 1)
    cdot = Token(Kind.COMMAND, "\\cdot", 0, 5)
    assert plus.is_char("-", "+")
    assert not plus.is_char("-")
    assert not plus.is_command("+")
    assert cdot.is_command("\\cdot", "\\times")
    assert not cdot.is_char("\\cdot")


# -- \text{...} ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param(
            "a\\text{ for all } b",
            [("LETTER", "a", 0, 1), ("TEXT", "\\text{ for all }", 1, 17), ("LETTER", "b", 18, 19)],
            id="text",
        ),
        pytest.param(
            "\\text {b}c",
            [("TEXT", "\\text {b}", 0, 9), ("LETTER", "c", 9, 10)],
            id="space-before-argument",
        ),
        pytest.param(
            "\\text{a {b} c}d",
            [("TEXT", "\\text{a {b} c}", 0, 14), ("LETTER", "d", 14, 15)],
            id="nested-braces",
        ),
        pytest.param(
            "\\text{a\\}b}c",
            [("TEXT", "\\text{a\\}b}", 0, 11), ("LETTER", "c", 11, 12)],
            id="escaped-brace",
        ),
        pytest.param(
            "x\\text{其中 x 为输入}",
            [("LETTER", "x", 0, 1), ("TEXT", "\\text{其中 x 为输入}", 1, 16)],
            id="chinese",
        ),
        pytest.param("\\textbf{bold}", [("TEXT", "\\textbf{bold}", 0, 13)], id="textbf"),
        pytest.param("\\textrm{r}", [("TEXT", "\\textrm{r}", 0, 10)], id="textrm"),
        pytest.param("\\textit{i}", [("TEXT", "\\textit{i}", 0, 10)], id="textit"),
        pytest.param("\\mbox{m}", [("TEXT", "\\mbox{m}", 0, 8)], id="mbox"),
        pytest.param("\\text{}", [("TEXT", "\\text{}", 0, 7)], id="empty"),
    ],
)
def test_text_commands_keep_their_argument_whole(
    latex: str, expected: list[tuple[str, str, int, int]]
) -> None:
    assert shape(latex) == expected


def test_non_text_command_with_text_prefix_is_a_command() -> None:
    assert shape("\\textstyle x") == [("COMMAND", "\\textstyle", 0, 10), ("LETTER", "x", 11, 12)]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param(
            "x\u00b2",
            [("LETTER", "x", 0, 1), ("CHAR", "^", 1, 2), ("CHAR", "{", 1, 2),
             ("NUMBER", "2", 1, 2), ("CHAR", "}", 1, 2)],
            id="superscript",
        ),
        pytest.param(
            "x\u00b2\u00b3",
            [("LETTER", "x", 0, 1), ("CHAR", "^", 1, 2), ("CHAR", "{", 1, 2),
             ("NUMBER", "23", 1, 3), ("CHAR", "}", 2, 3)],
            id="a-run-is-one-script",
        ),
        pytest.param(
            "W\u207b\u00b9",
            [("LETTER", "W", 0, 1), ("CHAR", "^", 1, 2), ("CHAR", "{", 1, 2),
             ("CHAR", "-", 1, 2), ("NUMBER", "1", 2, 3), ("CHAR", "}", 2, 3)],
            id="script-minus",
        ),
        pytest.param(
            "x\u2081",
            [("LETTER", "x", 0, 1), ("CHAR", "_", 1, 2), ("CHAR", "{", 1, 2),
             ("NUMBER", "1", 1, 2), ("CHAR", "}", 1, 2)],
            id="subscript",
        ),
    ],
)  # fmt: skip
def test_script_digits_are_scripts_covering_what_they_stand_for(
    latex: str, expected: list[tuple[str, str, int, int]]
) -> None:
    # as pasted from rendered pages, and as unicode-math sets them: x² is x^{2}
    assert shape(latex) == expected


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment", "column", "words"),
    [
        pytest.param("x\\", "\\", 1, "lone backslash", id="lone-backslash"),
        pytest.param("a @ b", "@", 2, "unexpected character '@'", id="at-sign"),
        pytest.param("a # b", "#", 2, "unexpected character '#'", id="hash"),
        pytest.param("x + é", "é", 4, "unexpected character", id="accented-letter"),
        pytest.param("损失 = 0", "损", 0, "outside \\text", id="chinese-outside-text"),
        pytest.param("\\text x", "\\text ", 0, "needs a {...} argument", id="text-no-argument"),
        pytest.param("a\\text", "\\text", 1, "needs a {...} argument", id="text-at-end"),
        pytest.param("a \\text{abc", "\\text{", 2, "never closed", id="text-unclosed"),
        # digits that are no ASCII digit: str.isdigit() takes them, int() does not (①, ²)
        pytest.param("x + \u0663", "\u0663", 4, "write 3", id="arabic-indic-digit"),
        pytest.param("x + \u2460", "\u2460", 4, "write 1", id="circled-digit"),
        pytest.param("x + \uff13", "\uff13", 4, "write 3", id="full-width-digit"),
        pytest.param("x\u207b", "\u207b", 1, "unexpected character", id="script-minus-alone"),
    ],
)
def test_tokenizer_errors(latex: str, fragment: str, column: int, words: str) -> None:
    with pytest.raises(LatexError) as info:
        tokenize(latex)
    err = info.value
    assert words in err.message
    assert err.fragment == fragment
    assert err.start == column
    assert caret(err) == (column, len(fragment))


# -- matching and balance --------------------------------------------------------------------------


def test_matching_finds_the_closer_of_nested_groups() -> None:
    latex = "{a{b}(c)}d"
    tokens = tokenize(latex)
    assert matching(tokens, 0, latex) == 8
    assert matching(tokens, 2, latex) == 4
    assert matching(tokens, 5, latex) == 7


def test_matching_an_unclosed_group_is_an_error_at_the_opener() -> None:
    latex = "a + (b"
    with pytest.raises(LatexError) as info:
        matching(tokenize(latex), 2, latex)
    assert info.value.fragment == "("
    assert caret(info.value) == (4, 1)


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("{a(b)[c]}", id="nested"),
        pytest.param("(a]", id="interval-open-closed"),
        pytest.param("[a)", id="interval-closed-open"),
        pytest.param("\\{a", id="escaped-brace-is-not-a-group"),
        pytest.param("\\text{(}", id="paren-in-text"),
    ],
)
def test_balanced(latex: str) -> None:
    check_balanced(tokenize(latex), latex)  # raises if unbalanced
    assert tokenize(latex)  # and the input was not empty


@pytest.mark.parametrize(
    ("latex", "fragment", "column", "words"),
    [
        pytest.param("{a+b", "{", 0, "'{' is never closed", id="open-brace"),
        pytest.param("a+b}", "}", 3, "'}' closes nothing", id="extra-brace"),
        pytest.param("(a+b", "(", 0, "'(' is never closed", id="open-paren"),
        pytest.param("a+b)", ")", 3, "')' closes nothing", id="trailing-paren"),
        pytest.param("(a+b))", ")", 5, "')' closes nothing", id="double-close"),
        pytest.param("(a}", "(a}", 0, "'(' is closed by '}'", id="paren-closed-by-brace"),
        pytest.param("{a)", "{a)", 0, "'{' is closed by ')'", id="brace-closed-by-paren"),
        pytest.param("(a + {b)", "{b)", 5, "'{' is closed by ')'", id="inner-mismatch"),
        pytest.param("((a)", "(", 0, "'(' is never closed", id="outer-open"),
    ],
)
def test_unbalanced(latex: str, fragment: str, column: int, words: str) -> None:
    with pytest.raises(LatexError) as info:
        check_balanced(tokenize(latex), latex)
    err = info.value
    assert words in err.message
    assert err.fragment == fragment
    assert caret(err) == (column, len(fragment))


def test_error_without_end_marks_one_character() -> None:
    err = LatexError("bad", "abc", 1)
    assert err.fragment == "b"
    assert str(err) == "bad\n    abc\n     ^"


def test_error_position_is_clamped_to_the_input() -> None:
    err = LatexError("bad", "ab", 7, 9)
    assert err.start == 2
    assert err.format_message() == "bad\n    ab\n      ^"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # a control symbol is skipped whole: the \\ line break, an escaped brace
        pytest.param("\\text{a\\\\} + b", "\\text{a\\\\}", id="line-break-last"),
        pytest.param("\\text{a\\\\ b} + b", "\\text{a\\\\ b}", id="line-break"),
        pytest.param("\\text{a\\} b} + b", "\\text{a\\} b}", id="escaped-brace"),
        pytest.param("\\text{a \\{b\\}} + b", "\\text{a \\{b\\}}", id="escaped-braces"),
    ],
)
def test_text_argument_ends_at_its_closing_brace(latex: str, text: str) -> None:
    assert shape(latex) == [
        ("TEXT", text, 0, len(text)),
        ("CHAR", "+", len(text) + 1, len(text) + 2),
        ("LETTER", "b", len(text) + 3, len(text) + 4),
    ]


def test_level_end_stops_at_its_level_or_where_the_group_closes() -> None:
    """The shared scan of the reader's argument, divisor and product ends (calls, slashes,
    bare_arguments): a token inside a group opened after lo is never a stop."""
    tokens = tokenize(r"(a + b) c + d")
    plus = [k for k, t in enumerate(tokens) if t.is_char("+")]
    assert level_end(tokens, 0, len(tokens), lambda k: tokens[k].is_char("+")) == plus[1]
    inner = tokenize(r"(a b) + c")
    assert level_end(inner, 1, len(inner), lambda k: False) == 3  # the ')' closing a's group
    assert level_end(inner, 0, len(inner), lambda k: False) == len(inner)


def test_groups_nested_too_deep_are_an_error_at_the_group() -> None:
    # found by bench/fuzz_scan.py: 400 nested \frac in a note were a RecursionError of the reader
    deep = "x = " + "x^{" * 51 + "x" + "}" * 51
    with pytest.raises(LatexError) as exc:
        tokenize(deep)
    opened = [k for k, c in enumerate(deep) if c == "{"]
    assert exc.value.start == opened[50] and "nested more than 50 deep" in exc.value.message
    assert len(tokenize("x = " + "(" * 50 + "x" + ")" * 50)) == 103  # 50 levels are read
