"""The weekly summary of rules.md §5, built purely from a user's loaded window of sets."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from core.calendar import WEEK, week_bounds
from core.catalogue import Catalogue
from core.insights.records import PR, PriorBest, RecordBook, best_per_exercise
from core.insights.summary.model import (
    CUT_FAILURE,
    DELOAD_MARKED,
    DELOAD_PLANNED,
    DELOAD_SUGGESTED,
    FAILURE_TYPES,
    KEEP_GOING,
    KEEP_SHORT,
    TOP_MUSCLES,
    Adherence,
    Advice,
    Nudge,
    WeekSummary,
)
from core.insights.tally import ExerciseTally, Tallies, by_class, muscle_sets, totals
from core.insights.trends import e1rm_trends, rtf_trends
from core.insights.window import WeekWindow
from core.model import Profile, SetRecord
from core.rules import RULE_BY_ID, Finding, RuleSettings, evaluate, history_since
from core.rules.registry import FAIL_HEAVY_COMPOUND, FAIL_NON_FINAL_SET
from core.training.sets import counts_as_failure


def window_since(profile: Profile, week: date) -> datetime:
    """The earliest instant a summary of `week` reads (PR bests before it come aggregated)."""
    settings = RuleSettings.for_week(profile, week)
    return history_since(week_bounds(week, settings.zone)[0], settings)


def build_summary(
    profile: Profile,
    catalogue: Catalogue,
    week: date,
    window: Sequence[SetRecord],
    prior: Iterable[PriorBest] = (),
    prior_until: datetime | None = None,
) -> WeekSummary | Nudge:
    """Summarise `week` from the window (sets from window_since to at least the week's end) and
    `prior`, the aggregated bests of all sets before `prior_until` (default: the window's
    start). Bests are maxima, so a window overlapping `prior` changes nothing."""
    settings = RuleSettings.for_week(profile, week)
    ww = WeekWindow(window, settings)
    end = ww.bounds(week)[1]
    if ww.ats and ww.ats[-1] >= end:  # /week last: later sets must not leak in
        ww = WeekWindow([s for s in ww.ordered if s.at < end], settings)
    span = ww.span(week)
    ordered = ww.ordered
    f, n = ww.tally(week)
    if n == 0:
        return Nudge(week)
    findings = evaluate(settings, catalogue, ordered[: span.start], ordered[span.start :])
    share = settings.share_limit()
    tallies = _tallies(ww, week)
    week_tally = totals(tallies)
    return WeekSummary(
        week=week,
        unit=profile.unit,
        deload=week in ww.deload,
        sessions=_sessions(ww, span),
        working_sets=n,
        reps=week_tally.reps,
        tonnage_kg=week_tally.tonnage_kg,
        bodyweight_sets=week_tally.bodyweight_sets,
        muscles=_muscles(tallies, _tallies(ww, week - WEEK), catalogue),
        failure=(f, n),
        by_class=by_class(tallies, catalogue),
        by_type=_by_type(ordered, span),
        prs=tuple(_prs(ww, span, prior, prior_until)),
        rtf=tuple(rtf_trends(ww, span)),
        e1rm=tuple(e1rm_trends(ww, catalogue, week)),
        findings=_grouped(findings),
        share_limit_pct=float(share * 100),
        share_above=ww.share_high(week),
        min_failure_sets=settings.int_threshold("min_failure_sets_week"),
        streak=ww.streak_length(week),
        advice=_advice(ww, week, findings),
        adherence=_adherence(ww, week) if week in ww.deload else None,
    )


def _sessions(ww: WeekWindow, span: range) -> int:
    starts = ww.workout_starts(span.stop)
    return sum(1 for i in starts if i >= span.start)


def _tallies(ww: WeekWindow, week: date) -> dict[str, ExerciseTally]:
    tallies = Tallies()
    tallies.add_sets(0, ww.ordered, ww.span(week))
    return tallies.period(0)


def _muscles(
    now: dict[str, ExerciseTally], before: dict[str, ExerciseTally], catalogue: Catalogue
) -> tuple[tuple[str, float, float], ...]:
    current = muscle_sets(now, catalogue)
    previous = muscle_sets(before, catalogue)
    top = sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_MUSCLES]
    return tuple((m, v, v - previous.get(m, 0)) for m, v in top)


def _by_type(ordered: Sequence[SetRecord], span: range) -> tuple[tuple[str, int], ...]:
    kinds: Counter[str] = Counter()
    for i in span:
        if counts_as_failure(ordered, i):
            s = ordered[i]
            kinds[s.failure.value if s.failure is not None else "rir0"] += 1
    return tuple((k, kinds[k]) for k in FAILURE_TYPES if kinds[k])


def _prs(
    ww: WeekWindow, span: range, prior: Iterable[PriorBest], prior_until: datetime | None
) -> list[PR]:
    book = RecordBook(prior)
    # Only the sets `prior` does not cover yet: the aggregate usually reaches the week's start.
    lo = 0 if prior_until is None else bisect_left(ww.ats, prior_until, 0, span.start)
    book.absorb(ww.ordered, span.start, lo)
    found: list[PR] = []
    for i in span:
        found.extend(book.feed(ww.ordered, i))
    return best_per_exercise(found)


def _grouped(findings: Sequence[Finding]) -> tuple[tuple[str, int], ...]:
    counts = Counter(f.rule for f in findings)
    return tuple(sorted(counts.items(), key=lambda kv: RULE_BY_ID[kv[0]].number))


def _advice(ww: WeekWindow, week: date, findings: Sequence[Finding]) -> Advice:
    upcoming = week + WEEK
    if upcoming in ww.deload:
        return Advice(DELOAD_MARKED)
    signal = ww.deload_signal(upcoming)
    if signal is not None:
        return Advice(DELOAD_PLANNED if signal.planned else DELOAD_SUGGESTED, signal)
    if ww.share_high(week):  # rule 7's condition: no advice to cut on a handful of sets
        return Advice(CUT_FAILURE)
    if any(x.rule in (FAIL_HEAVY_COMPOUND, FAIL_NON_FINAL_SET) for x in findings):
        return Advice(KEEP_SHORT)
    return Advice(KEEP_GOING)


def _adherence(ww: WeekWindow, week: date) -> Adherence:
    f, n = ww.tally(week)
    reference = None
    first = ww.first_training_week
    back = week - WEEK
    while first is not None and back >= first:
        if back not in ww.deload and ww.tally(back)[1]:
            reference = ww.tally(back)[1]
            break
        back -= WEEK
    return Adherence(f, n, reference)
