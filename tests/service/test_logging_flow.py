"""Logging, editing and undoing through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Failure, Unit
from service.commands import press
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from service.undo import undo_last, undo_log
from tests.clock import Clock

ALICE, BOB, CAROL = 1001, 2002, 3003


@pytest.fixture
def clock() -> Clock:
    """These tests were written for 17:00 on Monday 2 March 2026 (UTC)."""
    return Clock(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))


def msg(clock: Clock, text: str, message_id: int, user: int = ALICE) -> IncomingText:
    return IncomingText(
        user_id=user, chat_id=user, message_id=message_id, text=text, sent_at=clock()
    )


async def sets_of(svc: Services, user: int) -> list:
    async with svc.uow() as uow:
        sets, _ = await uow.logbook.window(user, datetime(2000, 1, 1, tzinfo=UTC))
        return sets


async def test_logging_a_set_stores_it_and_confirms(svc: Services, clock: Clock) -> None:
    reply = await new_text(svc, msg(clock, "bench 80x8 F", 1))
    assert "Bench Press" in reply.text and "80" in reply.text
    assert "1 set, 1 to failure" in reply.text
    assert reply.buttons and reply.buttons[0][0].data.startswith("undo:")
    [stored] = await sets_of(svc, ALICE)
    assert (stored.exercise, stored.weight, stored.reps, stored.failure) == (
        "bench_press",
        Decimal(80),
        8,
        Failure.CONCENTRIC,
    )
    assert stored.at == clock()


async def test_the_same_message_delivered_twice_logs_once(svc: Services, clock: Clock) -> None:
    first = await new_text(svc, msg(clock, "squat 100x5x3", 7))
    again = await new_text(svc, msg(clock, "squat 100x5x3", 7))
    assert len(await sets_of(svc, ALICE)) == 3
    assert again.text == first.text


async def test_concurrent_redelivery_still_logs_once(svc: Services, clock: Clock) -> None:
    await asyncio.gather(*(new_text(svc, msg(clock, "bench 80x8", 9)) for _ in range(5)))
    assert len(await sets_of(svc, ALICE)) == 1


async def test_continuation_line_uses_the_previous_exercise(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    clock.advance(minutes=3)
    reply = await new_text(svc, msg(clock, "85x6", 2))
    assert "Bench Press" in reply.text
    assert "2 sets" in reply.text
    assert [s.exercise for s in await sets_of(svc, ALICE)] == ["bench_press"] * 2


async def test_continuation_after_a_new_workout_asks_which_exercise(
    svc: Services, clock: Clock
) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    clock.advance(hours=4)
    reply = await new_text(svc, msg(clock, "85x6", 2))
    assert reply.text.startswith("Which exercise was") and "bench 85x6" in reply.text
    assert len(await sets_of(svc, ALICE)) == 1


async def test_multi_line_message(svc: Services, clock: Clock) -> None:
    reply = await new_text(svc, msg(clock, "bench 80x8\n85x6 F\nsquat 100x5", 1))
    stored = await sets_of(svc, ALICE)
    assert [(s.exercise, s.reps) for s in stored] == [
        ("bench_press", 8),
        ("bench_press", 6),
        ("back_squat", 5),
    ]
    assert [s.seq for s in stored] == sorted(s.seq for s in stored)  # message order kept
    assert "3 sets" in reply.text


async def test_not_a_log_and_errors_store_nothing(svc: Services, clock: Clock) -> None:
    hint = await new_text(svc, msg(clock, "hi there", 1))
    assert "bench 80x8" in hint.text
    error = await new_text(svc, msg(clock, "zercher carry 60x20", 2))
    assert "zercher carry" in error.text.lower()
    assert await sets_of(svc, ALICE) == []


async def test_a_weigh_in_alone_stores_no_sets(svc: Services, clock: Clock) -> None:
    reply = await new_text(svc, msg(clock, "bw 81.5", 30))
    assert reply.text.startswith("⚖️ 81.5 kg")
    assert await sets_of(svc, ALICE) == []
    both = await new_text(svc, msg(clock, "bw 81.5\nbench 80x8", 31))
    assert "Bench Press" in both.text
    assert [s.exercise for s in await sets_of(svc, ALICE)] == ["bench_press"]
    # An edit replaces what the message logged: now a weigh-in alone, its set goes.
    edited = await edited_text(svc, msg(clock, "bw 82", 31))
    assert edited is not None and edited.text.startswith("✏️ Corrected: ⚖️ 82 kg")
    assert await sets_of(svc, ALICE) == []


async def test_edit_replaces_exactly_that_messages_sets(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    clock.advance(minutes=2)
    await new_text(svc, msg(clock, "bench 80x7", 2))
    clock.advance(minutes=1)
    reply = await edited_text(svc, msg(clock, "bench 82.5x8 F", 1))
    assert reply is not None and "Corrected" in reply.text and "82.5" in reply.text
    stored = await sets_of(svc, ALICE)
    assert sorted((s.weight, s.reps) for s in stored) == [(Decimal(80), 7), (Decimal("82.5"), 8)]


async def test_edit_that_no_longer_parses_keeps_the_old_sets(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    reply = await edited_text(svc, msg(clock, "bench 80x0", 1))
    assert reply is not None and "kept" in reply.text
    [kept] = await sets_of(svc, ALICE)
    assert kept.reps == 8


async def test_edit_of_an_error_message_logs_it(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bnch 80x8x", 1))
    reply = await edited_text(svc, msg(clock, "bench 80x8", 1))
    assert reply is not None and "Bench Press" in reply.text
    assert len(await sets_of(svc, ALICE)) == 1


async def test_undo_removes_the_last_message_and_is_idempotent(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    clock.advance(minutes=2)
    await new_text(svc, msg(clock, "squat 100x5x3", 2))
    reply = await undo_last(svc, ALICE, ALICE, command_message_id=3)
    assert "3 sets" in reply.text
    again = await undo_last(svc, ALICE, ALICE, command_message_id=3)  # re-delivered
    assert "Already" in again.text
    assert [s.exercise for s in await sets_of(svc, ALICE)] == ["bench_press"]


async def test_undo_after_a_message_that_did_not_log_asks_first(
    svc: Services, clock: Clock
) -> None:
    """A tester's typo refused, then /undo: the dips before it used to go without a word."""
    await new_text(svc, msg(clock, "dips bw x 10,10,10", 1))
    clock.advance(minutes=2)
    refused = await new_text(svc, msg(clock, "squat 2255x5", 2))
    assert "Loads go up to" in refused.text and not refused.buttons
    again = await new_text(svc, msg(clock, "squat 2255x5", 2))  # re-delivered: same answer
    assert again.text == refused.text
    asked = await undo_last(svc, ALICE, ALICE, command_message_id=3)
    assert asked.text.startswith("Your last message, “squat 2255x5”, wasn't logged")
    assert "Dip bw × 10, 10, 10 (3 sets)" in asked.text and "Removed" not in asked.text
    assert len(await sets_of(svc, ALICE)) == 3  # nothing removed yet
    [[button]] = asked.buttons
    removed = await undo_log(svc, ALICE, int(button.data.split(":")[1]))
    assert removed.text == "↩️ Removed Dip bw × 10, 10, 10 (3 sets)"
    assert await sets_of(svc, ALICE) == []
    # The refused message, corrected by an edit, logs; /undo then takes it back at once.
    fixed = await edited_text(svc, msg(clock, "squat 225x5", 2))
    assert fixed is not None and "Back Squat 225 kg × 5" in fixed.text
    assert "Removed Back Squat" in (await undo_last(svc, ALICE, ALICE, 4)).text


