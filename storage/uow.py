"""Unit of work: one transaction per use case, committed once by the service."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.errors import DuplicateError
from storage.repositories import Inbox, Logbook, Users
from storage.schedules import Schedules

__all__ = ["DuplicateError", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork:
    users: Users
    logbook: Logbook
    inbox: Inbox
    schedules: Schedules

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._sessions()
        await self._session.begin()
        self.users = Users(self._session)
        self.logbook = Logbook(self._session)
        self.inbox = Inbox(self._session)
        self.schedules = Schedules(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._session.in_transaction():
                await self._session.rollback()
        finally:
            await self._session.close()

    async def commit(self) -> None:
        try:
            await self._session.commit()
        except IntegrityError as exc:
            await self._session.rollback()
            raise DuplicateError(str(exc.orig)) from exc


class UnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions)
