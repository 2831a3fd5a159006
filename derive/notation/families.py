"""Indexed families: which index slots a name carries, recorded in its label."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

# A family label records which index slots a name carries: w^{[l]}_{jk} is the family "w[]"
# with indices (l, j, k); a^{[L](i)} is "a[]()" with (L, i); y^{(i)} is "y()" with (i,).
LAYER_MARK = "[]"
SAMPLE_MARK = "()"


@dataclass(frozen=True)
class Family:
    name: str
    layer: bool
    sample: bool

    @property
    def label(self) -> str:
        return self.name + (LAYER_MARK if self.layer else "") + (SAMPLE_MARK if self.sample else "")


# A pure function of a string, asked hundreds of thousands of times per catalog run for a few
# hundred labels; Family is frozen, so one shared instance per label is the same value.
@lru_cache(maxsize=4096)
def family_of(label: str) -> Family:
    name, layer, sample = label, False, False
    if name.endswith(SAMPLE_MARK):
        name, sample = name[: -len(SAMPLE_MARK)], True
    if name.endswith(LAYER_MARK):
        name, layer = name[: -len(LAYER_MARK)], True
    return Family(name, layer, sample)


# str() of a SymPy object runs SymPy's printer (a printer object, its settings, a dispatch on the
# class): about 5 microseconds a call, asked for the same few hundred labels and names hundreds of
# thousands of times per catalog run (3% of the checks' CPU). Equal objects print alike, so one
# printing per distinct object is the same string.
@lru_cache(maxsize=4096)
def printed(x: sympy.Basic) -> str:
    """str(x), printed once per distinct x: for names and labels, never for big expressions."""
    return str(x)


def label_of(item: sympy.Indexed) -> str:
    """The family label of an indexed name: str(item.base.label), printed once (`printed`)."""
    return printed(item.base.label)
