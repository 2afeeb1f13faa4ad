"""Unit of work: one transaction per use case, committed once by the service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from types import TracebackType
from typing import TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.bodyweight import Bodyweight
from storage.driver_tx import DriverTransaction, NeedsSession, NeedsTransaction
from storage.errors import DuplicateError, StorageUnavailable, is_unavailable
from storage.exercises import CustomExercises
from storage.inbox import ARRIVAL, HANDLING, Inbox
from storage.prepared import STATEMENTS_APART
from storage.repositories import Logbook, Users
from storage.schedules import Schedules
from storage.stats import Stats
from storage.transfer import Transfer
from storage.weekly import WeeklyHistory

__all__ = [
    "DuplicateError",
    "NeedsSession",
    "NeedsTransaction",
    "StorageUnavailable",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "driver_first",
]

T = TypeVar("T")
log = logging.getLogger(__name__)


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
        engine: AsyncEngine | None = None,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._apart = apart
        self._use_apart = False
        self._engine = engine
        self._on_driver = False
        self._optimistic = False

    def statements_apart(self) -> UnitOfWork:
        """Each statement commits on its own (PostgreSQL: one round trip each, no BEGIN and
        COMMIT), for work whose statements need no common transaction (inbox marks); on
        SQLite, where a transaction costs nothing extra, the same as without."""
        self._use_apart = self._apart is not None
        return self

    def on_driver(self, *, optimistic: bool = False) -> UnitOfWork:
        """The transaction straight on the driver (storage.driver_tx): only prepared
        statements; anything else raises NeedsSession (see driver_first). `optimistic`: no
        transaction until the commit, which is one statement (PostgreSQL; see DriverTransaction)."""
        self._on_driver = self._engine is not None
        self._optimistic = optimistic
        return self

    @property
    def committed(self) -> bool:
        """Whether this work committed (on the driver: the one thing a rerun must not redo)."""
        return isinstance(self._session, DriverTransaction) and self._session.committed

    async def __aenter__(self) -> UnitOfWork:
        if self._writer is not None:
            await self._writer.acquire()
        try:
            if self._on_driver and self._engine is not None:
                driver = DriverTransaction(
                    self._engine, apart=self._use_apart, optimistic=self._optimistic
                )
                self._session = cast(AsyncSession, driver)  # repositories see a session
                await driver.begin()
            else:
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
        session = self._session
        now = datetime.now(UTC)
        # The update being handled is done exactly when this work is: same transaction (and
        # stored by it, when polling handed it over before storing it). An optimistic unit
        # of work wrote nothing before this: the message it held back carries the mark, and
        # that one statement is the whole transaction (storage.driver_tx).
        writes = session.committing() if isinstance(session, DriverTransaction) else nullcontext()
        with writes:
            marked = await self.logbook.store_held_back(handling, arrival, now)
            if not marked and handling is not None:
                await self.inbox.mark_done(handling, now, arrival)
            await session.commit()
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
        self._engine = bind if isinstance(bind, AsyncEngine) else None
        if bind is not None and not is_sqlite:
            autocommit = bind.execution_options(isolation_level="AUTOCOMMIT")
            self._apart = async_sessionmaker(
                class_=sessions.class_, **{**sessions.kw, "bind": autocommit}
            )

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, self._writer, self._apart, self._engine)


async def driver_first(
    uows: Callable[[], UnitOfWork],
    work: Callable[[UnitOfWork], Awaitable[T]],
    *,
    apart: bool = False,
    optimistic: bool = False,
) -> T:
    """Run `work` in a unit of work on the driver alone (storage.driver_tx), and again with
    a session when it needed one: nothing was committed then (it rolled back), so the second
    run starts from the same state. `apart`: statements_apart (each commits on its own).
    `optimistic`: the first run reads without a transaction and writes only at its commit,
    in one statement (PostgreSQL); work that needs a transaction after all (a first contact,
    the user's sets changed meanwhile) runs again on the driver, then with a session if need be."""

    def fresh() -> UnitOfWork:
        uow = uows()
        return uow.statements_apart() if apart else uow

    tries = [True, False] if optimistic else [False]
    for optimistic_try in tries:
        attempt = fresh()
        try:
            async with attempt.on_driver(optimistic=optimistic_try) as on_driver:
                return await work(on_driver)
        except NeedsTransaction as needed:
            log.debug("the work needs a transaction (%s): run again in one", needed)
            if attempt.committed:
                raise RuntimeError("work asked for a transaction after its commit") from None
        except NeedsSession as needed:
            log.debug("the work needs a session (%s): run again with one", needed)
            if attempt.committed:  # a rerun would do twice what is stored: a bug, not a fallback
                raise RuntimeError("work asked for a session after its commit") from None
            break
    async with fresh() as with_session:
        return await work(with_session)
