"""A known lifter's set on PostgreSQL is read without a transaction and stored, with its
update's done-mark, by one statement that checks nothing changed meanwhile; when something
did, the log runs again the locked way. Nothing is lost, doubled or counted wrong."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.replies import Reply
from service import inbox
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from storage import message_write
from storage.inbox import ARRIVAL, HANDLING, Arrival, NewUpdate
from storage.rows import InboxRow
from tests.dbs import BACKENDS
from tests.service.conftest import Database

LIFTER, GROUP = 4004, -100500
# Two instances racing: PostgreSQL's (SQLite serves one process); skipped without its URL.
ON_POSTGRES = pytest.mark.parametrize("database", [BACKENDS[1]], indirect=True)


def _msg(svc: Services, text_: str, message_id: int, chat: int = LIFTER) -> IncomingText:
    return IncomingText(LIFTER, chat, message_id, text_, svc.clock())


async def _marks(svc: Services, update_id: int) -> tuple[bool, bool]:
    async with svc.uow() as uow:
        row = await uow._session.get(InboxRow, update_id)
        assert row is not None
        return row.done_at is not None, row.answered_at is not None


async def _stored(engine: AsyncEngine) -> list[tuple[int, str]]:
    """(chat, text) of each stored message, in id order, with how many sets it holds."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT m.chat_id, m.text, count(s.id) FROM log_messages m"
                " LEFT JOIN set_records s ON s.log_message_id = m.id"
                " GROUP BY m.id ORDER BY m.id"
            )
        )
        return [(r[0], f"{r[1]} ({r[2]})") for r in rows]


def _one_statement_writes(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], Awaitable[None]] | None = None
) -> list[int]:
    """Counts the optimistic commits (PostgreSQL; SQLite logs in its usual transaction), and
    runs `meanwhile` (another instance's work) between the first one's read and its write."""
    original, calls = message_write.add_checked, []

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if meanwhile is not None and len(calls) == 1:
            await meanwhile()
        return await original(*args, **kwargs)

    monkeypatch.setattr(message_write, "add_checked", counted)
    return calls


async def _raced_by(
    database: Database,
    svc: Services,
    monkeypatch: pytest.MonkeyPatch,
    text_: str,
    message_id: int,
    chat: int = LIFTER,
) -> tuple[list[str], list[int]]:
    """A second instance on the same database logs `text_` between this one's read and its
    one-statement write: that instance's replies, and the optimistic commits counted."""
    elsewhere = await database.open(svc.clock)
    answers: list[str] = []

    async def other() -> None:
        answers.append((await new_text(elsewhere, _msg(elsewhere, text_, message_id, chat))).text)

    return answers, _one_statement_writes(monkeypatch, other)


async def _handed_over(
    svc: Services, update_id: int, text_: str
) -> tuple[Reply, Arrival, list[int]]:
    """What the polling edge does: the handler runs before the inbox holds the update."""
    told: list[int] = []
    arrival = Arrival(
        NewUpdate(update_id, LIFTER, {"update_id": update_id}), svc.clock(), told.append
    )
    handling, arrived = HANDLING.set(update_id), ARRIVAL.set(arrival)
    try:
        reply = await new_text(svc, _msg(svc, text_, update_id))
    finally:
        ARRIVAL.reset(arrived)
        HANDLING.reset(handling)
    return reply, arrival, told


def _postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def _fell_back(caplog: pytest.LogCaptureFixture, why: str = "") -> list[str]:
    said = [r.getMessage() for r in caplog.records]
    return [m for m in said if "the work needs a" in m and why in m]


