"""Webhook mode: our own small tornado app handing updates to the Application, in the way of
PTB's customwebhookbot example, so Telegram gets its 200 only once the update is stored.

POST /telegram  the update, with Telegram's X-Telegram-Bot-Api-Secret-Token (else 403);
                200 once it is in the inbox, 503 while the database is away (Telegram retries)
GET  /healthz   for the load balancer: 200 when the database answers and its schema is current
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from http import HTTPStatus

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.app import ALLOWED_UPDATES, build_webhook, stop_on_signals
from bot.config import Settings
from bot.context import BotContext
from bot.drains import ChatDrains
from bot.durable import DurableApplication, chat_of
from service import inbox
from service.inbox import NewUpdate, is_unavailable
from service.services import Services

log = logging.getLogger(__name__)

PATH = "/telegram"
HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # an update is a few KB; Telegram never sends more than this
HEALTH_TIMEOUT_S = 3.0
SWEEP_EVERY_S = 5.0
STOP_DRAINS_S = 10.0
# Below the engine's pool (5 + 10 overflow): each drain holds one connection at a time.
DRAINS_PER_INSTANCE = 12


def webhook_secret(settings: Settings) -> str:
    """TOFAILURE_WEBHOOK_SECRET, or one derived from the token (the same on every instance)."""
    if settings.tofailure_webhook_secret is not None:
        configured = settings.tofailure_webhook_secret.get_secret_value().strip()
        if configured:
            return configured
    return hmac.new(settings.token.encode(), b"tofailure-webhook", hashlib.sha256).hexdigest()


class Intake:
    """What the HTTP handlers call: check, store, kick the chat's drain."""

    def __init__(
        self, app: DurableApplication, services: Services, drains: ChatDrains, secret: str
    ) -> None:
        self.app = app
        self.services = services
        self.drains = drains
        self._secret = secret.encode()

    def authorised(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self._secret)

    async def receive(self, body: bytes) -> HTTPStatus:
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except Exception:
            update = None
        if update is None:
            return HTTPStatus.BAD_REQUEST
        chat_id = chat_of(update)
        try:
            await inbox.store(self.services, [NewUpdate(update.update_id, chat_id, data)])
        except Exception as exc:
            if not is_unavailable(exc):
                log.exception("update %s could not be stored", update.update_id)
            self.app.outage.failed("storing an update", exc)
            return HTTPStatus.SERVICE_UNAVAILABLE  # Telegram sends it again later
        self.app.outage.succeeded()
        # Also when it was stored before (a re-delivery): it may still be waiting.
        self.drains.kick(chat_id)
        return HTTPStatus.OK


class TelegramHandler(tornado.web.RequestHandler):
    def initialize(self, intake: Intake) -> None:
        self.intake = intake

    async def post(self) -> None:
        if not self.intake.authorised(self.request.headers.get(SECRET_HEADER)):
            self.set_status(HTTPStatus.FORBIDDEN)
            return
        self.set_status(await self.intake.receive(self.request.body))


class HealthHandler(tornado.web.RequestHandler):
    def initialize(self, health: Health) -> None:
        self.health = health

    async def get(self) -> None:
        problem = await self.health.problem()
        self.set_status(HTTPStatus.OK if problem is None else HTTPStatus.SERVICE_UNAVAILABLE)
        self.write({"status": "ok" if problem is None else "unavailable", "problem": problem})


class Health:
    def __init__(self, schema_current: Callable[[], Awaitable[bool]]) -> None:
        self._schema_current = schema_current

    async def problem(self) -> str | None:
        """None when ready; else what is wrong, in words without a secret."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_S):
                current = await self._schema_current()
        except Exception:
            return "database unreachable"
        return None if current else "database schema not current"


def web_app(intake: Intake, health: Health) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (PATH, TelegramHandler, {"intake": intake}),
            (HEALTH_PATH, HealthHandler, {"health": health}),
        ]
    )


async def _sweep(context: BotContext) -> None:
    job = context.job
    if job is not None and isinstance(job.data, ChatDrains):
        await job.data.sweep()


async def serve(settings: Settings) -> None:
    """Run one webhook instance until SIGINT or SIGTERM."""
    parts = build_webhook(settings)
    app, services, locks = parts.app, parts.services, parts.locks
    drains = ChatDrains(
        app,
        services,
        locks,
        order_wait_s=settings.tofailure_webhook_order_wait_ms / 1000,
        concurrency=DRAINS_PER_INSTANCE,
    )
    secret = webhook_secret(settings)
    intake = Intake(app, services, drains, secret)
    stop = stop_on_signals()
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        # Stopped whatever happens once started (a port in use, set_webhook refused):
        # otherwise the Application cannot shut down and its Bot API sessions stay open.
        try:
            assert app.job_queue is not None
            app.job_queue.run_repeating(
                _sweep, interval=SWEEP_EVERY_S, first=SWEEP_EVERY_S, name="inbox-sweep", data=drains
            )
            server = tornado.httpserver.HTTPServer(
                web_app(intake, Health(parts.schema_current)), max_body_size=MAX_BODY
            )
            server.listen(
                settings.tofailure_webhook_port, address=settings.tofailure_webhook_listen
            )
            log.info(
                "webhook instance listening on %s:%s",
                settings.tofailure_webhook_listen,
                settings.tofailure_webhook_port,
            )
            # Listening first: Telegram backs off for a while after a refused connection.
            await app.bot.set_webhook(
                url=settings.tofailure_webhook_url or "",
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=settings.tofailure_webhook_max_connections,
            )
            # What earlier runs (of any instance) left unanswered.
            await drains.sweep(older_than=timedelta(0))
            await stop.wait()
            log.info("stopping: no new updates; finishing the ones in hand")
            server.stop()
            await drains.stop(STOP_DRAINS_S)
        finally:
            if app.running:
                await app.stop()
        await locks.close()
    if app.post_shutdown:
        await app.post_shutdown(app)
