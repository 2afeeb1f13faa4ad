"""Rules 5-7 and 10, once per week: deload suggested, failure-share streak, high failure
share this week, planned deload due."""

from __future__ import annotations

from operator import attrgetter

from core.calendar import WEEK
from core.rules.registry import (
    DELOAD_DUE,
    FAILURE_SHARE_HIGH,
    FAILURE_SHARE_STREAK,
)
from core.rules.scope import Hit
from core.rules.timeline import Timeline
from core.training.declines import DECLINE_WINDOW
from core.training.deloads import DELOAD_COOLDOWN_WEEKS
from core.wording import rules as wording

_WARMUP = attrgetter("warmup")


def _percent(x: float) -> int:
    return int(x * 100 + 0.5)


def _share_pct_text(tl: Timeline) -> str:
    pct = tl.share_pct()
    return str(pct.numerator) if pct.denominator == 1 else f"{float(pct):g}"


def deload_suggested(tl: Timeline, p: int) -> Hit | None:
    """D exercises declining within 14 days: D >= the minimum, or D >= 1 in a streak week.

    Never in or right after a deload (2 weeks), nor in a week with a planned deload due.
    """
    k = tl.week_index(p)
    week = tl.week_date(k)
    if tl.week_is_deload(k) or tl.due(k):
        return None
    for back in range(1, DELOAD_COOLDOWN_WEEKS + 1):
        if tl.date_is_deload(week - WEEK * back):
            return None
    a, _ = tl.week_range(k)
    # D can only have risen since the week's previous working set t if s is itself a decline
    # event: every other event counted at s is at or before t, and t's 14-day window starts
    # earlier. So if s is neither the week's first working set nor an event, the condition
    # (if it holds) held at t already; this spares the cross-exercise scan on most sets.
    if not all(map(_WARMUP, tl.sets[a:p])) and tl.decline_at(p) is None:
        return None
    streak = tl.streak(k)
    need = 1 if streak else tl.min_declining
    declining = tl.declining_exercises(p)
    if len(declining) < need:
        return None
    # Held at an earlier working set of this week?  The week's blockers and streak are the
    # same for all of them, so only the number of declining exercises can differ.
    if a < p:
        tl.ensure_order(a, p)
        events = tl.decline_events(tl.sets[a].at - DECLINE_WINDOW, p - 1)
        if events:
            for j in range(a, p):
                t = tl.sets[j]
                if t.warmup:
                    continue
                lo = t.at - DECLINE_WINDOW
                seen = {ex for pos, at, ex in events if pos <= j and at > lo}
                if len(seen) >= need:
                    return None
    names = [tl.catalogue.name_of(ex) for ex in declining]
    by_streak = len(declining) < tl.min_declining
    message = wording.deload_suggested(names, tl.streak_weeks if by_streak else None)
    return Hit(
        message,
        (("exercises", tuple(declining)), ("streak", streak), ("by_streak", by_streak)),
    )


def failure_share_streak(tl: Timeline, p: int) -> Hit | None:
    """A failure set in a week after `share_streak_weeks` weeks of high failure share."""
    k = tl.week_index(p)

    def cond(i: int) -> bool:
        return tl.counts_failure(i) and not tl.in_deload(i) and tl.streak(k)

    if not cond(p):
        return None
    a, _ = tl.week_range(k)
    tl.ensure_order(a, p)
    if tl.scope.held_before(FAILURE_SHARE_STREAK, k, a, p, cond):
        return None
    pct = _share_pct_text(tl)
    weeks = tl.streak_weeks
    return Hit(
        wording.failure_share_streak(weeks, pct),
        (("weeks", weeks), ("share_limit_pct", pct)),
    )


def failure_share_high(tl: Timeline, p: int) -> Hit | None:
    """A failure set and, in the week so far, F >= the minimum and F/N > the limit."""
    k = tl.week_index(p)

    def cond(i: int) -> bool:
        return tl.counts_failure(i) and not tl.in_deload(i) and tl.share_high(*tl.week_tally(i))

    if not cond(p):
        return None
    a, _ = tl.week_range(k)
    if tl.scope.held_before(FAILURE_SHARE_HIGH, k, a, p, cond):
        return None
    f, n = tl.week_tally(p)
    pct = _percent(f / n)
    return Hit(wording.failure_share_high(f, n, pct), (("f", f), ("n", n), ("pct", pct)))


def deload_due(tl: Timeline, p: int) -> Hit | None:
    """The planned deload is due in this (non-deload) week: said at its first working set."""
    k = tl.week_index(p)

    def cond(i: int) -> bool:
        return not tl.sets[i].warmup and not tl.week_is_deload(k) and tl.due(k)

    if not cond(p):
        return None
    a, _ = tl.week_range(k)
    if tl.scope.held_before(DELOAD_DUE, k, a, p, cond):
        return None
    n = tl.cycle_week(k)
    every = tl.settings.deload_every_weeks
    return Hit(wording.deload_due(n, every), (("cycle_week", n), ("every_weeks", every)))
