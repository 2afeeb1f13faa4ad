"""Hostile input through the real bot (2 000 messages) and through `tofailure parse --json
--batch` (100 000 lines): no traceback, every reply within Telegram's limits and accepted by
it, no set stored from a text without a digit."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.e2e.dbquery import query
from tests.e2e.fake_bot_api import FakeBotApi, running_bot
from tests.reliability.figures import record
from tests.reliability.hostile import batch_lines, messages

BOT = [sys.executable, "-m", "bot"]
USERS = list(range(8201, 8211))
PER_USER = 200
BATCH_LINES = 100_000
REPLY_TIMEOUT_S = 10.0
SEED = 4096


def _has_digit(text: str) -> bool:
    return any(c.isnumeric() for c in text)


def test_hostile_messages_through_the_real_bot(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    source = messages(SEED)
    plan = {u: list(itertools.islice(source, PER_USER)) for u in USERS}
    unanswered: list[tuple[int, str]] = []
    env = {"DATABASE_URL": url, "TOFAILURE_RATE_LIMIT": "0", "TOFAILURE_LOG_LEVEL": "INFO"}
    with FakeBotApi() as api, running_bot(api, BOT, env) as bot:

        def user(uid: int) -> None:
            for text in plan[uid]:
                before = api.bot_message_count(uid)
                api.user_sends(uid, text)
                try:
                    api.wait_for(lambda n=before: api.bot_message_count(uid) > n, REPLY_TIMEOUT_S)
                except TimeoutError:
                    unanswered.append((uid, text[:80]))

        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(u,)) for u in USERS]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        time.sleep(0.5)
        replies = [m for u in USERS for m in api.bot_messages(u)]
        failed_calls = [r for r in api.requests_log() if r.status != 200]
    output = bot.output()
    stored = query(url, "SELECT text FROM log_messages")
    undigited = [t for (t,) in stored if not _has_digit(t)]
    longest = max(len(m["text"] or "") for m in replies)
    record(
        "hostile input through the bot",
        messages=len(USERS) * PER_USER,
        replies=len(replies),
        unanswered=len(unanswered),
        longest_reply=longest,
        rejected_by_telegram=len(failed_calls),
        logged_messages=len(stored),
        stored_without_digit=len(undigited),
        tracebacks=output.count("Traceback"),
        seconds=round(seconds, 1),
    )
    assert "Traceback" not in output and " ERROR " not in output, output[-4000:]
    assert failed_calls == [], failed_calls[:5]  # every reply accepted by (fake) Telegram
    assert longest <= 4096
    assert undigited == []
    assert unanswered == []


def test_hostile_lines_through_the_parse_cli() -> None:
    lines = [json.dumps(r) for r in batch_lines(SEED, BATCH_LINES)]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse", "--json", "--batch"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    seconds = time.monotonic() - started
    out = done.stdout.split("\n")[:-1]  # not splitlines(): U+2028 is inside results
    results = [json.loads(line) for line in out]
    texts = [json.loads(line)["text"] for line in lines]
    undigited_sets = sum(
        1 for text, r in zip(texts, results, strict=False) if r["sets"] and not _has_digit(text)
    )
    record(
        "hostile lines through tofailure parse --json --batch",
        lines=len(lines),
        results=len(results),
        exit_code=done.returncode,
        errors=sum(r["error"] is not None for r in results),
        not_a_log=sum(bool(r["not_a_log"]) for r in results),
        with_sets=sum(bool(r["sets"]) for r in results),
        sets_without_digit=undigited_sets,
        seconds=round(seconds, 1),
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(results) == len(lines)
    assert undigited_sets == 0
