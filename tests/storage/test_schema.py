"""The schema: migrations build exactly the ORM model, URLs normalise, the inbox round-trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from service import inbox
from service.context import IncomingText, Services
from service.log_sets import log_text
from storage.db import DatabaseUrlError, normalise_url
from storage.inbox import NewUpdate
from storage.migrate import migrate
from storage.rows import Base


async def test_migrations_match_the_model(engine: AsyncEngine) -> None:
    await migrate(engine)  # running twice is harmless
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    assert diff == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_url_forms(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.parametrize("bad", ["", "mysql://u@h/db", "not a url"])
def test_bad_database_urls_are_refused(bad: str) -> None:
    with pytest.raises(DatabaseUrlError):
        normalise_url(bad)


async def test_inbox_keeps_unanswered_updates(services: Services) -> None:
    first = [NewUpdate(10, 1, {"update_id": 10}), NewUpdate(11, 2, {"update_id": 11})]
    assert await inbox.store(services, first) == {10, 11}
    assert await inbox.store(services, first[1:]) == set()  # the same update again: not new
    await inbox.mark_answered(services, [10])
    assert await inbox.pending(services) == [(11, {"update_id": 11})]


async def test_times_come_back_aware_utc(services: Services) -> None:
    berlin_evening = datetime(2026, 3, 2, 19, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    await log_text(services, IncomingText(5, 5, 1, "bench 80x8", berlin_evening))
    async with services.uow() as uow:
        [stored], _ = await uow.logbook.window(5, datetime(2026, 1, 1, tzinfo=UTC))
        message = await uow.logbook.find_message(5, 1)
    assert stored.at == berlin_evening and stored.at.utcoffset() == timedelta(0)
    assert message is not None and message.received_at == berlin_evening
    assert message.received_at.tzinfo is not None
