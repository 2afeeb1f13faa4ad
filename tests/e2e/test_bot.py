"""End to end: `python -m bot` (the real PTB Application) against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, running_bot

pytestmark = pytest.mark.e2e

BOT = [sys.executable, "-m", "bot"]
JSON = dict[str, Any]


def bot_env(db: Path, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{db}",
        "TOFAILURE_RATE_LIMIT": "0",
        "TOFAILURE_LOG_LEVEL": "DEBUG",
        **extra,
    }


def stored_sets(db: Path, user_id: int) -> list[tuple[str, float, int | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT exercise, weight, reps, failure FROM set_records WHERE user_id = ? "
            "ORDER BY logged_at, log_message_id, position",
            (user_id,),
        ).fetchall()


def _buttons(message: JSON) -> list[JSON]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b for row in rows for b in row]


def buttons(message: JSON) -> list[str]:
    return [b["text"] for b in _buttons(message)]


def say(api: FakeBotApi, user: int, text: str) -> JSON:
    mid = api.user_sends(user, text, first_name=f"User{user}")
    return api.wait_for_reply(user, mid)


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[FakeBotApi, BotProcess, Path]]:
    """One bot process for the scenarios below; each test talks as its own user."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        db = Path(tmp) / "bot.db"
        with running_bot(api, BOT, bot_env(db)) as bot:
            yield api, bot, db
        assert api.token not in bot.output(), "the bot token leaked into the logs"


