"""End to end: the stats commands of the real `python -m bot` against the fake Bot API."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, running_bot
from tests.e2e.test_bot import bot_env, buttons, say

pytestmark = pytest.mark.e2e

BOT = [sys.executable, "-m", "bot"]
JSON = dict[str, Any]


@pytest.fixture(scope="module")
def bot() -> Iterator[tuple[FakeBotApi, BotProcess, Path]]:
    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        db = Path(tmp) / "bot.db"
        with running_bot(api, BOT, bot_env(db)) as process:
            yield api, process, db
        assert api.token not in process.output(), "the bot token leaked into the logs"


def earlier_session(db: Path, user: int, days_ago: int, *sets: tuple[float, int]) -> datetime:
    """A bench session stored `days_ago` days back (as if logged then); its local day (UTC)."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT OR IGNORE INTO users (id, unit, timezone, week_start, deload_every_weeks,"
            " rules_off, thresholds, created_at, updated_at, sets_revision)"
            " VALUES (?, 'kg', 'UTC', 'monday', 6, '[]', '{}', ?, ?, 0)",
            (user, at.isoformat(" "), at.isoformat(" ")),
        )
        message = conn.execute(
            "INSERT INTO log_messages (user_id, chat_id, message_id, text, received_at)"
            " VALUES (?, ?, ?, 'bench', ?)",
            (user, user, 900_000 + days_ago, at.replace(tzinfo=None).isoformat(" ")),
        ).lastrowid
        for position, (weight, reps) in enumerate(sets):
            conn.execute(
                "INSERT INTO set_records (user_id, log_message_id, position, workout_id,"
                ' exercise, weight, unit, bodyweight, reps, warmup, "drop", line, logged_at)'
                " VALUES (?, ?, ?, ?, 'bench_press', ?, 'kg', 0, ?, 0, 0, 1, ?)",
                (
                    user,
                    message,
                    position,
                    message,
                    weight,
                    reps,
                    at.replace(tzinfo=None).isoformat(" "),
                ),
            )
    return at


def day(at: datetime) -> str:
    return f"{at:%a} {at.day} {at:%b}"


