"""The weekly summary of rules.md §5 as data: what wording and charts read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.insights.records import PR
from core.insights.trends import E1rmTrend, RtfTrend
from core.insights.window import DeloadSignal
from core.model import Unit

FAILURE_TYPES = ("concentric", "eccentric", "isometric", "technical", "rir0")
TOP_MUSCLES = 6

# Next week's advice (§5.9), the first that applies.
DELOAD_MARKED = "deload_marked"
DELOAD_PLANNED = "deload_planned"
DELOAD_SUGGESTED = "deload_suggested"
CUT_FAILURE = "cut_failure"
KEEP_SHORT = "keep_short"
KEEP_GOING = "keep_going"


@dataclass(frozen=True, slots=True)
class Advice:
    kind: str
    signal: DeloadSignal | None = None


@dataclass(frozen=True, slots=True)
class Adherence:
    """A deload week's report: failure sets (goal 0) and volume against the last normal week."""

    failure_sets: int
    working_sets: int
    reference_sets: int | None  # N of the last non-deload week with training


@dataclass(frozen=True, slots=True)
class WeekSummary:
    week: date
    unit: Unit
    deload: bool
    sessions: int
    working_sets: int
    reps: int
    tonnage_kg: float
    bodyweight_sets: bool  # some sets count their added load only
    muscles: tuple[tuple[str, float, float], ...]  # (muscle, sets, change vs the week before)
    failure: tuple[int, int]  # (F, N)
    by_class: tuple[tuple[str, int, int], ...]  # (class, F_c, N_c) for classes trained
    by_type: tuple[tuple[str, int], ...]  # (type, count), nonzero only
    prs: tuple[PR, ...]
    rtf: tuple[RtfTrend, ...]
    e1rm: tuple[E1rmTrend, ...]
    findings: tuple[tuple[str, int], ...]  # (rule id, count), in §3 order
    share_limit_pct: float
    share_above: bool  # rule 7's week condition: F >= its minimum and F/N above the limit
    min_failure_sets: int  # rule 7's minimum: no share verdict on fewer failure sets
    streak: int  # consecutive weeks above the share limit, this one included
    advice: Advice
    adherence: Adherence | None


@dataclass(frozen=True, slots=True)
class Nudge:
    """A week without working sets: one line instead of an empty report."""

    week: date