async def test_undo_button_removes_exactly_its_message_even_late(
    svc: Services, clock: Clock
) -> None:
    first = await new_text(svc, msg(clock, "bench 80x8", 1))
    clock.advance(minutes=2)
    await new_text(svc, msg(clock, "squat 100x5", 2))
    log_id = int(first.buttons[0][0].data.split(":")[1])
    reply = await undo_log(svc, ALICE, log_id)
    assert "Bench Press" in reply.text
    assert [s.exercise for s in await sets_of(svc, ALICE)] == ["back_squat"]
    assert (await undo_log(svc, ALICE, log_id)).alert


async def test_users_are_isolated(svc: Services, clock: Clock) -> None:
    a = await new_text(svc, msg(clock, "bench 80x8", 1, ALICE))
    await new_text(svc, msg(clock, "deadlift 200x3", 1, BOB))  # same message id, other chat
    log_id = int(a.buttons[0][0].data.split(":")[1])
    refused = await undo_log(svc, BOB, log_id)
    assert refused.alert and "someone else" in refused.text
    undone = await undo_last(svc, BOB, BOB, 2)  # undoes Bob's own deadlift only
    assert "Deadlift" in undone.text
    assert [s.exercise for s in await sets_of(svc, ALICE)] == ["bench_press"]
    assert await sets_of(svc, BOB) == []
    # An edit from Bob of Alice's message id in Alice's chat changes nothing.
    assert await edited_text(svc, IncomingText(BOB, ALICE, 1, "bench 1x1", clock())) is None
    [kept] = await sets_of(svc, ALICE)
    assert kept.weight == Decimal(80)


async def test_many_concurrent_messages_lose_nothing(svc: Services, clock: Clock) -> None:
    texts = [msg(clock, f"curls {10 + i}kg x 10", 100 + i) for i in range(40)]
    replies = await asyncio.gather(*(new_text(svc, t) for t in texts))
    assert len(await sets_of(svc, ALICE)) == 40
    # Writers were serialised: exactly one of them saw all 40 sets in the workout tally.
    assert sum("today: 40 sets" in r.text for r in replies) == 1


