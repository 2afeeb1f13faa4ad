"""What /history and /chart say about one exercise, the last-time line under a logged set,
and the answers when the exercise is missing, unknown or never logged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from core.calendar import Zone, local_date
from core.catalogue import Catalogue
from core.insights.stats.exercise import Session
from core.insights.stats.last_time import LastTime
from core.insights.stats.progress import E1RM, HOLD, Progress
from core.insights.stats.weeks import ExerciseWeek
from core.model import Unit
from core.wording import numbers as n
from core.wording.records import sets_text

# A short alias per command for the examples; `bench` reads everywhere.
EXAMPLE_EXERCISE = "bench"
WITH_BODY = "e1RM of bodyweight sets: your bodyweight (from your weigh-ins) + the added load."


def week_label(week: date, this_week: date) -> str:
    if week == this_week:
        return "This week"
    if week == this_week - timedelta(days=7):
        return "Last week"
    return f"Week of {week.day} {week:%b}"


def history_text(
    exercise: str,
    found: Sequence[Session],
    titles: Sequence[str | None],
    weeks: Sequence[tuple[date, ExerciseWeek]],
    unit: Unit,
    catalogue: Catalogue,
    zone: Zone,
    today: date,
    this_week: date,
) -> str:
    """The newest sessions first: local date and the workout's title, sets as typed (warm-ups
    marked w), their notes; then the exercise's sessions, sets, reps and tonnage per week."""
    name = catalogue.name_of(exercise)
    last = "last session" if len(found) == 1 else f"last {n.count(len(found), 'session')}"
    lines = [f"📖 {name}: {last}"]
    for ses, title in zip(found, titles, strict=True):
        day = n.day(local_date(ses.start, zone), today)
        if title:
            day += f" · {title}"
        mark = " · deload week" if ses.deload else ""
        lines.append(f"{day}: {sets_text(ses.sets, catalogue)}{mark}")
        notes = list(dict.fromkeys(s.note for s in ses.sets if s.note))
        if notes:
            lines.append(f"   📝 {'; '.join(notes)}")
    trained = [(week, t) for week, t in weeks if t.working_sets]
    if trained:
        lines += ["", "Per week: sessions · working sets · reps · tonnage"]
        for week, t in sorted(trained, reverse=True):
            lines.append(
                f"{week_label(week, this_week)}: {t.sessions or 0} · {t.working_sets} · "
                f"{t.reps} · {n.whole(n.in_unit(t.tonnage_kg, unit))} {unit.value}"
            )
        if any(t.bodyweight_sets for _, t in trained):
            lines.append("(bodyweight sets count their added load only)")
    lines.append(f"Records: /prs {name.lower()} · progress chart: /chart {name.lower()}")
    return "\n".join(lines)


def not_logged(name: str, example: str) -> str:
    return (
        f"You haven't logged {name} yet, so there is nothing to show. Log it like "
        f"{example}, then ask again."
    )


def which_exercise(command: str) -> str:
    return f"Which exercise? For example /{command} {EXAMPLE_EXERCISE}. Or tap one you trained:"


def which_exercise_new(command: str) -> str:
    return (
        f"Which exercise? For example /{command} {EXAMPLE_EXERCISE}. Log your first set like "
        "bench 80x8 F and it will have something to show."
    )


def unknown_exercise(typed: str, suggestions: Sequence[str], command: str) -> str:
    quoted = f"“{typed[:40]}”"
    if suggestions:
        names = (
            suggestions[0]
            if len(suggestions) == 1
            else ", ".join(suggestions[:-1]) + " or " + suggestions[-1]
        )
        return f"I don't know {quoted}. Did you mean {names}? Tap one below."
    return (
        f"I don't know {quoted}. Use the exercise's usual name, e.g. /{command} "
        f"{EXAMPLE_EXERCISE} or /{command} squat"
    )


def nothing_to_chart(name: str) -> str:
    return (
        f"{name} has no working sets to chart yet (warm-ups don't count). Log one like "
        "bench 80x8 F, then ask again."
    )


def chart_caption(p: Progress, unit: Unit, catalogue: Catalogue, zone: Zone, today: date) -> str:
    """What the chart shows, in numbers: first and last session, the change, the loads."""
    name = catalogue.name_of(p.exercise)
    since = n.day(local_date(p.top[0].at, zone), today) if p.top else ""
    parts = [f"{name}: {n.count(p.sessions, 'session')} since {since}."]
    if len(p.top) >= 2:
        first, last = p.top[0].value, p.top[-1].value
        if p.kind == E1RM:
            change = (last - first) / first * 100 if first else 0.0
            parts.append(
                f"Best e1RM per session {n.mass(first, unit)} → {n.mass(last, unit)} "
                f"({'+' if change >= 0 else '−'}{abs(change):.0f} %)."
            )
        elif p.kind == HOLD:
            parts.append(f"Longest hold {n.duration(first)} → {n.duration(last)}.")
        else:
            parts.append(f"Most reps {n.num(first)} → {n.num(last)}.")
    for series in p.rtf:
        pts = series.points
        parts.append(
            f"At {n.load(series.weight, series.unit, bodyweight=series.bodyweight)}: "
            f"{n.num(pts[0].value)} → {n.num(pts[-1].value)} reps to failure."
        )
    if p.with_body:
        parts.append(WITH_BODY)
    marks = []  # what the chart draws, and only that
    if p.failure_marked:
        marks.append("red marks: sets to failure")
    if p.deload_weeks:
        marks.append("shaded: deload weeks")
    if marks:
        parts.append("; ".join(marks).capitalize() + ".")
    return " ".join(parts)


def last_time_line(lt: LastTime, catalogue: Catalogue) -> str:
    """`last time 80 kg × 7 F → +1 rep to failure`, or `last time 80 kg × 8, 8, 7`."""
    if lt.matched is not None and lt.rtf_change is not None:
        d = lt.rtf_change
        change = (
            "same reps to failure"
            if d == 0
            else f"{'+' if d > 0 else '−'}{n.count(abs(d), 'rep')} to failure"
        )
        return f"last time {sets_text([lt.matched], catalogue)} → {change}"
    if lt.matched is not None and lt.seconds_change is not None and lt.seconds_change != 0:
        d = lt.seconds_change
        sign = "+" if d > 0 else "−"
        return f"last time {sets_text([lt.matched], catalogue)} → {sign}{abs(d)} s"
    return f"last time {sets_text(lt.shown, catalogue)}"
