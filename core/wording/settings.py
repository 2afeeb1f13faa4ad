"""Replies to /deload and /rules: deload weeks, rule switches and thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from core.rules import RULES, THRESHOLD_BY_KEY, THRESHOLDS
from core.wording.numbers import count
from core.wording.summaries import RULE_LABELS

DELOAD_PLAN = (
    "Same days and exercises, about half the working sets, a few fewer reps, "
    "every set 3+ reps in reserve (RPE 7 or less), no failure."
)

DELOAD_USAGE = (
    "Use /deload now (this week), /deload next (from Monday), /deload off, "
    "or /deload every 6 to change the cycle (0 = only when fatigue shows). "
    "/deload alone shows the plan first."
)
MARK_THIS_WEEK = "Mark this week as deload"
MARK_NEXT_WEEK = "Next week instead"


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def deload_started(week: date, next_week: bool) -> str:
    when = "Next week" if next_week else "This week"
    return f"{when} (from {_day(week)}) is a deload week. {DELOAD_PLAN} /deload off ends it."


def deload_plan(
    this_week: date, *, every: int, cycle_week: int, why: str | None, next_marked: bool
) -> str:
    """Bare /deload: what a deload week asks of you, whether one fits now, and the question
    (nothing is marked until a button or /deload now)."""
    if why is not None:
        status = f"Now is a good time: {why}."
    elif every == 0:
        status = (
            "Planned deloads are off (/deload every 6 turns them on); I suggest one when your "
            "performance drops."
        )
    elif cycle_week > 0:
        status = f"This is week {cycle_week} of your {every}-week cycle: no deload due yet."
    else:
        status = f"Your cycle: a planned deload every {count(every, 'week')}."
    lines = [f"🔋 A deload week: {DELOAD_PLAN[0].lower()}{DELOAD_PLAN[1:]}", status]
    if next_marked:
        lines.append(f"Next week (from {_day(this_week + timedelta(days=7))}) is marked already.")
    lines.append(
        f"Mark this week (from {_day(this_week)}) as a deload week? Nothing changes until you "
        "tap. (/deload now does it at once; /deload off, /deload every 8.)"
    )
    return "\n".join(lines)


def deload_already(week: date) -> str:
    return f"The week from {_day(week)} is already a deload week. /deload off ends it."


def deload_ended(weeks: list[date]) -> str:
    if not weeks:
        return "No deload week is marked now or next week. Start one with /deload."
    return "Deload ended: " + ", ".join(f"week from {_day(w)}" for w in weeks) + " unmarked."


def deload_cycle_invalid() -> str:
    return f"The cycle must be 0 (off) or 3 to 12 weeks, e.g. /deload every 6. {DELOAD_USAGE}"


def deload_cycle(every: int) -> str:
    if every == 0:
        return "Planned deloads are off; I'll still suggest one when your performance drops."
    return (
        f"Planned deload every {count(every, 'week')} "
        f"({count(every - 1, 'training week')}, then one deload)."
    )


# Each threshold in plain words (docs/rules.md has the long form), for /rules and its replies.
THRESHOLD_WORDS = {
    "max_failure_sets_per_workout": "failure sets in one workout before a warning",
    "heavy_max_reps": "a set is heavy at this many reps or fewer",
    "heavy_pct_e1rm": "a set is heavy at this share of your e1RM or more",
    "max_failure_share": "share of a week's working sets that may go to failure",
    "min_failure_sets_week": "failure sets a week needs before its share counts",
    "share_streak_weeks": "weeks in a row over that share before a warning",
    "deload_suggest_min_exercises": "exercises slipping before a deload is suggested",
}


def _shown(key: str, value: float) -> str:
    """A share as a percentage (what a lifter reads), a count as it is."""
    threshold = THRESHOLD_BY_KEY[key]
    return f"{value:g}" if threshold.integer else f"{value * 100:g} %"


def rules_overview(rules_off: frozenset[str], values: Mapping[str, float]) -> str:
    lines = ["Warnings (switch one with /rules off ID or /rules on ID):"]
    for rule in RULES:
        state = "off" if rule.id in rules_off else "on"
        lines.append(f"• {state} — {RULE_LABELS[rule.id]} ({rule.id})")
    lines.append("")
    lines.append("Numbers (change one with /rules set KEY VALUE; a share as 0.3 or 30%):")
    for t in THRESHOLDS:
        value = values.get(t.key, t.default)
        default = "" if value == t.default else f"; default {_shown(t.key, t.default)}"
        lines.append(
            f"• {THRESHOLD_WORDS[t.key]}: {_shown(t.key, value)} "
            f"({t.key}, {_shown(t.key, t.low)}–{_shown(t.key, t.high)}{default})"
        )
    return "\n".join(lines)


RULES_USAGE = (
    "Try /rules, /rules off FAIL_NON_FINAL_SET, /rules on FAIL_NON_FINAL_SET "
    "or /rules set max_failure_sets_per_workout 3."
)


_SWITCH_EXAMPLE = "e.g. /rules off FAIL_NON_FINAL_SET or /rules off heavy"


def unknown_rule(text: str, suggestions: list[str]) -> str:
    """`suggestions`: rule ids close to what was typed."""
    hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else ""
    return (
        f'I don\'t know the rule "{text}".{hint} /rules lists them; switch one by its id or '
        f"its words, {_SWITCH_EXAMPLE}."
    )


def rules_fit(text: str, rules: list[str]) -> str:
    """Words that fit several rules: each with its id, to type the one meant."""
    fits = "; ".join(f"{RULE_LABELS[rule]} ({rule})" for rule in rules)
    return f'"{text}" fits several rules: {fits}. Which one? Type its id, {_SWITCH_EXAMPLE}.'


def not_a_share(key: str) -> str:
    return f"{key} is a count, not a share: no %."


def rule_switched(rule_id: str, on: bool) -> str:
    label = RULE_LABELS[rule_id]
    return f"Warnings for {label} ({rule_id}) are now {'on' if on else 'off'}."


def threshold_set(key: str, value: float) -> str:
    words = THRESHOLD_WORDS[key]
    return f"{words[0].upper()}{words[1:]}: now {_shown(key, value)} ({key})."


def threshold_error(message: str, key: str | None = None) -> str:
    """A refused /rules set, with an example that works (for the key typed, when it is known)."""
    threshold = THRESHOLD_BY_KEY.get(key or "")
    if threshold is None:
        return f"{message} Example: /rules set max_failure_sets_per_workout 3"
    example = f"/rules set {threshold.key} {threshold.default:g}"
    if not threshold.integer:
        example += f" (or {threshold.default * 100:g}%)"
    return f"{message} Example: {example}"
