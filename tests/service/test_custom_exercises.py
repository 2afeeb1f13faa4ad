"""/exercise: one's own exercises are made, logged (typos too), listed, renamed and merged,
counted under "custom", and never seen or changed by anyone else."""

from __future__ import annotations

from datetime import UTC, datetime

from core.replies import Reply
from service import summary
from service.commands import Command, press, run
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text as log_text
from tests.clock import Clock
from tests.service import seed

ALICE, BOB = 2001, 2002
_ids = iter(range(1, 10**6))
_command_ids = iter(range(10**6, 2 * 10**6))


async def exercise(svc: Services, user: int, text: str) -> Reply:
    return await _command("exercise", svc, user, text)


async def say(svc: Services, user: int, text: str) -> Reply:
    return await log_text(svc, IncomingText(user, user, next(_ids), text, svc.clock()))


async def stored(svc: Services, user: int) -> list[tuple[str, int | None]]:
    async with svc.uow() as uow:
        sets, _ = await uow.logbook.window(user, datetime(2000, 1, 1, tzinfo=UTC))
    return [(s.exercise, s.reps) for s in sets]


async def own(svc: Services, user: int) -> list[tuple[str, str, str | None]]:
    async with svc.uow() as uow:
        return [(c.id, c.name, c.muscle) for c in await uow.exercises.of_user(user)]


async def test_an_exercise_of_ones_own_logs_like_any_other_typos_too(svc: Services) -> None:
    added = await exercise(svc, ALICE, "add zercher carry quads")
    assert "Added “Zercher Carry”" in added.text and "quads" in added.text
    assert "zercher carry 60x10" in added.text  # how to log it
    assert "Zercher Carry 60 kg × 20" in (await say(svc, ALICE, "zercher cary 60x20")).text
    assert "Zercher Carry 70 kg × 15" in (await say(svc, ALICE, "Zercher carry 70x15")).text
    assert await stored(svc, ALICE) == [("custom_zercher_carry", 20), ("custom_zercher_carry", 15)]
    listed = await _command("exercises", svc, ALICE, "")
    assert "• Zercher Carry, quads — 2 sets" in listed.text


async def test_nobody_else_can_log_or_touch_someone_elses_exercise(svc: Services) -> None:
    await exercise(svc, ALICE, "add zercher carry")
    await say(svc, ALICE, "zercher carry 60x20")
    reply = await say(svc, BOB, "zercher carry 60x20")
    assert "don't know" in reply.text and await stored(svc, BOB) == []
    assert (
        "no exercise of your own" in (await exercise(svc, BOB, "rename zercher carry to x y")).text
    )
    # Bob presses a merge button made for Alice's exercise (data copied, or guessed).
    [(_, _, _)] = await own(svc, ALICE)
    async with svc.uow() as uow:
        [mine] = await uow.exercises.of_user(ALICE)
    refused = await press(svc, BOB, f"exm:{mine.number}:bench_press")
    assert "isn't there" in refused.text
    assert await stored(svc, ALICE) == [("custom_zercher_carry", 20)]


async def test_rename_keeps_every_set_and_the_old_name_is_free_again(svc: Services) -> None:
    await exercise(svc, ALICE, "add zercher carry")
    await say(svc, ALICE, "zercher carry 60x20")
    renamed = await exercise(svc, ALICE, "rename zercher carry yoke walk")  # no "to": still read
    assert renamed.text == "Renamed “Zercher Carry” to “Yoke Walk”: every set of it is still there."
    assert "Yoke Walk 80 kg × 10" in (await say(svc, ALICE, "yoke walk 80x10")).text
    assert await stored(svc, ALICE) == [("custom_zercher_carry", 20), ("custom_zercher_carry", 10)]
    taken = await exercise(svc, ALICE, "rename yoke walk to bench press")
    assert "taken by Bench Press" in taken.text
    assert await own(svc, ALICE) == [("custom_zercher_carry", "Yoke Walk", None)]


async def test_merge_into_a_catalogue_exercise_keeps_every_set(svc: Services) -> None:
    await exercise(svc, ALICE, "add farmer carry heavy")
    await say(svc, ALICE, "farmer carry heavy 100x30\n100x25")
    asked = await exercise(svc, ALICE, "merge farmer carry heavy into farmers walk")
    assert "Merge Farmer Carry Heavy into Farmer's Walk? Its 2 sets" in asked.text
    assert await own(svc, ALICE) != []  # nothing happens before the button
    [[yes, no]] = asked.buttons
    assert (await press(svc, ALICE, no.data)).text.startswith("Cancelled")
    merged = await press(svc, ALICE, yes.data)
    assert "2 sets of Farmer Carry Heavy are Farmer's Walk sets now" in merged.text
    assert await stored(svc, ALICE) == [("farmers_walk", 30), ("farmers_walk", 25)]
    assert await own(svc, ALICE) == []
    again = await press(svc, ALICE, yes.data)  # a second tap, or a re-delivered press
    assert "isn't there" in again.text and len(await stored(svc, ALICE)) == 2


