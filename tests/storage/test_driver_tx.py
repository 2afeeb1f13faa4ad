"""A unit of work straight on the driver (a logged set's usual way): it stores a message once,
rolls back whatever it did not commit, hands a clean connection back to the pool, and work
that needs more than prepared statements runs again with a session, writing once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Profile, SetEntry, Unit
from storage.db import make_session_factory
from storage.errors import DuplicateError
from storage.rows import LogMessageRow, SetRow
from storage.uow import UnitOfWork, UnitOfWorkFactory, driver_first

AT = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
BENCH = SetEntry(exercise="bench_press", weight=Decimal(80), unit=Unit.KG, reps=8, line=1)


async def _factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    uow = UnitOfWorkFactory(make_session_factory(engine))
    async with uow() as tx:
        await tx.users.create(Profile(7), AT)
        await tx.commit()
    return uow


async def _log(tx: UnitOfWork, message_id: int) -> None:
    await tx.logbook.add_message(
        user_id=7,
        chat_id=7,
        message_id=message_id,
        text="bench 80x8",
        at=AT,
        entries=[BENCH, BENCH],
        workout_id=None,
    )


async def _log_committed(uow: UnitOfWorkFactory, message_id: int) -> None:
    async with uow().on_driver() as tx:
        await _log(tx, message_id)
        await tx.commit()


async def _stored(uow: UnitOfWorkFactory) -> tuple[int, int]:
    """(messages, sets) stored for user 7."""
    async with uow() as tx:
        session = tx.logbook._s
        messages = await session.scalar(select(func.count()).select_from(LogMessageRow))
        sets = await session.scalar(select(func.count()).select_from(SetRow))
        return int(messages or 0), int(sets or 0)


async def test_a_set_logged_on_the_driver_is_stored_once(engine: AsyncEngine) -> None:
    uow = await _factory(engine)
    async with uow().on_driver() as tx:
        user = await tx.users.get(7, lock=True)
        assert user is not None
        await _log(tx, 1)
        await tx.commit()
    assert await _stored(uow) == (1, 2)
    with pytest.raises(DuplicateError):  # Telegram delivered it again
        await _log_committed(uow, 1)
    assert await _stored(uow) == (1, 2)


async def test_what_was_not_committed_is_rolled_back_and_the_connection_serves_on(
    engine: AsyncEngine,
) -> None:
    uow = await _factory(engine)
    with pytest.raises(ValueError, match="boom"):
        async with uow().on_driver() as tx:
            await _log(tx, 1)
            raise ValueError("boom")
    cancelled = asyncio.Event()

    async def cut_off() -> None:
        async with uow().on_driver() as tx:
            await _log(tx, 2)
            cancelled.set()
            await asyncio.sleep(10)  # a shutdown cancels the work here

    task = asyncio.create_task(cut_off())
    await cancelled.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await _stored(uow) == (0, 0)
    for message_id in (3, 4):  # the pool's connections are clean (and SQLite's lock is free)
        await _log_committed(uow, message_id)
    assert await _stored(uow) == (2, 4)


async def test_work_that_needs_a_session_runs_again_with_one_and_writes_once(
    engine: AsyncEngine,
) -> None:
    uow = await _factory(engine)
    runs: list[bool] = []

    async def work(tx: UnitOfWork) -> str:
        runs.append(tx.committed)
        await _log(tx, 1)
        created = await tx.users.created_at(7)  # an ORM query: more than prepared statements
        await tx.commit()
        return f"logged, user since {created:%Y}"

    assert await driver_first(uow, work) == "logged, user since 2026"
    assert len(runs) == 2
    assert await _stored(uow) == (1, 2)


async def test_asking_for_a_session_after_the_commit_is_a_bug_not_a_second_write(
    engine: AsyncEngine,
) -> None:
    uow = await _factory(engine)

    async def work(tx: UnitOfWork) -> None:
        await _log(tx, 1)
        await tx.commit()
        await tx.users.created_at(7)

    with pytest.raises(RuntimeError, match="after its commit"):
        await driver_first(uow, work)
    assert await _stored(uow) == (1, 2)
