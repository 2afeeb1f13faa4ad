"""Fixtures: a migrated engine and services over it, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from service.services import Services
from storage.db import make_session_factory
from storage.uow import UnitOfWorkFactory
from tests.dbs import BACKENDS, migrated_engine


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(params=BACKENDS)
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    async with migrated_engine(request.param, tmp_path) as engine:
        yield engine


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))


@pytest.fixture
def services(engine: AsyncEngine, clock: Clock) -> Services:
    return Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=clock)
