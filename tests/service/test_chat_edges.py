"""The chat's rough edges a new user ran into (issue 10): /help from the command table, /deload
that asks first, no onboarding for a returning lifter, counts that read right, weights as
typed — through the one command table, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.replies import Reply
from core.wording import help as help_words
from core.wording.numbers import count
from service import commands
from service.commands import COMMANDS, TABLE, Command, Entry, help_reply, press
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from tests.clock import Clock
from tests.service import seed
from tests.service.seed import entry

ALICE, BOB = 5001, 5002
_ids = iter(range(1, 10**6))


async def run(svc: Services, user: int, command: str, args: str = "") -> str:
    return (await ask(svc, user, command, args)).text


async def ask(svc: Services, user: int, command: str, args: str = "") -> Reply:
    called = Command(user, user, next(_ids), args, first_name="Alice")
    return await commands.run(svc, f"/{command}", called)


async def log(svc: Services, clock: Clock, text: str, user: int = ALICE) -> str:
    incoming = IncomingText(user, user, next(_ids), text, clock())
    return (await new_text(svc, incoming)).text


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


# --- /help ------------------------------------------------------------------------------------


def _named(text: str, word: str) -> bool:
    return re.search(rf"/{re.escape(word)}\b", text) is not None


def test_help_lists_every_command_of_the_table_and_the_menu_once_with_a_line() -> None:
    text = help_reply().text
    for word in COMMANDS:  # aliases too
        assert _named(text, word), f"/help does not name /{word}"
    for name, description in commands.menu():
        assert _named(text, name) and len(description) >= 3
    for e in TABLE:
        assert help_words.line(e.name), f"/{e.name} has no line in core/wording/help.py"
        [row] = [r for r in text.splitlines() if r.startswith(f"/{e.name} ")]
        assert " — " in row  # one line each: the command, then what it does


def test_help_is_grouped_with_an_example_per_group() -> None:
    text = help_reply().text
    titles = [help_words.GROUPS[k].title for k in ("logging", "stats", "settings", "data")]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    for section in text.split("\n\n")[1:]:
        assert section.splitlines()[-1].startswith("Example:"), section
    assert text.startswith("Just type your sets") and "bench 80x8 F" in text
    # a group lists its own commands: /history under the numbers, /units under settings
    assert text.index("/history") > text.index("📈") > text.index("/undo")
    assert text.index("/units") > text.index("⚙️") > text.index("/failure")


def test_a_new_command_in_the_table_shows_in_help_and_the_menu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = Entry("bodyweight", TABLE[0].use_case, help_words.STATS, ("bw",))
    monkeypatch.setattr(commands, "TABLE", (*TABLE, new))
    text = help_reply().text
    assert "/bodyweight (also /bw)" in text
    assert text.index("/bodyweight") < text.index("⚙️")  # in its group
    assert "bodyweight" in dict(commands.menu())


def test_help_takes_a_section_of_the_chats_own() -> None:
    text = help_reply("In this terminal: b1 presses a button").text
    assert text.endswith("In this terminal: b1 presses a button")
    assert "In this terminal" not in help_reply().text


async def test_help_command_answers_the_same_text(svc: Services) -> None:
    assert await run(svc, ALICE, "help") == help_reply().text


# --- /deload ----------------------------------------------------------------------------------


async def _deload_weeks(svc: Services, user: int) -> tuple[object, ...]:
    async with svc.uow() as uow:
        found = await uow.users.get(user)
    assert found is not None
    return found.deload_weeks


async def test_a_bare_deload_shows_the_plan_and_marks_nothing(svc: Services) -> None:
    reply = await ask(svc, ALICE, "deload")
    assert "3+ reps in reserve" in reply.text and "Mark this week (from Mon 2 Mar)" in reply.text
    assert labels(reply) == ["Mark this week as deload", "Next week instead"]
    assert await _deload_weeks(svc, ALICE) == ()
    again = await ask(svc, ALICE, "deload")  # asking twice still marks nothing
    assert labels(again) == labels(reply) and await _deload_weeks(svc, ALICE) == ()
    [[mark, _]] = reply.buttons
    done = await press(svc, ALICE, mark.data)
    assert done.text.startswith("This week (from Mon 2 Mar) is a deload week.")
    assert len(await _deload_weeks(svc, ALICE)) == 1
    assert "already" in (await press(svc, ALICE, mark.data)).text  # a second tap: no change
    assert "already" in (await run(svc, ALICE, "deload"))


async def test_deload_now_marks_at_once_and_the_next_week_button(svc: Services) -> None:
    assert "This week (from Mon 2 Mar) is a deload week" in await run(svc, ALICE, "deload", "now")
    [_, nxt] = labels(await ask(svc, BOB, "deload"))
    assert nxt == "Next week instead"
    reply = await ask(svc, BOB, "deload")
    assert "Next week (from Mon 9 Mar)" in (await press(svc, BOB, reply.buttons[0][1].data)).text
    plan = await ask(svc, BOB, "deload")
    assert "Next week (from Mon 9 Mar) is marked already." in plan.text
    assert labels(plan) == ["Mark this week as deload"]
    assert "older version" in (await press(svc, BOB, "dl:sometime")).text


async def test_the_plan_says_when_a_planned_deload_is_due(svc: Services, clock: Clock) -> None:
    await seed.user(svc, ALICE)
    for week in range(5, 0, -1):  # five training weeks before this one: the sixth is due
        await seed.log(svc, ALICE, clock() - timedelta(weeks=week), entry("bench_press", 80, 8))
    text = await run(svc, ALICE, "deload")
    assert "Now is a good time: week 6 of your 6-week cycle." in text
    await seed.user(svc, BOB)
    await seed.log(svc, BOB, clock() - timedelta(weeks=1), entry("bench_press", 80, 8))
    assert "This is week 2 of your 6-week cycle: no deload due yet." in await run(
        svc, BOB, "deload"
    )


# --- a returning lifter -----------------------------------------------------------------------


async def test_start_and_timezone_welcome_a_returning_lifter_back(
    svc: Services, clock: Clock
) -> None:
    first = await ask(svc, ALICE, "start")
    assert "Do you lift in kilograms or pounds?" in first.text and labels(first) == ["kg", "lb"]
    assert "time zone" in (await press(svc, ALICE, first.buttons[0][0].data)).text  # kg
    assert "log your first set" in await run(svc, ALICE, "timezone", "Berlin")
    await log(svc, clock, "bench 80x8 F")
    back = await ask(svc, ALICE, "start")
    assert back.text.startswith("Welcome back, Alice! Your last set: Bench Press 80 kg × 8 F")
    assert "kilograms or pounds" not in back.text and not back.buttons
    assert "/help" in back.text and "Europe/Berlin" in back.text
    unit = await press(svc, ALICE, first.buttons[0][1].data)  # /start's old lb button
    assert "pounds" in unit.text and "time zone" not in unit.text and not unit.buttons
    moved = await run(svc, ALICE, "timezone", "Tokyo")
    assert moved.startswith("Time zone set to Asia/Tokyo.") and "first set" not in moved
    asked = await ask(svc, ALICE, "timezone")  # the question, answered by a place name
    assert labels(asked)
    answered = await log(svc, clock, "London")
    assert "Europe/London" in answered and "first set" not in answered


async def test_start_asks_the_unit_of_a_lifter_who_logged_without_choosing_one(
    svc: Services, clock: Clock
) -> None:
    # A tester logged straight away, undid the first set and logged on: /start said "Welcome
    # back … Weights in kg, time zone UTC" and never asked what the setup asks.
    await log(svc, clock, "bench 135x8")
    back = await ask(svc, ALICE, "start")
    assert back.text.startswith("Welcome back, Alice! Your last set: Bench Press 135 kg × 8")
    assert "Weights without a unit are kilograms until you choose" in back.text
    assert labels(back) == ["kg", "lb"]
    pounds = await press(svc, ALICE, back.buttons[0][1].data)
    assert "pounds (lb)" in pounds.text and "time zone" in pounds.text  # the setup goes on
    assert "Sets you logged before keep theirs (without one they were read as kg)" in (
        pounds.text  # the 135 is not changed
    )
    again = await ask(svc, ALICE, "start")  # chosen now: where they are, no question
    assert "Weights in lb, time zone UTC" in again.text and not again.buttons
    # Another who logged straight away but gave a zone: the unit only, no zone question
    # (which would take the next short message for a place).
    await log(svc, clock, "squat 100x5", user=BOB)
    await run(svc, BOB, "timezone", "Berlin")
    bob = await ask(svc, BOB, "start")
    kilos = await press(svc, BOB, bob.buttons[0][0].data)
    assert "time zone" not in kilos.text and "keep theirs" not in kilos.text


# --- counts -----------------------------------------------------------------------------------


def test_one_count_helper() -> None:
    assert count(1, "working set") == "1 working set"
    assert count(1, "failure set") == "1 failure set"
    assert count(1, "session") == "1 session"
    assert count(0, "set") == "0 sets"
    assert count(0, "set", zero="no sets yet") == "no sets yet"
    assert count(12_340, "set") == "12 340 sets"
    assert count(2, "set is", "sets are") == "2 sets are"
    assert count(1.5, "rep") == "1.5 reps" and count(1.0, "rep") == "1 rep"


# "1 sets", "1 sessions", "0 set"...: a count that disagrees with its noun.
WRONG = re.compile(
    r"(?<![\d.,])1 (sets|sessions|working sets|failure sets|reps|weeks|workouts|times|days)\b"
    r"|(?<![\d.,])(0|[2-9]|\d\d+) (set|session|working set|failure set|rep|week|workout)\b"
)


async def test_one_set_of_everything_reads_in_the_singular(svc: Services, clock: Clock) -> None:
    replies = [await log(svc, clock, "curls 15x10 F")]
    for command, args in [
        ("stats", ""),
        ("week", ""),
        ("history", "curls"),
        ("prs", ""),
        ("prs", "curls"),
        ("failure", ""),
        ("volume", ""),
        ("exercise", ""),
        ("forget", ""),
    ]:
        replies.append(await run(svc, ALICE, command, args))
    for text in replies:
        assert not WRONG.search(text), text
    assert "1 set, 1 to failure" in replies[0]
    week = replies[2]
    assert "1 session · 1 working set · 10 reps" in week
    assert "Failure: 1 of 1 set\n" in week  # one set: no share...
    assert "%" not in week.split("Failure:")[1]  # ...and no verdict on the limit
    assert "1 working set on Mon 2 Mar" in replies[5]


async def test_no_share_or_above_the_limit_under_the_rules_minimum(
    svc: Services, clock: Clock
) -> None:
    await log(svc, clock, "curls 15x10 F, 10 F, 10 F, 10 F, 10 F, 10, 10, 10")  # 5 F of 8
    week = await run(svc, ALICE, "week")
    assert "Failure: 5 of 8 sets (62 %)" in week
    assert "above your" not in week and "cut failure" not in week
    assert "Failure share 62 %: your 30 % limit counts from 6 failure sets a week." in week
    failure = await run(svc, ALICE, "failure")
    assert "⚠️" not in failure
    await log(svc, clock, "curls 15x10 F")  # the sixth failure set: now the rule speaks
    week = await run(svc, ALICE, "week")
    assert "Failure share 67 %, above your 30 % limit." in week
    assert "⚠️ above 30 %" in await run(svc, ALICE, "failure")


# --- weights as typed -------------------------------------------------------------------------


async def test_pounds_stay_pounds_in_a_kg_lifters_replies(svc: Services, clock: Clock) -> None:
    await run(svc, ALICE, "units", "kg")
    reply = await log(svc, clock, "bench 225lbx5 F")
    assert reply.startswith("✅ Bench Press 225 lb × 5 F")
    assert "Bench Press 225 lb × 5 (102 kg) to failure is heavy" in reply
    assert "102.1" not in reply
    clock.advance(days=2)
    await log(svc, clock, "bench 225lbx6 F")
    history = await run(svc, ALICE, "history", "bench")
    assert "225 lb × 5 F" in history and "225 lb × 6 F" in history
    records = await run(svc, ALICE, "prs", "bench")
    assert "Heaviest: 225 lb × 5 F" in records and "225 lb × 6 F" in records
    assert "heaviest 225 lb × 6" in await run(svc, ALICE, "prs")
    week = await run(svc, ALICE, "week")
    assert "Bench Press 225 lb × 6: e1RM" in week
    assert "102.1 kg" not in week and "102.06" not in week


async def test_kilos_stay_kilos_in_a_lb_lifters_warning(svc: Services, clock: Clock) -> None:
    await run(svc, BOB, "units", "lb")
    reply = await log(svc, clock, "bench 100kgx5 F", user=BOB)
    assert "Bench Press 100 kg × 5 (220 lb) to failure is heavy" in reply
