"""Exactly-once intake: updates go to our inbox table before Telegram learns they arrived.

Polling: PTB confirms a batch to Telegram with the next getUpdates (its offset), so the next
getUpdates waits until the batch is stored (and, a few milliseconds at most, until it is
answered). Meanwhile the handlers already run, and each
update is stored by its handler's own commit, with its done-mark (storage.inbox.ARRIVAL), or
by its answered-mark; what is left after a short grace is stored in one transaction. Only the
first batch after a start is stored before the handlers see it: it may hold updates the last
run stored already (Telegram sends what was not confirmed again). Webhook (bot/webhook.py):
the HTTP 200 comes after the store. A crash at any point then loses nothing: the update is
replayed at the next start, and every handler is idempotent. The answered-mark is written
right after the handlers, so a replay answers only what was owed.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor, ExtBot, Job

from bot.outage import Outage, backoff
from service import inbox
from service.inbox import ARRIVAL, HANDLING, Arrival, NewUpdate, is_unavailable
from service.services import Services

log = logging.getLogger(__name__)

MARKS_FLUSH_TIMEOUT_S = 5.0
# How long the next getUpdates waits for the batch's replies and answered-marks first. With the
# Bot API close by (a local Bot API server; the benchmark's fake) a set is answered and marked
# within a few milliseconds, and the chat's next message then finds the loop free instead of
# waiting behind the last one's mark (SQLite median 2.72x -> 2.18x the echo bot). Against
# api.telegram.org a reply takes tens of milliseconds, so the grace runs out: the next poll
# goes out this much later, and only a message that arrives in that gap waits for it.
ANSWER_GRACE_S = 0.01
# How long the next getUpdates waits for the handlers of the batch before it stores the rest
# itself: a logged set commits (and so stores its update) within a few milliseconds.
INTAKE_GRACE_S = 0.05


def chat_of(update: Update) -> int | None:
    """The chat whose queue an update joins (None: updates without a chat)."""
    chat = update.effective_chat
    return chat.id if chat is not None else None


def new_updates(
    updates: Sequence[Update], sent: Mapping[int, dict[str, Any]] | None = None
) -> list[NewUpdate]:
    """What the inbox stores of each update: as Telegram sent it when `sent` has it (what
    getUpdates returned, before PTB made objects of it), else rebuilt from the object."""
    found = sent or {}
    return [
        NewUpdate(u.update_id, chat_of(u), found.get(u.update_id) or u.to_dict()) for u in updates
    ]


async def store_until_stored(
    services: Services, updates: Sequence[NewUpdate], outage: Outage
) -> set[int]:
    """Store a batch, retrying with backoff while the database is away; the new ids."""
    attempt = 0
    while True:
        try:
            stored = await inbox.store(services, updates)
        except Exception as exc:
            attempt += 1
            if attempt == 1 and not is_unavailable(exc):
                log.exception("storing %d update(s) failed; retrying with backoff", len(updates))
            outage.failed("storing updates", exc)
            await asyncio.sleep(backoff(attempt))
            continue
        outage.succeeded()
        return stored


class Intake:
    """Updates handed to their handlers before the inbox holds them (polling)."""

    def __init__(
        self,
        services: Services,
        outage: Outage,
        grace: float = INTAKE_GRACE_S,
        answer_grace: float = ANSWER_GRACE_S,
    ) -> None:
        self._services = services
        self._outage = outage
        self._grace = grace
        self._answer_grace = answer_grace
        self._unstored: dict[int, Arrival] = {}
        self._all_stored = asyncio.Event()
        self._all_stored.set()
        self._unanswered: set[int] = set()
        self._all_answered = asyncio.Event()
        self._all_answered.set()

    def hold(self, updates: Sequence[NewUpdate]) -> None:
        now = self._services.clock()
        for u in updates:
            self._unstored[u.update_id] = Arrival(u, now, self._stored)
            self._unanswered.add(u.update_id)
        if self._unstored:
            self._all_stored.clear()
        if self._unanswered:
            self._all_answered.clear()

    def answered(self, update_id: int) -> None:
        """The update's handlers finished and its answered-mark is written."""
        self._unanswered.discard(update_id)
        if not self._unanswered:
            self._all_answered.set()

    def arrival(self, update_id: int) -> Arrival | None:
        """The update's arrival while the inbox may not hold it yet."""
        return self._unstored.get(update_id)

    def _stored(self, update_id: int) -> None:
        self._unstored.pop(update_id, None)
        if not self._unstored:
            self._all_stored.set()

    async def settle(self) -> None:
        """Returns once every update handed out is stored (retried while the database is away),
        after a short wait for their answers too."""
        if self._unanswered:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._answer_grace):
                    await self._all_answered.wait()
            self._unanswered.clear()  # late ones no longer hold any poll
            self._all_answered.set()
        if not self._unstored:
            return
        # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancel (PTB's stop)
        # that arrives as the batch is stored, and the task then long-polls on past the stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._grace):
                await self._all_stored.wait()
        while self._unstored:
            batch = list(self._unstored.values())
            await store_until_stored(self._services, [a.update for a in batch], self._outage)
            for arrival in batch:
                arrival.mark_stored()


