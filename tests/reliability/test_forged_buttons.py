"""Forged callback data through the real bot: another user's Undo ids, negative and huge ids,
overlong data, unknown prefixes and random bytes. Every press is answered; nothing of another
user changes or shows."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from core.wording import chat as words
from tests.e2e.fake_bot_api import FakeBotApi, running_bot
from tests.e2e.test_bot import buttons_data, say, stored_sets
from tests.reliability.figures import record

BOT = [sys.executable, "-m", "bot"]
ALICE, MALLORY = 8301, 8302
FUZZ = 300


def forged(alice_data: list[str], rng: random.Random) -> list[str]:
    fixed = [
        *alice_data,
        "undo:²",
        "undo:٣",
        "undo:-1",
        "undo:0",
        "undo:" + "9" * 30,
        "undo:9223372036854775808",
        "undo:1 OR 1=1",
        "undo:1;DROP TABLE set_records",
        "x" * 65,
        "undo:" + "1" * 200,
        "nope:1",
        "",
        ":",
        "why:NO_SUCH_RULE",
        "why:" + "A" * 60,
        "sum:25:99",
        "sum:mon 99:99",
        "tz:../../etc",
        "tz:" + "Z" * 60,
        "unit:stone",
        "unit:",
    ]
    alphabet = "undowhysumtzit:0123456789-²٣\u200b/.%'\";<>" + "".join(
        chr(rng.randint(0x80, 0x2FFF)) for _ in range(40)
    )
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 70))) for _ in range(FUZZ)]
    return fixed + [f"undo:{rng.randint(-(2**70), 2**70)}" for _ in range(40)] + fuzz


def test_forged_button_data_changes_and_shows_nothing(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    env = {"DATABASE_URL": f"sqlite:///{db}", "TOFAILURE_RATE_LIMIT": "0"}
    rng = random.Random(64)
    with FakeBotApi() as api, running_bot(api, BOT, env) as bot:
        alice_reply = say(api, ALICE, "deadlift 200x3 F")
        alice_before = stored_sets(db, ALICE)
        alice_messages = api.bot_message_count(ALICE)
        own = say(api, MALLORY, "bench 60x10")
        presses = forged(buttons_data(alice_reply), rng)
        ids = [
            api.user_presses(MALLORY, own["message_id"], data, require_button=False)
            for data in presses
        ]
        api.wait_for(lambda: not api.unanswered_callbacks(), 60, "every press answered")
        answers = {a["callback_query_id"]: a for a in api.callback_answers()}
        mallory_sees = [m["text"] for m in api.bot_messages(MALLORY)] + [
            e.get("text") or "" for e in api.edits(MALLORY)
        ]
        alice_after = stored_sets(db, ALICE)
        alice_messages_after = api.bot_message_count(ALICE)
        alice_edits = api.edits(ALICE)
    output = bot.output()
    shown = [str(answers[i].get("text") or "") for i in ids]
    leaked = [t for t in mallory_sees + shown if "Deadlift" in t or "200 kg" in t]
    record(
        "forged callback data",
        presses=len(presses),
        answered=sum(i in answers for i in ids),
        old_button=sum(t == words.OLD_BUTTON for t in shown),
        not_your_button=sum(t == words.NOT_YOUR_BUTTON for t in shown),
        other_user_changed=int(alice_after != alice_before),
        other_user_shown=len(leaked),
        tracebacks=output.count("Traceback"),
    )
    assert all(i in answers for i in ids)
    assert alice_after == alice_before and alice_messages_after == alice_messages
    assert alice_edits == [] and leaked == []
    assert "Traceback" not in output, output[-3000:]
    assert not any("not logged" in t for t in mallory_sees)
