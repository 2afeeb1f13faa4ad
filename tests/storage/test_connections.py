"""PostgreSQL connections without a ping before every unit of work: an idle pooled connection
that died is replaced unseen; one that dies in steady use fails once as StorageUnavailable (the
caller retries) and the next unit of work gets a fresh connection."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_services
from bot.config import Settings
from service import users
from service.services import Services
from storage.db import PG_POOL_SIZE, make_engine, make_session_factory, open_pool
from storage.errors import StorageUnavailable
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory
from tests.dbs import POSTGRES_ENV, postgres_schema, postgres_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _kill_pooled_backends(schema: str) -> None:
    admin = make_engine(postgres_url())
    try:
        async with admin.begin() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND application_name = :name"
                ),
                {"name": schema},
            )
    finally:
        await admin.dispose()


@asynccontextmanager
async def _one_user(idle_s: float) -> AsyncIterator[tuple[str, Services, AsyncEngine]]:
    """A schema of its own (its name is the connections' application_name) with user 1, and
    its engine; pooled connections idle longer than `idle_s` are pinged before use."""
    async with postgres_schema() as schema:
        settings = {"search_path": schema, "application_name": schema}
        engine = make_engine(
            postgres_url(), connect_args={"server_settings": settings}, ping_idle_s=idle_s
        )
        try:
            await migrate(engine)
            svc = Services(uow=UnitOfWorkFactory(make_session_factory(engine)))
            async with svc.uow() as uow:
                await users.contact(uow, 1, NOW)
                await uow.commit()
            yield schema, svc, engine
        finally:
            await engine.dispose()


@pytest.mark.parametrize("idle_s", [0.2, 3600.0])
async def test_a_dead_pooled_connection_costs_at_most_one_retry(idle_s: float) -> None:
    async with _one_user(idle_s) as (schema, svc, _engine):
        await _kill_pooled_backends(schema)  # e.g. the server restarted
        await asyncio.sleep(0.3)
        failures = 0
        for _ in range(3):
            try:
                async with svc.uow() as uow:
                    found = await uow.users.get(1)
                break
            except StorageUnavailable:
                failures += 1
        assert found is not None
        # Idle past the threshold: checked and replaced before use, nothing fails.
        assert failures == (0 if idle_s < 0.3 else 1)


@pytest.mark.parametrize("on_driver", [False, True], ids=["session", "on the driver"])
async def test_a_restart_costs_one_retry_however_many_connections_were_pooled(
    on_driver: bool,
) -> None:
    # A lost connection takes every connection opened before it along (what SQLAlchemy does on
    # a disconnect): otherwise each pooled one fails a message in turn after a restart.
    async with _one_user(3600.0) as (schema, svc, _engine):

        async def busy() -> None:
            async with svc.uow() as uow:
                await uow.users.get(1)
                await asyncio.sleep(0.1)

        await asyncio.gather(*(busy() for _ in range(5)))  # five connections pooled
        await _kill_pooled_backends(schema)
        await asyncio.sleep(0.3)
        failures = 0
        for _ in range(8):
            work = svc.uow()
            try:
                async with work.on_driver() if on_driver else work as uow:
                    assert await uow.users.get(1, lock=True) is not None
                    await uow.commit()
            except StorageUnavailable:
                failures += 1
        assert failures == 1


@pytest.mark.parametrize("opened_at_start", [False, True], ids=["on demand", "at start"])
async def test_a_burst_of_chats_reuses_its_connections_instead_of_opening_new_ones(
    opened_at_start: bool,
) -> None:
    # Each new PostgreSQL connection costs a server process and asyncpg's type introspection
    # (14 % of the bot's CPU in a 20-chat burst when the pool kept 5 and closed the rest).
    async with _one_user(3600.0) as (_schema, svc, engine):
        opened = 0

        @event.listens_for(engine.sync_engine, "connect")
        def _count(*_args: object) -> None:
            nonlocal opened
            opened += 1

        if opened_at_start:  # what the bot does before it polls
            assert await open_pool(engine) == PG_POOL_SIZE
        at_start = opened

        async def chat() -> None:
            async with svc.uow() as uow:
                await uow.users.get(1, lock=False)
                await asyncio.sleep(0.05)  # every chat holds its transaction at once

        for _burst in range(3):
            await asyncio.gather(*(chat() for _ in range(20)))
        assert opened <= 20  # the first burst's connections serve the next two
        if opened_at_start:
            assert opened == at_start  # none opened while the chats waited


async def test_an_operator_sets_how_many_connections_an_instance_keeps() -> None:
    # TOFAILURE_DB_POOL_SIZE: several instances must fit under the server's max_connections.
    settings = Settings(_env_file=None, database_url=postgres_url(), tofailure_db_pool_size=3)
    services, engine = build_services(settings)
    try:
        assert await open_pool(engine) == 3
        held = [await engine.raw_connection() for _ in range(5)]  # a burst: 3 kept + 2 more
        with pytest.raises(TimeoutError):  # the sixth waits for one of them
            async with asyncio.timeout(0.3):
                await engine.raw_connection()
        for raw in held:
            raw.close()
        assert engine.pool.checkedin() == 3  # type: ignore[attr-defined]  # the 2 extra closed
    finally:
        services.charts.close()
        await engine.dispose()


async def test_a_quiet_bot_keeps_using_its_freshest_connection() -> None:
    # Last in, first out: the connections idle since the last burst are left alone (each would
    # need a ping after 30 s idle), the one just used serves the next message.
    engine = make_engine(postgres_url(), pool_size=3)
    try:
        await open_pool(engine)
        for _ in range(3):
            raw = await engine.raw_connection()
            used = raw.driver_connection
            raw.close()
        again = await engine.raw_connection()
        assert again.driver_connection is used
        again.close()
    finally:
        await engine.dispose()


async def test_connections_opened_at_start_have_the_hot_path_prepared() -> None:
    # Prepared at first use instead, each of the 20 connections spends a round trip and a plan
    # per statement in the middle of the first burst (the backlog replayed after a restart):
    # a first 20-chat burst ran at two thirds of the pace of the next.
    async with _one_user(3600.0) as (_schema, svc, engine):
        assert await open_pool(engine) == PG_POOL_SIZE
        prepared: list[int] = []

        async def chat() -> None:
            raw = await engine.raw_connection()
            try:
                prepared.append(
                    await raw.driver_connection.fetchval(
                        "SELECT count(*) FROM pg_prepared_statements"
                    )
                )
                await asyncio.sleep(0.05)  # every chat holds its connection at once
            finally:
                raw.close()

        await asyncio.gather(*(chat() for _ in range(PG_POOL_SIZE)))
        async with svc.uow().on_driver() as uow:  # a hot-path statement: none prepared anew
            assert await uow.users.get(1, lock=True) is not None
            await uow.commit()
        assert len(prepared) == PG_POOL_SIZE and min(prepared) >= 8
