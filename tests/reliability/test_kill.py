"""kill -9 of the bot three times while 5 users stream 500 set messages: after the restarts
every message is stored once and answered (polling on SQLite and PostgreSQL, webhook on
PostgreSQL)."""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.dbs import POSTGRES_ENV
from tests.e2e.dbquery import query, scratch_database
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, bot_env
from tests.e2e.webhooks import free_port, start_webhook
from tests.reliability.figures import record
from tests.reliability.stream import Stream, kill_points

BOT = [sys.executable, "-m", "bot"]
USERS = [8001, 8002, 8003, 8004, 8005]
PER_USER = 100
KILLS = 3
ENV = {"TOFAILURE_RATE_LIMIT": "0", "TOFAILURE_LOG_LEVEL": "INFO"}
needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]


class Runner:
    """Starts the bot in one mode and restarts it after each kill."""

    def __init__(self, api: FakeBotApi, url: str, webhook: bool) -> None:
        self.api, self.url, self.webhook = api, url, webhook
        self.port = free_port()
        self.outputs: list[str] = []
        self.bot: BotProcess | None = None
        self.restart_seconds: list[float] = []

    def start(self) -> None:
        started = time.monotonic()
        env = {**ENV, "DATABASE_URL": self.url}
        if self.webhook:
            self.bot = start_webhook(self.api, self.port, env)
        else:
            calls = self.api.get_updates_calls() + 1
            self.bot = BotProcess(BOT, bot_env(self.api, env))
            deadline = time.monotonic() + 60
            while self.api.get_updates_calls() < calls:
                if not self.bot.alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"bot did not start:\n{self.bot.output()}")
                time.sleep(0.02)
        self.restart_seconds.append(round(time.monotonic() - started, 2))

    def kill(self) -> None:
        assert self.bot is not None
        self.bot.proc.kill()
        self.bot.proc.wait()
        self.outputs.append(self.bot.output())
        self.bot.close()

    def stop(self) -> None:
        if self.bot is not None:
            self.bot.close()
            self.outputs.append(self.bot.output())


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
    else:
        with scratch_database() as url:
            yield url


def killer(stream: Stream, runner: Runner, points: list[int], seed: int) -> Callable[[], None]:
    rng = random.Random(seed)

    def run() -> None:
        for point in points:
            while stream.count() < point:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.08))  # somewhere inside a message's handling
            runner.kill()
            runner.start()

    return run


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        ("polling", "sqlite"),
        pytest.param("polling", "postgresql", marks=needs_postgres),
        pytest.param("webhook", "postgresql", marks=needs_postgres),
    ],
)
def test_kill_9_three_times_loses_and_doubles_nothing(mode: str, kind: str, tmp_path: Path) -> None:
    seed = 20261215
    with database(kind, tmp_path) as url, FakeBotApi() as api:
        runner = Runner(api, url, webhook=mode == "webhook")
        stream = Stream(api, USERS, PER_USER, seed=seed)
        runner.start()
        started = time.monotonic()
        try:
            stream.run(killer(stream, runner, kill_points(stream.total, KILLS, seed), seed))
            stream.wait_all_answered(90)
            seconds = time.monotonic() - started
        finally:
            runner.stop()
        tally = stream.tally(url)
        waiting = query(url, "SELECT count(*) FROM inbox WHERE answered_at IS NULL")[0][0]
    output = "\n".join(runner.outputs)
    record(
        f"kill -9 x{KILLS}, {mode} on {kind}",
        **tally.figures(),
        kills=KILLS,
        inbox_unanswered_at_end=waiting,
        restart_s=runner.restart_seconds[1:],
        seconds=round(seconds, 1),
    )
    assert (tally.sent, tally.stored, tally.lost, tally.duplicated, tally.unanswered) == (
        PER_USER * len(USERS),
        PER_USER * len(USERS),
        0,
        0,
        0,
    ), tally
    assert waiting == 0
    assert "Traceback" not in output, output[-4000:]
