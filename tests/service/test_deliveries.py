"""The tick: exactly once per user and week across restarts, catch-up, DST, blocks and retries."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Row, select

from core.deliveries import FAILED, LEASE, MAX_ATTEMPTS, PENDING, SENT
from core.replies import Reply
from service import users
from service.deliveries import Blocked, RetryLater, TickConfig, tick
from service.services import Services
from storage.rows import DeliveryRow, ScheduleRow, UserRow
from tests.clock import Clock
from tests.service import seed
from tests.service.conftest import Database, Outbox
from tests.service.seed import entry

ALICE, BOB = 1001, 2002
FAST = TickConfig(rate=None, charts=False)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def ledger(svc: Services) -> list[Row[Any]]:
    async with svc.uow() as uow:
        result = await uow._session.execute(
            select(
                DeliveryRow.period,
                DeliveryRow.status,
                DeliveryRow.attempts,
                DeliveryRow.next_attempt_at,
                DeliveryRow.kind,
            ).order_by(DeliveryRow.id)
        )
        return list(result)


async def schedule_rows(svc: Services, user_id: int) -> list[Row[Any]]:
    async with svc.uow() as uow:
        result = await uow._session.execute(
            select(ScheduleRow.kind, ScheduleRow.next_run_at, ScheduleRow.enabled).where(
                ScheduleRow.user_id == user_id
            )
        )
        return list(result)


async def blocked_at(svc: Services, user_id: int) -> datetime | None:
    async with svc.uow() as uow:
        return await uow._session.scalar(select(UserRow.blocked_at).where(UserRow.id == user_id))


async def test_one_summary_per_week_across_restarts(
    database: Database, clock: Clock, outbox: Outbox
) -> None:
    svc = await database.open(clock)
    await seed.user(svc, ALICE, "Europe/Berlin")
    await seed.workout(
        svc, ALICE, utc(2026, 3, 3, 17), entry("bench_press", 80, 8, failure=True),
        entry("bench_press", 80, 7, rir=1),
    )  # fmt: skip
    clock.now = utc(2026, 3, 8, 16, 59)  # Sunday 17:59 in Berlin
    assert (await tick(svc, outbox, FAST)).sent == 0
    clock.now = utc(2026, 3, 8, 17, 0, 30)
    assert (await tick(svc, outbox, FAST)).sent == 1
    assert (await tick(svc, outbox, FAST)).sent == 0
    restarted = await database.open(clock)  # another process start on the same database
    assert (await tick(restarted, outbox, FAST)).sent == 0
    clock.advance(days=7)
    assert (await tick(restarted, outbox, FAST)).sent == 1
    assert (await tick(svc, outbox, FAST)).sent == 0
    first, second = outbox.to(ALICE)
    assert first.text.startswith("📊 Week Mon 2 Mar") and "2 working sets" in first.text
    assert "no sets logged" in second.text  # the week of 9 March was empty: a nudge
    assert [(r.period, r.status) for r in await ledger(svc)] == [
        ("2026-W10", SENT),
        ("2026-W11", SENT),
    ]


async def test_a_week_missed_while_down_is_caught_up_once(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE, "Europe/Berlin")
    await seed.workout(svc, ALICE, utc(2026, 3, 10, 17), entry("back_squat", 100, 5, rir=2))
    clock.now = utc(2026, 3, 18, 12)  # down from Saturday 7th to Wednesday 18th: two Sundays
    report = await tick(svc, outbox, FAST)
    assert (report.sent, report.claimed) == (1, 1)
    [only] = outbox.sent
    assert only.text.startswith("📊 Week Mon 9 Mar")  # the latest missed week, not a burst
    for _ in range(3):
        assert (await tick(svc, outbox, FAST)).claimed == 0
    [row] = [r for r in await schedule_rows(svc, ALICE) if r.kind == "summary"]
    assert row.next_run_at == utc(2026, 3, 22, 17)


async def test_a_process_dying_after_reserving_is_taken_over_after_the_lease(
    database: Database, clock: Clock, outbox: Outbox
) -> None:
    svc = await database.open(clock)
    await seed.user(svc, ALICE)
    clock.now = utc(2026, 3, 8, 18, 1)

    async def dies(_chat: int, _reply: Reply) -> None:
        raise asyncio.CancelledError  # the process is killed mid-send

    with pytest.raises(asyncio.CancelledError):
        await tick(svc, dies, FAST)
    restarted = await database.open(clock)
    assert (await tick(restarted, outbox, FAST)).sent == 0  # still leased to the dead process
    clock.now += LEASE + timedelta(seconds=1)
    assert (await tick(restarted, outbox, FAST)).sent == 1
    assert (await tick(restarted, outbox, FAST)).sent == 0
    [row] = await ledger(restarted)
    assert (row.status, row.attempts) == (SENT, 2)


DST_CASES = [
    # zone, first Sunday, the UTC times 18:00 local maps to on three Sundays
    ("Europe/Berlin", date(2026, 3, 22), [(3, 22, 17), (3, 29, 16), (4, 5, 16)]),
    ("Europe/Berlin", date(2026, 10, 18), [(10, 18, 16), (10, 25, 17), (11, 1, 17)]),
    ("America/New_York", date(2026, 3, 1), [(3, 1, 23), (3, 8, 22), (3, 15, 22)]),
    ("America/New_York", date(2026, 10, 25), [(10, 25, 22), (11, 1, 23), (11, 8, 23)]),
    ("Australia/Sydney", date(2026, 3, 29), [(3, 29, 7), (4, 5, 8), (4, 12, 8)]),
    ("Pacific/Tongatapu", date(2026, 3, 1), [(3, 1, 5), (3, 8, 5), (3, 15, 5)]),  # UTC+13
    ("Pacific/Pago_Pago", date(2026, 3, 1), [(3, 2, 5), (3, 9, 5), (3, 16, 5)]),  # UTC-11
]


@pytest.mark.parametrize(("zone", "first_sunday", "expected"), DST_CASES)
async def test_dst_weeks_deliver_at_local_18_00_once_per_week(
    svc: Services,
    clock: Clock,
    outbox: Outbox,
    zone: str,
    first_sunday: date,
    expected: list[tuple[int, int, int]],
) -> None:
    clock.now = utc(first_sunday.year, first_sunday.month, first_sunday.day) - timedelta(days=2)
    await seed.user(svc, ALICE, zone)
    sent_at: list[datetime] = []
    end = clock.now + timedelta(days=18)
    while clock.now < end:
        # Hourly around the weekend (local Sunday 18:00 is Sunday 05:00 to Monday 05:00 UTC
        # across all zones), every 6 hours otherwise to keep the test quick.
        weekend = clock.now.weekday() in (5, 6) or (
            clock.now.weekday() == 0 and clock.now.hour < 12
        )
        clock.advance(hours=1 if weekend else 6)
        if (await tick(svc, outbox, FAST)).sent:
            sent_at.append(clock.now.replace(minute=0, second=0))
    assert sent_at == [utc(2026, m, d, h) for m, d, h in expected]
    local = [t.astimezone(ZoneInfo(zone)) for t in sent_at]
    assert {(t.weekday(), t.hour, t.minute) for t in local} == {(6, 18, 0)}
    weeks = [r.period for r in await ledger(svc)]
    assert weeks == [f"{t.isocalendar()[0]}-W{t.isocalendar()[1]:02d}" for t in local]


async def test_a_summary_never_contains_another_users_sets(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    await seed.user(svc, BOB)
    at = utc(2026, 3, 4, 18)
    await seed.workout(svc, ALICE, at, *[entry("bench_press", 80, 8, rir=2)] * 3)
    await seed.workout(
        svc, BOB, at, *[entry("back_squat", 140, 3, failure=True)] * 5,
        entry("dumbbell_curl", 20, 12, failure=True),
    )  # fmt: skip
    clock.now = utc(2026, 3, 8, 18, 0, 30)
    assert (await tick(svc, outbox, FAST)).sent == 2
    [alice] = outbox.to(ALICE)
    [bob] = outbox.to(BOB)
    assert "3 working sets" in alice.text and "Chest 3" in alice.text
    assert "Quads" not in alice.text and "Biceps" not in alice.text
    assert "Failure: 0 of 3" in alice.text and "Tonnage 1 920 kg" in alice.text
    assert "6 working sets" in bob.text and "Failure: 6 of 6" in bob.text
    assert "Chest" not in bob.text


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    await seed.user(svc, BOB)
    outbox.fail[BOB] = Blocked("Forbidden: bot was blocked by the user")
    clock.now = utc(2026, 3, 8, 18, 0, 30)
    report = await tick(svc, outbox, FAST)
    assert (report.sent, report.blocked) == (1, 1)
    calls = outbox.calls
    for _ in range(3 * 7 * 4):  # three weeks of ticks
        clock.advance(hours=6)
        await tick(svc, outbox, FAST)
    assert outbox.calls == calls + 3  # Alice's three Sundays; nothing more was tried for Bob
    assert await blocked_at(svc, BOB) == utc(2026, 3, 8, 18, 0, 30)
    assert all(r.next_run_at is None for r in await schedule_rows(svc, BOB))
    del outbox.fail[BOB]
    async with svc.uow() as uow:  # Bob writes again: the block is over
        await users.contact(uow, BOB, clock())
        await uow.commit()
    clock.now = utc(2026, 4, 5, 18, 0, 30)
    await tick(svc, outbox, FAST)
    assert len(outbox.to(BOB)) == 1


async def test_a_network_error_is_retried_later_with_backoff(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    outbox.fail[ALICE] = RetryLater("timed out")
    clock.now = utc(2026, 3, 8, 18, 0, 30)
    assert (await tick(svc, outbox, FAST)).failed == 1
    assert (await tick(svc, outbox, FAST)).claimed == 0  # not every tick: after a backoff
    clock.advance(seconds=61)
    assert (await tick(svc, outbox, FAST)).failed == 1
    clock.advance(seconds=61)
    assert (await tick(svc, outbox, FAST)).claimed == 0  # the second wait is 2 minutes
    del outbox.fail[ALICE]
    clock.advance(seconds=61)
    assert (await tick(svc, outbox, FAST)).sent == 1
    [row] = await ledger(svc)
    assert (row.status, row.attempts, row.next_attempt_at) == (SENT, 3, None)


async def test_retries_give_up_after_the_last_attempt(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    await seed.user(svc, ALICE)
    outbox.fail[ALICE] = RetryLater("down")
    clock.now = utc(2026, 3, 8, 18, 0, 30)
    for _ in range(24 * 12):
        await tick(svc, outbox, FAST)
        clock.advance(minutes=5)
    assert outbox.calls == MAX_ATTEMPTS
    [row] = await ledger(svc)
    assert (row.status, row.next_attempt_at) == (FAILED, None)
    assert row.status != PENDING


async def test_a_tick_stops_claiming_once_its_time_is_up(
    database: Database, clock: Clock, outbox: Outbox
) -> None:
    # With a shared send budget a tick cannot know its pace: it stops claiming new batches
    # after max_seconds, and the next tick (here: the second call) goes on where it stopped.
    svc = await database.open(clock)
    users = list(range(5000, 5012))
    for user in users:
        await seed.user(svc, user)
    clock.now = utc(2026, 3, 8, 18, 0, 30)  # Sunday 18:00 UTC: all twelve are due

    async def slow(chat_id: int, reply: Reply) -> None:
        await asyncio.sleep(0.05)  # the budget holding each send back
        await outbox(chat_id, reply)

    config = TickConfig(batch=2, concurrency=1, rate=None, charts=False, max_seconds=0.15)
    first = await tick(svc, slow, config)
    assert 2 <= first.sent < len(users)  # at least the batch it had claimed, then it stopped
    second = await tick(svc, slow, TickConfig(rate=None, charts=False))
    assert first.sent + second.sent == len(users)
    assert sorted(outbox.chats) == users


async def test_a_tick_for_one_user_leaves_everyone_else_due(
    svc: Services, clock: Clock, outbox: Outbox
) -> None:
    """The terminal chat runs the scheduler for its own user only, whatever the database."""
    await seed.user(svc, ALICE)
    await seed.user(svc, BOB)
    clock.now = utc(2026, 3, 8, 18, 0, 30)  # both summaries due (Sunday 18:00 UTC)
    report = await tick(svc, outbox, TickConfig(rate=None, charts=False, only_user=BOB))
    assert (report.sent, outbox.chats) == (1, [BOB])
    [(_, alice_next, _)] = await schedule_rows(svc, ALICE)
    assert alice_next == utc(2026, 3, 8, 18)  # untouched, still due
    assert (await tick(svc, outbox, FAST)).sent == 1 and outbox.chats == [BOB, ALICE]
