"""A unit of work's transaction straight on the pooled driver connection, for work whose
every statement is a prepared one (storage.prepared): a logged set, an answered-mark.

SQLAlchemy's async session costs ~0.14 ms per transaction on SQLite and ~0.2–0.3 ms on
PostgreSQL here (five greenlet hops: begin, connection, raw connection, commit, close, and the
ORM's state machine around each) over BEGIN, the statements and COMMIT on the driver with the
connection checked out of the same pool (bench/unit_of_work.py). Anything else a repository
asks of it (an ORM query, `execute`, `add`) raises NeedsSession at once: the transaction rolls
back and the caller runs the work again with a session (storage.uow.driver_first), so only
the hot path's usual case takes this way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn

from storage import sqlite_driver
from storage.errors import StorageUnavailable, is_client_side, is_unavailable


class NeedsSession(Exception):
    """The work asked for more than prepared statements: run it again with a session."""


class NeedsTransaction(NeedsSession):
    """Optimistic work that needs a transaction after all (a write it cannot hold back for its
    commit, or the user's sets changed since its read): run it again in one on the driver."""


@dataclass(frozen=True, slots=True)
class FirstRead:
    """What an optimistic unit of work read of the user it logs for: the sets revision its
    reading rests on, and an id drawn for the message it may store."""

    user_id: int
    sets_revision: int
    message_id: int


class DriverTransaction:
    """Stands in for a unit of work's AsyncSession: begin, commit, rollback and close on the
    driver; the prepared statements run on `driver`. Every other use raises NeedsSession.

    `apart`: no transaction, each statement commits on its own (PostgreSQL's answered-marks;
    on SQLite the same as a transaction, which costs nothing extra there).

    `optimistic` (PostgreSQL): no BEGIN, no row lock; the reads run on their own and every
    write waits for the commit, where one statement stores the message with its done-mark
    only if the user's sets are still at the revision read (else NeedsTransaction: the work
    runs again the locked way). Two round trips instead of five (BEGIN, the locked read, the
    write, the done-mark, COMMIT). On SQLite, a plain transaction.
    """

    def __init__(
        self, engine: AsyncEngine, *, apart: bool = False, optimistic: bool = False
    ) -> None:
        self._engine = engine
        postgres = engine.dialect.name == "postgresql"
        self._apart = apart and postgres
        self.optimistic = optimistic and postgres
        # Set by the user's read in optimistic mode (storage.repositories).
        self.first_read: FirstRead | None = None
        # Writes are held back until the commit, which lifts this (optimistic mode).
        self.writing = not self.optimistic
        self._raw: PoolProxiedConnection | None = None
        self.driver: Any = None
        self._open = False
        self.committed = False

    @property
    def dialect(self) -> Dialect:
        return self._engine.dialect

    def get_bind(self) -> Engine:
        """What repositories ask for the dialect's name."""
        return self._engine.sync_engine

    def in_transaction(self) -> bool:
        return self._open

    @property
    def info(self) -> dict[Any, Any]:
        """The pool's record of the checked-out connection: what lives as long as it."""
        assert self._raw is not None
        return self._raw.info

    async def begin(self) -> None:
        """Check a connection out of the engine's pool and begin (SQLite: BEGIN IMMEDIATE,
        waiting for another process's write lock in a thread, as the session's BEGIN does)."""
        self._raw = await self._engine.raw_connection()
        self.driver = self._raw.driver_connection
        if self._apart or self.optimistic:
            return
        await self._execute("BEGIN IMMEDIATE" if self._sqlite else "BEGIN")
        self._open = True

    async def commit(self) -> None:
        if self._open:
            await self._execute("COMMIT")
            self._open = False
        self.committed = True

    @contextmanager
    def committing(self) -> Iterator[None]:
        """The commit's own statements may write (optimistic mode holds writes back till then)."""
        before, self.writing = self.writing, True
        try:
            yield
        finally:
            self.writing = before

    async def rollback(self) -> None:
        if not self._open:
            return
        self._open = False
        if self._sqlite and not self.driver.in_transaction:
            return  # SQLite rolled back by itself (e.g. after SQLITE_FULL): nothing to undo
        await self._execute("ROLLBACK")

    async def close(self) -> None:
        """Back to the pool (rolled back first when still open)."""
        if self._open:
            await self.rollback()  # a failure drops the connection instead
        raw, self._raw = self._raw, None
        if raw is not None:
            await greenlet_spawn(raw.close)

    async def invalidate(self, error: BaseException | None) -> None:
        """Drop the connection from the pool (lost, or cut mid-statement by a cancel): the
        database rolls back what it held, and no later work gets it. A lost one (the server
        restarted, backends terminated) takes every connection opened before it along, as
        SQLAlchemy does on a disconnect: each would otherwise fail one message in turn."""
        raw, self._raw = self._raw, None
        self._open = False
        if raw is None:
            return
        reason = error if isinstance(error, Exception) else None
        if reason is not None and is_unavailable(reason):
            # The pool's own call for a disconnect (what Connection does); it hands `raw` back.
            await greenlet_spawn(self._engine.sync_engine.pool._invalidate, raw, reason)
        else:
            await greenlet_spawn(raw.invalidate, reason)  # also hands it back to the pool

    @property
    def _sqlite(self) -> bool:
        return isinstance(self.driver, sqlite_driver.Connection)

    async def _execute(self, sql: str) -> None:
        """BEGIN, COMMIT or ROLLBACK; on failure the connection is dropped, and a lost or
        untrusted one is reported as StorageUnavailable (as a prepared statement's would)."""
        driver = self.driver
        try:
            if isinstance(driver, sqlite_driver.Connection):
                await driver.execute_statement(sql)
            else:
                await driver.execute(sql)
        except BaseException as exc:
            await self.invalidate(exc)
            if isinstance(exc, Exception) and (is_unavailable(exc) or is_client_side(exc)):
                raise StorageUnavailable("the database connection failed") from exc
            raise

    def __getattr__(self, name: str) -> NoReturn:
        raise NeedsSession(name)
