"""Local weeks: DST-aware bounds, week keys at local midnight, either side of the date line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.calendar import WeekGrid, week_bounds, week_of, week_period_key

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def z(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A UTC instant: expectations are written in UTC so they don't lean on the code under test."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- weeks -------------------------------------------------------------------------------------


def test_local_weeks_in_berlin_across_dst() -> None:
    # DST starts Sunday 29 March 2026 (02:00 -> 03:00) and ends Sunday 25 October 2026.
    start, end = week_bounds(date(2026, 3, 23), BERLIN)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=167)
    start, end = week_bounds(date(2026, 10, 19), BERLIN)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=169)
    sunday_night = datetime(2026, 3, 29, 23, 30, tzinfo=BERLIN)  # 21:30 UTC
    assert week_of(sunday_night, BERLIN) == date(2026, 3, 23)
    monday = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)  # 00:30 Monday in Berlin
    assert week_of(monday, BERLIN) == date(2026, 3, 30)
    assert week_of(monday, ZoneInfo("UTC")) == date(2026, 3, 23)


def test_week_grid_agrees_with_week_of_across_dst() -> None:
    first = datetime(2026, 3, 1, tzinfo=UTC)
    grid = WeekGrid(first, first + timedelta(days=250), BERLIN, "monday")
    t = first
    while t < first + timedelta(days=250):
        assert grid.week(t) == week_of(t, BERLIN), t
        t += timedelta(minutes=97)


def test_sunday_week_start() -> None:
    sunday = datetime(2026, 3, 8, 10, 0, tzinfo=NEW_YORK)
    saturday = datetime(2026, 3, 14, 23, 59, tzinfo=NEW_YORK)
    assert week_of(sunday, NEW_YORK, "sunday") == date(2026, 3, 8)
    assert week_of(saturday, NEW_YORK, "sunday") == date(2026, 3, 8)
    assert week_of(sunday, NEW_YORK, "monday") == date(2026, 3, 2)
    grid = WeekGrid(sunday, saturday, NEW_YORK, "sunday")
    assert grid.weeks == [date(2026, 3, 8)]


# --- Week keys at local midnight ------------------------------------------------------------


def keys(instant: datetime, zone: str, week_start: str) -> str:
    return week_period_key(week_of(instant, zone, week_start), week_start)


def test_week_keys_switch_at_local_monday_midnight() -> None:
    midnight = z(2026, 3, 1, 23)  # Mon 2 Mar 00:00 CET
    just_before = midnight - timedelta(microseconds=1)
    assert keys(just_before, "Europe/Berlin", "monday") == "2026-W09"
    assert keys(midnight, "Europe/Berlin", "monday") == "2026-W10"
    # The same instants in UTC are both still Sunday.
    assert keys(just_before, "UTC", "monday") == keys(midnight, "UTC", "monday") == "2026-W09"


def test_week_keys_switch_at_local_sunday_midnight() -> None:
    midnight = z(2026, 2, 28, 23)  # Sun 1 Mar 00:00 CET
    assert keys(midnight - timedelta(seconds=1), "Europe/Berlin", "sunday") == "2026-02-22"
    assert keys(midnight, "Europe/Berlin", "sunday") == "2026-03-01"


def test_week_keys_at_midnight_after_the_spring_forward() -> None:
    midnight = z(2026, 3, 29, 22)  # Mon 30 Mar 00:00 CEST: that week began at CET
    assert week_of(midnight - timedelta(seconds=1), "Europe/Berlin") == date(2026, 3, 23)
    assert week_of(midnight, "Europe/Berlin") == date(2026, 3, 30)


def test_week_keys_at_midnight_in_tonga_and_pago_pago() -> None:
    tonga_midnight = z(2026, 3, 8, 11)  # Mon 9 Mar 00:00 +13
    assert keys(tonga_midnight - timedelta(seconds=1), "Pacific/Tongatapu", "monday") == "2026-W10"
    assert keys(tonga_midnight, "Pacific/Tongatapu", "monday") == "2026-W11"
    pago_midnight = z(2026, 3, 9, 11)  # Mon 9 Mar 00:00 −11
    assert keys(pago_midnight - timedelta(seconds=1), "Pacific/Pago_Pago", "monday") == "2026-W10"
    assert keys(pago_midnight, "Pacific/Pago_Pago", "monday") == "2026-W11"


def test_iso_week_key_across_the_year_end() -> None:
    assert week_of(z(2027, 1, 1, 12), "UTC") == date(2026, 12, 28)
    assert week_period_key(date(2026, 12, 28)) == "2026-W53"
    assert week_period_key(date(2024, 12, 30)) == "2025-W01"
    assert week_period_key(date(2026, 12, 27), "sunday") == "2026-12-27"


def test_week_period_key_refuses_a_mid_week_date_or_a_datetime() -> None:
    with pytest.raises(ValueError, match="first day"):
        week_period_key(date(2026, 3, 3))
    with pytest.raises(ValueError, match="first day"):
        week_period_key(date(2026, 3, 2), "sunday")
    with pytest.raises(TypeError):
        week_period_key(datetime(2026, 3, 2, tzinfo=UTC))
    with pytest.raises(ValueError, match="week_start"):
        week_of(z(2026, 3, 2), "UTC", "saturday")
