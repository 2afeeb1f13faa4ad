"""What a plausible set of an exercise looks like (notation.md §11 N2), one table per exercise.

The parser asks these ranges only when numbers carry no role (no unit, sign or rep word), to choose
between readings; they never reject what a lifter made explicit. Built once per catalogue, so a
message costs no lookup per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.model import Unit

# §8 hard limits: a load above them is an error whatever the reading.
HARD_LIMIT = {Unit.KG: Decimal(1000), Unit.LB: Decimal(2200)}

# (min kg, min lb, max kg, max lb) of one load, by equipment and mechanics (N2's first table).
_LOADS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("barbell", "compound"): ("20", "45", "500", "1100"),
    ("smith_machine", "compound"): ("20", "45", "500", "1100"),
    ("barbell", "isolation"): ("5", "10", "80", "180"),
    ("smith_machine", "isolation"): ("5", "10", "80", "180"),
    ("dumbbell", "isolation"): ("1", "2", "40", "90"),
    ("dumbbell", "compound"): ("1", "2", "80", "180"),
    ("kettlebell", "isolation"): ("4", "8", "100", "220"),
    ("kettlebell", "compound"): ("4", "8", "100", "220"),
    ("cable", "isolation"): ("2.5", "5", "60", "135"),
    ("cable", "compound"): ("2.5", "5", "150", "330"),
    ("machine", "isolation"): ("5", "10", "150", "330"),
    ("machine", "compound"): ("5", "10", "500", "1100"),
}
_OTHER = ("0.01", "0.01", "1000", "2200")  # band, other: any positive load up to §8's limit
_ADDED = ("0.5", "1", "150", "330")  # a load added to the body (`+N`, weighted pull-ups)
_ASSIST = ("5", "10", "100", "220")  # the help of an assistance machine
_WEIGH_IN = ("30", "66", "300", "660")

MAX_PLAUSIBLE_SETS = 10
MAX_TYPICAL_SETS = 5
HOLD_SECONDS = (10, 600)


@dataclass(frozen=True, slots=True)
class LoadRange:
    """A plausible load, inclusive, per unit."""

    kg: tuple[Decimal, Decimal]
    lb: tuple[Decimal, Decimal]

    @classmethod
    def of(cls, row: tuple[str, str, str, str]) -> LoadRange:
        lo_kg, lo_lb, hi_kg, hi_lb = (Decimal(v) for v in row)
        return cls((lo_kg, hi_kg), (lo_lb, hi_lb))

    def holds(self, value: Decimal, unit: Unit) -> bool:
        lo, hi = self.kg if unit is Unit.KG else self.lb
        return lo <= value <= hi


ADDED = LoadRange.of(_ADDED)
ASSIST = LoadRange.of(_ASSIST)
WEIGH_IN = LoadRange.of(_WEIGH_IN)


@dataclass(frozen=True, slots=True)
class Plausible:
    """The ranges of N2 for one exercise: its load (the added load on bodyweight ones) and reps."""

    load: LoadRange
    reps_min: Decimal
    reps_max: Decimal

    def load_ok(self, value: Decimal, unit: Unit) -> bool:
        return self.load.holds(value, unit)

    def reps_ok(self, value: Decimal) -> bool:
        return self.reps_min <= value <= self.reps_max and value == value.to_integral_value()


def sets_ok(value: Decimal) -> bool:
    """A plausible set count for one group (pair read as sets, triple, scheme)."""
    return value % 1 == 0 and 1 <= value <= MAX_PLAUSIBLE_SETS


def sets_typical(value: Decimal) -> bool:
    return value % 1 == 0 and 1 <= value <= MAX_TYPICAL_SETS


def hold_ok(seconds: Decimal) -> bool:
    return seconds % 1 == 0 and HOLD_SECONDS[0] <= seconds <= HOLD_SECONDS[1]


def plausible_for(equipment: str, mechanics: str, pattern: str, load_type: str) -> Plausible:
    """The ranges of one catalogue exercise (custom exercises: equipment `other`)."""
    bodyweight = equipment == "bodyweight"
    if load_type == "assisted":
        load = ASSIST
    elif bodyweight:
        load = ADDED
    else:
        load = LoadRange.of(_LOADS.get((equipment, mechanics), _OTHER))
    if bodyweight or pattern == "core":
        reps = (1, 100)
    elif mechanics == "isolation":
        reps = (5, 30)
    else:
        reps = (1, 30)
    return Plausible(load, Decimal(reps[0]), Decimal(reps[1]))


UNKNOWN = plausible_for("other", "compound", "", "weight")