async def test_a_known_lifters_set_is_stored_with_its_done_mark(
    svc: Services,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await new_text(svc, _msg(svc, "bench 80x8", 1))  # the account is made the first time
    writes = _one_statement_writes(monkeypatch)
    await inbox.store(svc, [NewUpdate(701, LIFTER, {"update_id": 701})])
    caplog.set_level(logging.DEBUG, logger="storage.uow")
    token = HANDLING.set(701)
    try:
        reply = await new_text(svc, _msg(svc, "bench 80x7 F", 2))
    finally:
        HANDLING.reset(token)
    assert "2 sets, 1 to failure" in reply.text
    assert await _marks(svc, 701) == (True, False)
    assert await _stored(engine) == [(LIFTER, "bench 80x8 (1)"), (LIFTER, "bench 80x7 F (1)")]
    assert _fell_back(caplog) == []  # the one-statement way, not the locked rerun
    assert writes == ([1] if _postgres(engine) else [])
    # The Undo button names the id the message was stored under.
    undo = reply.buttons[0][0].data
    async with engine.connect() as conn:
        newest = await conn.scalar(text("SELECT max(id) FROM log_messages"))
    assert undo == f"undo:{newest}"


async def test_a_session_of_sets_goes_the_one_statement_way(
    svc: Services,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await new_text(svc, _msg(svc, "bench 60x10", 1))
    writes = _one_statement_writes(monkeypatch)
    caplog.set_level(logging.DEBUG, logger="storage.uow")
    lines = ["bench 80x8 @8", "squat 100x5x3", "pullups 8", "ohp 50x5 F", "row 70x10, 75x8"]
    for i, line in enumerate(lines, 2):
        reply = await new_text(svc, _msg(svc, line, i))
        assert "undo:" in reply.buttons[0][0].data
    assert "workout: 9 sets, 1 to failure" in reply.text
    assert _fell_back(caplog) == []
    assert len(writes) == (5 if _postgres(engine) else 0)
    assert len(await _stored(engine)) == 6


async def test_a_first_contact_is_made_in_one_transaction_on_the_driver(
    svc: Services, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage.uow")
    reply = await new_text(svc, _msg(svc, "bench 80x8", 1))
    assert "Bench Press" in reply.text
    # The account, its summary schedule and the set: one locked transaction, no session.
    assert not _fell_back(caplog, "needs a session")
    if _postgres(engine):  # the optimistic read found no account: a transaction, not a write
        assert _fell_back(caplog, "needs a transaction")
    async with engine.connect() as conn:
        schedules = await conn.scalar(text("SELECT count(*) FROM schedules"))
    assert schedules == 1


async def test_an_update_handed_over_before_it_was_stored_is_stored_with_the_set(
    svc: Services, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    await new_text(svc, _msg(svc, "squat 100x5", 1))
    caplog.set_level(logging.DEBUG, logger="storage.uow")
    reply, arrival, told = await _handed_over(svc, 702, "squat 100x5")
    assert "2 sets" in reply.text
    assert await _marks(svc, 702) == (True, False)
    assert arrival.stored and told == [702]
    assert [u for u, _ in await inbox.pending(svc)] == [702]
    assert _fell_back(caplog) == []


async def test_a_weigh_in_with_sets_is_stored_whole(svc: Services, engine: AsyncEngine) -> None:
    await new_text(svc, _msg(svc, "bench 80x8", 1))
    reply = await new_text(svc, _msg(svc, "bw 81.5\nbench 80x8", 2))
    assert "81.5" in reply.text and "2 sets" in reply.text
    async with engine.connect() as conn:
        weighed = await conn.scalar(text("SELECT count(*) FROM weigh_ins"))
    assert weighed == 1


@ON_POSTGRES
async def test_a_set_another_instance_stored_meanwhile_counts_in_the_reply(
    database: Database,
    svc: Services,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await new_text(svc, _msg(svc, "bench 80x8", 1))
    _, calls = await _raced_by(database, svc, monkeypatch, "bench 80x8 F", 50, chat=GROUP)
    caplog.set_level(logging.DEBUG, logger="storage.uow")
    reply = await new_text(svc, _msg(svc, "bench 80x6", 2))
    assert calls == [1]  # the rerun took a transaction, not the one statement
    # Run again the locked way, so the tally counts the group's set stored meanwhile.
    [rerun] = _fell_back(caplog, "sets changed")
    assert "needs a transaction" in rerun
    assert "3 sets, 1 to failure" in reply.text
    assert await _stored(engine) == [
        (LIFTER, "bench 80x8 (1)"),
        (GROUP, "bench 80x8 F (1)"),
        (LIFTER, "bench 80x6 (1)"),
    ]


@ON_POSTGRES
async def test_the_same_message_stored_by_another_instance_meanwhile_logs_once(
    database: Database, svc: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await new_text(svc, _msg(svc, "bench 80x8", 1))
    answers, _ = await _raced_by(database, svc, monkeypatch, "bench 85x5", 2)
    reply = await new_text(svc, _msg(svc, "bench 85x5", 2))
    assert reply.text == answers[0]  # the same confirmation, not a second log
    assert await _stored(engine) == [(LIFTER, "bench 80x8 (1)"), (LIFTER, "bench 85x5 (1)")]


@ON_POSTGRES
async def test_a_rerun_stores_the_handed_over_update_once(
    database: Database, svc: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await new_text(svc, _msg(svc, "squat 100x5", 1))
    await _raced_by(database, svc, monkeypatch, "squat 100x5", 60, chat=GROUP)
    reply, arrival, told = await _handed_over(svc, 703, "squat 100x5")
    assert "3 sets" in reply.text
    assert told == [703] and arrival.stored  # stored by the rerun's commit, once
    assert await _marks(svc, 703) == (True, False)
    assert (await _stored(engine))[-1] == (LIFTER, "squat 100x5 (1)")
