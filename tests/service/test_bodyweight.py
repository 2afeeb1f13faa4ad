"""Weigh-ins through the services: one per local day, idempotent, edited and undone with their
message; /bw's trend and chart; other users never see them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.model import Unit
from core.replies import Reply
from service.commands import Command, press, run
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from tests.clock import Clock

ALICE, BOB = 5001, 5002
_commands = iter(range(10**6, 2 * 10**6))


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 7, 30, tzinfo=UTC))  # Tuesday 1 December


def msg(clock: Clock, text: str, message_id: int, user: int = ALICE) -> IncomingText:
    return IncomingText(user, user, message_id, text, clock())


async def command(svc: Services, word: str, args: str = "", user: int = ALICE) -> Reply:
    return await run(svc, word, Command(user, user, next(_commands), args))


async def days(svc: Services, user: int = ALICE) -> list[tuple[str, Decimal, Unit]]:
    async with svc.uow() as uow:
        found = await uow.bodyweight.days(user)
    return [(e.day.isoformat(), e.weight, e.unit) for e in found]


async def test_a_weigh_in_is_stored_and_answered_with_the_change(
    svc: Services, clock: Clock
) -> None:
    clock.advance(days=-1)  # Monday 30 November
    first = await new_text(svc, msg(clock, "bw 82.2", 1))
    assert first.text == ("⚖️ 82.2 kg — your first weigh-in. Weigh in any day; /bw shows the trend.")
    assert first.buttons[0][0].data.startswith("undo:")
    clock.advance(days=1)
    second = await new_text(svc, msg(clock, "bodyweight 81.5 kg", 2))
    assert second.text == "⚖️ 81.5 kg — −0.7 kg since Mon 30 Nov"
    assert await days(svc) == [
        ("2026-11-30", Decimal("82.2"), Unit.KG),
        ("2026-12-01", Decimal("81.5"), Unit.KG),
    ]
    # No sets were logged: there is nothing in the training log.
    assert "No working sets" in (await command(svc, "stats")).text


async def test_the_last_weigh_in_of_a_day_counts(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bw 81", 1))
    clock.advance(hours=10)
    later = await new_text(svc, msg(clock, "weight 180lb", 2))
    assert later.text == ("⚖️ 180 lb\n(replaces the 81 kg you weighed earlier today: one per day)")
    assert await days(svc) == [("2026-12-01", Decimal(180), Unit.LB)]
    clock.advance(days=1)
    nextday = await new_text(svc, msg(clock, "bw 82", 3))
    assert nextday.text == "⚖️ 82 kg — +0.4 kg since Tue 1 Dec"  # 180 lb = 81.65 kg


async def test_the_local_day_decides(svc: Services, clock: Clock) -> None:
    await command(svc, "timezone", "America/New_York")
    clock.now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 22:00 on Tuesday 1 December there
    await new_text(svc, msg(clock, "bw 81", 1))
    clock.now = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # 08:00 on Wednesday 2 December
    reply = await new_text(svc, msg(clock, "bw 80.8", 2))
    assert reply.text == "⚖️ 80.8 kg — −0.2 kg since Tue 1 Dec"
    assert [d for d, _, _ in await days(svc)] == ["2026-12-01", "2026-12-02"]


async def test_a_redelivered_weigh_in_is_stored_once(svc: Services, clock: Clock) -> None:
    replies = await asyncio.gather(*(new_text(svc, msg(clock, "bw 81.5", 7)) for _ in range(4)))
    assert {r.text for r in replies} == {replies[0].text}
    assert "first weigh-in" in replies[0].text
    async with svc.uow() as uow:
        assert await uow.bodyweight.day(ALICE, clock().date()) != []
        assert len(await uow.bodyweight.day(ALICE, clock().date())) == 1


async def test_an_edit_replaces_the_weigh_in_and_undo_removes_it(
    svc: Services, clock: Clock
) -> None:
    await new_text(svc, msg(clock, "bw 815", 1))  # out of range: asked, nothing stored
    assert await days(svc) == []
    edited = await edited_text(svc, msg(clock, "bw 81.5", 1))
    assert edited is not None and "81.5 kg" in edited.text
    edited = await edited_text(svc, msg(clock, "bw 81.2", 1))
    assert edited is not None and edited.text.startswith("✏️ Corrected: ⚖️ 81.2 kg")
    assert await days(svc) == [("2026-12-01", Decimal("81.2"), Unit.KG)]
    undone = await command(svc, "undo")
    assert undone.text == "↩️ Removed the weigh-in 81.2 kg"
    assert await days(svc) == []
    assert "nothing to undo" in (await command(svc, "undo")).text


async def test_a_weigh_in_with_sets_logs_both(svc: Services, clock: Clock) -> None:
    clock.advance(days=-3)
    await new_text(svc, msg(clock, "bw 82", 1))
    clock.advance(days=3)
    reply = await new_text(svc, msg(clock, "bw 81.5\nbench 80x8", 2))
    lines = reply.text.splitlines()
    assert lines[0] == "⚖️ 81.5 kg — −0.5 kg since Sat 28 Nov"
    assert lines[1].startswith("✅ Bench Press 80 kg × 8")
    # An edit that drops the weigh-in keeps the sets and takes the weigh-in back.
    edited = await edited_text(svc, msg(clock, "bench 80x8", 2))
    assert edited is not None and "⚖️" not in edited.text
    assert await days(svc) == [("2026-11-28", Decimal(82), Unit.KG)]
    # The Undo button under it takes back the sets and a weigh-in the message holds again.
    again = await edited_text(svc, msg(clock, "bench 80x8\nbw 81.4", 2))
    assert again is not None and "81.4 kg" in again.text
    undo = again.buttons[0][0].data
    assert (await press(svc, ALICE, undo)).text.splitlines() == [
        "↩️ Removed Bench Press 80 kg × 8",
        "↩️ Removed the weigh-in 81.4 kg",
    ]
    assert await days(svc) == [("2026-11-28", Decimal(82), Unit.KG)]


async def test_bw_shows_the_trend_and_a_chart(svc: Services, clock: Clock) -> None:
    empty = await command(svc, "bw")
    assert "No weigh-ins yet" in empty.text and "bw 81.5" in empty.text
    assert empty.image is None
    clock.advance(days=-40)  # every 5 days from Tue 27 Oct to Tue 1 Dec
    for k, weight in enumerate(["84", "83.6", "83.1", "82.7", "82.4", "82.2", "81.9", "81.5"]):
        clock.advance(days=5)
        await new_text(svc, msg(clock, f"bw {weight}", 100 + k))
    reply = await command(svc, "bw")
    lines = reply.text.splitlines()
    assert lines[0] == "⚖️ Bodyweight: 81.5 kg on Tue 1 Dec"
    # At least 7 days back: 82.2 on 21 Nov; at least 30: 83.6 on 1 Nov.
    assert lines[1] == "Change: −0.7 kg over 10 days · −2.1 kg over 30 days"
    assert lines[2] == "7-day average: 81.7 kg"
    assert lines[4] == "Last 7 weigh-ins:"
    assert lines[5] == "Tue 1 Dec: 81.5 kg"
    assert reply.image is not None and reply.image.startswith(b"\x89PNG\r\n\x1a\n")
    # Bob has none, and never sees Alice's.
    assert "No weigh-ins yet" in (await command(svc, "bw", user=BOB)).text


async def test_weigh_ins_feed_the_e1rm_of_bodyweight_exercises(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "pullups 10 F", 1))
    clock.advance(days=2)
    await new_text(svc, msg(clock, "pullups +10x6 F", 2))
    before = (await command(svc, "chart", "pullups")).text
    # No weigh-in yet: only the set with added load has an e1RM (on the 10 kg alone).
    assert before.startswith("Pull-Up: 2 sessions since Thu 3 Dec.") and "bodyweight" not in before
    # Right after pull-ups `bw 80` could be 80 reps: the unit makes it a weigh-in.
    asked = await new_text(svc, msg(clock, "bw 80", 3))
    assert "?" in asked.text and await days(svc) == []
    await new_text(svc, msg(clock, "bw 80 kg", 4))
    chart = await command(svc, "chart", "pullups")
    # 80 × 36 / 27 = 106.7; (80 + 10) × 36 / 31 = 104.5: the weigh-in two days later stands
    # for the first session too.
    assert "Best e1RM per session 106.7 kg → 104.5 kg (−2 %)" in chart.text
    assert "your bodyweight (from your weigh-ins) + the added load" in chart.text
    assert chart.image is not None


async def test_export_sends_the_weigh_ins_in_their_own_file(svc: Services, clock: Clock) -> None:
    await command(svc, "timezone", "Europe/Berlin")
    await new_text(svc, msg(clock, "bw 82.2 morning", 1))
    only = await command(svc, "export")
    [bodyweight] = only.documents
    assert bodyweight.filename == "tofailure-bodyweight-2026-12-01.csv"
    assert only.text.startswith("Your weigh-ins: 1 day, 1 Dec 2026")
    clock.advance(days=1)
    await new_text(svc, msg(clock, "bw 81.9\nbench 80x8", 2))
    clock.advance(hours=3)
    await new_text(svc, msg(clock, "bodyweight 180 lb", 3))  # the day's last counts
    both = await command(svc, "export")
    log, bodyweight = both.documents
    assert log.filename == "tofailure-2026-12-02.csv"
    assert "bench_press" in log.data.decode("utf-8-sig")
    assert "1 set in 1 workout" in both.text and "Your weigh-ins: 2 days" in both.text
    assert bodyweight.data.decode("utf-8-sig").splitlines() == [
        "date,time,utc_offset,weight,unit,note",
        "2026-12-01,08:30:00,UTC+01:00,82.2,kg,morning",
        "2026-12-02,11:30:00,UTC+01:00,180,lb,",
    ]
