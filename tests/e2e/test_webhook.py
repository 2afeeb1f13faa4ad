"""Webhook mode end to end: the 200 comes after the update is stored, so a kill -9 loses
nothing acknowledged; the secret header is required; the health check; two instances on one
PostgreSQL database keep each chat's updates in update_id order."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from tests.dbs import POSTGRES_ENV
from tests.e2e.dbquery import query, refuse_connections, scratch_database, stored_messages
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.webhooks import (
    SECRET,
    free_port,
    post_update,
    request,
    start_webhook,
    webhook_bot,
)

pytestmark = pytest.mark.e2e
needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]


def _answered(api: FakeBotApi, users: list[int]) -> bool:
    return all(api.bot_message_count(u) >= 1 for u in users)


def test_a_kill_after_the_200_loses_no_update(tmp_path: Path) -> None:
    """40 updates POSTed and answered 200, the process killed at once: after the restart all
    40 are logged and answered (PTB's run_webhook lost 38 of 40 here)."""
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    users = list(range(7001, 7041))
    with FakeBotApi() as api:
        port = free_port()
        bot = start_webhook(api, port, {"DATABASE_URL": db})
        try:
            api.delay_next("sendMessage", 5, times=1000)  # handlers are slow to answer
            for user in users:
                api.user_sends(user, "bench 80x8")
            api.wait_for(lambda: sum(e["status"] == 200 for e in api.webhook_log()) >= 40, 30)
            bot.proc.kill()
            bot.proc.wait()
            assert api.pending_updates() == 0  # Telegram will never send them again
        finally:
            bot.close()
        with api._core.cond:
            api._state.failures.clear()
        with webhook_bot(api, {"DATABASE_URL": db}, port):
            api.wait_for(lambda: _answered(api, users), 60, "a reply to every user")
    assert len(stored_messages(db)) == 40


def test_requests_without_the_secret_are_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    with FakeBotApi() as api, webhook_bot(api, {"DATABASE_URL": db}) as (bot, port):
        api.pause_webhook()
        api.user_sends(7101, "bench 80x8")
        [update] = api.take_updates()
        assert post_update(port, update, secret=None) == 403
        assert post_update(port, update, secret=SECRET[:-1] + "x") == 403
        assert post_update(port, update, secret="") == 403
        assert (
            request(
                port, "POST", "/telegram", b"not json", {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )[0]
            == 400
        )
        time.sleep(0.3)
        assert query(db, "SELECT count(*) FROM inbox") == [(0,)]
        assert api.bot_message_count(7101) == 0
        assert post_update(port, update) == 200
        assert "Bench Press" in api.wait_for_reply(7101, 0)["text"]
        assert post_update(port, update) == 200  # Telegram re-sends: answered once only
        time.sleep(0.5)
        assert api.bot_message_count(7101) == 1
    assert SECRET not in bot.output() and api.token not in bot.output()


def test_health_says_whether_the_schema_is_current(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    with FakeBotApi() as api, webhook_bot(api, {"DATABASE_URL": db}) as (_, port):
        status, body = request(port, "GET", "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
        import sqlite3

        with sqlite3.connect(tmp_path / "bot.db") as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0002'")
        status, body = request(port, "GET", "/healthz")
        assert status == 503 and json.loads(body)["problem"] == "database schema not current"


@pytest.mark.parametrize("_pg", [pytest.param(None, marks=needs_postgres)])
def test_health_is_503_while_the_database_refuses_connections(_pg: None) -> None:
    with scratch_database() as url, FakeBotApi() as api:
        with webhook_bot(api, {"DATABASE_URL": url}) as (bot, port):
            refuse_connections(url, True)
            try:
                status, body = request(port, "GET", "/healthz")
                assert status == 503 and json.loads(body)["problem"] == "database unreachable"
                api.user_sends(7201, "bench 80x8")  # Telegram gets 503s and tries again
                api.wait_for(lambda: any(e["status"] == 503 for e in api.webhook_log()), 20)
            finally:
                refuse_connections(url, False)
            api.wait_for(lambda: request(port, "GET", "/healthz")[0] == 200, 20)
            assert "Bench Press" in api.wait_for_reply(7201, 0, timeout=30)["text"]
        assert bot.output().count("Traceback") == 0, bot.output()[-3000:]


def _post_together(*posts: tuple[int, dict[str, object]]) -> list[int]:
    start = threading.Barrier(len(posts))
    statuses = [0] * len(posts)

    def send(i: int) -> None:
        start.wait()
        statuses[i] = post_update(*posts[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(posts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def _pairs_in_order(api: FakeBotApi, users: list[int]) -> list[str]:
    """The reply to each user's second line; each must be read as a Bench Press set."""
    api.wait_for(lambda: all(api.bot_message_count(u) >= 2 for u in users), 60, "two replies each")
    return [api.bot_messages(u)[1]["text"] for u in users]


@pytest.mark.parametrize("_pg", [pytest.param(None, marks=needs_postgres)])
def test_two_instances_keep_each_chats_updates_in_order(_pg: None) -> None:
    """Pairs POSTed at the same moment, the first line to one instance, its continuation to the
    other: the continuation is always read after the line it continues."""
    users = list(range(7301, 7341))
    with scratch_database() as url, FakeBotApi() as api:
        # The order wait bounds how long a continuation waits for the line before it; CI shares
        # two cores with other work, so give the other instance time to store that line.
        env = {"DATABASE_URL": url, "TOFAILURE_WEBHOOK_ORDER_WAIT_MS": "2000"}
        with webhook_bot(api, env) as (first, port_a), webhook_bot(api, env) as (second, port_b):
            api.pause_webhook()
            for user in users:
                api.user_sends(user, "bench 80x8")
                api.user_sends(user, "85x6")
            updates = api.take_updates()
            by_user: dict[int, list[dict[str, object]]] = {}
            for u in updates:
                by_user.setdefault(u["message"]["chat"]["id"], []).append(u)  # type: ignore[index]
            for user in users:
                line, continuation = by_user[user]
                # The continuation goes first and to the other instance, at the same moment.
                assert _post_together((port_b, continuation), (port_a, line)) == [200, 200]
            texts = _pairs_in_order(api, users)
            # Telegram's own way: one chat's updates one after the other, across both instances.
            api.pause_webhook(False)
            api.set_webhook_targets(
                [f"http://127.0.0.1:{port_a}/telegram", f"http://127.0.0.1:{port_b}/telegram"]
            )
            for user in users:
                api.user_sends(user, "squat 100x5")
                api.user_sends(user, "105x3")
            api.wait_for(lambda: all(api.bot_message_count(u) >= 4 for u in users), 60)
            later = [api.bot_messages(u)[3]["text"] for u in users]
        served = {e["target"] for e in api.webhook_log() if e["status"] == 200}
        assert len(served) == 2  # both instances served
        assert [t for t in texts if "Bench Press 85 kg × 6" not in t] == []
        assert [t for t in later if "Back Squat 105 kg × 3" not in t] == []
        rows = stored_messages(url)
        assert len(rows) == 4 * len(users) and all(n == 1 for *_, n in rows)
        for bot in (first, second):
            assert "Traceback" not in bot.output(), bot.output()[-3000:]
