"""SQLite without a thread hop per statement: statements run on the event loop, but waiting for
another connection's write lock never blocks the loop (nor deadlocks two engines on one file)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from service import users
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_a_writer_waiting_for_another_engines_lock_leaves_the_loop_running(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}"
    first, second = make_engine(url), make_engine(url)
    try:
        await migrate(first)
        one = Services(uow=UnitOfWorkFactory(make_session_factory(first)), clock=lambda: NOW)
        two = Services(uow=UnitOfWorkFactory(make_session_factory(second)), clock=lambda: NOW)
        ticks = 0
        second_done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not second_done.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        async def second_writer() -> None:
            async with two.uow() as uow:
                await users.contact(uow, 2, NOW)
                await uow.commit()
            second_done.set()

        ticking = asyncio.create_task(ticker())
        async with one.uow() as uow:
            await users.contact(uow, 1, NOW)  # holds the write lock from here to the commit
            waiting = asyncio.create_task(second_writer())
            await asyncio.sleep(0.3)
            assert not waiting.done()  # it waits for the lock...
            held_ticks = ticks
            assert held_ticks >= 10  # ...while the loop goes on (a blocking wait would freeze it)
            await uow.commit()
        await asyncio.wait_for(waiting, 10)
        await ticking
        async with one.uow() as uow:
            assert await uow.users.get(1) is not None and await uow.users.get(2) is not None
    finally:
        await first.dispose()
        await second.dispose()


async def test_statement_errors_surface_as_the_drivers_errors(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    try:
        await migrate(engine)
        with pytest.raises(Exception) as raised:
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO no_such_table VALUES (1)"))
        assert isinstance(raised.value.__cause__ or raised.value, sqlite3.OperationalError)
        async with engine.begin() as conn:  # the connection is usable afterwards
            assert (await conn.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()
