"""Secrets at DEBUG through every flow: a known bot token, webhook secret and database password
never appear in the logs or in anything the bot sends."""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.dbs import POSTGRES_ENV
from tests.e2e.dbquery import execute, refuse_connections, scratch_database
from tests.e2e.fake_bot_api import FakeBotApi, running_bot
from tests.e2e.test_bot import buttons_data, say
from tests.e2e.webhooks import SECRET, post_update, request, webhook_bot
from tests.reliability.figures import record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]

BOT = [sys.executable, "-m", "bot"]
TOKEN = "5550001:KNOWN-secret_token-DoNotLeak-9f8e7d"
PASSWORD = "pw-Sup3r-s3cret-DB"  # trust authentication on the test server ignores it


def _with_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}:{PASSWORD}@{host}"))


def _everything_sent(api: FakeBotApi, users: list[int]) -> str:
    texts = [
        str(m.get("text") or "") + str(m.get("params")) for u in users for m in api.bot_messages(u)
    ]
    texts += [str(e) for u in users for e in api.edits(u)]
    texts += [str(a.get("text") or "") for a in api.callback_answers()]
    return "\n".join(texts)


def test_no_secret_in_logs_or_replies_at_debug() -> None:
    users = [8401, 8402]
    with scratch_database() as plain, FakeBotApi(token=TOKEN) as api:
        url = _with_password(plain)
        env = {
            "DATABASE_URL": url,
            "TOFAILURE_LOG_LEVEL": "DEBUG",
            "TOFAILURE_RATE_LIMIT": "30",
            "TOFAILURE_TICK_SECONDS": "0.5",
        }
        outputs: list[str] = []
        with running_bot(api, BOT, env) as bot:
            a, b = users
            welcome = say(api, a, "/start")
            api.user_presses(a, welcome["message_id"], "unit:kg")
            say(api, a, "Berlin")
            logged = say(api, a, "deadlift 200x3 F")
            for data in buttons_data(logged):
                api.user_presses(a, logged["message_id"], data)
            api.user_presses(
                b, say(api, b, "bench 60x10")["message_id"], "undo:²", require_button=False
            )
            first = api.user_sends(a, "bench 80x8")
            api.wait_for_reply(a, first)
            api.user_edits(a, first, "bench 82.5x8")
            for text in [
                "/undo",
                "/week",
                "/summary mon 07:30",
                "/settings",
                "/rules",
                "/nope",
                "/timezone ../../etc",
                "hello",
            ]:
                say(api, a, text)
            api.fail_next("sendMessage", 500, chat_id=b)  # the error handler's path
            api.user_sends(b, "squat 100x5")
            execute(
                plain,
                "UPDATE schedules SET next_run_at = now() - interval '1 minute' "
                f"WHERE user_id = {a} AND kind = 'summary'",
                autocommit=True,
            )
            count = api.bot_message_count(a)
            api.wait_for_bot_messages(a, count + 1, timeout=30)  # the weekly summary
            refuse_connections(plain, True)  # an outage: errors carry connection details
            api.user_sends(b, "bench 70x5")
            time.sleep(1.5)
            refuse_connections(plain, False)
            api.wait_for(lambda: "70 kg" in api.bot_messages(b)[-1]["text"], 30)
            outputs.append(bot.output())
        with webhook_bot(api, {"DATABASE_URL": url, "TOFAILURE_LOG_LEVEL": "DEBUG"}) as (
            hook,
            port,
        ):
            api.pause_webhook()
            api.user_sends(a, "bench 90x3")
            [update] = api.take_updates()
            assert post_update(port, update, secret="wrong") == 403
            assert post_update(port, update) == 200
            api.wait_for(lambda: "90 kg" in api.bot_messages(a)[-1]["text"], 30)
            health = request(port, "GET", "/healthz")[1].decode()
        outputs.append(hook.output())
        sent = _everything_sent(api, users) + health
    logs = "\n".join(outputs)
    secrets = {
        "token": TOKEN,
        "token secret part": TOKEN.split(":")[1],
        "password": PASSWORD,
        "webhook secret": SECRET,
    }
    found = {name: (value in logs, value in sent) for name, value in secrets.items()}
    record(
        "secrets at DEBUG",
        log_lines=logs.count("\n"),
        debug_lines=logs.count(" DEBUG "),
        replies_checked=sent.count("\n"),
        leaked_in_logs=sum(in_logs for in_logs, _ in found.values()),
        leaked_in_replies=sum(in_sent for _, in_sent in found.values()),
        redactions=logs.count("[REDACTED]"),
    )
    assert logs.count(" DEBUG ") > 100  # the flows above really ran at DEBUG
    assert found == dict.fromkeys(secrets, (False, False)), found