def test_commands_are_registered_at_start(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = shared
    names = {c["command"] for c in api.commands_set()}
    assert {"start", "undo", "settings", "units", "timezone", "deload", "rules"} <= names


def test_start_picks_unit_and_time_zone(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = shared
    user = 101
    welcome = say(api, user, "/start")
    assert "bench 80x8 F" in welcome["text"]
    assert buttons(welcome) == ["kg", "lb"]
    api.user_presses_button(user, welcome["message_id"], "lb")
    [asked] = api.wait_for_edits(user, 1)
    assert "pounds" in asked["text"] and "time zone" in asked["text"]
    reply = say(api, user, "Berln")  # a typo gets suggestions, not a silent guess
    assert "Berlin" in buttons(reply) or "Europe/Berlin" in reply["text"]
    done = say(api, user, "Berlin")
    assert "Europe/Berlin" in done["text"]
    logged = say(api, user, "bench 185x5")
    assert "185 lb" in logged["text"]


def test_logging_a_set_replies_with_tally_and_undo(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, db = shared
    user = 102
    reply = say(api, user, "bench 80x8 F")
    assert "Bench Press 80 kg × 8 F" in reply["text"]
    assert "1 set, 1 to failure" in reply["text"]
    assert "↩️ Undo" in buttons(reply)
    assert stored_sets(db, user) == [("bench_press", 80, 8, "concentric")]


def test_multi_line_message_and_continuation(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = shared
    user = 103
    reply = say(api, user, "bench 80x8\n85x6\nsquat 100x5x3")
    assert "Back Squat" in reply["text"] and "Bench Press" in reply["text"]
    follow = say(api, user, "105x5")  # a bare continuation: the last exercise of this workout
    assert "Back Squat 105 kg × 5" in follow["text"]
    assert [s[0] for s in stored_sets(db, user)] == ["bench_press"] * 2 + ["back_squat"] * 4


def test_edit_corrects_exactly_that_message(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = shared
    user = 104
    first = api.user_sends(user, "bench 80x8")
    api.wait_for_reply(user, first)
    second = say(api, user, "bench 80x7")
    api.user_edits(user, first, "bench 82.5x8")
    corrected = api.wait_for_reply(user, second["message_id"])
    assert "Corrected" in corrected["text"] and "82.5" in corrected["text"]
    assert sorted(stored_sets(db, user)) == [
        ("bench_press", 80, 7, None),
        ("bench_press", 82.5, 8, None),
    ]
    # An edit that no longer parses keeps the sets and says so.
    api.user_edits(user, first, "bench 82.5x0")
    kept = api.wait_for_reply(user, corrected["message_id"])
    assert "kept" in kept["text"]
    assert len(stored_sets(db, user)) == 2


def test_undo_button_removes_its_own_message(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = shared
    user = 105
    first = say(api, user, "curls 15x10")
    say(api, user, "squat 100x5")
    api.user_presses_button(user, first["message_id"], "↩️ Undo")  # pressed late
    [edited] = api.wait_for_edits(user, 1)
    assert edited["message_id"] == first["message_id"] and "Removed" in edited["text"]
    assert stored_sets(db, user) == [("back_squat", 100, 5, None)]
    undo = say(api, user, "/undo")
    assert "Removed" in undo["text"] and stored_sets(db, user) == []
    nothing = say(api, user, "/undo")
    assert "nothing to undo" in nothing["text"].lower()


def test_bad_input_gets_a_friendly_answer_and_stores_nothing(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, db = shared
    user = 106
    examples = {
        "bench 80x0": "bench 80x8",
        "zercher carry 60x20": "Farmer's Walk",
        "squat 3x5": "squat 3x5 @ 60kg",
        "curls 10 12": "curls 10kg x 12",
    }
    for text, example in examples.items():
        reply = say(api, user, text)
        assert example in reply["text"], reply["text"]  # a working example, not just an echo
        assert "↩️ Undo" not in buttons(reply)
    hint = say(api, user, "how much did I bench last week?")
    assert "bench 80x8" in hint["text"]
    assert stored_sets(db, user) == []


def test_two_users_are_isolated(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = shared
    alice, bob = 107, 108
    mine = say(api, alice, "deadlift 180x5")
    say(api, bob, "bench 60x10")
    # Bob cannot press Alice's button; the fake lets us forge the press as a hostile client would.
    callback = api.user_presses(
        bob, mine["message_id"], buttons_data(mine)[0], require_button=False
    )
    answer = api.wait_for_callback_answer(callback)
    assert answer.get("show_alert") and "someone else" in answer.get("text", "")
    assert stored_sets(db, alice) == [("deadlift", 180, 5, None)]
    undo = say(api, bob, "/undo")
    assert "Bench Press" in undo["text"]
    assert stored_sets(db, alice) == [("deadlift", 180, 5, None)]


def buttons_data(message: JSON) -> list[str]:
    return [b["callback_data"] for b in _buttons(message) if "callback_data" in b]


def test_heavy_deadlift_to_failure_warns_with_a_working_why(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    user = 109
    reply = say(api, user, "deadlift 200x3 F")
    assert "⚠️" in reply["text"] and "Deadlift" in reply["text"]
    assert "Why?" in buttons(reply)
    api.user_presses_button(user, reply["message_id"], "Why?")
    why = api.wait_for_reply(user, reply["message_id"])
    assert "doi.org/10." in why["text"] and "Sources" in why["text"]


def test_third_failure_set_warns_once_not_on_the_fourth(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, _ = shared
    user = 110
    replies = [say(api, user, f"leg extension {50 + i}x12 F")["text"] for i in range(4)]
    assert ["failure set 3" in r for r in replies] == [False, False, True, False]


def test_failure_in_a_deload_week_warns(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, _ = shared
    user = 111
    started = say(api, user, "/deload now")
    assert "deload week" in started["text"]
    reply = say(api, user, "curls 14x10 F")
    assert "Deload week" in reply["text"] and "⚠️" in reply["text"]
    off = say(api, user, "/deload off")
    assert "unmarked" in off["text"]


def test_restart_with_the_same_database_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    user = 201
    with FakeBotApi() as api:
        with running_bot(api, BOT, bot_env(db)):
            say(api, user, "bench 80x8")
            say(api, user, "bench 85x5 F")
        with running_bot(api, BOT, bot_env(db)):
            follow = say(api, user, "bench 85x4")
            assert "3 sets" in follow["text"]  # yesterday's process's sets still count
            undo = say(api, user, "/undo")
            assert "85 kg × 4" in undo["text"]
    assert stored_sets(db, user) == [
        ("bench_press", 80, 8, None),
        ("bench_press", 85, 5, "concentric"),
    ]


async def _fetch_and_confirm_then_crash(api: FakeBotApi, db: Path) -> None:
    """What the bot's Updater does, cut short: getUpdates (stored in the inbox), the next
    getUpdates (confirms the batch to Telegram), then the process dies before any handler."""
    from bot.app import build_services
    from bot.config import Settings
    from bot.durable import DurableBot
    from bot.outage import Outage
    from storage.migrate import migrate

    settings = Settings(database_url=f"sqlite:///{db}", _env_file=None)
    services, engine = build_services(settings)
    await migrate(engine)
    bot = DurableBot(api.token, services=services, outage=Outage(), base_url=api.base_url)
    async with bot:
        updates = await bot.get_updates(timeout=5)
        assert updates
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    await engine.dispose()


def test_crash_after_telegram_confirmed_the_update_loses_nothing(tmp_path: Path) -> None:
    import asyncio

    db = tmp_path / "bot.db"
    user = 301
    with FakeBotApi() as api:
        with running_bot(api, BOT, bot_env(db)):
            say(api, user, "squat 100x5")
        api.user_sends(user, "squat 110x3 F")
        asyncio.run(_fetch_and_confirm_then_crash(api, db))
        assert api.pending_updates() == 0  # Telegram will never send it again
        before = _last_id(api, user)
        with running_bot(api, BOT, bot_env(db)) as bot:
            reply = api.wait_for_reply(user, before)
            assert "110 kg × 3 F" in reply["text"]
        assert "replaying 1 update" in bot.output()
    assert stored_sets(db, user) == [
        ("back_squat", 100, 5, None),
        ("back_squat", 110, 3, "concentric"),
    ]


def test_crash_after_commit_before_reply_does_not_log_twice(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    user = 302
    with FakeBotApi() as api:
        with running_bot(api, BOT, bot_env(db)) as bot:
            api.delay_next("sendMessage", 30)  # the reply hangs after the sets were committed
            api.user_sends(user, "bench 90x5")
            api.wait_for(lambda: len(stored_sets(db, user)) == 1, 10)
            bot.proc.kill()
            bot.proc.wait()
        with running_bot(api, BOT, bot_env(db)):
            [reply] = api.wait_for_bot_messages(user, 1, timeout=15)
            assert "Bench Press 90 kg × 5" in reply["text"]
            time.sleep(0.5)
    assert stored_sets(db, user) == [("bench_press", 90, 5, None)]


def test_a_kill_after_the_reply_does_not_answer_again(tmp_path: Path) -> None:
    """The answered-mark is written right after the reply (it used to ride with the next
    getUpdates batch, so a crash in between replayed the update and confirmed it twice)."""
    db = tmp_path / "bot.db"
    user = 303
    with FakeBotApi() as api:
        with running_bot(api, BOT, bot_env(db)) as bot:
            say(api, user, "bench 90x5")
            time.sleep(0.3)
            bot.proc.kill()
            bot.proc.wait()
        with running_bot(api, BOT, bot_env(db)):
            api.user_sends(user, "ok")  # handled after any replay of the same chat
            api.wait_for(lambda: "I log sets" in api.bot_messages(user)[-1]["text"], 15)
        texts = [m["text"] for m in api.bot_messages(user)][:-1]
    assert len(texts) == 1 and "Bench Press 90 kg × 5" in texts[0]
    assert stored_sets(db, user) == [("bench_press", 90, 5, None)]


def _last_id(api: FakeBotApi, user: int) -> int:
    return int(api.bot_messages(user)[-1]["message_id"])


def test_edited_commands_are_not_run_again(shared: tuple[FakeBotApi, BotProcess, Path]) -> None:
    api, _, db = shared
    user = 112
    say(api, user, "bench 80x8")
    say(api, user, "bench 85x5")
    command = api.user_sends(user, "/undo")
    undone = api.wait_for_reply(user, command)
    assert "85 kg × 5" in undone["text"]
    api.user_edits(user, command, "/undo ")
    chatter = api.user_sends(user, "ok thanks")  # a marker: everything before it was handled
    hint = api.wait_for_reply(user, chatter)
    assert "I log sets" in hint["text"]
    assert api.bot_message_count(user, after=undone["message_id"]) == 1
    assert stored_sets(db, user) == [("bench_press", 80, 8, None)]


def test_unknown_commands_and_stickers_get_a_hint(
    shared: tuple[FakeBotApi, BotProcess, Path],
) -> None:
    api, _, db = shared
    user = 113
    reply = say(api, user, "/frobnicate")
    assert "/help" in reply["text"] and "bench 80x8 F" in reply["text"]
    update = api.push_update(
        "message",
        {
            "message_id": 999,
            "from": {"id": user, "is_bot": False, "first_name": "U"},
            "chat": {"id": user, "type": "private"},
            "date": int(time.time()),
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "s1u",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        },
    )
    assert update
    hint = api.wait_for_reply(user, reply["message_id"])
    assert "only read text" in hint["text"]
    assert stored_sets(db, user) == []


def _run_until_exit(api: FakeBotApi, **env: str) -> BotProcess:
    """Start the bot with `env` on top of the fake's, wait for it to stop by itself."""
    bot = BotProcess(
        BOT,
        {**os.environ, **api.env(), "TOFAILURE_LOG_LEVEL": "DEBUG", **env},
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        bot.proc.wait(60)
    finally:
        bot.close()
    return bot


def test_a_rejected_token_is_reported_without_printing_it(tmp_path: Path) -> None:
    with FakeBotApi() as api:
        bot = _run_until_exit(
            api,
            TELEGRAM_BOT_TOKEN="999999:WRONG-token-nobody-knows",
            DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
        )
    assert bot.proc.returncode == 1
    assert "rejected TELEGRAM_BOT_TOKEN" in bot.output()
    assert "WRONG-token-nobody-knows" not in bot.output()


def test_database_password_is_not_logged() -> None:
    with FakeBotApi() as api:
        bot = _run_until_exit(
            api, DATABASE_URL="postgresql://user:hunter2-secret@127.0.0.1:1/nowhere"
        )
    assert bot.proc.returncode != 0
    assert "hunter2-secret" not in bot.output()
