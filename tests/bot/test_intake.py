"""Polling intake: the next getUpdates (which confirms a batch to Telegram) goes out only once
every update of the batch is in the inbox, whether its handler's commit stored it or not, and
after a short wait for the batch's answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.durable import Intake
from bot.outage import Outage
from service import inbox
from service.inbox import ARRIVAL, HANDLING, NewUpdate
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.rows import InboxRow
from storage.uow import UnitOfWorkFactory


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Services]:
    engine = make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    await migrate(engine)
    yield Services(uow=UnitOfWorkFactory(make_session_factory(engine)))
    await engine.dispose()


async def _rows(svc: Services) -> dict[int, bool]:
    """update_id -> done, for every stored update."""
    async with svc.uow() as uow:
        rows = await uow._session.execute(select(InboxRow.update_id, InboxRow.done_at))
        return {r.update_id: r.done_at is not None for r in rows}


async def test_settle_returns_only_when_the_whole_batch_is_stored(svc: Services) -> None:
    intake = Intake(svc, Outage(), grace=0.2)
    batch = [NewUpdate(i, 40 + i, {"update_id": i}) for i in (1, 2)]
    intake.hold(batch)

    async def handler() -> None:  # update 1 logs a set; update 2's handler never commits
        arrival = intake.arrival(1)
        assert arrival is not None
        handling, arrived = HANDLING.set(1), ARRIVAL.set(arrival)
        try:
            await new_text(svc, IncomingText(41, 41, 1, "bench 80x8", svc.clock()))
        finally:
            ARRIVAL.reset(arrived)
            HANDLING.reset(handling)

    handled = asyncio.create_task(handler())
    await intake.settle()
    await handled
    assert await _rows(svc) == {1: True, 2: False}  # 1 by its own commit, 2 by the batch store
    assert intake.arrival(1) is None and intake.arrival(2) is None
    await intake.settle()  # nothing held: returns at once


async def test_an_answered_mark_stores_an_update_nobody_stored_yet(svc: Services) -> None:
    intake = Intake(svc, Outage(), grace=10.0, answer_grace=0.0)
    intake.hold([NewUpdate(7, 70, {"update_id": 7})])
    arrival = intake.arrival(7)
    assert arrival is not None
    await inbox.mark_answered(svc, [7], [arrival])
    await asyncio.wait_for(intake.settle(), 1.0)  # no grace wait: it is stored
    assert await _rows(svc) == {7: True}
    assert await inbox.pending(svc) == []


async def test_a_stop_while_the_batch_is_being_stored_stops_the_long_poll(svc: Services) -> None:
    # PTB stops polling by cancelling the getUpdates task. If the batch finished storing in the
    # same moment, Python 3.11's wait_for swallowed that cancel: the task went on to a fresh
    # 10 s long poll holding the only getUpdates connection, so the shutdown's confirming
    # getUpdates timed out and the process logged a traceback on its way out.
    intake = Intake(svc, Outage(), grace=10.0, answer_grace=0.0)  # the wait for storage
    intake.hold([NewUpdate(8, 80, {"update_id": 8})])
    arrival = intake.arrival(8)
    assert arrival is not None
    settling = asyncio.create_task(intake.settle())
    await asyncio.sleep(0.01)  # settle is waiting for the batch
    arrival.mark_stored()  # the handler's commit stored it ...
    settling.cancel()  # ... in the same moment as the stop
    with pytest.raises(asyncio.CancelledError):
        await settling


async def test_the_next_poll_waits_for_the_answers_a_moment(svc: Services) -> None:
    """A set's reply and answered-mark finish before the next message is fetched, so the
    chat's next message never waits behind the rest of this one; a slow reply (a chart)
    holds the poll for the answer grace at most."""
    intake = Intake(svc, Outage(), grace=10.0, answer_grace=10.0)
    intake.hold([NewUpdate(9, 90, {"update_id": 9})])
    arrival = intake.arrival(9)
    assert arrival is not None
    arrival.mark_stored()  # the handler's commit stored it; its reply is still on the way
    settling = asyncio.create_task(intake.settle())
    await asyncio.sleep(0.05)
    assert not settling.done()
    intake.answered(9)
    await asyncio.wait_for(settling, 1.0)

    slow = Intake(svc, Outage(), grace=10.0, answer_grace=0.02)
    slow.hold([NewUpdate(10, 100, {"update_id": 10})])
    stored = slow.arrival(10)
    assert stored is not None
    stored.mark_stored()
    await asyncio.wait_for(slow.settle(), 0.5)  # never answered: the grace ends the wait
    await asyncio.wait_for(slow.settle(), 0.01)  # nothing held any more
