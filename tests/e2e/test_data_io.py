"""End to end, your data in and out: `python -m bot` against the fake Bot API imports documents
(the real Strong and Hevy files), exports a CSV that comes back as the same sets, forgets an
account, and keeps each user's own exercises to that user."""

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
from tests.paths import DATA

pytestmark = pytest.mark.e2e

BOT = [sys.executable, "-m", "bot"]
REAL = DATA / "imports" / "real"
JSON = dict[str, Any]
Shared = tuple[FakeBotApi, BotProcess, Path]
SLOW = 60.0  # a 7 000-set import on a busy CI machine


@pytest.fixture(scope="module")
def shared() -> Iterator[Shared]:
    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        db = Path(tmp) / "bot.db"
        env = {"DATABASE_URL": f"sqlite:///{db}", "TOFAILURE_RATE_LIMIT": "0"}
        with running_bot(api, BOT, env) as bot:
            yield api, bot, db
        assert api.token not in bot.output(), "the bot token leaked into the logs"


def query(db: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def sets_of(db: Path, user: int) -> list[tuple[Any, ...]]:
    """Every stored field of the user's sets, in canonical order (no ids: they are new)."""
    return query(
        db,
        "SELECT s.logged_at, s.exercise, s.weight, s.unit, s.bodyweight, s.reps, s.seconds, "
        's.failure, s.rpe, s.rir, s.warmup, s."drop", s.note FROM set_records s '
        "WHERE s.user_id = ? ORDER BY s.logged_at, s.log_message_id, s.position",
        user,
    )


def rows_of(db: Path, user: int) -> int:
    tables = [
        name
        for (name,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")
        if any(c[1] == "user_id" for c in query(db, f'PRAGMA table_info("{name}")'))
    ]
    found = sum(
        query(db, f'SELECT COUNT(*) FROM "{t}" WHERE user_id = ?', user)[0][0] for t in tables
    )
    return int(found) + query(db, "SELECT COUNT(*) FROM users WHERE id = ?", user)[0][0]


def say(api: FakeBotApi, user: int, text: str) -> JSON:
    mid = api.user_sends(user, text, first_name=f"User{user}")
    return api.wait_for_reply(user, mid, timeout=SLOW)


def send_file(api: FakeBotApi, user: int, name: str, data: bytes) -> JSON:
    mid = api.user_sends_document(user, name, data, mime_type="text/csv")
    return api.wait_for_reply(user, mid, timeout=SLOW)


def labels(message: JSON) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def press(api: FakeBotApi, user: int, message: JSON, label: str) -> JSON:
    """Press a button; the pressed message becomes the answer (an edit)."""
    before = len(api.edits(user))
    api.user_presses_button(user, message["message_id"], label)
    return api.wait_for_edits(user, before + 1, timeout=SLOW)[-1]


def test_the_data_commands_are_in_the_menu(shared: Shared) -> None:
    api, _, _ = shared
    names = {c["command"] for c in api.commands_set()}
    assert {"export", "import", "exercise", "forget"} <= names


def test_the_real_strong_and_hevy_files_import_through_a_document(shared: Shared) -> None:
    api, _, db = shared
    for user, name, sets in [
        (501, "strong_statistics_strong.csv", 250),
        (502, "strong_statistics_hevy.csv", 6935),
    ]:
        preview = send_file(api, user, name, (REAL / name).read_bytes())
        assert f"{sets:,} sets in".replace(",", " ") in preview["text"], preview["text"]
        assert "Cancel" in labels(preview)
        done = press(api, user, preview, "➕ Import, unknown names as my exercises")
        assert done["text"].startswith(f"Imported {sets:,} sets".replace(",", " "))
        assert len(sets_of(db, user)) == sets
        again = send_file(api, user, name, (REAL / name).read_bytes())
        assert "nothing to import" in again["text"] and labels(again) == []
        assert len(sets_of(db, user)) == sets


def test_imported_sets_count_in_the_tally_and_the_week(shared: Shared) -> None:
    api, _, _ = shared
    user = 503
    now = datetime.now(UTC)
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0)
    # An hour ago, but in this week (the user's zone is UTC) so /week counts it.
    started = max(now - timedelta(hours=1), monday).strftime("%Y-%m-%d %H:%M:%S")
    strong = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        + "".join(f"{started},Push,1h,Bench Press (Barbell),{n},80,8,0,0,,,8\n" for n in (1, 2, 3))
    ).encode()
    preview = send_file(api, user, "strong.csv", strong)
    press(api, user, preview, "✅ Import 3 sets")
    logged = say(api, user, "bench 80x7 F")
    assert "Bench Press today: 4 sets, 1 to failure" in logged["text"]  # one workout with them
    week = say(api, user, "/week")
    assert "4 working sets" in week.get("text", "") + week.get("caption", "")


