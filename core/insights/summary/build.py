"""The weekly summary of rules.md §5, built purely from a user's loaded window of sets."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from core.calendar import WEEK, week_bounds
from core.catalogue import Catalogue
from core.insights.records import PR, PriorBest, RecordBook, best_per_exercise
from core.insights.summary.model import (
    CLASSES,
    CUT_FAILURE,
    DELOAD_MARKED,
    DELOAD_PLANNED,
    DELOAD_SUGGESTED,
    FAILURE_TYPES,
    KEEP_GOING,
    KEEP_SHORT,
    SECONDARY_SHARE,
    TOP_MUSCLES,
    Adherence,
    Advice,
    Nudge,
    WeekSummary,
)
from core.insights.trends import e1rm_trends, rtf_trends
from core.insights.window import WeekWindow
from core.model import Profile, SetRecord
from core.rules import RULE_BY_ID, Finding, RuleSettings, evaluate, history_since
from core.rules.registry import FAIL_HEAVY_COMPOUND, FAIL_NON_FINAL_SET
from core.training.sets import counts_as_failure, counts_as_working, kg_of


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
    working = [ordered[i] for i in span if not ordered[i].warmup]
    findings = evaluate(settings, catalogue, ordered[: span.start], ordered[span.start :])
    share = settings.share_limit()
    return WeekSummary(
        week=week,
        unit=profile.unit,
        deload=week in ww.deload,
        sessions=_sessions(ww, span),
        working_sets=n,
        reps=sum(s.reps or 0 for s in working),
        tonnage_kg=sum(kg_of(s) * s.reps for s in working if s.reps and kg_of(s) > 0),
        bodyweight_sets=any(s.bodyweight for s in working),
        muscles=_muscles(ww, catalogue, week),
        failure=(f, n),
        by_class=_by_class(ordered, span, catalogue),
        by_type=_by_type(ordered, span),
        prs=tuple(_prs(ww, span, prior, prior_until)),
        rtf=tuple(rtf_trends(ww, span)),
        e1rm=tuple(e1rm_trends(ww, catalogue, week)),
        findings=_grouped(findings),
        share_limit_pct=float(share * 100),
        share_above=ww.share_above(f, n),
        streak=ww.streak_length(week),
        advice=_advice(ww, week, f, n, findings),
        adherence=_adherence(ww, week) if week in ww.deload else None,
    )


def _sessions(ww: WeekWindow, span: range) -> int:
    starts = ww.workout_starts(span.stop)
    return sum(1 for i in starts if i >= span.start)


def _muscle_sets(ww: WeekWindow, catalogue: Catalogue, week: date) -> dict[str, float]:
    sets: dict[str, float] = defaultdict(float)
    for i in ww.span(week):
        if not counts_as_working(ww.ordered, i):
            continue
        ex = catalogue.get(ww.ordered[i].exercise)
        if ex is None:
            continue
        for m in ex.primary_muscles:
            sets[m] += 1
        for m in ex.secondary_muscles:
            sets[m] += SECONDARY_SHARE
    return sets


def _muscles(
    ww: WeekWindow, catalogue: Catalogue, week: date
) -> tuple[tuple[str, float, float], ...]:
    now = _muscle_sets(ww, catalogue, week)
    before = _muscle_sets(ww, catalogue, week - WEEK)
    top = sorted(now.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_MUSCLES]
    return tuple((m, v, v - before.get(m, 0)) for m, v in top)


def _by_class(
    ordered: Sequence[SetRecord], span: range, catalogue: Catalogue
) -> tuple[tuple[str, int, int], ...]:
    f: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for i in span:
        c = catalogue.failure_class(ordered[i].exercise)
        n[c] += counts_as_working(ordered, i)
        f[c] += counts_as_failure(ordered, i)
    return tuple((c, f[c], n[c]) for c in CLASSES if n[c])


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


def _advice(ww: WeekWindow, week: date, f: int, n: int, findings: Sequence[Finding]) -> Advice:
    upcoming = week + WEEK
    if upcoming in ww.deload:
        return Advice(DELOAD_MARKED)
    signal = ww.deload_signal(upcoming)
    if signal is not None:
        return Advice(DELOAD_PLANNED if signal.planned else DELOAD_SUGGESTED, signal)
    if ww.share_above(f, n):
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
