"""Helpers for webhook instances of the real bot: start one on a free port, POST to it."""

from __future__ import annotations

import http.client
import json
import socket
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, bot_env

BOT = [sys.executable, "-m", "bot"]
SECRET = "e2e-webhook-secret_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    port: int,
    method: str,
    path: str,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    """One HTTP request to 127.0.0.1:port; (status, body), status 0 when nothing answers."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        conn.request(
            method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})}
        )
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        return response.status, payload
    except OSError:
        return 0, b""


def post_update(port: int, update: Mapping[str, Any], secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return request(port, "POST", "/telegram", update, headers)[0]


def webhook_env(port: int, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {
        "TOFAILURE_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "TOFAILURE_WEBHOOK_LISTEN": "127.0.0.1",
        "TOFAILURE_WEBHOOK_PORT": str(port),
        "TOFAILURE_WEBHOOK_SECRET": SECRET,
        "TOFAILURE_RATE_LIMIT": "0",
        "TOFAILURE_LOG_LEVEL": "DEBUG",
        **(extra or {}),
    }


def start_webhook(
    api: FakeBotApi, port: int, env: Mapping[str, str], timeout: float = 60.0
) -> BotProcess:
    """Start `python -m bot` in webhook mode; returns once its health check says ready."""
    bot = BotProcess(BOT, bot_env(api, webhook_env(port, env)))
    deadline = time.monotonic() + timeout
    while request(port, "GET", "/healthz", timeout=2)[0] != 200:
        if not bot.alive():
            raise RuntimeError(f"webhook bot exited with {bot.proc.returncode}:\n{bot.output()}")
        if time.monotonic() > deadline:
            bot.close()
            raise TimeoutError(f"webhook bot not healthy within {timeout}s:\n{bot.output()}")
        time.sleep(0.05)
    return bot


@contextmanager
def webhook_bot(
    api: FakeBotApi, env: Mapping[str, str], port: int | None = None
) -> Iterator[tuple[BotProcess, int]]:
    port = port or free_port()
    bot = start_webhook(api, port, env)
    try:
        yield bot, port
    finally:
        bot.close()
