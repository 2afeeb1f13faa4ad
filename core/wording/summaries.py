"""What users read in weekly summaries, deload reminders and the /summary settings."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.catalogue import Catalogue
from core.insights.records import E1RM_PR
from core.insights.summary import model as s
from core.insights.window import DeloadSignal
from core.wording import numbers
from core.wording.schedule import SLOT_EXAMPLE, WEEKDAY_NAMES, slot_text

CLASS_LABELS = {
    "avoid": "heavy compounds",
    "caution": "other compounds",
    "suited": "isolation/machines",
    "unknown": "custom",
}
TYPE_LABELS = {
    "concentric": "concentric",
    "eccentric": "eccentric",
    "isometric": "isometric",
    "technical": "technical",
    "rir0": "RIR 0/RPE 10",
}
RULE_LABELS = {
    "FAIL_IN_DELOAD": "failure in a deload week",
    "FAIL_HEAVY_COMPOUND": "failure on a heavy compound",
    "TOO_MANY_FAILURE_SETS": "too many failure sets in a workout",
    "FAIL_NON_FINAL_SET": "failure before the last set",
    "DELOAD_SUGGESTED": "deload suggested",
    "FAILURE_SHARE_STREAK": "failure-share streak",
    "FAILURE_SHARE_HIGH": "high failure share",
    "REPS_DECLINE": "reps to failure dropping",
    "E1RM_DECLINE": "e1RM dropping",
    "DELOAD_DUE": "planned deload due",
}
DELOAD_PLAN = "Same days and exercises, about half the sets, 3+ reps in reserve, no failure."
ADVICE = {
    s.CUT_FAILURE: "cut failure to 1–2 sets per workout, mostly isolation.",
    s.KEEP_SHORT: "keep heavy compounds 1–3 reps short of failure.",
    s.KEEP_GOING: "keep going: add a rep or a little load where reps to failure went up.",
}


_day = numbers.day
_num = numbers.num
_whole = numbers.whole
_in_unit = numbers.in_unit


def _names(ids: tuple[str, ...], catalogue: Catalogue) -> str:
    names = [catalogue.name_of(x) for x in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_muscle = numbers.muscle
_signed = numbers.signed
_pct = numbers.pct
count = numbers.count


def reason(signal: DeloadSignal, catalogue: Catalogue, every_weeks: int) -> str:
    if signal.planned:
        return f"week {signal.cycle_week} of your {every_weeks}-week cycle"
    if signal.streak_weeks:
        return f"{count(signal.streak_weeks, 'week')} of heavy failure use"
    return f"e1RM/reps down on {_names(signal.exercises, catalogue)}"


def reminder(signal: DeloadSignal, catalogue: Catalogue, every_weeks: int, this_week: bool) -> str:
    """The deload reminder of rules.md §4."""
    when, command = ("This week", "/deload now") if this_week else ("Next week", "/deload next")
    return (
        f"{when}: deload ({reason(signal, catalogue, every_weeks)}). {DELOAD_PLAN} "
        f"Tap {command} to mark it."
    )


def nudge(week: date) -> str:
    return (
        f"Week of {_day(week)}: no sets logged. Even one short session keeps the habit — "
        "type it like bench 80x8."
    )


def _advice(summary: s.WeekSummary, catalogue: Catalogue, every_weeks: int, now: bool) -> str:
    advice = summary.advice
    when = "This week" if now else "Next week"
    if advice.kind == s.DELOAD_MARKED:
        return f"{when} is your deload. {DELOAD_PLAN}"
    if advice.signal is not None:
        return reminder(advice.signal, catalogue, every_weeks, this_week=now)
    return f"{when}: {ADVICE[advice.kind]}"


def share_status(summary: s.WeekSummary) -> str:
    """The week's failure share against the limit, judged as rule 7 judges it: no share on
    fewer working sets than its minimum, no "above" on fewer failure sets than it."""
    f, n = summary.failure
    least = summary.min_failure_sets
    if n < least:
        return ""
    limit = f"{_num(summary.share_limit_pct)} %"
    if summary.share_above:
        streak = summary.streak
        again = f" ({count(streak, 'week')} in a row)" if streak > 1 else ""
        return f"Failure share {_pct(f, n)}, above your {limit} limit{again}."
    if f < least and 100 * f > summary.share_limit_pct * n:
        return (
            f"Failure share {_pct(f, n)}: your {limit} limit counts from "
            f"{count(least, 'failure set')} a week."
        )
    return f"Failure share {_pct(f, n)}, within your {limit} limit."


def summary_text(
    summary: s.WeekSummary, catalogue: Catalogue, every_weeks: int, *, read_later: bool = False
) -> str:
    """The weekly summary of rules.md §5, one short line per item.

    `read_later`: it is read once the following week has begun (a Monday summary, /week
    last), so the advice speaks of "this week".
    """
    u = summary.unit
    f, n = summary.failure
    end = summary.week.toordinal() + 6
    title = f"📊 Week {_day(summary.week)} – {_day(date.fromordinal(end))}"
    lines = [title + (" · deload week" if summary.deload else "")]
    lines.append(
        f"{count(summary.sessions, 'session')} · {count(n, 'working set')} · "
        f"{count(summary.reps, 'rep')}"
    )
    tonnage = f"Tonnage {_whole(_in_unit(summary.tonnage_kg, u))} {u.value}"
    lines.append(
        tonnage + (" (bodyweight moves: added load only)" if summary.bodyweight_sets else "")
    )
    if summary.adherence is not None:
        a = summary.adherence
        line = f"Deload check: {count(a.failure_sets, 'failure set')} (goal 0)"
        if a.reference_sets:
            line += f", {round(100 * a.working_sets / a.reference_sets)} % of your usual sets"
        lines.append(line + " (goal about 50 %)." if a.reference_sets else line + ".")
    if summary.muscles:
        lines += ["", "Sets per muscle (vs last week)"]
        lines += [f"{_muscle(m)} {_num(v)} ({_signed(d)})" for m, v, d in summary.muscles]
    shown = f" ({_pct(f, n)})" if n >= summary.min_failure_sets else ""
    lines += ["", f"Failure: {f} of {count(n, 'set')}{shown}"]
    if len(summary.by_class) > 1 or (summary.by_class and summary.by_class[0][1]):
        lines.append(" · ".join(f"{CLASS_LABELS[c]} {fc}/{nc}" for c, fc, nc in summary.by_class))
    if summary.by_type:
        lines.append("By type: " + ", ".join(f"{k} {TYPE_LABELS[t]}" for t, k in summary.by_type))
    if summary.prs:
        lines += ["", "🏆 PRs"]
        for pr in summary.prs:
            r = pr.record
            load = numbers.load(r.weight, r.unit, bodyweight=r.bodyweight)
            if pr.kind == E1RM_PR:
                now, was = _num(_in_unit(pr.value, u)), _num(_in_unit(pr.previous, u))
                lines.append(
                    f"{catalogue.name_of(pr.exercise)} {load} × {r.reps}: e1RM "
                    f"{now} {u.value} (was {was})"
                )
            else:
                lines.append(
                    f"{catalogue.name_of(pr.exercise)} {load}: {count(int(pr.value), 'rep')} "
                    f"(was {int(pr.previous)})"
                )
    if summary.rtf:
        lines += ["", "Reps to failure"]
        for t in summary.rtf:
            arrow = "↑" if t.now > t.before else "↓" if t.now < t.before else "="
            mark = " (dropping 3 sessions in a row)" if t.declining else ""
            lines.append(
                f"{catalogue.name_of(t.exercise)} "
                f"{numbers.load(t.weight, t.unit, bodyweight=t.bodyweight)}: "
                f"{_num(t.before)} → {_num(t.now)} {arrow}{mark}"
            )
    if summary.e1rm:
        lines += ["", "e1RM vs the 4 weeks before"]
        lines += [
            f"{catalogue.name_of(t.exercise)} {_num(_in_unit(t.now_kg, u))} {u.value} "
            f"({'+' if t.change_pct >= 0 else '−'}{abs(t.change_pct):.0f} %)"
            for t in summary.e1rm
        ]
    status: list[str] = []
    if summary.findings:
        found = ", ".join(f"{RULE_LABELS.get(r, r)} ×{k}" for r, k in summary.findings)
        status.append(f"Warnings: {found}")
    share = share_status(summary)
    if share:
        status.append(share)
    lines += ["", *status] if status else []
    lines += ["", "➡️ " + _advice(summary, catalogue, every_weeks, read_later)]
    return "\n".join(lines)


def chart_caption(week: date) -> str:
    return f"Sets per muscle group, week of {_day(week)}"


# The chart's labels.
CHART_THIS_WEEK = "this week"
CHART_LAST_WEEK = "last week"
CHART_MUSCLE_AXIS = "sets (secondary muscles count half)"
CHART_WORKING_SETS = "working sets"
CHART_FAILURE_SETS = "to failure"
CHART_SETS = "sets"


# --- /summary ---------------------------------------------------------------------------------


def schedule_status(weekday: int, at: time, zone: str, next_run: datetime | None) -> str:
    when = slot_text(weekday, at, zone)
    line = f"Weekly summary: {when}."
    if next_run is not None:
        local = next_run.astimezone(ZoneInfo(zone))
        line += f" Next: {_day(local.date())} {local:%H:%M}."
    return (
        f"{line}\nChange it with {SLOT_EXAMPLE} or /summary mon 07:30, stop it with "
        "/summary off. /summary now sends it now, /week shows this week so far, /week last "
        "the previous one."
    )


def schedule_off(reminder_weekday: int, reminder_time: time) -> str:
    return (
        "Weekly summaries are off. I'll still remind you of a due deload on "
        f"{WEEKDAY_NAMES[reminder_weekday]}s at {reminder_time:%H:%M}. "
        f"Turn summaries back on with {SLOT_EXAMPLE}."
    )


SCHEDULE_NONE = f"No weekly summary is scheduled. Start one with {SLOT_EXAMPLE}."

WEEK_USAGE = "Use /week for this week so far, or /week last for the week before."
THIS_WEEK_POINTER = (
    "That is the week just ended: on a week's first day the summary looks back. "
    "This week so far: /week"
)
