"""Tokens of one message line and the markers (§6) they can carry."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.model import Failure

NUM = "num"  # 80, 82.5, 82,5 (value: Decimal)
MSS = "mss"  # 1:30 (value: seconds)
WORD = "word"  # letters; `low` is the folded form
TIMES = "times"  # x X × * х
AT = "at"  # @
COMMA = "comma"
SEMI = "semi"
SLASH = "slash"
DASH = "dash"  # -  (sign, list separator or name separator, by position)
PLUS = "plus"
ARROW = "arrow"  # > -> →
COLON = "colon"
SEP = "sep"  # -- — – before the first group: they separate the name from the sets
LB_HASH = "lbhash"  # `#` glued to a load: pounds
MARK = "mark"  # a bracket holding exactly one marker: (F) [failure] (@8) (w) (last F)
COUNT = "count"  # a bracket holding a set count: (2 sets) (x 3) (x3); value: the count
DUAL = "dual"  # a bracket holding one load with a unit: (220 pounds); value and unit_text
OTHER = "other"  # anything the notation does not know (`?`, `%`, ...)

FAILURE = "failure"
RPE = "rpe"
RIR = "rir"
WARMUP = "warmup"


_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Marker:
    """One marker as written: failure (type None = the default), RPE or RIR value, or warm-up."""

    kind: str
    failure: Failure | None = None
    value: Decimal | None = None
    text: str = ""


class Tok:
    """One token: kind, source text and span in the line, and whether a gap precedes it."""

    __slots__ = ("end", "gap", "kind", "low", "marker", "start", "text", "value")

    def __init__(self, kind: str, text: str, start: int, end: int, gap: bool) -> None:
        self.kind = kind
        self.text = text
        self.low = text
        self.start = start
        self.end = end
        self.gap = gap
        self.value: Decimal = _ZERO
        self.marker: Marker | None = None

    def __repr__(self) -> str:
        return f"Tok({self.kind}, {self.text!r})"

    @property
    def is_int(self) -> bool:
        """A whole number as typed (`8`, not `8.5`): reps, sets and counts must be."""
        return self.kind == NUM and "." not in self.text and "," not in self.text