async def test_an_old_message_edited_into_a_log_does_not_confuse_later_tallies(
    svc: Services, clock: Clock
) -> None:
    """The per-process window cache must never hide sets logged after a cached instant."""
    hello_at = clock()
    await new_text(svc, msg(clock, "hello", 1))
    clock.advance(hours=1)
    for i in range(3):
        clock.advance(minutes=1)
        await new_text(svc, msg(clock, f"bench 60x{8 + i} F", 10 + i))
    # Editing the 09:00 chat line into a set logs it at its own (earlier) time.
    await edited_text(svc, IncomingText(ALICE, ALICE, 1, "curls 12x10", hello_at))
    clock.advance(minutes=8)
    reply = await new_text(svc, msg(clock, "bench 60x7 F", 20))
    assert "Bench Press today: 4 sets, 4 to failure" in reply.text
    assert len(await sets_of(svc, ALICE)) == 5


async def test_chatting_after_a_block_resumes_the_user(
    svc: Services, clock: Clock, engine: AsyncEngine
) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    async with svc.uow() as uow:
        await uow.users.update(ALICE, clock(), blocked_at=clock())
        await uow.commit()
    await new_text(svc, msg(clock, "hello again", 2))  # no set, but they are back
    async with engine.connect() as conn:
        blocked = await conn.scalar(
            text("SELECT blocked_at FROM users WHERE id = :id"), {"id": ALICE}
        )
    assert blocked is None
    assert len(await sets_of(svc, ALICE)) == 1


async def test_times_come_back_aware_utc(svc: Services) -> None:
    berlin_evening = datetime(2026, 3, 2, 19, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    await new_text(svc, IncomingText(5, 5, 1, "bench 80x8", berlin_evening))
    async with svc.uow() as uow:
        [stored], _ = await uow.logbook.window(5, datetime(2026, 1, 1, tzinfo=UTC))
        message = await uow.logbook.find_message(5, 1)
    assert stored.at == berlin_evening and stored.at.utcoffset() == timedelta(0)
    assert message is not None and message.received_at == berlin_evening
    assert message.received_at.tzinfo is not None


async def test_a_new_lifters_first_weights_without_a_unit_can_be_read_in_pounds(
    svc: Services, clock: Clock
) -> None:
    """A tester's first message, `bench 135x8` with no /start, was logged as 135 kg without
    a word: an American's log then holds a 135 kg bench."""
    first = await new_text(svc, msg(clock, "bench 135x8", 1))
    assert "Weights without a unit are kilograms (kg). Lifting in pounds?" in first.text
    [*_, (offer,)] = first.buttons
    assert offer.label == "It was lb"
    stolen = await press(svc, BOB, offer.data)  # only its owner's
    assert stolen.alert and [s.unit for s in await sets_of(svc, ALICE)] == [Unit.KG]
    read_again = await press(svc, ALICE, offer.data)
    assert read_again.text.startswith("✏️ Corrected: Bench Press 135 lb × 8")
    assert "Weights without a unit are now pounds (lb)." in read_again.text
    clock.advance(minutes=3)
    second = await new_text(svc, msg(clock, "bench 140x8", 2))
    assert "Bench Press 140 lb × 8" in second.text and "Lifting in" not in second.text
    assert [(s.weight, s.unit) for s in await sets_of(svc, ALICE)] == [
        (Decimal(135), Unit.LB),
        (Decimal(140), Unit.LB),
    ]


async def test_the_unit_offer_comes_again_when_the_first_log_was_undone(
    svc: Services, clock: Clock
) -> None:
    # A tester undid the first log (with the offer on it), logged `squat 225x5` and got
    # 225 kg without a word.
    first = await new_text(svc, msg(clock, "bench 135x8", 1))
    assert "Lifting in pounds?" in first.text
    await undo_last(svc, ALICE, ALICE, 2)
    clock.advance(minutes=3)
    second = await new_text(svc, msg(clock, "squat 225x5", 3))
    assert "Back Squat 225 kg × 5" in second.text and "Lifting in pounds?" in second.text
    [*_, (offer,)] = second.buttons
    read_again = await press(svc, ALICE, offer.data)
    assert read_again.text.startswith("✏️ Corrected: Back Squat 225 lb × 5")


async def test_no_unit_offer_once_a_unit_is_typed_or_a_set_was_logged(
    svc: Services, clock: Clock
) -> None:
    typed = await new_text(svc, msg(clock, "bench 60kg x 8", 1))
    assert "Lifting in" not in typed.text
    clock.advance(minutes=3)
    later = await new_text(svc, msg(clock, "squat 100x5", 2))
    assert "Lifting in" not in later.text and len(later.buttons) == 1
    pullups = await new_text(svc, msg(clock, "pullups 10", 1, BOB))  # no load: nothing to ask
    assert "Lifting in" not in pullups.text
    await press(svc, CAROL, "unit:kg")  # chosen at /start: nothing to offer
    chosen = await new_text(svc, msg(clock, "bench 80x8", 1, CAROL))
    assert "Bench Press 80 kg × 8" in chosen.text and "Lifting in" not in chosen.text