class AnswerMarks:
    """Answered-marks, written as soon as an update's handlers finished (group commit).

    Riding with the next getUpdates batch instead left a window as long as the next message
    (or the long poll) in which a crash replayed, and re-answered, updates already answered.
    Marks that arrive while a write is under way go together in the next one.
    """

    def __init__(self, services: Services, outage: Outage, intake: Intake | None = None) -> None:
        self._services = services
        self._outage = outage
        self._intake = intake
        self._queued: list[tuple[int, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def answered(self, update_id: int) -> None:
        """Returns once the mark is stored (retried while the database is away)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._queued.append((update_id, done))
        if self._flusher is None or self._flusher.done():
            # An empty context: the flusher's writes belong to no update being handled.
            self._flusher = loop.create_task(self._flush(), context=contextvars.Context())
        await asyncio.shield(done)

    async def _flush(self) -> None:
        attempt = 0
        while self._queued:
            batch, self._queued = self._queued, []
            ids = [u for u, _ in batch]
            arrivals = self._arrivals(ids)
            try:
                await inbox.mark_answered(self._services, ids, arrivals)
            except Exception as exc:
                self._queued[:0] = batch
                attempt += 1
                if attempt == 1 and not is_unavailable(exc):
                    log.exception("marking updates answered failed; retrying with backoff")
                self._outage.failed("marking updates answered", exc)
                await asyncio.sleep(backoff(attempt))
                continue
            attempt = 0
            self._outage.succeeded()
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    def _arrivals(self, update_ids: Sequence[int]) -> list[Arrival]:
        if self._intake is None:
            return []
        found = (self._intake.arrival(u) for u in update_ids)
        return [a for a in found if a is not None]

    async def flush(self, timeout: float = MARKS_FLUSH_TIMEOUT_S) -> None:
        flusher = self._flusher
        if flusher is not None and not flusher.done():
            try:
                async with asyncio.timeout(timeout):
                    await asyncio.shield(flusher)
            except TimeoutError:
                log.warning(
                    "%d answered-mark(s) not written; replayed at the next start", len(self._queued)
                )


class DurableBot(ExtBot[Any]):
    """An ExtBot whose getUpdates confirms a batch to Telegram only once it is stored."""

    def __init__(self, *args: Any, services: Services, outage: Outage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._services = services
        self._outage = outage
        self._intake = Intake(services, outage)
        self._first_batch = True
        # Updates Telegram sent again that the inbox already holds: answered ones need nothing,
        # unanswered ones are replayed from the inbox. They are still returned to PTB, so its
        # offset moves past them and confirms them.
        self._seen: set[int] = set()
        self._sent: dict[int, dict[str, Any]] = {}

    @property
    def intake(self) -> Intake:
        return self._intake

    async def initialize(self) -> None:
        try:
            await super().initialize()
        except BaseException:
            # The Application shuts its bot down only once it started; when getMe fails
            # (Telegram out of reach, a refused token) the requests and the send budget stayed
            # open (aiohttp warned of its session under the one line bot/run.py prints), and a
            # second initialize would find requests marked open but closed.
            await self.shutdown()
            raise

    def already_seen(self, update_id: int) -> bool:
        if update_id in self._seen:
            self._seen.discard(update_id)
            return True
        return False

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            # The JSON Telegram sent, kept to be stored as it is: rebuilding it from the
            # Update objects (to_dict) cost more than the rest of the intake together.
            self._sent = {u["update_id"]: u for u in result if isinstance(u, dict)}
        return result

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        # This call confirms the last batch: it goes out once the batch is stored (after a
        # short wait for its answers). While the database is away the batch is held here (not
        # fetched again and again).
        await self.intake.settle()
        self._sent = {}
        updates = await super().get_updates(*args, **kwargs)
        batch = new_updates(updates, self._sent)
        self._sent = {}
        if updates and self._first_batch:
            # What the last run stored already comes again: stored (and sorted out) first.
            new = await store_until_stored(self._services, batch, self._outage)
            self._seen.update(u.update_id for u in updates if u.update_id not in new)
        elif updates:
            self.intake.hold(batch)
        self._first_batch = False
        return updates


class DurableApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Runs an update's handlers, retries them while the database is away, marks it answered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outage = Outage()
        self.marks: AnswerMarks | None = None
        self._unavailable: set[int] = set()

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        if isinstance(self.bot, DurableBot) and self.bot.already_seen(update.update_id):
            return
        update_id = update.update_id
        token = HANDLING.set(update_id)
        durable = self.bot if isinstance(self.bot, DurableBot) else None
        arrived = ARRIVAL.set(durable.intake.arrival(update_id) if durable else None)
        try:
            attempt = 0
            while True:
                self._unavailable.discard(update_id)
                # Handler errors are caught inside (and answered by the error handler); what
                # escapes is a cancellation at shutdown: the update stays for a replay.
                await super().process_update(update)
                if update_id not in self._unavailable:
                    break
                attempt += 1
                await asyncio.sleep(backoff(attempt))
            if attempt:
                self.outage.succeeded()
        finally:
            ARRIVAL.reset(arrived)
            HANDLING.reset(token)
            self._unavailable.discard(update_id)
        if self.marks is not None:
            await self.marks.answered(update_id)
        if durable is not None:
            durable.intake.answered(update_id)

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Job[Any] | None = None,
        coroutine: Any = None,
    ) -> bool:
        if isinstance(update, Update) and is_unavailable(error):
            # Not the user's fault and not lost: the update is in the inbox, and its handlers
            # run again once the database answers (no "send it again" that could double it).
            self._unavailable.add(update.update_id)
            self.outage.failed("handling an update", error)
            return True
        return await super().process_error(update, error, job, coroutine)


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, strictly in order within one chat.

    A user's next line may continue the exercise of the previous message, so one chat's
    updates must not overtake each other; different users need not wait for each other.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_of(update) if isinstance(update, Update) else None
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def replay_pending(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Queue updates that were stored but never answered (the process died mid-way)."""
    services: Services = application.bot_data.services
    pending = await inbox.pending(services)
    for _update_id, payload in pending:
        update = Update.de_json(payload, application.bot)
        if update is not None:
            await application.update_queue.put(update)
    if pending:
        log.info("replaying %d update(s) left unanswered by the last run", len(pending))
    return len(pending)
