"""How hard the checks look at one claim. Frozen, so the settings can key the verdict cache."""

from __future__ import annotations

from dataclasses import dataclass, field

from derive.checks.instances import SizePlan
from derive.checks.numeric import Tolerance

MIN_POINTS = 3  # the agreeing points a link needs, at the least


@dataclass(frozen=True)
class Settings:
    """How hard to look. Frozen, so it can key a cache."""

    points: int = 10
    seed: int = 1
    tolerance: Tolerance = field(default_factory=Tolerance)
    plan: SizePlan = field(default_factory=SizePlan)
    symbolic: bool = True
    bound_points: int = 200
    diagnose: bool = True  # off when checking a proposed correction (no corrections of those)
