"""The inbox: Telegram updates stored before Telegram learns they arrived, queued per chat.

An update is *stored* (intake), *done* once its use case's writes commit (in that same
transaction, see `HANDLING`), and *answered* once its handlers finished and replied. Replays
and the per-chat queues take what is not answered yet, in update_id order. Polling may hand
an update to its handlers before storing it (`ARRIVAL`): then its first commit, or its
answered-mark, stores it, in the same statement as the mark.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from storage.db import upsert_for
from storage.errors import StorageUnavailable, is_unavailable
from storage.prepared import Prepared
from storage.rows import InboxRow

# The inbox update the current task is handling (set by the Telegram edge around its
# handlers). A unit of work that commits while it is set marks that update done in the same
# transaction, so a committed log and its done-mark can never be separated by a crash.
HANDLING: ContextVar[int | None] = ContextVar("inbox_update_handling", default=None)


@dataclass(frozen=True, slots=True)
class NewUpdate:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]


@dataclass(slots=True)
class Arrival:
    """An update handed to its handlers before the inbox held it (polling stores a batch at the
    latest before the next getUpdates confirms it to Telegram). The first commit while it is
    the `ARRIVAL` of the update being handled stores it with its done-mark, then tells
    `on_stored`; `stored` is set once any write stored it."""

    update: NewUpdate
    received_at: datetime
    on_stored: Callable[[int], None]
    stored: bool = False

    def mark_stored(self) -> None:
        if not self.stored:
            self.stored = True
            self.on_stored(self.update.update_id)


ARRIVAL: ContextVar[Arrival | None] = ContextVar("inbox_update_arrival", default=None)


_INBOX = cast(Table, InboxRow.__table__)
# Built once: every logged set runs one of these (done-mark, answered-mark, or storing an
# update with its mark); values come as parameters.
_MARK_DONE = Prepared(
    update(_INBOX)
    .where(_INBOX.c.update_id == bindparam("id"), _INBOX.c.done_at.is_(None))
    .values(done_at=bindparam("now"))
)
_MARK_ANSWERED = Prepared(
    update(_INBOX)
    .where(_INBOX.c.update_id == bindparam("id"))
    .values(answered_at=bindparam("now"), done_at=func.coalesce(_INBOX.c.done_at, bindparam("now")))
)
_ROW_KEYS = ("update_id", "chat_id", "payload", "received_at", "done_at", "answered_at")


def _store_marked(answered: bool) -> Prepared:
    """Store updates with their marks; one a write stored meanwhile keeps its row and gets
    the marks (a done-mark is never moved)."""

    def build(insert: Callable[..., Any]) -> Any:
        statement = insert(_INBOX).values({k: bindparam(k) for k in _ROW_KEYS})
        values = {"done_at": func.coalesce(_INBOX.c.done_at, statement.excluded.done_at)}
        if answered:
            values["answered_at"] = statement.excluded.answered_at
        return statement.on_conflict_do_update(index_elements=["update_id"], set_=values)

    return Prepared(build)


_STORE_DONE, _STORE_ANSWERED = _store_marked(answered=False), _store_marked(answered=True)


def _row(update: NewUpdate, received_at: datetime) -> dict[str, Any]:
    return {
        "update_id": update.update_id,
        "chat_id": update.chat_id,
        "payload": update.payload,
        "received_at": received_at,
    }


@dataclass(frozen=True, slots=True)
class WaitingUpdate:
    update_id: int
    payload: dict[str, Any]
    # Whether update_id - 1 is stored too: a gap may be an earlier update still on its way.
    follows_stored: bool


class Inbox:
    """Queries of the inbox table; they never commit."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def store(self, updates: Sequence[NewUpdate], now: datetime) -> set[int]:
        """One statement for the batch; the ids that were new (a re-delivery is kept as is)."""
        if not updates:
            return set()
        inserted = await self._s.scalars(
            upsert_for(self._s)(InboxRow)
            .values([_row(u, now) for u in updates])
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(InboxRow.update_id)
        )
        return set(inserted)

    async def pending(self) -> list[tuple[int, dict[str, Any]]]:
        """Every update not answered yet, oldest first (the replay after a restart)."""
        rows = await self._s.execute(
            select(InboxRow.update_id, InboxRow.payload)
            .where(InboxRow.answered_at.is_(None))
            .order_by(InboxRow.update_id)
        )
        return [(r.update_id, r.payload) for r in rows]

    async def waiting(self, chat_id: int | None, after: int, limit: int) -> list[WaitingUpdate]:
        """A chat's unanswered updates after `after`, in update_id order (its queue)."""
        previous = InboxRow.__table__.alias("previous")
        follows = (
            select(previous.c.update_id)
            .where(previous.c.update_id == InboxRow.update_id - 1)
            .exists()
        )
        chat = InboxRow.chat_id.is_(None) if chat_id is None else InboxRow.chat_id == chat_id
        rows = await self._s.execute(
            select(InboxRow.update_id, InboxRow.payload, follows.label("follows"))
            .where(chat, InboxRow.answered_at.is_(None), InboxRow.update_id > after)
            .order_by(InboxRow.update_id)
            .limit(limit)
        )
        return [WaitingUpdate(r.update_id, r.payload, bool(r.follows)) for r in rows]

    async def has_waiting(self, chat_id: int | None) -> bool:
        chat = InboxRow.chat_id.is_(None) if chat_id is None else InboxRow.chat_id == chat_id
        found = await self._s.scalar(
            select(InboxRow.update_id).where(chat, InboxRow.answered_at.is_(None)).limit(1)
        )
        return found is not None

    async def chats_waiting(self, received_before: datetime, limit: int) -> list[int | None]:
        """Chats with an unanswered update stored before `received_before` (stranded ones)."""
        rows = await self._s.execute(
            select(InboxRow.chat_id)
            .where(InboxRow.answered_at.is_(None), InboxRow.received_at < received_before)
            .group_by(InboxRow.chat_id)
            .order_by(func.min(InboxRow.update_id))
            .limit(limit)
        )
        return [r.chat_id for r in rows]

    async def mark_done(self, update_id: int, now: datetime, arrival: Arrival | None) -> None:
        """The update's writes commit now (`arrival`: it is not stored yet; store it too)."""
        if arrival is not None and not arrival.stored:
            row = {**_row(arrival.update, arrival.received_at), "done_at": now, "answered_at": None}
            await _STORE_DONE.run(self._s, row)
            return
        await _MARK_DONE.run(self._s, {"id": update_id, "now": now})

    async def mark_answered(
        self, update_ids: Sequence[int], now: datetime, arrivals: Sequence[Arrival] = ()
    ) -> None:
        """`arrivals`: those of the updates not stored yet (stored now, answered)."""
        unstored = [a for a in arrivals if not a.stored]
        if unstored:
            marks = {"done_at": now, "answered_at": now}
            rows = [{**_row(a.update, a.received_at), **marks} for a in unstored]
            await _STORE_ANSWERED.run(self._s, rows)
        rest = sorted(set(update_ids) - {a.update.update_id for a in unstored})
        # One mark (what answering a chat at a time gives) goes as one plain statement, not
        # as an executemany of one row (asyncpg prepares and batches that).
        ids = [{"id": u, "now": now} for u in rest]
        await _MARK_ANSWERED.run(self._s, ids[0] if len(ids) == 1 else ids)

    async def forget_user(self, user_id: int) -> None:
        """Drop the answered updates a user sent (messages, edits, button presses). Those not
        answered yet are still being handled; they go with the next pruning."""
        sender = [
            InboxRow.payload[(kind, "from", "id")].as_integer() == user_id
            for kind in ("message", "edited_message", "callback_query")
        ]
        await self._s.execute(
            delete(InboxRow).where(InboxRow.answered_at.is_not(None), or_(*sender))
        )

    async def prune_answered(self, before: datetime, limit: int) -> int:
        """Delete up to `limit` updates answered before `before`; how many went."""
        batch = (
            select(InboxRow.update_id)
            .where(InboxRow.answered_at.is_not(None), InboxRow.answered_at < before)
            .order_by(InboxRow.answered_at)
            .limit(limit)
        )
        result = await self._s.execute(delete(InboxRow).where(InboxRow.update_id.in_(batch)))
        return int(getattr(result, "rowcount", 0) or 0)


