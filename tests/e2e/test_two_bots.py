"""Two real bot processes on one PostgreSQL database: one polls, one runs with polling off (as a
second webhook instance would); both tick, and every due user gets exactly one summary."""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from storage.db import make_engine
from tests.dbs import POSTGRES_ENV
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, bot_env, running_bot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]

BOT = [sys.executable, "-m", "bot"]
USERS = list(range(4001, 4031))
LATER = list(range(4101, 4106))  # due only once the polling instance has stopped


def _sql(url: str, statement: str, autocommit: bool = False) -> None:
    async def run() -> None:
        engine = make_engine(url, **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}))
        async with engine.begin() as conn:
            await conn.execute(text(statement))
        await engine.dispose()

    asyncio.run(run())


def _make_due(url: str, users: list[int]) -> None:
    ids = ", ".join(map(str, users))
    _sql(
        url,
        "UPDATE schedules SET next_run_at = now() - interval '1 minute'"
        f" WHERE kind = 'summary' AND user_id IN ({ids})",
    )


@contextmanager
def scratch_database() -> Iterator[str]:
    url = os.environ[POSTGRES_ENV]
    name = f"tofailure_e2e_{uuid.uuid4().hex[:10]}"
    _sql(url, f'CREATE DATABASE "{name}"', autocommit=True)
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        _sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', autocommit=True)


def test_a_polling_and_a_non_polling_instance_deliver_each_summary_once() -> None:
    with scratch_database() as url, FakeBotApi() as api:
        env = {"DATABASE_URL": url, "TOFAILURE_RATE_LIMIT": "0", "TOFAILURE_TICK_SECONDS": "0.5"}
        worker = BotProcess(BOT, bot_env(api, {**env, "TOFAILURE_POLLING": "false"}))
        try:
            with running_bot(api, BOT, env) as polling:
                for user in USERS + LATER:
                    mid = api.user_sends(user, "bench 80x8 F")
                    api.wait_for_reply(user, mid)
                assert worker.alive(), worker.output()
                before = {u: api.bot_message_count(u) for u in USERS + LATER}
                _make_due(url, USERS)
                for user in USERS:
                    api.wait_for_bot_messages(user, before[user] + 1, timeout=60)
                time.sleep(2)  # more ticks on both: still nothing twice
            # Only the worker is left: it ticks and sends on its own.
            _make_due(url, LATER)
            for user in LATER:
                api.wait_for_bot_messages(user, before[user] + 1, timeout=60)
            time.sleep(1)
            counts = {u: api.bot_message_count(u) - before[u] for u in USERS + LATER}
            assert counts == dict.fromkeys(USERS + LATER, 1)
            assert api.conflicts() == 0  # the worker never competed for getUpdates
            assert worker.alive()
        finally:
            worker.close()
        assert api.token not in polling.output() and api.token not in worker.output()
