"""Redis goes away under a running bot: replies keep coming under a local budget, one log line
says so, and the shared budget is back once Redis answers again."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.fake_bot_api import FakeBotApi, running_bot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed"),
]

BOT = [sys.executable, "-m", "bot"]
USER = 5150


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def private_redis(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A Redis of this test's own on `port`, without persistence; stopped afterwards."""
    proc = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield proc
    finally:
        proc.kill()
        proc.wait()


def say(api: FakeBotApi, text: str) -> str:
    mid = api.user_sends(USER, text)
    return str(api.wait_for_reply(USER, mid, timeout=10)["text"])


def test_replies_go_on_while_redis_is_down_and_the_shared_budget_comes_back(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "TOFAILURE_RATE_LIMIT": "30",
        "TOFAILURE_REDIS_URL": f"redis://:budget-secret@127.0.0.1:{port}/0",
        "TOFAILURE_LOG_LEVEL": "INFO",
    }
    with FakeBotApi() as api, private_redis(port) as redis, running_bot(api, BOT, env) as bot:
        assert say(api, "bench 80x8").startswith("✅")
        assert "shared in Redis at redis://127.0.0.1" in bot.output()
        redis.kill()
        redis.wait()
        for k in range(3):  # Redis is gone: each reply still comes, at once
            began = time.monotonic()
            assert say(api, f"squat {100 + k}x5").startswith("✅")
            assert time.monotonic() - began < 3
        with private_redis(port):
            time.sleep(5.5)  # the budget asks Redis again every 5 s
            assert say(api, "curls 20x10").startswith("✅")
            time.sleep(0.5)
            output = bot.output()
    assert output.count("is not answering") == 1, output
    assert output.count("Redis answers again") == 1, output
    assert "budget-secret" not in output and "Traceback" not in output