# --- one chat drained by one instance at a time ---------------------------------------------

# pg_try_advisory_lock(bigint) keys: chat ids fit in 53 bits, so an offset of 3 * 2**56 keeps
# every chat's key apart from each other and from the migration lock (storage.migrate).
_CHAT_KEY_BASE = 3 << 56
_NO_CHAT_KEY = _CHAT_KEY_BASE - (1 << 55)


def chat_lock_key(chat_id: int | None) -> int:
    return _NO_CHAT_KEY if chat_id is None else _CHAT_KEY_BASE + chat_id


@dataclass(frozen=True, slots=True)
class ChatLease:
    chat_id: int | None
    generation: int


class ChatLocks:
    """Per-chat locks shared by every instance on one PostgreSQL database.

    Session-level advisory locks on one dedicated connection per process: the database drops
    them by itself when the process dies, so a killed instance never leaves a chat locked.
    SQLite serves a single process, where the caller's own bookkeeping already keeps one
    drain per chat; there every lock is granted.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._shared = engine.dialect.name == "postgresql"
        self._conn: AsyncConnection | None = None
        self._use = asyncio.Lock()  # one statement at a time on the connection
        self._generation = 0

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            self._conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    async def _lost(self) -> None:
        # The session is gone and with it every lock it held: leases of this generation are void.
        self._generation += 1
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.invalidate()
                await conn.close()
            except Exception:
                pass

    async def try_acquire(self, chat_id: int | None) -> ChatLease | None:
        """The chat's lock if free (None: another instance is draining it)."""
        if not self._shared:
            return ChatLease(chat_id, self._generation)
        async with self._use:
            try:
                conn = await self._connection()
                got = await conn.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": chat_lock_key(chat_id)}
                )
            except Exception as exc:
                await self._lost()
                if is_unavailable(exc):
                    raise StorageUnavailable("chat lock connection failed") from exc
                raise
            return ChatLease(chat_id, self._generation) if got else None

    def holds(self, lease: ChatLease) -> bool:
        """False once the lock connection was lost (the database released the lock)."""
        return lease.generation == self._generation

    async def release(self, lease: ChatLease) -> None:
        if not self._shared or not self.holds(lease):
            return
        async with self._use:
            try:
                conn = await self._connection()
                await conn.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": chat_lock_key(lease.chat_id)}
                )
            except Exception:
                await self._lost()  # every lock of the session is released with it

    async def close(self) -> None:
        async with self._use:
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()
