"""End to end: the bot's JobQueue tick delivers a summary, a deload reminder, and stops on 403."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.calendar import week_of
from core.schedule import reminder_week_for, summary_week_for
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, running_bot

pytestmark = pytest.mark.e2e

BOT = [sys.executable, "-m", "bot"]
JSON = dict[str, Any]
SUMMARY_USER, REMINDER_USER, BLOCKED_USER = 301, 302, 303


def _sql_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # UtcDateTime on SQLite


def _due_now(db: Path, user: int, kind: str) -> None:
    """Make a schedule due, as if its time had come while the bot runs."""
    with sqlite3.connect(db) as conn:
        changed = conn.execute(
            "UPDATE schedules SET next_run_at = ? WHERE user_id = ? AND kind = ?",
            (_sql_time(datetime.now(UTC) - timedelta(minutes=1)), user, kind),
        ).rowcount
    assert changed == 1


def _into_reported_week(db: Path, user: int) -> None:
    """A summary due now reports this week, except on the week's first day: then the week just
    ended (rules.md §5). There, move the sets the user logged a moment ago one day back, into
    that week, so the test means the same on every day of the week."""
    now = datetime.now(UTC)
    if summary_week_for(now - timedelta(minutes=1), "UTC") == week_of(now, "UTC"):
        return
    with sqlite3.connect(db) as conn:
        for table, column in (("set_records", "logged_at"), ("log_messages", "received_at")):
            rows = conn.execute(f"SELECT id, {column} FROM {table} WHERE user_id = ?", (user,))
            for row_id, at in rows.fetchall():
                earlier = datetime.fromisoformat(at).replace(tzinfo=UTC) - timedelta(days=1)
                conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE id = ?", (_sql_time(earlier), row_id)
                )


def _five_training_weeks(db: Path, user: int, before_week: datetime) -> None:
    """Two sessions a week in the five weeks before `before_week` (the sixth is the deload)."""
    now = datetime.now(UTC)
    with sqlite3.connect(db) as conn:
        for w in range(5, 0, -1):
            week = before_week - timedelta(weeks=w)
            for day in (0, 2):
                # Never in the future: this week's sessions happened before now.
                at = min(week + timedelta(days=day, hours=7), max(week, now - timedelta(minutes=5)))
                message = conn.execute(
                    "INSERT INTO log_messages (user_id, chat_id, message_id, text, received_at)"
                    " VALUES (?, ?, ?, 'bench 60x8 rir 2', ?)",
                    (user, user, 10_000 + w * 10 + day, _sql_time(at)),
                ).lastrowid
                conn.execute(
                    "INSERT INTO set_records (user_id, log_message_id, position, workout_id,"
                    ' exercise, weight, unit, bodyweight, reps, rir, warmup, "drop", line,'
                    " logged_at)"
                    " VALUES (?, ?, 0, ?, 'bench_press', 60, 'kg', 0, 8, 2, 0, 0, 1, ?)",
                    (user, message, message, _sql_time(at)),
                )


def say(api: FakeBotApi, user: int, text: str) -> JSON:
    mid = api.user_sends(user, text, first_name=f"User{user}")
    return api.wait_for_reply(user, mid)


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[tuple[FakeBotApi, BotProcess, Path]]:
    db = tmp_path / "bot.db"
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "TOFAILURE_RATE_LIMIT": "0",
        "TOFAILURE_TICK_SECONDS": "0.5",
    }
    with FakeBotApi() as api, running_bot(api, BOT, env) as process:
        yield api, process, db


def test_the_tick_sends_a_summary_and_a_reminder_and_respects_a_block(
    bot: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, process, db = bot
    say(api, SUMMARY_USER, "bench 80x8 F")
    say(api, SUMMARY_USER, "curl 16x12")
    schedule = say(api, SUMMARY_USER, "/summary")
    assert schedule["text"].startswith("Weekly summary: Sunday 18:00 (UTC).")

    now = datetime.now(UTC)
    upcoming = reminder_week_for(now, "UTC")
    monday = datetime(upcoming.year, upcoming.month, upcoming.day, tzinfo=UTC)
    off = say(api, REMINDER_USER, "/summary off")
    assert off["text"].startswith("Weekly summaries are off.")
    _five_training_weeks(db, REMINDER_USER, monday)
    say(api, BLOCKED_USER, "squat 100x5")
    api.block_chat(BLOCKED_USER)

    before = {u: api.bot_message_count(u) for u in (SUMMARY_USER, REMINDER_USER, BLOCKED_USER)}
    _into_reported_week(db, SUMMARY_USER)
    _due_now(db, SUMMARY_USER, "summary")
    _due_now(db, REMINDER_USER, "reminder")
    _due_now(db, BLOCKED_USER, "summary")

    [summary] = api.wait_for_bot_messages(SUMMARY_USER, 1, timeout=20, after=schedule["message_id"])
    assert summary["method"] == "sendPhoto" and summary["photo"].startswith(b"\x89PNG")
    assert summary["text"].startswith("📊 Week") and "2 working sets" in summary["text"]
    [reminder] = api.wait_for_bot_messages(REMINDER_USER, 1, timeout=20, after=off["message_id"])
    assert reminder["text"].startswith("Next week: deload (week 6 of your 6-week cycle)") or (
        reminder["text"].startswith("This week: deload (week 6 of your 6-week cycle)")
    )

    time.sleep(2)  # a few more ticks: nothing is sent twice, the blocked user is not retried
    assert api.bot_message_count(SUMMARY_USER) == before[SUMMARY_USER] + 1
    assert api.bot_message_count(REMINDER_USER) == before[REMINDER_USER] + 1
    assert api.bot_message_count(BLOCKED_USER) == before[BLOCKED_USER]
    with sqlite3.connect(db) as conn:
        blocked_at, next_run = conn.execute(
            "SELECT u.blocked_at, s.next_run_at FROM users u JOIN schedules s ON s.user_id = u.id"
            " WHERE u.id = ? AND s.kind = 'summary'",
            (BLOCKED_USER,),
        ).fetchone()
        statuses = dict(
            conn.execute(
                "SELECT user_id, status FROM deliveries WHERE user_id IN (?, ?, ?)",
                (SUMMARY_USER, REMINDER_USER, BLOCKED_USER),
            ).fetchall()
        )
    assert blocked_at is not None and next_run is None
    assert statuses == {SUMMARY_USER: "sent", REMINDER_USER: "sent", BLOCKED_USER: "blocked"}
    assert api.token not in process.output()
