"""Question periods resolve to the local dates a lifter means, from any today, never raising."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.questions import DateRange, Period, PeriodKind, resolve_period
from core.questions.periods import MAX_COUNT
from core.wording.questions import period_label

K = PeriodKind
WED = date(2025, 6, 18)


@pytest.mark.parametrize(
    ("period", "today", "week_start", "start", "end"),
    [
        (Period(K.TODAY), WED, "monday", "2025-06-18", "2025-06-19"),
        (Period(K.YESTERDAY), date(2025, 3, 1), "monday", "2025-02-28", "2025-03-01"),
        (Period(K.THIS_WEEK), WED, "monday", "2025-06-16", "2025-06-23"),
        (Period(K.THIS_WEEK), WED, "sunday", "2025-06-15", "2025-06-22"),
        (Period(K.LAST_WEEK), date(2025, 1, 1), "monday", "2024-12-23", "2024-12-30"),
        (Period(K.THIS_MONTH), date(2024, 2, 29), "monday", "2024-02-01", "2024-03-01"),
        (Period(K.LAST_MONTH), date(2025, 1, 31), "monday", "2024-12-01", "2025-01-01"),
        (Period(K.THIS_YEAR), WED, "monday", "2025-01-01", "2026-01-01"),
        (Period(K.LAST_YEAR), WED, "monday", "2024-01-01", "2025-01-01"),
        # a weekday is the latest one before today: on a Wednesday `on Wednesday` is a week ago
        (Period(K.ON_WEEKDAY, 2), WED, "monday", "2025-06-11", "2025-06-12"),
        (Period(K.ON_WEEKDAY, 1), WED, "monday", "2025-06-17", "2025-06-18"),
        (Period(K.ON_WEEKDAY, 6), WED, "sunday", "2025-06-15", "2025-06-16"),
        (Period(K.SINCE_WEEKDAY, 0), WED, "monday", "2025-06-16", "2025-06-19"),
        # a month is the latest one that has begun, this one included
        (Period(K.IN_MONTH, 6), WED, "monday", "2025-06-01", "2025-07-01"),
        (Period(K.IN_MONTH, 7), WED, "monday", "2024-07-01", "2024-08-01"),
        (Period(K.IN_MONTH, 12), date(2025, 12, 31), "monday", "2025-12-01", "2026-01-01"),
        (Period(K.IN_MONTH, 2, 2024), WED, "monday", "2024-02-01", "2024-03-01"),
        (Period(K.SINCE_MONTH, 3), WED, "monday", "2025-03-01", "2025-06-19"),
        (Period(K.SINCE_MONTH, 9), WED, "monday", "2024-09-01", "2025-06-19"),
        (Period(K.IN_YEAR, 2023), WED, "monday", "2023-01-01", "2024-01-01"),
        # rolling windows end with today and count it
        (Period(K.LAST_DAYS, 1), WED, "monday", "2025-06-18", "2025-06-19"),
        (Period(K.LAST_DAYS, 30), date(2025, 3, 1), "monday", "2025-01-31", "2025-03-02"),
        (Period(K.LAST_WEEKS, 2), WED, "monday", "2025-06-05", "2025-06-19"),
        (Period(K.LAST_MONTHS, 1), date(2025, 3, 31), "monday", "2025-03-01", "2025-04-01"),
        (Period(K.LAST_MONTHS, 12), WED, "monday", "2024-06-19", "2025-06-19"),
        (Period(K.ALL_TIME), WED, "monday", None, "2025-06-19"),
        (Period(K.DAYS_AGO, 2), date(2025, 3, 1), "monday", "2025-02-27", "2025-02-28"),
        # a date is the latest such day up to today, today included
        (Period(K.ON_DATE, 18), WED, "monday", "2025-06-18", "2025-06-19"),
        (Period(K.ON_DATE, 31), WED, "monday", "2025-05-31", "2025-06-01"),
        (Period(K.ON_DATE, 31), date(2025, 3, 5), "monday", "2025-01-31", "2025-02-01"),
        (Period(K.ON_DATE, 12, month=7), WED, "monday", "2024-07-12", "2024-07-13"),
        (Period(K.ON_DATE, 29, month=2), WED, "monday", "2024-02-29", "2024-03-01"),
        (Period(K.ON_DATE, 3, 2023, 5), WED, "monday", "2023-05-03", "2023-05-04"),
    ],
)
def test_resolves(
    period: Period, today: date, week_start: str, start: str | None, end: str
) -> None:
    expected = DateRange(date.fromisoformat(start) if start else None, date.fromisoformat(end))
    assert resolve_period(period, today, week_start) == expected


def test_bounds_are_local_midnights_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start, end = DateRange(date(2025, 3, 30), date(2025, 3, 31)).bounds(berlin)
    assert start is not None
    assert (start.hour, end.hour) == (0, 0)
    utc = ZoneInfo("UTC")  # aware datetimes of one zone subtract as wall time: compare in UTC
    assert end.astimezone(utc) - start.astimezone(utc) == timedelta(hours=23)  # spring forward
    assert DateRange(None, date(2025, 1, 1)).bounds(berlin)[0] is None


def test_range_membership() -> None:
    span = DateRange(date(2025, 6, 16), date(2025, 6, 23))
    assert date(2025, 6, 16) in span and date(2025, 6, 22) in span
    assert date(2025, 6, 23) not in span and "2025-06-17" not in span


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period(K.LAST_WEEK), "last week"),
        (Period(K.ON_WEEKDAY, 0), "on Monday"),
        (Period(K.SINCE_MONTH, 3), "since March"),
        (Period(K.IN_MONTH, 5, 2024), "in May 2024"),
        (Period(K.LAST_DAYS, 30), "the last 30 days"),
        (Period(K.LAST_WEEKS, 1), "the last week"),
        (Period(K.IN_YEAR, 2024), "in 2024"),
        (Period(K.ALL_TIME), "all time"),
        (Period(K.DAYS_AGO, 3), "3 days ago"),
        (Period(K.ON_DATE, 22), "on the 22nd"),
        (Period(K.ON_DATE, 12), "on the 12th"),
        (Period(K.ON_DATE, 12, 2024, 5), "on 12 May 2024"),
    ],
)
def test_labels(period: Period, label: str) -> None:
    assert period_label(period) == label


@pytest.mark.parametrize(
    "bad",
    [
        (K.ON_WEEKDAY, 7, None),
        (K.IN_MONTH, 0, None),
        (K.LAST_DAYS, 0, None),
        (K.TODAY, 1, None),
        (K.LAST_WEEK, 0, 2024),
        (K.IN_MONTH, 5, 1066),
        (K.ON_DATE, 31, None, 4),
        (K.ON_DATE, 29, 2023, 2),
        (K.ON_DATE, 12, 2024, None),
        (K.IN_MONTH, 5, None, 5),
    ],
)
def test_a_period_rejects_values_it_cannot_mean(
    bad: tuple[PeriodKind, int, int | None] | tuple[PeriodKind, int, int | None, int | None],
) -> None:
    with pytest.raises(ValueError):
        Period(*bad)


_VALUES = {
    K.DAYS_AGO: st.integers(1, MAX_COUNT["days_ago"]),
    K.ON_DATE: st.integers(1, 31),
    K.ON_WEEKDAY: st.integers(0, 6),
    K.SINCE_WEEKDAY: st.integers(0, 6),
    K.IN_MONTH: st.integers(1, 12),
    K.SINCE_MONTH: st.integers(1, 12),
    K.IN_YEAR: st.integers(1900, 2200),
    K.LAST_DAYS: st.integers(1, MAX_COUNT["last_days"]),
    K.LAST_WEEKS: st.integers(1, MAX_COUNT["last_weeks"]),
    K.LAST_MONTHS: st.integers(1, MAX_COUNT["last_months"]),
}


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    value = draw(_VALUES.get(kind, st.just(0)))
    year = month = None
    if kind in (K.IN_MONTH, K.SINCE_MONTH):
        year = draw(st.none() | st.integers(1900, 2200))
    if kind is K.ON_DATE:
        month = draw(st.none() | st.integers(1, 12))
        if month is not None:
            year = draw(st.none() | st.integers(1900, 2200))
    try:
        return Period(kind, value, year, month)
    except ValueError:  # 31 April, 29 February 2023
        assume(False)
        raise


@given(periods(), st.dates(), st.sampled_from(["monday", "sunday"]))
def test_no_day_makes_a_period_raise(period: Period, today: date, week: str) -> None:
    span = resolve_period(period, today, week)  # at the ends of the calendar it opens up
    assert span.start is None or span.start <= span.end
    assert Period.from_code(period.code) == period


LIFETIMES = st.dates(date(1900, 1, 1), date(2200, 12, 31))


@given(periods(), LIFETIMES, st.sampled_from(["monday", "sunday"]))
def test_every_period_means_what_it_says(period: Period, today: date, week: str) -> None:
    span = resolve_period(period, today, week)
    rolling = {K.TODAY, K.THIS_WEEK, K.THIS_MONTH, K.THIS_YEAR, K.SINCE_WEEKDAY, K.ALL_TIME}
    rolling |= {K.LAST_DAYS, K.LAST_WEEKS, K.LAST_MONTHS}
    if period.kind in rolling:
        assert today in span  # windows that reach today include it
    past = {K.YESTERDAY, K.DAYS_AGO, K.LAST_WEEK, K.LAST_MONTH, K.LAST_YEAR, K.ON_WEEKDAY}
    if period.kind in past:
        assert today not in span  # ...and those in the past end before it
    if period.kind is K.ON_WEEKDAY:
        assert (
            span.start is not None
            and span.start.weekday() == period.value
            and span.end - span.start == timedelta(1)
        )
    if period.kind in (K.THIS_WEEK, K.LAST_WEEK):
        assert span.start is not None and span.end - span.start == timedelta(7)
        assert span.start.weekday() == (0 if week == "monday" else 6)
    if period.kind in (K.DAYS_AGO, K.ON_DATE):
        assert span.start is not None and span.end - span.start == timedelta(1)
    if period.kind is K.DAYS_AGO:
        assert span.start == today - timedelta(days=period.value)
    if period.kind is K.ON_DATE and span.start is not None:
        assert span.start.day == period.value
        assert period.month is None or span.start.month == period.month
        assert period.year is not None or span.start <= today
    if period.kind is K.LAST_DAYS and span.start is not None:
        assert (span.end - span.start).days == period.value
