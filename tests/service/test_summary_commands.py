"""/summary shows, changes and stops the schedule; /week and /week last build on demand."""

from __future__ import annotations

from datetime import UTC, datetime

from service import summary
from service.deliveries import TickConfig, tick
from service.profile import set_timezone
from service.services import Services
from tests.clock import Clock
from tests.service import seed
from tests.service.conftest import Outbox
from tests.service.seed import entry
from tests.service.test_deliveries import schedule_rows

ALICE = 1001
FAST = TickConfig(rate=None, charts=False)
PNG = b"\x89PNG\r\n\x1a\n"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def test_new_users_get_sunday_18_00_in_their_zone(svc: Services) -> None:
    await seed.user(svc, ALICE, "Europe/Berlin")
    reply = await summary.change(svc, ALICE, "")
    assert reply.text.startswith("Weekly summary: Sunday 18:00 (Europe/Berlin). Next: Sun 8 Mar")
    assert any(b.data == "sum:mon 07:30" for row in reply.buttons for b in row)
    [(kind, next_run, enabled)] = await schedule_rows(svc, ALICE)
    assert (kind, next_run, enabled) == ("summary", utc(2026, 3, 8, 17), True)


async def test_a_new_time_zone_keeps_the_local_slot(svc: Services) -> None:
    await seed.user(svc, ALICE, "Europe/Berlin")
    await summary.change(svc, ALICE, "mon 07:30")
    await set_timezone(svc, ALICE, "New York")
    reply = await summary.show(svc, ALICE)
    assert "Monday 07:30 (America/New_York)" in reply.text
    rows = {kind: next_run for kind, next_run, _ in await schedule_rows(svc, ALICE)}
    # It is 04:00 on Monday in New York: today 07:30 EST is still ahead.
    assert rows == {"summary": utc(2026, 3, 2, 12, 30), "reminder": None}


async def test_off_stops_summaries_and_keeps_the_reminder(svc: Services) -> None:
    await seed.user(svc, ALICE)
    reply = await summary.change(svc, ALICE, "off")
    assert reply.text.startswith("Weekly summaries are off.")
    rows = {
        kind: (next_run, enabled) for kind, next_run, enabled in await schedule_rows(svc, ALICE)
    }
    assert rows == {"summary": (None, False), "reminder": (utc(2026, 3, 8, 18), True)}
    await summary.change(svc, ALICE, "sun 9am")
    rows = {
        kind: (next_run, enabled) for kind, next_run, enabled in await schedule_rows(svc, ALICE)
    }
    assert rows == {"summary": (utc(2026, 3, 8, 9), True), "reminder": (None, False)}


async def test_a_bad_slot_is_explained(svc: Services) -> None:
    await seed.user(svc, ALICE)
    reply = await summary.change(svc, ALICE, "someday 25:00")
    assert "isn't a day of the week" in reply.text
    [(_, next_run, _)] = await schedule_rows(svc, ALICE)
    assert next_run == utc(2026, 3, 8, 18)  # unchanged


async def test_week_and_week_last_on_demand(svc: Services, clock: Clock) -> None:
    await seed.user(svc, ALICE)
    await seed.workout(svc, ALICE, utc(2026, 3, 3, 18), entry("bench_press", 80, 8, rir=1))
    await seed.workout(svc, ALICE, utc(2026, 3, 10, 18), *[entry("bench_press", 80, 9, rir=1)] * 2)
    clock.now = utc(2026, 3, 11, 12)
    now = await summary.week(svc, ALICE)
    assert now.text.startswith("📊 Week Mon 9 Mar") and "2 working sets" in now.text
    assert "Bench Press 80 kg × 9: e1RM 106.7 kg (was 102.9)" in now.text  # a PR
    assert "Bench Press 80 kg: 9 → 10 ↑" in now.text  # reps to failure: 8 + 1 RIR, 9 + 1
    assert now.image is not None and now.image.startswith(PNG)
    last = await summary.week(svc, ALICE, "last")
    assert last.text.startswith("📊 Week Mon 2 Mar") and "1 working set ·" in last.text
    assert "➡️ This week:" in last.text


async def test_on_demand_and_scheduled_summaries_agree(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    await seed.workout(svc, ALICE, utc(2026, 3, 3, 18), entry("back_squat", 100, 5, failure=True))
    clock.now = utc(2026, 3, 8, 18, 0, 30)
    await tick(svc, outbox, TickConfig(rate=None))
    [scheduled] = outbox.sent
    assert scheduled.image is not None and scheduled.image.startswith(PNG)
    assert scheduled.caption == "Sets per muscle group, week of Mon 2 Mar"
    on_demand = await summary.week(svc, ALICE)
    assert on_demand.text == scheduled.text


async def test_summary_now_is_the_scheduled_summary_and_leaves_it_due(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE, "Europe/Berlin")
    await seed.workout(svc, ALICE, utc(2026, 3, 3, 18), entry("back_squat", 100, 5, failure=True))
    await summary.change(svc, ALICE, "mon 07:30")
    clock.now = utc(2026, 3, 9, 6, 30, 30)  # Monday 07:30 in Berlin: the week just ended
    asked = await summary.change(svc, ALICE, "now")
    assert asked.text.startswith("📊 Week Mon 2 Mar") and asked.image is not None
    assert asked.image.startswith(PNG)
    await tick(svc, outbox, TickConfig(rate=None))  # still due: /summary now recorded nothing
    [scheduled] = outbox.sent
    assert scheduled.caption == asked.caption
    # On the week's first day, asked, it also says where this week is.
    pointer = "This week so far: /week"
    assert asked.text.startswith(scheduled.text) and asked.text.endswith(pointer)
    assert pointer not in scheduled.text


async def test_summary_now_midweek_has_no_pointer(svc: Services, clock: Clock) -> None:
    await seed.user(svc, ALICE, "Europe/Berlin")
    await seed.workout(svc, ALICE, utc(2026, 3, 3, 18), entry("back_squat", 100, 5))
    clock.now = utc(2026, 3, 5, 12)  # Thursday: this week's summary so far
    asked = await summary.change(svc, ALICE, "now")
    assert asked.text.startswith("📊 Week Mon 2 Mar") and "/week" not in asked.text


async def test_week_with_an_unknown_word_explains_itself(svc: Services) -> None:
    reply = await summary.week(svc, 501, "yesterday")
    assert "/week last" in reply.text and reply.image is None


async def test_week_on_demand_keeps_the_chart_caption(svc: Services, clock: Clock) -> None:
    """The same message as the scheduled one: a long text goes first, the chart keeps a title."""
    await seed.user(svc, ALICE)
    await seed.workout(svc, ALICE, utc(2026, 3, 10, 18), entry("bench_press", 80, 9, rir=1))
    clock.now = utc(2026, 3, 11, 12)
    reply = await summary.week(svc, ALICE)
    assert reply.image is not None and reply.caption == "Sets per muscle group, week of Mon 9 Mar"
