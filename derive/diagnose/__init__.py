"""Why a refuted claim is wrong, and its correction in the author's notation.

`search` finds the edits of the stated side that explain the refutation (sign, factor,
transpose, index, activation, term, or two of them); `correct` turns them into a corrected
claim: the author's LaTeX with the same edits made where the author wrote them, or, when no
edit of the text applies, the derived expression; a correction is given only when it verifies.
"""

from __future__ import annotations

from derive.diagnose.search import diagnose, roles
from derive.diagnose.structure import transposed

__all__ = ["diagnose", "roles", "transposed"]
