"""Fixtures for the use cases: a database that can be reopened (a restart), a clock, a sender."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.replies import Reply
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory
from tests.clock import Clock
from tests.dbs import BACKENDS, postgres_schema, postgres_url


class Database:
    """One test database; `open()` is a process start: a new engine and new Services."""

    def __init__(self, url: str, connect_args: dict[str, object]) -> None:
        self.url = url
        self.connect_args = connect_args
        self.engines: list[AsyncEngine] = []

    async def open(self, clock: Callable[[], datetime]) -> Services:
        engine = make_engine(self.url, connect_args=self.connect_args)
        await migrate(engine)
        self.engines.append(engine)
        return Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=clock)

    async def close(self) -> None:
        for engine in self.engines:
            await engine.dispose()


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'test.db'}", {})
        yield db
        await db.close()
        return
    async with postgres_schema() as schema:
        db = Database(postgres_url(), {"server_settings": {"search_path": schema}})
        yield db
        await db.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
async def svc(database: Database, clock: Clock) -> Services:
    return await database.open(clock)


@pytest.fixture
def engine(svc: Services, database: Database) -> AsyncEngine:
    """The engine behind `svc`, for a look at the tables."""
    return database.engines[0]


class Outbox:
    """A send() that records messages; `fail` maps a chat to an exception to raise."""

    def __init__(self) -> None:
        self.sent: list[Reply] = []
        self.chats: list[int] = []  # the chat of each sent message
        self.fail: dict[int, Exception] = {}
        self.calls = 0

    async def __call__(self, chat_id: int, reply: Reply) -> None:
        self.calls += 1
        error = self.fail.get(chat_id)
        if error is not None:
            raise error
        self.sent.append(reply)
        self.chats.append(chat_id)

    def to(self, chat_id: int) -> list[Reply]:
        return [r for r, c in zip(self.sent, self.chats, strict=True) if c == chat_id]


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()