async def test_a_merged_name_keeps_logging_the_exercise_it_went_into(svc: Services) -> None:
    """The user's word for it stays theirs: after `merge heavy carry into yoke walk` the old
    name (typos too) logs Yoke Walk, for that user only; merged on, it follows."""
    await exercise(svc, ALICE, "add heavy carry")
    await exercise(svc, ALICE, "add yoke walk")
    await exercise(svc, BOB, "add heavy carry")
    asked = await exercise(svc, ALICE, "merge heavy carry into yoke walk")
    [[yes, _]] = asked.buttons
    merged = await press(svc, ALICE, yes.data)
    assert "Typing “heavy carry” logs Yoke Walk from now on." in merged.text
    assert "✅ Yoke Walk 120 kg × 20" in (await say(svc, ALICE, "heavy carry 120x20")).text
    assert "✅ Yoke Walk 110 kg × 20" in (await say(svc, ALICE, "heavy cary 110x20")).text
    assert "✅ Heavy Carry 50 kg × 10" in (await say(svc, BOB, "heavy carry 50x10")).text
    # Yoke Walk merged into a catalogue exercise: both names now log that one.
    asked = await exercise(svc, ALICE, "merge yoke walk into farmers walk")
    [[yes, _]] = asked.buttons
    await press(svc, ALICE, yes.data)
    for text in ("heavy carry 100kg x 30s", "yoke walk 100kg x 40s", "farmers walk 90kg x 30s"):
        assert "✅ Farmer's Walk" in (await say(svc, ALICE, text)).text, text
    assert {e for e, _ in await stored(svc, ALICE)} == {"farmers_walk"}
    assert await own(svc, ALICE) == []
    # Made again on purpose, a new exercise of one's own takes the name back.
    added = await exercise(svc, ALICE, "add heavy carry")
    assert "Added “Heavy Carry”" in added.text and "confused with Farmer's Walk" in added.text
    assert "✅ Heavy Carry 60 kg × 10" in (await say(svc, ALICE, "heavy carry 60x10")).text


async def test_bad_input_gets_an_example_and_changes_nothing(svc: Services) -> None:
    await exercise(svc, ALICE, "add zercher carry")
    for text, expected in [
        ("add", "E.g. /exercise add"),
        ("add 21s curls", "has digits"),
        ("add bench press", "in my catalogue already"),
        ("add Zercher-Carry", "You have “Zercher Carry” already"),
        ("rename", "/exercise rename zercher carry to yoke walk"),
        ("rename bench press to my bench", "one of my catalogue's exercises"),
        ("merge zercher carry into flying carpet", "I don't know “flying carpet”"),
        ("merge zercher carry into zercher carry", "nothing to merge"),
        ("frobnicate", "/exercise add zercher carry quads"),
    ]:
        reply = await exercise(svc, ALICE, text)
        assert expected in reply.text, (text, reply.text)
    assert await own(svc, ALICE) == [("custom_zercher_carry", "Zercher Carry", None)]


async def test_a_region_is_asked_about_with_buttons(svc: Services) -> None:
    asked = await exercise(svc, ALICE, "add bradford press shoulders")
    assert "Which shoulders: front delts, side delts, rear delts?" in asked.text
    side = next(b for row in asked.buttons for b in row if b.label == "side delts")
    assert "Added “Bradford Press”" in (await press(svc, ALICE, side.data)).text
    assert await own(svc, ALICE) == [("custom_bradford_press", "Bradford Press", "side_delts")]


async def test_the_new_exercise_button_of_an_unknown_name(svc: Services) -> None:
    asked = await say(svc, ALICE, "zercher carry 60x20")
    [new] = [b for row in asked.buttons for b in row if "new exercise" in b.label]
    assert new.label == "➕ new exercise “zercher carry” · 60 kg × 20"
    done = await press(svc, ALICE, new.data)
    assert "✅ Zercher Carry 60 kg × 20" in done.text and "Added “Zercher Carry”" in done.text
    assert await stored(svc, ALICE) == [("custom_zercher_carry", 20)]
    assert "Zercher Carry 70 kg × 15" in (await say(svc, ALICE, "zercher cary 70x15")).text
    long_name = await say(svc, ALICE, "сгибания рук со штангой на скамье сидя стоя 20x10")
    assert not any("new exercise" in b.label for row in long_name.buttons for b in row)


async def test_another_instance_sees_a_new_exercise_at_once(svc: Services) -> None:
    other = Services(uow=svc.uow, clock=svc.clock)  # its own caches, like a second process
    assert "don't know" in (await say(other, ALICE, "zercher carry 60x20")).text
    await exercise(svc, ALICE, "add zercher carry")
    assert "Zercher Carry 60 kg × 20" in (await say(other, ALICE, "zercher carry 60x20")).text
    await exercise(svc, ALICE, "rename zercher carry to yoke walk")
    assert "Yoke Walk 60 kg × 10" in (await say(other, ALICE, "yoke walk 60x10")).text


async def test_own_exercises_count_under_custom_in_summaries(svc: Services, clock: Clock) -> None:
    await seed.user(svc, ALICE)
    await exercise(svc, ALICE, "add zercher carry quads")
    clock.now = datetime(2026, 3, 3, 18, tzinfo=UTC)
    await say(svc, ALICE, "zercher carry 60x20 F\n60x18")
    clock.now = datetime(2026, 3, 4, 12, tzinfo=UTC)
    week = await summary.week(svc, ALICE)
    assert "custom" in week.text and "2 working sets" in week.text
    assert "Quads" in week.text  # the muscle it was given counts


async def _command(word: str, svc: Services, user: int, args: str) -> Reply:
    """A /command as Telegram or the terminal hands it to the command table."""
    return await run(svc, word, Command(user, user, next(_command_ids), args))
