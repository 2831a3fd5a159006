"""TeX sheets (render/tex.py): text escaped for TeX, any script kept."""

from __future__ import annotations

from derive.render import tex


def test_tex_escapes_text() -> None:
    assert tex.escape("50% of #1 & a_b {x} ~ ^") == (
        "50\\% of \\#1 \\& a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{}"
    )
    assert tex.escape("第二章 梯度") == "第二章\\ 梯度"
