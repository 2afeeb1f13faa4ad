"""What /stats, /volume and /failure say, and the hints for every stats command."""

from __future__ import annotations

from datetime import date, timedelta

from core.catalogue import Catalogue
from core.insights.stats.weeks import FailureView, Glance, Volume, WeekStats
from core.insights.tally import CUSTOM_MUSCLE
from core.model import Unit
from core.wording import numbers as n
from core.wording.history import week_label
from core.wording.records import pr_text
from core.wording.summaries import CLASS_LABELS

EXAMPLE_LOG = "bench 80x8 F"
TOP_GLANCE_MUSCLES = 4
TOP_GLANCE_PRS = 3

NOTHING_YET = (
    f"No sets logged yet, so there is nothing to count. Log one like {EXAMPLE_LOG} and try again."
)
NOTHING_RECENT = (
    "No working sets this week or last week. Log one like "
    f"{EXAMPLE_LOG} and /stats compares your weeks."
)
NO_VOLUME = (
    "No working sets this week or last week, so no sets per muscle yet. Log one like "
    f"{EXAMPLE_LOG}, then /volume shows what it trained."
)
NO_FAILURE_WEEKS = (
    "No working sets in the last 8 weeks. Log sets like "
    f"{EXAMPLE_LOG} (F = to failure) and /failure shows how often you go there."
)
VOLUME_NOTE = "working sets; a secondary muscle counts ½"
CUSTOM_NOTE = (
    "Custom: your own exercises without a muscle. /exercise add NAME MUSCLE gives one "
    "its muscle, e.g. /exercise add zercher carry quads"
)
SECONDARY_NOTE = "(secondary muscles count ½)"
MORE = "More: /volume · /failure · /prs · /history bench · /chart bench"


def _span(week: date, today: date) -> str:
    if today <= week:
        return n.day(week)
    return f"{n.day(week)} – {n.day(min(today, week + timedelta(days=6)))}"


def _tonnage(w: WeekStats, unit: Unit) -> str:
    return f"{n.whole(n.in_unit(w.tonnage_kg, unit))} {unit.value}"


def _share(f: int, total: int, min_sets: int) -> str:
    """`4 of 38 sets, 11 %`; no share on fewer working sets than the rule's minimum."""
    if total == 0:
        return "no sets"
    text = f"{f} of {n.count(total, 'set')}"
    return f"{text}, {n.pct(f, total)}" if total >= min_sets else text


def glance_text(g: Glance, unit: Unit, min_sets: int, catalogue: Catalogue) -> str:
    this, last = g.this, g.last
    so_far = " so far" if g.today < this.week + timedelta(days=6) else ""
    title = f"📈 This week{so_far} ({_span(this.week, g.today)}) vs last week"
    if this.deload:
        title += " · deload week"
    lines = [
        title,
        f"{n.count(this.sessions or 0, 'session')} (last week {last.sessions or 0})",
        f"{n.count(this.working_sets, 'working set')} (last week {last.working_sets})"
        f" · {n.count(this.reps, 'rep')} ({last.reps})",
        f"Tonnage {_tonnage(this, unit)} (last week {_tonnage(last, unit)})"
        + (" · bodyweight moves: added load only" if this.bodyweight_sets else ""),
        f"Failure: {_share(this.failure_sets, this.working_sets, min_sets)} "
        f"(last week {_share(last.failure_sets, last.working_sets, min_sets)})",
    ]
    if g.prs:
        shown = " · ".join(pr_text(pr, unit, catalogue) for pr in g.prs[:TOP_GLANCE_PRS])
        extra = len(g.prs) - TOP_GLANCE_PRS
        more = f" (+{n.count(extra, 'more exercise')})" if extra > 0 else ""
        lines.append(f"🏆 PRs this week: {shown}{more}")
    if this.muscles:
        top = " · ".join(f"{n.muscle(m)} {n.num(v)}" for m, v in this.muscles[:TOP_GLANCE_MUSCLES])
        lines.append(f"Most sets: {top} {SECONDARY_NOTE}")
    lines.append(MORE)
    return "\n".join(lines)


def volume_text(v: Volume, today: date) -> str:
    so_far = " so far" if today < v.this.week + timedelta(days=6) else ""
    lines = [f"💪 Sets per muscle group, this week{so_far} vs last week ({VOLUME_NOTE})"]
    for row in v.rows:
        lines.append(f"{n.muscle(row.muscle)} {n.num(row.now)} (last week {n.num(row.before)})")
    if any(row.muscle == CUSTOM_MUSCLE for row in v.rows):
        lines.append(CUSTOM_NOTE)
    if not v.rows:
        lines.append("No muscles to count: these exercises have none in the catalogue.")
    if v.this.deload or v.last.deload:
        which = "This week" if v.this.deload else "Last week"
        lines.append(f"{which} was a deload week: fewer sets are the plan.")
    return "\n".join(lines)


def volume_caption(v: Volume) -> str:
    return f"Sets per muscle, week of {v.this.week.day} {v.this.week:%b} vs last"


def failure_text(view: FailureView, catalogue: Catalogue) -> str:
    limit = round(float(view.limit) * 100)
    f, total = view.failure_sets, view.working_sets
    weeks = len(view.weeks)
    lines = [
        f"🎯 Failure over the last {n.count(weeks, 'week')}: {_share(f, total, view.min_sets)}",
        f"Your limit: {limit} % of a week's working sets (a share shows from "
        f"{n.count(view.min_sets, 'working set')})",
        "",
    ]
    this_week = view.weeks[-1].stats.week
    first = next(k for k, w in enumerate(view.weeks) if w.stats.working_sets)
    if first:
        lines.append(f"No sets before the week of {n.day(view.weeks[first].stats.week)}.")
    for w in view.weeks[first:]:
        s = w.stats
        label = week_label(s.week, this_week)
        if not s.working_sets:
            line = f"{label}: no sets"
        else:
            line = f"{label}: {_share(s.failure_sets, s.working_sets, view.min_sets)}"
        if s.deload:
            line += " · deload"
        if w.share_shown and w.above:
            line += f" ⚠️ above {limit} %"
        lines.append(line)
    if view.by_class:
        lines += [
            "",
            "By class: "
            + " · ".join(f"{CLASS_LABELS[c]} {fc}/{nc}" for c, fc, nc in view.by_class),
        ]
    if view.exercises:
        lines.append(
            "Most often: "
            + " · ".join(
                f"{catalogue.name_of(e.exercise)} {e.failure_sets} of {e.working_sets}"
                for e in view.exercises
            )
        )
    return "\n".join(lines)


def failure_caption(view: FailureView) -> str:
    return f"Failure sets per week, last {n.count(len(view.weeks), 'week')}"
