"""Schedule arithmetic: DST switches on both hemispheres, date-line zones, the weeks runs cover."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from core.calendar import WEEK, week_of, week_period_key
from core.deliveries import SUMMARY, scheduled
from core.schedule import (
    SlotError,
    WeeklySlot,
    catch_up,
    default_summary_slot,
    next_run_at,
    parse_slot,
    reminder_slot,
    reminder_week_for,
    summary_week_for,
)
from core.wording.schedule import SLOT_EXAMPLE

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def z(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A UTC instant: expectations are written in UTC so they don't lean on the code under test."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def chain(slot: WeeklySlot, after: datetime, count: int) -> list[datetime]:
    runs = []
    for _ in range(count):
        after = next_run_at(slot, after)
        runs.append(after)
    return runs


# --- Europe/Berlin: last Sunday of March (02:00 -> 03:00) and of October (03:00 -> 02:00) ---------


def test_berlin_spring_forward_gap_slot_runs_shifted_by_the_gap() -> None:
    slot = WeeklySlot(SUN, time(2, 30), "Europe/Berlin")
    assert chain(slot, z(2026, 3, 21, 12), 3) == [
        z(2026, 3, 22, 1, 30),  # 02:30 CET
        z(2026, 3, 29, 1, 30),  # 02:30 does not exist: 03:30 CEST, one gap (1 h) later
        z(2026, 4, 5, 0, 30),  # 02:30 CEST
    ]
    shifted = z(2026, 3, 29, 1, 30).astimezone(ZoneInfo("Europe/Berlin"))
    assert (shifted.hour, shifted.minute, shifted.utcoffset()) == (3, 30, timedelta(hours=2))


def test_berlin_fall_back_ambiguous_slot_runs_once_at_first_occurrence() -> None:
    slot = WeeklySlot(SUN, time(2, 30), "Europe/Berlin")
    assert next_run_at(slot, z(2026, 10, 24, 12)) == z(2026, 10, 25, 0, 30)  # 02:30 CEST
    # The repeated 02:30 CET (01:30Z) is not a second run, whichever side of it we ask from.
    assert next_run_at(slot, z(2026, 10, 25, 0, 30)) == z(2026, 11, 1, 1, 30)
    assert next_run_at(slot, z(2026, 10, 25, 1, 0)) == z(2026, 11, 1, 1, 30)
    assert next_run_at(slot, z(2026, 10, 25, 1, 30)) == z(2026, 11, 1, 1, 30)


def test_a_fold_on_the_slot_time_is_ignored() -> None:
    # Asking for "the second 02:30" is not something a user can type; the first one runs.
    slot = WeeklySlot(SUN, time(2, 30, fold=1), "Europe/Berlin")
    assert slot == WeeklySlot(SUN, time(2, 30), "Europe/Berlin")
    assert slot.local_time.fold == 0
    assert next_run_at(slot, z(2026, 10, 24, 12)) == z(2026, 10, 25, 0, 30)


def test_berlin_evening_slot_across_both_switches() -> None:
    slot = WeeklySlot(SUN, time(18, 0), "Europe/Berlin")
    assert chain(slot, z(2026, 3, 21), 2) == [z(2026, 3, 22, 17), z(2026, 3, 29, 16)]
    assert chain(slot, z(2026, 10, 17), 2) == [z(2026, 10, 18, 16), z(2026, 10, 25, 17)]


# --- America/New_York: 2nd Sunday of March, 1st Sunday of November, both at 02:00 ---------------


def test_new_york_spring_forward() -> None:
    gap = WeeklySlot(SUN, time(2, 30), "America/New_York")
    assert chain(gap, z(2026, 2, 28), 3) == [
        z(2026, 3, 1, 7, 30),  # 02:30 EST
        z(2026, 3, 8, 7, 30),  # 03:30 EDT
        z(2026, 3, 15, 6, 30),  # 02:30 EDT
    ]
    evening = WeeklySlot(SUN, time(18, 0), "America/New_York")
    assert chain(evening, z(2026, 2, 28), 2) == [z(2026, 3, 1, 23), z(2026, 3, 8, 22)]


def test_new_york_fall_back_0130_runs_once() -> None:
    slot = WeeklySlot(SUN, time(1, 30), "America/New_York")
    assert chain(slot, z(2026, 10, 31, 12), 2) == [
        z(2026, 11, 1, 5, 30),  # 01:30 EDT, the first of the two 01:30s
        z(2026, 11, 8, 6, 30),  # 01:30 EST a week later; 01:30 EST on Nov 1 (06:30Z) is skipped
    ]
    assert next_run_at(slot, z(2026, 11, 1, 6)) == z(2026, 11, 8, 6, 30)
    evening = WeeklySlot(SUN, time(18, 0), "America/New_York")
    assert chain(evening, z(2026, 10, 24), 2) == [z(2026, 10, 25, 22), z(2026, 11, 1, 23)]


# --- Southern hemisphere: Australia/Sydney (DST from the 1st Sunday of October) -----------------


def test_sydney_spring_forward_in_october() -> None:
    gap = WeeklySlot(SUN, time(2, 30), "Australia/Sydney")
    assert chain(gap, z(2026, 9, 26), 2) == [
        z(2026, 9, 26, 16, 30),  # Sun 27 Sep 02:30 AEST
        z(2026, 10, 3, 16, 30),  # Sun 4 Oct 02:30 is missing: 03:30 AEDT
    ]
    evening = WeeklySlot(SUN, time(18, 0), "Australia/Sydney")
    assert chain(evening, z(2026, 9, 26), 2) == [z(2026, 9, 27, 8), z(2026, 10, 4, 7)]


def test_sydney_fall_back_in_april_runs_once() -> None:
    slot = WeeklySlot(SUN, time(2, 30), "Australia/Sydney")
    assert chain(slot, z(2026, 4, 4), 2) == [z(2026, 4, 4, 15, 30), z(2026, 4, 11, 16, 30)]


# --- Either side of the date line: UTC+13 and UTC−11 ------------------------------------------


def test_tongatapu_and_pago_pago_sunday_evening_fall_on_different_utc_days() -> None:
    tonga = WeeklySlot(SUN, time(18, 0), "Pacific/Tongatapu")  # UTC+13
    pago = WeeklySlot(SUN, time(18, 0), "Pacific/Pago_Pago")  # UTC−11
    tuesday = z(2026, 3, 3)
    assert next_run_at(tonga, tuesday) == z(2026, 3, 8, 5)  # Sunday UTC
    assert next_run_at(pago, tuesday) == z(2026, 3, 9, 5)  # Monday UTC
    # Monday morning in Tonga is still Sunday in UTC.
    assert next_run_at(WeeklySlot(MON, time(7, 30), "Pacific/Tongatapu"), tuesday) == z(
        2026, 3, 8, 18, 30
    )
    # Both cover the same local week although their UTC dates differ.
    assert summary_week_for(z(2026, 3, 8, 5), "Pacific/Tongatapu") == date(2026, 3, 2)
    assert summary_week_for(z(2026, 3, 9, 5), "Pacific/Pago_Pago") == date(2026, 3, 2)


def test_one_utc_instant_is_in_different_local_weeks_across_the_date_line() -> None:
    sunday_noon_utc = z(2026, 3, 8, 12)  # Monday 01:00 in Tonga, Sunday 01:00 in Pago Pago
    assert week_of(sunday_noon_utc, "Pacific/Tongatapu") == date(2026, 3, 9)
    assert week_of(sunday_noon_utc, "Pacific/Pago_Pago") == date(2026, 3, 2)
    assert week_of(sunday_noon_utc, "Pacific/Tongatapu", "sunday") == date(2026, 3, 8)
    assert week_of(sunday_noon_utc, "Pacific/Pago_Pago", "sunday") == date(2026, 3, 8)


def test_auckland_sunday_evening_across_the_april_switch() -> None:
    slot = WeeklySlot(SUN, time(18, 0), "Pacific/Auckland")  # NZDT +13 until 5 Apr 2026
    assert chain(slot, z(2026, 3, 28), 2) == [z(2026, 3, 29, 5), z(2026, 4, 5, 6)]


def test_samoa_skipped_day_shifts_by_the_whole_24_hour_gap() -> None:
    # Friday 30 Dec 2011 never happened in Apia (UTC−10 -> UTC+14).
    slot = WeeklySlot(FRI, time(10, 0), "Pacific/Apia")
    runs = chain(slot, z(2011, 12, 20), 3)
    assert runs == [z(2011, 12, 23, 20), z(2011, 12, 30, 20), z(2012, 1, 5, 20)]
    assert runs[1].astimezone(ZoneInfo("Pacific/Apia")).date() == date(2011, 12, 31)


# --- The default slot and which week a delivery is about -----------------------------------


def test_default_summary_slot_is_sunday_1800() -> None:
    assert default_summary_slot("Europe/Berlin") == WeeklySlot(SUN, time(18, 0), "Europe/Berlin")
    assert reminder_slot("Europe/Berlin") == WeeklySlot(SUN, time(18, 0), "Europe/Berlin")
    assert reminder_slot("Europe/Berlin", "sunday") == WeeklySlot(SAT, time(18, 0), "Europe/Berlin")


def test_sunday_1800_summary_reports_the_week_about_to_end() -> None:
    delivery = next_run_at(default_summary_slot("Europe/Berlin"), z(2026, 3, 2))  # Sun 8 Mar
    assert summary_week_for(delivery, "Europe/Berlin") == date(2026, 3, 2)
    assert reminder_week_for(delivery, "Europe/Berlin") == date(2026, 3, 9)
    # With Sunday weeks, Sunday is the first day: the week just ended, the reminder for today's.
    assert summary_week_for(delivery, "Europe/Berlin", "sunday") == date(2026, 3, 1)
    assert reminder_week_for(delivery, "Europe/Berlin", "sunday") == date(2026, 3, 8)


def test_monday_morning_summary_reports_the_week_before() -> None:
    slot = WeeklySlot(MON, time(7, 30), "Europe/Berlin")
    delivery = next_run_at(slot, z(2026, 3, 2, 12))  # Mon 9 Mar 06:30Z
    assert delivery == z(2026, 3, 9, 6, 30)
    assert summary_week_for(delivery, "Europe/Berlin") == date(2026, 3, 2)
    assert reminder_week_for(delivery, "Europe/Berlin") == date(2026, 3, 9)
    # Monday is mid-week for Sunday weeks.
    assert summary_week_for(delivery, "Europe/Berlin", "sunday") == date(2026, 3, 8)
    assert reminder_week_for(delivery, "Europe/Berlin", "sunday") == date(2026, 3, 15)


def test_mid_week_delivery() -> None:
    wednesday = z(2026, 3, 4, 17)
    assert summary_week_for(wednesday, "Europe/Berlin") == date(2026, 3, 2)
    assert reminder_week_for(wednesday, "Europe/Berlin") == date(2026, 3, 9)


# --- Catch-up after downtime ----------------------------------------------------------------


def test_catch_up_after_a_10_day_outage_gives_one_run() -> None:
    slot = default_summary_slot("Europe/Berlin")
    stored = z(2026, 3, 1, 17)  # Sun 1 Mar 18:00 CET, missed; so was Sun 8 Mar
    now = stored + timedelta(days=10)
    run, following = catch_up(slot, stored, now)
    assert run == z(2026, 3, 8, 17)  # the latest missed run: the most recent week's summary
    assert following == z(2026, 3, 15, 17)
    assert summary_week_for(run, slot.zone) == date(2026, 3, 2)
    assert catch_up(slot, following, now) == (None, following)


def test_ticks_after_an_outage_run_once_then_weekly() -> None:
    slot = default_summary_slot("Europe/Berlin")
    stored, now = z(2026, 3, 1, 17), z(2026, 3, 11, 17)
    performed = []
    while now < z(2026, 3, 30):
        run, stored = catch_up(slot, stored, now)
        if run is not None:
            performed.append((run, now))
        now += timedelta(minutes=10)
    assert performed == [
        (z(2026, 3, 8, 17), z(2026, 3, 11, 17)),
        (z(2026, 3, 15, 17), z(2026, 3, 15, 17)),
        (z(2026, 3, 22, 17), z(2026, 3, 22, 17)),
        (z(2026, 3, 29, 16), z(2026, 3, 29, 16)),  # CEST from here
    ]


def test_catch_up_on_time_and_early() -> None:
    slot = default_summary_slot("Europe/Berlin")
    due = z(2026, 3, 8, 17)
    assert catch_up(slot, due, due) == (due, z(2026, 3, 15, 17))
    assert catch_up(slot, due, due + timedelta(seconds=30)) == (due, z(2026, 3, 15, 17))
    assert catch_up(slot, due, due - timedelta(seconds=1)) == (None, due)


def test_catch_up_never_runs_before_the_stored_instant() -> None:
    # A stored time off the slot (e.g. the slot just changed) is still the earliest allowed run.
    slot = default_summary_slot("UTC")
    stored = z(2026, 3, 11, 12)  # a Wednesday
    assert catch_up(slot, stored, z(2026, 3, 12)) == (stored, z(2026, 3, 15, 18))


# --- Inputs are checked -------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    slot = default_summary_slot("UTC")
    with pytest.raises(ValueError, match="timezone-aware"):
        next_run_at(slot, datetime(2026, 3, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        catch_up(slot, datetime(2026, 3, 1), z(2026, 3, 2))
    with pytest.raises(ValueError, match="timezone-aware"):
        summary_week_for(datetime(2026, 3, 1), "UTC")


def test_slot_validation() -> None:
    with pytest.raises(ValueError, match="weekday"):
        WeeklySlot(7, time(18), "UTC")
    with pytest.raises(ValueError, match="naive"):
        WeeklySlot(SUN, time(18, tzinfo=UTC), "UTC")
    with pytest.raises(ValueError, match="unknown time zone"):
        WeeklySlot(SUN, time(18), "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="unknown time zone"):
        WeeklySlot(SUN, time(18), "../etc/passwd")


def test_any_aware_input_zone_gives_the_same_run() -> None:
    slot = default_summary_slot("Europe/Berlin")
    after = z(2026, 3, 4, 12)
    assert next_run_at(slot, after.astimezone(ZoneInfo("Asia/Tokyo"))) == next_run_at(slot, after)
    assert next_run_at(slot, after).tzinfo is UTC


def test_results_do_not_read_the_clock() -> None:
    slot = default_summary_slot("Europe/Berlin")
    expected = next_run_at(slot, z(2026, 3, 4))
    with time_machine.travel(datetime(1999, 12, 31, 23, 59, tzinfo=UTC), tick=False):
        assert next_run_at(slot, z(2026, 3, 4)) == expected
        assert week_of(z(2026, 3, 4), "Europe/Berlin") == date(2026, 3, 2)


# --- Hypothesis properties ------------------------------------------------------------------

ZONES = sorted(available_timezones() - {"localtime", "posixrules", "Factory"})
DST_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Australia/Lord_Howe",  # 30-minute DST
    "America/Santiago",  # switches at midnight
    "Pacific/Apia",
    "Pacific/Tongatapu",
    "Pacific/Pago_Pago",
    "Asia/Kolkata",
]

slots = st.builds(
    WeeklySlot,
    weekday=st.integers(0, 6),
    local_time=st.times(),
    zone=st.one_of(st.sampled_from(DST_ZONES), st.sampled_from(ZONES)),
)
instants = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)


def scheduled_wall(slot: WeeklySlot, run: datetime) -> datetime:
    """The naive local date and time a run stands for (a gap-shifted run shows a later one)."""
    zone = ZoneInfo(slot.zone)
    local_day = run.astimezone(zone).date()
    for back in (0, 1):  # a gap shift moves a run at most one day on
        day = local_day - timedelta(days=back)
        wall = datetime.combine(day, slot.local_time)
        if day.weekday() == slot.weekday and wall.replace(tzinfo=zone).astimezone(UTC) == run:
            return wall
    raise AssertionError(f"{run} is no run of {slot}")


def exists(wall: datetime, zone: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@given(slots, instants)
def test_next_run_is_strictly_later_and_nothing_is_skipped(
    slot: WeeklySlot, after: datetime
) -> None:
    run = next_run_at(slot, after)
    assert run > after
    assert run.tzinfo is UTC
    # The same slot a week earlier was not after `after`: no run in between was skipped.
    wall = scheduled_wall(slot, run)
    earlier = (wall - WEEK).replace(tzinfo=ZoneInfo(slot.zone)).astimezone(UTC)
    assert earlier <= after


@given(slots, instants)
def test_run_shows_the_slot_or_its_documented_gap_shift(slot: WeeklySlot, after: datetime) -> None:
    zone = ZoneInfo(slot.zone)
    run = next_run_at(slot, after)
    local = run.astimezone(zone)
    wall = scheduled_wall(slot, run)
    if exists(wall, zone):
        assert (local.weekday(), local.time()) == (slot.weekday, slot.local_time)
        # A repeated wall time runs at its first occurrence.
        assert run <= wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    else:
        # PEP 495: in a gap fold=0 carries the offset before it, fold=1 the one after.
        before = wall.replace(tzinfo=zone, fold=0).utcoffset()
        after_gap = wall.replace(tzinfo=zone, fold=1).utcoffset()
        assert before is not None and after_gap is not None and after_gap > before
        assert local.replace(tzinfo=None) == wall + (after_gap - before)


@given(slots, instants)
def test_consecutive_runs_are_one_local_week_apart(slot: WeeklySlot, after: datetime) -> None:
    zone = ZoneInfo(slot.zone)
    first = next_run_at(slot, after)
    second = next_run_at(slot, first)
    wall1, wall2 = scheduled_wall(slot, first), scheduled_wall(slot, second)
    assert wall2 - wall1 == WEEK
    assert timedelta(days=6) <= second - first <= timedelta(days=8)
    offset1 = wall1.replace(tzinfo=zone).utcoffset()
    offset2 = wall2.replace(tzinfo=zone).utcoffset()
    assert offset1 is not None and offset2 is not None
    # Exactly 7 × 24 h unless the offset changed in between (a DST switch).
    assert second - first == WEEK - (offset2 - offset1)


@given(slots, instants, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
def test_catch_up_performs_at_most_one_run(
    slot: WeeklySlot, stored: datetime, late: timedelta
) -> None:
    now = stored + late
    run, following = catch_up(slot, stored, now)
    assert run is not None and stored <= run <= now
    assert following == next_run_at(slot, now) and following > now
    assert catch_up(slot, following, now) == (None, following)


@given(instants, st.sampled_from(ZONES), st.sampled_from(["monday", "sunday"]))
def test_week_of_an_instant(instant: datetime, zone: str, week_start: str) -> None:
    week = week_of(instant, zone, week_start)
    local_day = instant.astimezone(ZoneInfo(zone)).date()
    assert week <= local_day < week + WEEK
    assert week.weekday() == (MON if week_start == "monday" else SUN)
    assert week_period_key(week, week_start)
    assert summary_week_for(instant, zone, week_start) in (week, week - WEEK)
    assert reminder_week_for(instant, zone, week_start) in (week, week + WEEK)


# --- Typed slots ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [
        ("mon 07:30", MON, time(7, 30)),
        ("sunday 18:00", SUN, time(18, 0)),
        ("Sun 6pm", SUN, time(18, 0)),
        ("fri 19", FRI, time(19, 0)),
        ("18:00 sun", SUN, time(18, 0)),
        ("every Sunday at 6 p.m.", SUN, time(18, 0)),
        ("tue 0730", TUE, time(7, 30)),
        ("thu 12am", THU, time(0, 0)),
        ("sat 12pm", SAT, time(12, 0)),
        ("sat noon", SAT, time(12, 0)),
        ("wed 6.30pm", WED, time(18, 30)),
        ("Sundays 18h30", SUN, time(18, 30)),
        ("mo 0", MON, time(0, 0)),
        ("  SUN,  18:00 ", SUN, time(18, 0)),
    ],
)
def test_parse_slot(text: str, weekday: int, at: time) -> None:
    assert parse_slot(text, "Europe/Berlin") == WeeklySlot(weekday, at, "Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Send a day and a time"),
        ("sun", "What time on Sunday?"),
        ("18:00", "Which day?"),
        ("someday 18:00", "“someday” isn't a day of the week"),
        ("sun 25:00", "“25:00” isn't a time of day"),
        ("sun 24:00", "“24:00” isn't a time of day"),
        ("sun 7:60", "“7:60” isn't a time of day"),
        ("sun 13pm", "“13pm” isn't a time of day"),
        ("sun 0am", "“0am” isn't a time of day"),
        ("sun 730", "“730” isn't a time of day"),
        ("s 18:00", "“s” could be Saturday or Sunday"),
        ("t 18:00", "“t” could be Tuesday or Thursday"),
        ("mon tue 07:00", "One day and one time"),
        ("sun 7:00 18:00", "One day and one time"),
        ("sun 18:00 please", "not “please”"),
    ],
)
def test_parse_slot_errors_explain_and_give_a_working_example(text: str, says: str) -> None:
    error = parse_slot(text, "UTC")
    assert isinstance(error, SlotError)
    assert says in error.message
    assert SLOT_EXAMPLE in error.message
    # The example in every message is itself accepted.
    assert parse_slot(SLOT_EXAMPLE.removeprefix("/summary "), "UTC") == WeeklySlot(
        SUN, time(18), "UTC"
    )


def test_parse_slot_error_does_not_echo_a_whole_paragraph() -> None:
    error = parse_slot("sun " + "x" * 500, "UTC")
    assert isinstance(error, SlotError)
    assert len(error.message) < 200


def test_a_kept_slot_runs_next_unless_it_is_off_or_the_user_blocks_the_bot() -> None:
    slot = default_summary_slot("Europe/Berlin")
    now = z(2026, 3, 4, 12)
    on = scheduled(1, SUMMARY, slot, enabled=True, blocked=False, now=now)
    assert on.next_run_at == next_run_at(slot, now) == z(2026, 3, 8, 17)
    assert scheduled(1, SUMMARY, slot, enabled=False, blocked=False, now=now).next_run_at is None
    assert scheduled(1, SUMMARY, slot, enabled=True, blocked=True, now=now).next_run_at is None
