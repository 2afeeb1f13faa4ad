"""Answers to plain-words questions: the numbers in a sentence or two, named by the subject and
the time range the user asked about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.calendar import Zone, local_date
from core.catalogue import Catalogue
from core.insights.stats.answers import LATEST_WORKOUTS, Amounts
from core.insights.stats.exercise import Session
from core.model import Unit
from core.wording import numbers as n
from core.wording.records import sets_text
from core.wording.stats import SECONDARY_NOTE

TOP_MUSCLES = 8


def heading(what: str, when: str) -> str:
    """`Back Squat last week`, or `Last week` when the question names no subject."""
    text = f"{what} {when}" if what else when
    return text[:1].upper() + text[1:]


def _ago(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{n.count(days, 'day')} ago"


def workout_line(ses: Session, catalogue: Catalogue, zone: Zone, today: date) -> str:
    """`Tue 3 Mar: Bench Press 80 kg × 8, 8 F · Back Squat 100 kg × 5, 5`."""
    day = n.day(local_date(ses.start, zone), today)
    mark = " (deload week)" if ses.deload else ""
    return f"{day}{mark}: {sets_text(ses.sets, catalogue, named=True)}"


def last_time(what: str, ses: Session, catalogue: Catalogue, zone: Zone, today: date) -> str:
    day = local_date(ses.start, zone)
    return (
        f"The last time you trained {what} was {n.day(day, today)} ({_ago(day, today)}):\n"
        f"{sets_text(ses.sets, catalogue, named=True)}"
    )


def history(
    what: str, when: str, found: Sequence[Session], catalogue: Catalogue, zone: Zone, today: date
) -> str:
    shown = found[:LATEST_WORKOUTS]
    head = f"📖 {heading(what, when)}: {n.count(len(found), 'workout')}"
    if len(found) > len(shown):
        head += f", the latest {len(shown)}"
    return "\n".join([head, *(workout_line(s, catalogue, zone, today) for s in shown)])


def amounts(what: str, when: str, a: Amounts, unit: Unit, group: bool) -> str:
    """`Back Squat last week: 2 sessions · 10 working sets · 50 reps · 5 000 kg`; a muscle
    group's answer adds the sets each of its muscles got."""
    tonnage = f"{n.whole(n.in_unit(a.tonnage_kg, unit))} {unit.value}"
    line = (
        f"{heading(what, when)}: {n.count(a.sessions, 'session')} · "
        f"{n.count(a.working_sets, 'working set')} · {n.count(a.reps, 'rep')} · {tonnage}"
    )
    if a.bodyweight_sets:
        line += " (bodyweight moves: added load only)"
    if group and a.muscles:
        credited = " · ".join(f"{n.muscle(m)} {n.num(v)}" for m, v in a.muscles[:TOP_MUSCLES])
        line += f"\nSets per muscle: {credited} {SECONDARY_NOTE}"
    return line


def muscles(what: str, when: str, a: Amounts) -> str:
    shown = " · ".join(f"{n.muscle(m)} {n.num(v)}" for m, v in a.muscles[: TOP_MUSCLES * 2])
    title = f"{what}: working sets per muscle {when}" if what else f"Working sets per muscle {when}"
    return f"💪 {heading(title, '').strip()} {SECONDARY_NOTE}:\n{shown}"


def count(what: str, when: str, sessions: int, exercise: bool) -> str:
    """`You trained 12 times this month`, `You did Bench Press 3 times since February`."""
    times = "once" if sessions == 1 else n.count(sessions, "time")
    if not what:
        return f"You trained {times} {when}."
    return f"You {'did' if exercise else 'trained'} {what} {times} {when}."


def failure(what: str, when: str, a: Amounts, min_sets: int) -> str:
    f, total = a.failure_sets, a.working_sets
    share = f" ({n.pct(f, total)})" if total >= min_sets else ""
    return (
        f"🎯 {heading(what, when)}: {f} of {n.count(total, 'working set')} to failure"
        f"{share}. /failure shows the last 8 weeks."
    )


def weekly_sets(what: str, weeks: Sequence[tuple[date, int]]) -> str:
    """Working sets per week, from the first week with any."""
    first = next((i for i, (_, k) in enumerate(weeks) if k), len(weeks))
    lines = [
        f"📈 {heading(what + ',', 'working sets per week') if what else 'Working sets per week'}:"
    ]
    lines += [f"Week of {w.day} {w:%b}: {k}" for w, k in weeks[first:]]
    return "\n".join(lines)


def nothing(what: str, when: str) -> str:
    subject = f" for {what}" if what else ""
    return (
        f"Nothing logged{subject} {when}. Log sets like bench 80x8 F and ask again, or try "
        "another time, e.g. “… this month”."
    )


def no_exercises(group: str) -> str:
    return f"No exercise in my catalogue trains {group} as a main muscle, so I can't count it."
