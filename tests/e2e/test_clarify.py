"""End to end: one-tap clarifications through `python -m bot` and the fake Bot API. A question's
button logs exactly its reading, once, for its owner; an unknown name becomes one's own
exercise with a tap; a load left out is one tap away."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.wording import chat as chat_words
from core.wording import clarify as words
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, running_bot
from tests.e2e.test_bot import BOT, bot_env, buttons, buttons_data, say

pytestmark = pytest.mark.e2e

Shared = tuple[FakeBotApi, BotProcess, Path]


def sets(db: Path, user: int) -> list[tuple[str, float, int, int | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT exercise, weight, bodyweight, reps FROM set_records WHERE user_id = ? "
            "ORDER BY logged_at, log_message_id, position",
            (user,),
        ).fetchall()


@pytest.fixture(scope="module")
def shared() -> Iterator[Shared]:
    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        db = Path(tmp) / "bot.db"
        with running_bot(api, BOT, bot_env(db)) as bot:
            yield api, bot, db
        assert "Traceback" not in bot.output()


def test_a_tap_logs_that_reading_once(shared: Shared) -> None:
    api, _, db = shared
    user = 901
    asked = say(api, user, "dips 8x12")
    assert buttons(asked) == ["8 sets × 12", "12 sets × 8", "+8 kg × 12"]
    assert sets(db, user) == []
    data = buttons_data(asked)
    api.user_presses_button(user, asked["message_id"], "12 sets × 8")
    [logged] = api.wait_for_edits(user, 1)
    assert logged["message_id"] == asked["message_id"]  # the question became the answer
    assert logged["text"].startswith("✅ Dip bw × 8") and buttons(logged) == ["↩️ Undo"]
    assert sets(db, user) == [("dip", 0, 1, 8)] * 12
    # The same button again (a double tap from a stale client): answered, nothing logged.
    again = api.user_presses(user, asked["message_id"], data[1], require_button=False)
    answer = api.wait_for_callback_answer(again)
    assert answer.get("show_alert") and answer.get("text") == words.ANSWERED
    assert len(sets(db, user)) == 12


def test_another_users_or_forged_callback_data_does_nothing(shared: Shared) -> None:
    api, _, db = shared
    alice, bob = 902, 903
    asked = say(api, alice, "pullups 10x3")
    alices = buttons_data(asked)
    own = say(api, bob, "bench 60x10")
    kind, log_id, key = alices[0].split(":")
    forged = [*alices, f"{kind}:{log_id}:{'f' * 12}", f"{kind}:{10**12}:{key}", f"{kind}:²:{key}"]
    for data in forged:  # pressed on Bob's own message, as a hostile client can
        callback = api.user_presses(bob, own["message_id"], data, require_button=False)
        answer = api.wait_for_callback_answer(callback)
        assert answer.get("show_alert"), answer
        assert answer.get("text") in (chat_words.NOT_YOUR_BUTTON, chat_words.OLD_BUTTON)
    assert sets(db, alice) == [] and sets(db, bob) == [("bench_press", 60, 0, 10)]
    # Alice's own tap still works: her question was left as it was.
    api.user_presses_button(alice, asked["message_id"], "+10 kg × 3")
    api.wait_for_edits(alice, 1)
    assert sets(db, alice) == [("pull_up", 10, 1, 3)]


def test_an_unknown_name_made_ones_own_with_one_tap_then_typed_with_a_typo(
    shared: Shared,
) -> None:
    api, _, db = shared
    user = 904
    asked = say(api, user, "zercher carry 60x20")
    assert "➕ new exercise “zercher carry” · 60 kg × 20" in buttons(asked)
    assert "Zercher Squat · 60 kg × 20" in buttons(asked)
    api.user_presses_button(
        user, asked["message_id"], "➕ new exercise “zercher carry” · 60 kg × 20"
    )
    [made] = api.wait_for_edits(user, 1)
    assert made["text"].startswith("✅ Zercher Carry 60 kg × 20")
    assert "Added “Zercher Carry” to your exercises" in made["text"]
    typo = say(api, user, "zercher cary 70x15")
    assert typo["text"].startswith("✅ Zercher Carry 70 kg × 15")
    assert sets(db, user) == [
        ("custom_zercher_carry", 60, 0, 20),
        ("custom_zercher_carry", 70, 0, 15),
    ]


def test_a_load_left_out_is_the_last_sessions_with_one_tap(shared: Shared) -> None:
    api, _, db = shared
    user = 905
    first = say(api, user, "squat 3x5")
    assert buttons(first) == [] and "squat 3x5 @ 60kg" in first["text"]  # no history: ask
    say(api, user, "squat 100x5")
    asked = say(api, user, "squat 3x5")
    assert (
        buttons(asked) == ["3 sets × 5 @ 100 kg"] and "Last time you used 100 kg" in asked["text"]
    )
    api.user_presses_button(user, asked["message_id"], "3 sets × 5 @ 100 kg")
    [logged] = api.wait_for_edits(user, 1)
    assert logged["text"].startswith("✅ Back Squat 100 kg × 5, 5, 5")
    assert sets(db, user) == [("back_squat", 100, 0, 5)] * 4


def test_an_edit_of_a_question_logs_it_and_its_buttons_stop(shared: Shared) -> None:
    api, _, db = shared
    user = 906
    mid = api.user_sends(user, "dips 8x12")
    asked = api.wait_for_reply(user, mid)
    api.user_edits(user, mid, "dips 3x12")
    logged = api.wait_for_reply(user, asked["message_id"])
    assert logged["text"].startswith("✅ Dip bw × 12, 12, 12")
    late = api.user_presses(user, asked["message_id"], buttons_data(asked)[2])
    answer = api.wait_for_callback_answer(late)
    assert answer.get("show_alert") and answer.get("text") == words.ANSWERED
    assert sets(db, user) == [("dip", 0, 1, 12)] * 3