def test_stats_commands_are_listed(bot: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = bot
    names = {c["command"] for c in api.commands_set()}
    assert {"stats", "history", "prs", "chart", "volume", "failure"} <= names
    help_text = say(api, 501, "/help")["text"]
    assert "/history bench" in help_text and "/chart bench" in help_text


def test_history_prs_and_the_logging_reply(bot: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = bot
    user = 502
    before = earlier_session(db, user, 8, (90, 5), (90, 5))
    logged = say(api, user, "bench 100x5 F\n225lb x 3")
    lines = logged["text"].splitlines()
    # the message's last set, 225 lb, has no set at its load last time: the session's sets
    assert "last time 90 kg × 5, 5" in lines
    assert "🏆 e1RM PR on Bench Press: 112.5 kg (was 101.2 kg)" in lines  # 90 × 36 / 32
    history = say(api, user, "/history bench")["text"]
    today = datetime.now(UTC)
    assert history.splitlines()[:3] == [
        "📖 Bench Press: last 2 sessions",
        f"{day(today)}: 100 kg × 5 F · 225 lb × 3",
        f"{day(before)}: 90 kg × 5, 5",
    ]
    prs = say(api, user, "/prs")["text"]
    # 100 × 5 F: 100 × 36 / 32 = 112.5 kg; 225 lb × 3 is the heaviest, as typed
    assert "Bench Press: e1RM 112.5 kg · heaviest 225 lb × 3" in prs
    one = say(api, user, "/prs bench")["text"]
    assert f"Best e1RM: 112.5 kg from 100 kg × 5 F on {day(today)}" in one


def test_chart_bench_is_a_png_photo(bot: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = bot
    user = 503
    earlier_session(db, user, 10, (90, 6))
    say(api, user, "bench 95x6 F")
    chart = say(api, user, "/chart bench")
    assert chart["method"] == "sendPhoto"
    assert chart["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    assert chart["text"].startswith("Bench Press: 2 sessions since")
    never = say(api, user, "/chart deadlift")
    assert never["method"] == "sendMessage" and "You haven't logged Deadlift yet" in never["text"]


def test_unknown_names_get_buttons_and_volume_failure_charts(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = bot
    user = 504
    say(api, user, "curls 14x12 F")
    asked = say(api, user, "/history zercher carry")
    assert "Did you mean" in asked["text"]
    assert buttons(asked) == ["Farmer's Walk", "Overhead Carry", "Zercher Squat"]
    api.user_presses_button(user, asked["message_id"], "Zercher Squat")
    [answer] = api.wait_for_edits(user, 1)
    assert "You haven't logged Zercher Squat yet" in answer["text"]
    for command, line in (
        ("/volume", "Biceps 1 (last week 0)"),
        ("/failure", "This week: 1 of 1 set"),
    ):
        reply = say(api, user, command)
        assert reply["method"] == "sendPhoto" and reply["photo"].startswith(b"\x89PNG"), command
        assert line in reply["text"], command


def test_two_users_never_see_each_others_numbers(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = bot
    alice, bob = 505, 506
    say(api, alice, "bench 140x3")
    say(api, bob, "bench 40x12")
    assert "140 kg" not in say(api, bob, "/history bench")["text"]
    assert "40 kg × 12" not in say(api, alice, "/history bench")["text"]
    bob_prs = say(api, bob, "/prs")["text"]
    assert "140" not in bob_prs and "heaviest 40 kg × 12" in bob_prs
    assert "1 working set (last week 0)" in say(api, bob, "/stats")["text"]


def test_a_question_is_answered_with_the_right_numbers(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = bot
    user = 507
    say(api, user, "bench 100x5 F\n100x6")
    answer = say(api, user, "how much did I bench this week?")
    assert answer["text"] == (
        "Bench Press this week: 1 session · 2 working sets · 11 reps · 1 100 kg"
    )
    assert "You can ask me" in say(api, user, "what can I ask?")["text"]
    assert say(api, user, "hello there")["text"].startswith("I log sets")


def earlier_weigh_in(db: Path, user: int, days_ago: int, weight: float) -> datetime:
    """A weigh-in stored `days_ago` days back (as if typed then); its time."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    naive = at.replace(tzinfo=None).isoformat(" ")
    with sqlite3.connect(db) as conn:
        message = conn.execute(
            "INSERT INTO log_messages (user_id, chat_id, message_id, text, received_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user, user, 800_000 + days_ago, f"bw {weight}", naive),
        ).lastrowid
        conn.execute(
            "INSERT INTO weigh_ins (log_message_id, user_id, day, weight, unit, line, weighed_at)"
            " VALUES (?, ?, ?, ?, 'kg', 1, ?)",
            (message, user, at.date().isoformat(), weight, naive),
        )
    return at


def test_a_weigh_in_then_bw_shows_the_trend_and_a_chart(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, db = bot
    user = 507
    empty = say(api, user, "/bw")
    assert empty["method"] == "sendMessage" and "No weigh-ins yet" in empty["text"]
    before = earlier_weigh_in(db, user, 3, 82.2)
    first = api.user_sends(user, "bw 81.9")
    reply = api.wait_for_reply(user, first)
    assert reply["text"] == f"⚖️ 81.9 kg — −0.3 kg since {day(before)}"
    # The scale said otherwise: an edit replaces the weigh-in.
    api.user_edits(user, first, "bodyweight 81.5 kg")
    corrected = api.wait_for_reply(user, reply["message_id"])
    assert corrected["text"] == f"✏️ Corrected: ⚖️ 81.5 kg — −0.7 kg since {day(before)}"
    trend = say(api, user, "/bw")
    assert trend["method"] == "sendPhoto" and trend["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    lines = trend["text"].splitlines()
    assert lines[0] == f"⚖️ Bodyweight: 81.5 kg on {day(datetime.now(UTC))}"
    assert lines[1] == "Change: −0.7 kg over 3 days (since your first weigh-in)"
    assert f"{day(before)}: 82.2 kg" in lines
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT weight FROM weigh_ins WHERE user_id = ? ORDER BY day", (user,)
        ).fetchall()
    assert stored == [(82.2,), (81.5,)]
    assert {c["command"] for c in api.commands_set()} >= {"bw"}


def test_a_titled_workout_shows_in_history(bot: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = bot
    user = 508
    logged = say(api, user, "Push day 🔥\nbench 80x8 felt easy\nbench 85x6")
    assert logged["text"].splitlines()[0] == "🏷 Push day 🔥"
    history = say(api, user, "/history bench")["text"].splitlines()
    assert history[1:3] == [
        f"{day(datetime.now(UTC))} · Push day 🔥: 80 kg × 8 · 85 kg × 6",
        "   📝 felt easy",
    ]


def test_own_exercises_and_their_numbers_are_their_makers_alone(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    """Alice and Bob each make an exercise called zercher carry (Alice's for quads, Bob's
    without a muscle); Carol has none. Every stats command
    and question reads each one's own, typos too, and nobody sees anyone else's."""
    api, _, _ = bot
    alice, bob, carol = 510, 511, 512
    assert "Added “Zercher Carry”" in say(api, alice, "/exercise add zercher carry quads")["text"]
    assert "Zercher Carry 70 kg × 15 F" in say(api, alice, "zercher carry 70x15 F")["text"]
    assert "Zercher Carry 60 kg × 20" in say(api, alice, "zercher cary 60x20")["text"]
    assert "don't know" in say(api, bob, "zercher carry 40x10")["text"]  # Alice's isn't his
    assert "Added “Zercher Carry”" in say(api, bob, "/exercise add zercher carry")["text"]
    assert "Zercher Carry 40 kg × 10" in say(api, bob, "zerhcer carry 40x10")["text"]

    history = say(api, alice, "/history zercher cary")["text"]
    assert history.startswith("📖 Zercher Carry: last") and "70 kg × 15 F · 60 kg × 20" in history
    assert "40 kg" not in history
    best = say(api, alice, "what's my best zercher carry?")["text"]
    assert best.startswith("🏆 Zercher Carry records") and "70 kg × 15 F" in best
    assert "40 kg" not in best
    volume = say(api, alice, "/volume")
    assert volume["method"] == "sendPhoto" and "Quads 2 (last week 0)" in volume["text"]

    bob_history = say(api, bob, "/history zercher carry")["text"]
    assert "40 kg × 10" in bob_history and "70 kg" not in bob_history
    bob_best = say(api, bob, "whats my best zercher cary")["text"]
    assert "40 kg × 10" in bob_best and "70 kg" not in bob_best
    bob_volume = say(api, bob, "/volume")["text"]
    assert "Custom 1 (last week 0)" in bob_volume and "Quads" not in bob_volume
    bob_prs = say(api, bob, "/prs")["text"]
    assert "Zercher Carry: e1RM 53.3 kg · heaviest 40 kg × 10" in bob_prs  # 40 × 36 / 27
    assert "70" not in bob_prs
    bob_chart = say(api, bob, "/chart zercher carry")
    assert bob_chart["method"] == "sendPhoto" and bob_chart["photo"].startswith(b"\x89PNG")

    asked = say(api, carol, "what's my best zercher carry")["text"]
    assert asked.startswith("I don't know the exercise “zercher carry”.")
    assert "70 kg" not in asked and "40 kg" not in asked
    told = say(api, carol, "/history zercher carry")
    assert "Zercher Carry" not in buttons(told)  # the catalogue's near names only
    # Chat stays chat, whoever types it.
    for user in (alice, carol):
        assert say(api, user, "nice weather today")["text"].startswith("I log sets, like")
        assert say(api, user, "rest 90s")["text"].startswith("I log sets, like")
