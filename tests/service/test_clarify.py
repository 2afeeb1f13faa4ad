"""One-tap clarifications through the services: a tap logs exactly its button's reading for its
message, once, for its owner only; edits replace as before; names and loads one tap away."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from core.replies import Button, Reply
from core.wording import chat as chat_words
from core.wording import clarify as words
from service.commands import Command, press, run
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from tests.clock import Clock

ALICE, BOB = 3001, 3002
_ids = iter(range(1, 10**6))


def msg(svc: Services, user: int, text: str, message_id: int | None = None) -> IncomingText:
    mid = message_id if message_id is not None else next(_ids)
    return IncomingText(user, user, mid, text, svc.clock())


async def say(svc: Services, user: int, text: str, message_id: int | None = None) -> Reply:
    return await new_text(svc, msg(svc, user, text, message_id))


def buttons(reply: Reply) -> list[Button]:
    return [b for row in reply.buttons for b in row]


def button(reply: Reply, label: str) -> Button:
    found = [b for b in buttons(reply) if b.label == label]
    assert found, (label, [b.label for b in buttons(reply)])
    return found[0]


async def stored(svc: Services, user: int) -> list[tuple[str, Decimal, bool, int | None]]:
    async with svc.uow() as uow:
        sets, _ = await uow.logbook.window(user, datetime(2000, 1, 1, tzinfo=UTC))
    return [(s.exercise, s.weight, s.bodyweight, s.reps) for s in sets]


async def test_a_tap_logs_exactly_that_reading_once(svc: Services) -> None:
    asked = await say(svc, ALICE, "dips 8x12")
    assert [b.label for b in buttons(asked)] == ["8 sets × 12", "12 sets × 8", "+8 kg × 12"]
    assert "Or tap the one you did" in asked.text
    assert all(len(b.data.encode()) <= 64 for b in buttons(asked))
    assert await stored(svc, ALICE) == []  # nothing before the tap
    done = await press(svc, ALICE, button(asked, "+8 kg × 12").data)
    assert done.text.startswith("✅ Dip +8 kg × 12") and not done.alert
    assert [b.label for b in buttons(done)] == ["↩️ Undo"]
    assert await stored(svc, ALICE) == [("dip", Decimal(8), True, 12)]
    for again in buttons(asked):  # a double tap, a re-delivered press, the other readings
        refused = await press(svc, ALICE, again.data)
        assert refused.alert and refused.text == words.ANSWERED
    assert await stored(svc, ALICE) == [("dip", Decimal(8), True, 12)]


async def test_the_sets_reading_of_a_bodyweight_pair(svc: Services) -> None:
    asked = await say(svc, ALICE, "pullups 10x3")
    await press(svc, ALICE, button(asked, "3 sets × 10").data)
    assert await stored(svc, ALICE) == [("pull_up", Decimal(0), True, 10)] * 3


async def test_another_users_tap_or_forged_data_does_nothing(svc: Services) -> None:
    asked = await say(svc, ALICE, "dips 8x12")
    data = button(asked, "8 sets × 12").data
    kind, log_id, key = data.split(":")
    refused = await press(svc, BOB, data)
    assert refused.alert and refused.text == chat_words.NOT_YOUR_BUTTON
    assert "dips" not in refused.text.lower()
    # Bob's own question: Alice's key on Bob's message, Bob's key on Alice's, made-up keys.
    bobs = await say(svc, BOB, "dips 8x12")
    _, bob_id, bob_key = button(bobs, "8 sets × 12").data.split(":")
    assert bob_key == key  # the same text reads the same way: only the id tells them apart
    assert (await press(svc, BOB, f"{kind}:{log_id}:{bob_key}")).text == chat_words.NOT_YOUR_BUTTON
    for forged in (f"{kind}:{bob_id}:{'0' * 12}", f"{kind}:{bob_id}:", f"{kind}:{bob_id}"):
        gone = await press(svc, BOB, forged)
        assert gone.alert and gone.text in (words.GONE, chat_words.OLD_BUTTON)
    for forged in (f"{kind}:-1:{key}", f"{kind}:²:{key}", f"{kind}:{'9' * 30}:{key}"):
        assert (await press(svc, BOB, forged)).text == chat_words.OLD_BUTTON
    assert await stored(svc, ALICE) == [] and await stored(svc, BOB) == []


async def test_an_edit_of_a_waiting_message_logs_it_and_its_buttons_stop(svc: Services) -> None:
    asked = await say(svc, ALICE, "dips 8x12", message_id=500)
    edited = await edited_text(svc, msg(svc, ALICE, "dips +8kg x 12", message_id=500))
    assert edited is not None and edited.text.startswith("✅ Dip +8 kg × 12")
    refused = await press(svc, ALICE, button(asked, "8 sets × 12").data)
    assert refused.alert and refused.text == words.ANSWERED
    assert await stored(svc, ALICE) == [("dip", Decimal(8), True, 12)]


async def test_an_edit_into_another_question_answers_only_the_new_one(svc: Services) -> None:
    asked = await say(svc, ALICE, "dips 8x12", message_id=501)
    other = await edited_text(svc, msg(svc, ALICE, "dips 7x12", message_id=501))
    assert other is not None and "7 sets × 12" in [b.label for b in buttons(other)]
    old = await press(svc, ALICE, button(asked, "12 sets × 8").data)
    assert old.alert and old.text == words.GONE
    await press(svc, ALICE, button(other, "+7 kg × 12").data)
    assert await stored(svc, ALICE) == [("dip", Decimal(7), True, 12)]


async def test_after_a_tap_an_edit_replaces_the_sets_as_before(svc: Services) -> None:
    asked = await say(svc, ALICE, "dips 8x12", message_id=502)
    await press(svc, ALICE, button(asked, "+8 kg × 12").data)
    corrected = await edited_text(svc, msg(svc, ALICE, "dips +10kg x 12", message_id=502))
    assert corrected is not None and "Corrected" in corrected.text
    assert await stored(svc, ALICE) == [("dip", Decimal(10), True, 12)]


async def test_an_edit_of_a_logged_message_into_a_question_keeps_its_sets_until_a_tap(
    svc: Services,
) -> None:
    await say(svc, ALICE, "dips +8kg x 12", message_id=503)
    asked = await edited_text(svc, msg(svc, ALICE, "dips 8x12", message_id=503))
    assert asked is not None and words.KEPT in asked.text
    assert await stored(svc, ALICE) == [("dip", Decimal(8), True, 12)]
    done = await press(svc, ALICE, button(asked, "8 sets × 12").data)
    assert "Corrected" in done.text
    assert await stored(svc, ALICE) == [("dip", Decimal(0), True, 12)] * 8


async def test_a_redelivered_question_asks_again_and_stores_one_message(svc: Services) -> None:
    first = await say(svc, ALICE, "dips 8x12", message_id=504)
    again = await say(svc, ALICE, "dips 8x12", message_id=504)
    assert again.text == first.text and again.buttons == first.buttons
    await press(svc, ALICE, button(again, "12 sets × 8").data)
    after = await say(svc, ALICE, "dips 8x12", message_id=504)  # once more, after the tap
    assert after.text.startswith("✅ Dip bw × 8") and len(await stored(svc, ALICE)) == 12


async def test_undo_after_a_message_waiting_for_a_tap_asks_which(svc: Services) -> None:
    """/undo may mean the question just asked: the bench before it goes only on a tap."""
    await say(svc, ALICE, "bench 80x8")
    await say(svc, ALICE, "dips 8x12")
    asked = await run(svc, "/undo", Command(ALICE, ALICE, next(_ids)))
    assert asked.text.startswith("Your last message, “dips 8x12”, wasn't logged")
    assert len(await stored(svc, ALICE)) == 1
    undone = await press(svc, ALICE, buttons(asked)[0].data)
    assert "Removed Bench Press 80 kg × 8" in undone.text
    assert await stored(svc, ALICE) == []


async def test_an_unknown_name_becomes_ones_own_exercise_with_one_tap(svc: Services) -> None:
    asked = await say(svc, ALICE, "zercher carry 60x20")
    labels = [b.label for b in buttons(asked)]
    assert labels == ["Zercher Squat · 60 kg × 20", "➕ new exercise “zercher carry” · 60 kg × 20"]
    done = await press(svc, ALICE, buttons(asked)[1].data)
    assert done.text.startswith("✅ Zercher Carry 60 kg × 20")
    assert "Added “Zercher Carry” to your exercises" in done.text
    assert await stored(svc, ALICE) == [("custom_zercher_carry", Decimal(60), False, 20)]
    again = await press(svc, ALICE, buttons(asked)[1].data)
    assert again.alert and again.text == words.ANSWERED
    # From now on the name, and a typo of it, are Alice's exercise; never Bob's.
    typo = await say(svc, ALICE, "zercher cary 70x15")
    assert typo.text.startswith("✅ Zercher Carry 70 kg × 15")
    assert "don't know" in (await say(svc, BOB, "zercher carry 60x20")).text
    async with svc.uow() as uow:
        assert [c.name for c in await uow.exercises.of_user(ALICE)] == ["Zercher Carry"]


async def test_a_close_match_logs_the_message_with_that_exercise(svc: Services) -> None:
    asked = await say(svc, ALICE, "Leg day\nzercher cary 60x20\nsquat 100x5")
    assert "Nothing of this message is logged until you tap" in asked.text
    await press(svc, ALICE, button(asked, "Zercher Squat · 60 kg × 20").data)
    assert await stored(svc, ALICE) == [
        ("zercher_squat", Decimal(60), False, 20),
        ("back_squat", Decimal(100), False, 5),
    ]
    async with svc.uow() as uow:
        assert await uow.exercises.of_user(ALICE) == []


async def test_a_load_left_out_offers_the_last_sessions_load(svc: Services, clock: Clock) -> None:
    nothing = await say(svc, ALICE, "squat 3x5")
    assert buttons(nothing) == [] and "squat 3x5 @ 60kg" in nothing.text
    await say(svc, ALICE, "squat 60x5 w\nsquat 110x5\n100x5\n100x5")
    clock.advance(days=3)
    asked = await say(svc, ALICE, "squat 3x5")
    assert [b.label for b in buttons(asked)] == ["3 sets × 5 @ 100 kg"]
    assert "Last time you used 100 kg" in asked.text and "squat 3x5 @ 100kg" in asked.text
    await press(svc, ALICE, buttons(asked)[0].data)
    assert (await stored(svc, ALICE))[-3:] == [("back_squat", Decimal(100), False, 5)] * 3


async def test_a_several_line_message_is_asked_line_by_line(svc: Services, clock: Clock) -> None:
    await say(svc, ALICE, "squat 100x5")
    clock.advance(days=2)
    asked = await say(svc, ALICE, "bench 80x8\npullups 10x3\nsquat 3x5", message_id=600)
    following = await press(svc, ALICE, button(asked, "3 sets × 10").data)
    assert not following.alert and "“squat 3x5”" in following.text
    assert len(await stored(svc, ALICE)) == 1  # nothing yet: the last line needs its load
    done = await press(svc, ALICE, button(following, "3 sets × 5 @ 100 kg").data)
    assert done.text.startswith("✅")
    assert [s[0] for s in await stored(svc, ALICE)] == ["back_squat"] + ["bench_press"] + [
        "pull_up"
    ] * 3 + ["back_squat"] * 3
    # The stored message reads as answered; an edit of it replaces its sets as any edit does.
    fixed = await edited_text(svc, msg(svc, ALICE, "bench 80x8\npullups 10,10,10", 600))
    assert fixed is not None and "Corrected" in fixed.text
    assert len(await stored(svc, ALICE)) == 1 + 1 + 3


async def test_a_pasted_workout_with_a_line_to_fix_says_nothing_is_logged_yet(
    svc: Services,
) -> None:
    """No button to offer (a load left out of a first calf raise): the answer says the other
    lines are not stored either, and the fixed message logs them all."""
    text = "Leg day\nsquat 100x5\n105x5\ncalf raise 3x15"
    asked = await say(svc, ALICE, text, message_id=700)
    assert buttons(asked) == [] and "“calf raise 3x15”" in asked.text
    assert asked.text.endswith(words.NOTHING_LOGGED)
    assert await stored(svc, ALICE) == []
    fixed = await edited_text(svc, msg(svc, ALICE, text.replace("3x15", "3x15 @ 40kg"), 700))
    assert fixed is not None and fixed.text.count("✅") == 1
    assert len(await stored(svc, ALICE)) == 2 + 3
    one_line = await say(svc, BOB, "calf raise 3x15")
    assert words.NOTHING_LOGGED not in one_line.text
