"""Indexed families: which index slots a name carries, recorded in its label."""

from __future__ import annotations

from dataclasses import dataclass

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


def family_of(label: str) -> Family:
    name, layer, sample = label, False, False
    if name.endswith(SAMPLE_MARK):
        name, sample = name[: -len(SAMPLE_MARK)], True
    if name.endswith(LAYER_MARK):
        name, layer = name[: -len(LAYER_MARK)], True
    return Family(name, layer, sample)
