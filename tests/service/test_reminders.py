"""Deload reminders (rules.md §4): the planned week, the fatigue signal, once a week at most."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.deliveries import REMINDER, SENT, SKIPPED
from service import summary
from service.deliveries import TickConfig, tick
from service.services import Services
from tests.clock import Clock
from tests.service import seed
from tests.service.conftest import Outbox
from tests.service.seed import entry
from tests.service.test_deliveries import ledger

ALICE = 1001
FAST = TickConfig(rate=None, charts=False)
PLAN = "Same days and exercises, about half the sets, 3+ reps in reserve, no failure."


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def train_weeks(svc: Services, user_id: int, first_monday: date, weeks: int) -> None:
    """Two ordinary sessions a week (bench and rows, no decline, no failure)."""
    for w in range(weeks):
        for day in (0, 3):
            d = first_monday + timedelta(weeks=w, days=day)
            at = datetime(d.year, d.month, d.day, 17, tzinfo=UTC)
            await seed.workout(
                svc, user_id, at, entry("bench_press", 60 + w, 8, rir=2),
                entry("barbell_row", 50 + w, 10, rir=2),
            )  # fmt: skip


async def sundays(svc: Services, clock: Clock, outbox: Outbox, until: datetime) -> None:
    """Tick just after 18:00 UTC every Sunday up to `until`."""
    while clock.now < until:
        clock.now += timedelta(days=1)
        if clock.now.weekday() == 6:
            clock.now = clock.now.replace(hour=18, minute=0, second=30)
            await tick(svc, outbox, FAST)


async def test_the_summary_before_the_planned_deload_week_carries_the_reminder(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    await train_weeks(svc, ALICE, date(2026, 3, 2), 5)  # weeks 1-5 of a 6-week cycle
    await sundays(svc, clock, outbox, utc(2026, 4, 5, 20))
    texts = [o.text for o in outbox.to(ALICE)]
    assert len(texts) == 5
    assert all("deload" not in t.split("➡️")[1] for t in texts[:4])
    assert texts[4].split("➡️ ")[1] == (
        f"Next week: deload (week 6 of your 6-week cycle). {PLAN} Tap /deload next to mark it."
    )
    rows = [(r.kind, r.period, r.status) for r in await ledger(svc)]
    assert (REMINDER, "2026-W15", SENT) in rows  # the summary counted as the week's reminder


async def test_with_summaries_off_the_reminder_comes_alone_on_the_last_day(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    reply = await summary.change(svc, ALICE, "off")
    assert "Sundays at 18:00" in reply.text
    await train_weeks(svc, ALICE, date(2026, 3, 2), 5)
    await sundays(svc, clock, outbox, utc(2026, 4, 12, 20))
    [only] = outbox.to(ALICE)  # weeks 1-4: nothing due, nothing sent; week 6 is the deload
    assert only.text == (
        f"Next week: deload (week 6 of your 6-week cycle). {PLAN} Tap /deload next to mark it."
    )
    statuses = [(r.kind, r.status) for r in await ledger(svc)]
    assert statuses.count((REMINDER, SENT)) == 1
    assert all(kind == REMINDER for kind, _ in statuses)
    assert statuses.count((REMINDER, SKIPPED)) >= 4


async def test_no_reminder_while_the_deload_week_is_already_marked(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    await summary.change(svc, ALICE, "off")
    await train_weeks(svc, ALICE, date(2026, 3, 2), 5)
    async with svc.uow() as uow:
        await uow.users.set_deload_week(ALICE, date(2026, 4, 6), True)  # /deload next
        await uow.commit()
    await sundays(svc, clock, outbox, utc(2026, 4, 12, 20))
    assert outbox.to(ALICE) == []


async def test_the_fatigue_signal_triggers_a_reminder(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE, deload_every_weeks=0)  # no planned deloads: fatigue only
    await summary.change(svc, ALICE, "off")
    await train_weeks(svc, ALICE, date(2026, 3, 2), 2)
    # Reps to failure at the same load fall 12 -> 11 -> 10 on two lifts in one week.
    for k, day in enumerate((16, 18, 20)):
        await seed.workout(
            svc, ALICE, utc(2026, 3, day, 17),
            entry("dumbbell_curl", 16, 12 - k, failure=True),
            entry("lateral_raise", 10, 15 - k, failure=True),
        )  # fmt: skip
    await sundays(svc, clock, outbox, utc(2026, 3, 29, 20))
    [only] = outbox.to(ALICE)
    assert only.text == (
        "Next week: deload (e1RM/reps down on Dumbbell Curl and Lateral Raise). "
        f"{PLAN} Tap /deload next to mark it."
    )
    sent = [r.period for r in await ledger(svc) if r.status == SENT]
    assert sent == ["2026-W13"]  # about the week after the declines, sent on 22 March


async def test_a_monday_summary_reports_the_week_before_and_its_reminder_this_week(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    reply = await summary.change(svc, ALICE, "mon 07:30")
    assert "Monday 07:30 (UTC)" in reply.text and "Next: Mon 9 Mar 07:30" in reply.text
    await train_weeks(svc, ALICE, date(2026, 3, 2), 5)
    clock.now = utc(2026, 4, 6, 7, 30, 30)
    await tick(svc, outbox, FAST)
    [only] = outbox.to(ALICE)  # the runs of 9 Mar .. 30 Mar were missed: one catch-up
    assert only.text.startswith("📊 Week Mon 30 Mar")
    assert only.text.endswith(
        f"This week: deload (week 6 of your 6-week cycle). {PLAN} Tap /deload now to mark it."
    )
