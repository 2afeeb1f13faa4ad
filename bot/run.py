"""Running the bot: long polling, webhook, or the local terminal chat when there is no token
(what `python -m bot`, `./run.sh` and `tofailure` do without a command)."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from pydantic import ValidationError
from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.app import (
    ALLOWED_UPDATES,
    DatabaseUrlError,
    build_application,
    redis_password,
    running_services,
    stop_on_signals,
    url_password,
)
from bot.config import DATABASE_URL_EXAMPLE, Settings, invalid_settings
from bot.logs import configure_logging
from bot.terminal import run_terminal
from bot.webhook import serve as serve_webhook
from bot.webhook import webhook_secret
from core.wording.terminal import BYE

log = logging.getLogger("bot")


async def _terminal(settings: Settings) -> None:
    async with running_services(settings) as services:
        await run_terminal(
            services,
            settings.tofailure_terminal_user_id,
            tick_seconds=settings.tofailure_tick_seconds,
        )


async def _without_polling(settings: Settings) -> None:
    """A worker instance: runs jobs (the scheduler tick) but never polls Telegram.

    It replays nothing either: the instance that receives updates owns their replay."""
    app = build_application(settings, replay=False)
    stop = stop_on_signals()
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await stop.wait()
        await app.stop()
    if app.post_shutdown:
        await app.post_shutdown(app)


def _secrets(settings: Settings) -> list[str]:
    """What must never reach a log: the token, the webhook secret, the DB and Redis passwords."""
    secrets = [settings.token]
    if settings.token:
        secrets.append(webhook_secret(settings))
    secrets.append(url_password(settings.database_url) or "")
    if settings.tofailure_redis_url:
        secrets.append(redis_password(settings.tofailure_redis_url) or "")
    return [s for s in secrets if s]


def _run(settings: Settings) -> int:
    if not settings.token:
        configure_logging("WARNING", _secrets(settings))
        try:
            asyncio.run(_terminal(settings))
        except KeyboardInterrupt:  # Ctrl-C before the chat began (while the database migrated)
            print(f"\n{BYE}", flush=True)
        return 0
    if settings.tofailure_webhook_url:
        log.info("starting webhook mode")
        asyncio.run(serve_webhook(settings))
        return 0
    if not settings.tofailure_polling:
        asyncio.run(_without_polling(settings))
        return 0
    log.info("starting long polling")
    build_application(settings).run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def unreachable(settings: Settings, exc: NetworkError) -> str:
    """The one line for a Bot API that does not answer: where (never the token) and why."""
    base = urlsplit(settings.telegram_base_url or "https://api.telegram.org")
    where = f"{base.scheme}://{base.hostname or ''}" + (f":{base.port}" if base.port else "")
    reason = exc.message.removeprefix("aiohttp.")
    fix = "your network or TELEGRAM_BASE_URL" if settings.telegram_base_url else "your network"
    return f"Can't reach Telegram at {where} ({reason}): check {fix}, then start the bot again."


def main() -> int:
    """Run the bot as the environment says (the `tofailure` command without a subcommand)."""
    try:
        settings = Settings()
    except ValidationError as exc:
        print(invalid_settings(exc))
        return 2
    configure_logging(settings.tofailure_log_level, _secrets(settings))
    try:
        return _run(settings)
    except InvalidToken:
        log.error("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather.")
        return 1
    except DatabaseUrlError as exc:
        log.error("DATABASE_URL: %s. %s", exc, DATABASE_URL_EXAMPLE)
        return 2
    except Exception as exc:
        if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
            # No traceback: nothing is wrong with the bot. Logged through the redacting handler.
            log.error("%s", unreachable(settings, exc))
            return 1
        # Logged through the redacting handler: a traceback may quote the token.
        log.exception("the bot stopped on an error")
        return 1
