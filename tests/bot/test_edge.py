"""The Telegram edge: token redaction, rate limiter settings, reply splitting, keyboards."""

from __future__ import annotations

import logging

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.logs import REDACTED, RedactSecrets
from bot.render import MAX_TEXT, keyboard, split_text
from bot.send_budget import SendBudgetLimiter
from core.replies import Button, Reply

TOKEN = "123456:SECRET-token-value"


def test_token_is_redacted_from_messages_args_and_tracebacks() -> None:
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{TOKEN}/getMe",), None
    )
    try:
        raise RuntimeError(f"failed calling /bot{TOKEN}/sendMessage")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactSecrets([TOKEN]).filter(record)
    rendered = logging.Formatter().format(record)
    assert TOKEN not in rendered and REDACTED in rendered


def test_settings_never_show_the_token() -> None:
    settings = Settings(telegram_bot_token=TOKEN, _env_file=None)
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())
    assert settings.token == TOKEN


@pytest.mark.parametrize(("rate", "limited"), [("30", True), ("0", False)])
def test_rate_limit_setting(rate: str, limited: bool, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TOFAILURE_RATE_LIMIT", rate)
    monkeypatch.delenv("TOFAILURE_REDIS_URL", raising=False)
    settings = Settings(
        telegram_bot_token=TOKEN, database_url=f"sqlite:///{tmp_path}/x.db", _env_file=None
    )
    app = build_application(settings)
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, SendBudgetLimiter) is limited
    if limiter is not None:  # no TOFAILURE_REDIS_URL: the budget lives in this process
        assert not limiter.budget.shared
        assert limiter.budget.limits.overall.window(1.0) == pytest.approx(0.8 * float(rate))


def test_a_redis_url_makes_the_budget_shared(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TOFAILURE_REDIS_URL", "redis://127.0.0.1:6379/5")
    settings = Settings(
        telegram_bot_token=TOKEN, database_url=f"sqlite:///{tmp_path}/x.db", _env_file=None
    )
    limiter = build_application(settings).bot.rate_limiter
    assert isinstance(limiter, SendBudgetLimiter)
    assert limiter.budget.shared  # until Redis fails to answer
    monkeypatch.setenv("TOFAILURE_REDIS_URL", "  ")
    assert Settings(_env_file=None).tofailure_redis_url is None


def test_long_replies_are_split_below_telegrams_limit() -> None:
    text = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    chunks = split_text(text)
    assert len(chunks) > 1 and all(len(c) <= MAX_TEXT for c in chunks)
    assert "\n".join(chunks) == text
    assert split_text("y" * (MAX_TEXT + 10)) == ["y" * MAX_TEXT, "y" * 10]


def test_keyboard_rows() -> None:
    markup = keyboard(Reply("x", buttons=((Button("↩️ Undo", "undo:1"), Button("Why?", "why:X")),)))
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["undo:1", "why:X"]
    ]
    assert keyboard(Reply("plain")) is None


@pytest.mark.parametrize(("value", "workers"), [("", None), ("0", 0), ("3", 3)])
def test_chart_workers_setting(value: str, workers: int | None, monkeypatch) -> None:
    from service.charts import default_workers

    monkeypatch.setenv("TOFAILURE_CHART_WORKERS", value)  # empty, as .env.example has it
    settings = Settings(_env_file=None)
    assert settings.tofailure_chart_workers == (default_workers() if workers is None else workers)