def test_export_then_import_gives_back_the_same_sets_after_forget(shared: Shared) -> None:
    api, _, db = shared
    user = 504
    say(api, user, "/exercise add zercher carry quads")
    say(api, user, "bench 60x10 w\n80x8 F\n80x7 @9 # belt")
    say(api, user, "zercher cary 60x20 rir 2")  # a typo of the user's own exercise
    say(api, user, "pullups 10\nplank 60s")
    before = sets_of(db, user)
    assert len(before) == 6 and before[3][1] == "custom_zercher_carry"
    command = api.user_sends(user, "/export")
    text, document = api.wait_for_bot_messages(user, 2, timeout=SLOW, after=command)
    assert text["text"].startswith("Your whole log: 6 sets in 1 workout")
    assert document["method"] == "sendDocument" and document["filename"].endswith(".csv")
    exported: bytes = document["document"]
    assert exported.startswith("\ufeffdate,time,utc_offset".encode())

    question = say(api, user, "/forget")
    done = press(api, user, question, "🗑 Delete everything")
    assert done["text"].startswith("Done")
    assert rows_of(db, user) == 0

    preview = send_file(api, user, document["filename"], exported)
    assert "ToFailure export" in preview["text"] and "6 sets" in preview["text"]
    imported = press(api, user, preview, "✅ Import 6 sets")
    assert imported["text"].startswith("Imported 6 sets in 1 workout")
    assert sets_of(db, user) == before
    again = say(api, user, "zercher carry 70x15")  # the own exercise came back with its sets
    assert "Zercher Carry 70 kg × 15" in again["text"]


def test_someone_elses_export_and_broken_files_store_nothing(shared: Shared) -> None:
    api, _, db = shared
    owner, other = 505, 506
    say(api, owner, "bench 80x8")
    command = api.user_sends(owner, "/export")
    _, document = api.wait_for_bot_messages(owner, 2, timeout=SLOW, after=command)
    refused = send_file(api, other, "theirs.csv", document["document"])
    assert "another account" in refused["text"] and labels(refused) == []
    broken = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        b"Notes,Workout Notes,RPE\n2026-03-02 18:04:11,Push,1h,Bench Press (Barbell),1,80,8.5,"
        b"0,0,,,8\n"
    )
    told = send_file(api, other, "broken.csv", broken)
    assert "Line 2: Reps “8.5” isn't a whole number" in told["text"]
    pdf = send_file(api, other, "log.pdf", b"%PDF-1.7 not a csv")
    assert "That file is a PDF, not a CSV" in pdf["text"]
    assert query(db, "SELECT COUNT(*) FROM set_records WHERE user_id = ?", other) == [(0,)]
    assert query(db, "SELECT COUNT(*) FROM imports WHERE user_id = ?", other) == [(0,)]


def test_a_file_over_the_limit_is_refused_before_it_is_downloaded(shared: Shared) -> None:
    api, _, _ = shared
    user = 507
    downloads = len(api.requests_log("getFile"))
    big = b"Date,Workout Name\n" + b"x" * (20 * 1024 * 1024)
    told = send_file(api, user, "huge.csv", big)
    assert "over 20 MB" in told["text"]
    assert len(api.requests_log("getFile")) == downloads


def test_own_exercises_are_the_users_own(shared: Shared) -> None:
    api, _, db = shared
    alice, bob = 508, 509
    added = say(api, alice, "/exercise add yoke walk")
    assert "Added “Yoke Walk”" in added["text"]
    assert "Yoke Walk 100 kg × 20" in say(api, alice, "yoke wlk 100x20")["text"]
    assert "don't know" in say(api, bob, "yoke walk 100x20")["text"]
    assert query(db, "SELECT COUNT(*) FROM set_records WHERE user_id = ?", bob) == [(0,)]
    asked = say(api, alice, "/exercise merge yoke walk into farmers walk")
    merged = press(api, alice, asked, "Merge")
    assert "1 set of Yoke Walk is a Farmer's Walk set now" in merged["text"]
    assert [r[1] for r in sets_of(db, alice)] == ["farmers_walk"]
