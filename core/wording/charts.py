"""The words on the stats charts (/chart, /volume, /failure): axes, legends, ticks."""

from __future__ import annotations

from datetime import date

from core.model import Unit
from core.wording import numbers

TOP_LABELS = {"e1rm": "best e1RM", "reps": "most reps", "hold": "longest hold (s)"}
TO_FAILURE = "to failure"
REPS_TO_FAILURE = "reps to failure"
THIS_WEEK = "this week"
LAST_WEEK = "last week"
WORKING_SETS = "working sets"
VOLUME_AXIS = "working sets (secondary muscles count ½)"
SETS_PER_WEEK = "sets per week"
DELOAD = "deload"
DELOAD_WEEK = "deload week"


def top_axis(kind: str, unit: Unit, with_body: bool = False) -> str:
    if kind != "e1rm":
        return TOP_LABELS[kind]
    return f"e1RM incl. bodyweight ({unit.value})" if with_body else f"e1RM ({unit.value})"


def week_tick(week: date) -> str:
    return f"{week.day} {week:%b}"


def share(f: int, n: int) -> str:
    return numbers.pct(f, n)


muscle = numbers.muscle
load = numbers.load  # a load as typed: `80 kg`, `BW+20 kg`, `bodyweight`
