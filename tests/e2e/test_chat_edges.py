"""End to end, the chat's rough edges (issue 10) as a Telegram user sees them: the real
`python -m bot` against the fake Bot API."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.commands import COMMANDS
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, running_bot
from tests.e2e.test_bot import BOT, bot_env, buttons, say

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[FakeBotApi, BotProcess, Path]]:
    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        db = Path(tmp) / "bot.db"
        with running_bot(api, BOT, bot_env(db)) as bot:
            yield api, bot, db


def deload_weeks(db: Path, user: int) -> int:
    with sqlite3.connect(db) as conn:
        [(n,)] = conn.execute("SELECT count(*) FROM deload_weeks WHERE user_id = ?", (user,))
        return int(n)


def test_help_names_every_command_of_the_menu_and_the_table(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    text = say(api, 401, "/help")["text"]
    menu = [c["command"] for c in api.commands_set()]
    assert menu and set(menu) <= set(COMMANDS)
    for word in [*menu, *COMMANDS]:
        assert re.search(rf"/{word}\b", text), f"/help does not name /{word}"
    for title in ("📝 Logging", "📈 Your numbers", "⚙️ Settings", "💾 Your data"):
        assert title in text
    assert text.count("\nExample: ") == 4


def test_aliases_case_and_bot_names_reach_the_same_command(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    user = 406
    records = say(api, user, "/prs")["text"]
    for alias in ("/pr", "/records", "/PRs", f"/Records@{api.bot_username}"):
        assert say(api, user, alias)["text"] == records, alias
    units = say(api, user, "/units")["text"]
    assert say(api, user, f"/UNITS@{api.bot_username}")["text"] == units
    # Another bot's command in a group is not ours: the hint names the word, not the bot.
    hint = say(api, user, "/prs@some_other_bot")["text"]
    assert hint.startswith("I don't know /prs.") and "some_other_bot" not in hint


def test_a_bare_deload_asks_and_the_button_marks_this_week(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, db = shared
    user = 402
    plan = say(api, user, "/deload")
    assert "3+ reps in reserve" in plan["text"] and "Nothing changes until you tap" in plan["text"]
    assert buttons(plan) == ["Mark this week as deload", "Next week instead"]
    reply = say(api, user, "curls 14x10 F")
    assert "Deload week" not in reply["text"]  # asking marked nothing
    assert deload_weeks(db, user) == 0
    api.user_presses_button(user, plan["message_id"], "Mark this week as deload")
    [marked] = api.wait_for_edits(user, 1)
    assert marked["message_id"] == plan["message_id"]
    assert "This week" in marked["text"] and "is a deload week" in marked["text"]
    assert deload_weeks(db, user) == 1
    assert "· deload week" in say(api, user, "/week")["text"].splitlines()[0]


def test_start_and_timezone_for_a_returning_lifter(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    user = 403
    say(api, user, "bench 80x8 F")
    back = say(api, user, "/start")
    assert back["text"].startswith(f"Welcome back, User{user}! Your last set: Bench Press 80 kg")
    # Logged straight away, never chose a unit: the setup's question beside where they are.
    assert "first set" not in back["text"] and buttons(back) == ["kg", "lb"]
    assert "do you lift in kilograms or pounds?" in back["text"]
    moved = say(api, user, "/timezone Berlin")
    assert "Europe/Berlin" in moved["text"] and "first set" not in moved["text"]


def test_counts_read_in_the_singular(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = shared
    user = 404
    logged = say(api, user, "curls 15x10 F")
    assert "Dumbbell Curl today: 1 set, 1 to failure" in logged["text"]
    week = say(api, user, "/week")["text"]
    assert "1 session · 1 working set · 10 reps" in week
    assert "Failure: 1 of 1 set\n" in week and "above your" not in week
    stats = say(api, user, "/stats")["text"]
    assert "1 session (last week 0)" in stats and "1 working set (last week 0)" in stats
    assert "Failure: 1 of 1 set (last week no sets)" in stats


def test_pounds_stay_as_typed_for_a_kg_lifter(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    user = 405
    say(api, user, "/units kg")
    logged = say(api, user, "bench 225lbx5 F")["text"]
    assert logged.startswith("✅ Bench Press 225 lb × 5 F")
    assert "225 lb × 5 (102 kg) to failure is heavy" in logged and "102.1" not in logged
    assert "225 lb × 5 F" in say(api, user, "/history bench")["text"]
    assert "Heaviest: 225 lb × 5 F" in say(api, user, "/prs bench")["text"]
