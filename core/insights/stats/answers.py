"""What plain-words questions need besides the commands' views: which exercises a subject
covers, a muscle group's share of the sets, and the workouts in a range."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.calendar import Zone
from core.catalogue import Catalogue
from core.insights.stats.exercise import Session, sessions
from core.insights.tally import ExerciseTally, muscle_sets, totals
from core.model import SetRecord

LATEST_WORKOUTS = 5  # an answer lists at most this many workouts


def group_exercises(muscles: Collection[str], catalogue: Catalogue) -> tuple[str, ...]:
    """Catalogue exercises that train a muscle group: a primary muscle in it (a deadlift trains
    legs, a bench press does not train arms, though triceps help)."""
    wanted = set(muscles)
    return tuple(e.id for e in catalogue.exercises if wanted.intersection(e.primary_muscles))


@dataclass(frozen=True, slots=True)
class Amounts:
    """Sessions, working and failure sets, reps and tonnage over a range, and the sets each
    muscle got (primary 1, secondary ½), most first."""

    sessions: int
    working_sets: int
    failure_sets: int
    reps: int
    tonnage_kg: float
    bodyweight_sets: bool
    muscles: tuple[tuple[str, float], ...]


def amounts(
    tallies: Mapping[str, ExerciseTally],
    sessions_count: int,
    catalogue: Catalogue,
    muscles: Collection[str] | None = None,
) -> Amounts:
    """`muscles`: only these muscles' sets (a muscle group asked about)."""
    whole = totals(tallies)
    credited = muscle_sets(tallies, catalogue)
    if muscles is not None:
        credited = {m: v for m, v in credited.items() if m in muscles}
    return Amounts(
        sessions_count,
        whole.working_sets,
        whole.failure_sets,
        whole.reps,
        whole.tonnage_kg,
        whole.bodyweight_sets,
        tuple(sorted(credited.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def workouts(
    ordered: Sequence[SetRecord], deload_weeks: Collection[date], zone: Zone, week_start: str
) -> list[Session]:
    """Workouts (3 h gaps, rules.md §1) of any exercises, newest first."""
    return sessions(ordered, deload_weeks, zone, week_start)[::-1]
