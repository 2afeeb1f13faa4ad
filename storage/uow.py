"""Unit of work: one transaction per use case, committed once by the service."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.bodyweight import Bodyweight
from storage.errors import DuplicateError, StorageUnavailable, is_unavailable
from storage.exercises import CustomExercises
from storage.inbox import ARRIVAL, HANDLING, Inbox
from storage.prepared import STATEMENTS_APART
from storage.repositories import Logbook, Users
from storage.schedules import Schedules
from storage.stats import Stats
from storage.transfer import Transfer
from storage.weekly import WeeklyHistory

__all__ = ["DuplicateError", "StorageUnavailable", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork:
    users: Users
    logbook: Logbook
    inbox: Inbox
    schedules: Schedules
    stats: Stats
    exercises: CustomExercises
    transfer: Transfer
    weekly: WeeklyHistory
    bodyweight: Bodyweight

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        writer: asyncio.Lock | None = None,
        apart: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._apart = apart
        self._use_apart = False

    def statements_apart(self) -> UnitOfWork:
        """Each statement commits on its own (PostgreSQL: one round trip each, no BEGIN and
        COMMIT), for work whose statements need no common transaction (inbox marks); on
        SQLite, where a transaction costs nothing extra, the same as without."""
        self._use_apart = self._apart is not None
        return self

    async def __aenter__(self) -> UnitOfWork:
        if self._writer is not None:
            await self._writer.acquire()
        try:
            if self._use_apart and self._apart is not None:
                self._session = self._apart()
                self._session.info[STATEMENTS_APART] = True
            else:
                self._session = self._sessions()
            await self._session.begin()
        except BaseException as exc:
            # __aexit__ will not run: never leave the writer queue blocked.
            if self._writer is not None:
                self._writer.release()
            if isinstance(exc, Exception) and is_unavailable(exc):
                raise StorageUnavailable("the database cannot be reached") from exc
            raise
        self.users = Users(self._session)
        self.logbook = Logbook(self._session)
        self.inbox = Inbox(self._session)
        self.schedules = Schedules(self._session)
        self.stats = Stats(self._session)
        self.exercises = CustomExercises(self._session)
        self.transfer = Transfer(self._session)
        self.weekly = WeeklyHistory(self._session)
        self.bodyweight = Bodyweight(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        cleanup: Exception | None = None
        try:
            if self._session.in_transaction():
                await self._session.rollback()
        except Exception as error:  # the connection died: the database rolls back by itself
            cleanup = error
        finally:
            try:
                await self._session.close()
            except Exception as error:
                cleanup = cleanup or error
            finally:
                if self._writer is not None:
                    self._writer.release()
        failure = exc if exc is not None else cleanup
        if isinstance(failure, Exception) and not isinstance(failure, StorageUnavailable):
            if is_unavailable(failure):
                raise StorageUnavailable("the database connection failed") from failure
            if exc is None:
                raise failure

    async def commit(self) -> None:
        handling = HANDLING.get()
        arrival = ARRIVAL.get()
        if arrival is not None and arrival.update.update_id != handling:
            arrival = None
        if handling is not None:
            # The update being handled is done exactly when this work is: same transaction
            # (and stored by it, when polling handed it over before storing it).
            await self.inbox.mark_done(handling, datetime.now(UTC), arrival)
        await self._session.commit()
        if arrival is not None:
            arrival.mark_stored()


class UnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        bind = sessions.kw.get("bind")
        # SQLite has one writer at a time anyway (BEGIN IMMEDIATE); queueing our own
        # transactions here is far cheaper than SQLite's busy-wait sleeps under a burst.
        is_sqlite = bind is not None and bind.dialect.name == "sqlite"
        self._writer = asyncio.Lock() if is_sqlite else None
        self._apart = None
        if bind is not None and not is_sqlite:
            autocommit = bind.execution_options(isolation_level="AUTOCOMMIT")
            self._apart = async_sessionmaker(
                class_=sessions.class_, **{**sessions.kw, "bind": autocommit}
            )

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, self._writer, self._apart)
