"""The inbox as per-chat queues: done-marks ride with the handler's own transaction, answered
marks, each chat's queue in update_id order, chat locks across instances, pruning."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.deliveries import FAILED, PENDING, SENT
from service import inbox, retention, users
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from storage.errors import StorageUnavailable, is_unavailable
from storage.inbox import ARRIVAL, HANDLING, Arrival, ChatLocks, NewUpdate
from storage.rows import DeliveryRow, InboxRow
from storage.schedules import NewDelivery
from tests.clock import Clock


def _update(update_id: int, chat_id: int | None) -> NewUpdate:
    return NewUpdate(update_id, chat_id, {"update_id": update_id})


async def _marks(svc: Services, update_id: int) -> tuple[bool, bool]:
    async with svc.uow() as uow:
        row = await uow._session.get(InboxRow, update_id)
        assert row is not None
        return row.done_at is not None, row.answered_at is not None


async def test_a_logged_set_and_its_done_mark_commit_together(svc: Services) -> None:
    await inbox.store(svc, [_update(500, 7)])
    token = HANDLING.set(500)
    try:
        await new_text(svc, IncomingText(7, 7, 1, "bench 80x8", svc.clock()))
    finally:
        HANDLING.reset(token)
    # Done with the log's own commit (a crash now replays nothing that logs), not answered yet.
    assert await _marks(svc, 500) == (True, False)
    assert [u for u, _ in await inbox.pending(svc)] == [500]
    await inbox.mark_answered(svc, [500])
    assert await _marks(svc, 500) == (True, True)
    assert await inbox.pending(svc) == []


async def _handled(svc: Services, arrival: Arrival, text: str) -> None:
    """What the polling edge does: the handler runs before the inbox holds the update."""
    handling, arrived = HANDLING.set(arrival.update.update_id), ARRIVAL.set(arrival)
    try:
        chat = arrival.update.chat_id or 0
        await new_text(svc, IncomingText(chat, chat, arrival.update.update_id, text, svc.clock()))
    finally:
        ARRIVAL.reset(arrived)
        HANDLING.reset(handling)


async def test_an_update_handled_before_it_was_stored_is_stored_by_its_commit(
    svc: Services,
) -> None:
    told: list[int] = []
    arrival = Arrival(_update(600, 9), svc.clock(), told.append)
    await _handled(svc, arrival, "bench 80x8")
    # Stored and done in the log's own transaction; the edge is told (its getUpdates may go).
    assert await _marks(svc, 600) == (True, False)
    assert arrival.stored and told == [600]
    assert [u for u, _ in await inbox.pending(svc)] == [600]
    # A later batch store of the same update keeps the row (and its done-mark) as it is.
    assert await inbox.store(svc, [_update(600, 9)]) == set()
    assert await _marks(svc, 600) == (True, False)


async def test_an_update_stored_meanwhile_keeps_its_row_and_gets_the_done_mark(
    svc: Services,
) -> None:
    arrival = Arrival(_update(601, 10), svc.clock(), lambda _: None)
    await inbox.store(svc, [arrival.update])  # the batch store won the race
    await _handled(svc, arrival, "squat 100x5")
    assert await _marks(svc, 601) == (True, False)


async def test_an_update_whose_handler_writes_nothing_is_stored_by_its_answered_mark(
    svc: Services,
) -> None:
    told: list[int] = []
    quiet = Arrival(_update(602, 11), svc.clock(), told.append)
    await inbox.mark_answered(svc, [602, 603], [quiet])  # 603 was stored before
    assert await _marks(svc, 602) == (True, True)
    assert told == [602] and await inbox.pending(svc) == []


async def test_a_failed_transaction_leaves_the_update_not_done(svc: Services) -> None:
    await inbox.store(svc, [_update(501, 8)])
    token = HANDLING.set(501)
    try:
        with pytest.raises(RuntimeError):
            async with svc.uow() as uow:
                await users.contact(uow, 8, svc.clock())
                raise RuntimeError("the handler failed before committing")
    finally:
        HANDLING.reset(token)
    assert await _marks(svc, 501) == (False, False)


async def test_each_chat_is_a_queue_in_update_id_order(svc: Services) -> None:
    await inbox.store(svc, [_update(13, 1), _update(10, 1), _update(11, 2), _update(15, 1)])
    queue = await inbox.waiting(svc, 1, 0, 10)
    assert [w.update_id for w in queue] == [10, 13, 15]
    # 13 follows a stored update (12 is missing: 13 may wait for it); 10's predecessor is unknown.
    assert [w.follows_stored for w in queue] == [False, False, False]
    await inbox.store(svc, [_update(12, 3), _update(14, 2)])
    queue = await inbox.waiting(svc, 1, 10, 10)
    assert [(w.update_id, w.follows_stored) for w in queue] == [(13, True), (15, True)]
    await inbox.mark_answered(svc, [10, 13])
    assert [w.update_id for w in await inbox.waiting(svc, 1, 0, 10)] == [15]
    assert await inbox.has_waiting(svc, 1)
    await inbox.mark_answered(svc, [15])
    assert not await inbox.has_waiting(svc, 1)


async def test_stranded_chats_are_found_by_age(svc: Services, clock: Clock) -> None:
    await inbox.store(svc, [_update(20, 5), _update(21, None)])
    assert await inbox.chats_waiting(svc, timedelta(seconds=2), 10) == []
    clock.advance(seconds=3)
    await inbox.store(svc, [_update(22, 6)])
    assert await inbox.chats_waiting(svc, timedelta(seconds=2), 10) == [5, None]


async def test_pruning_removes_only_what_nothing_needs(svc: Services, clock: Clock) -> None:
    old = clock.now
    await inbox.store(svc, [_update(i, 1) for i in range(1, 8)])
    await inbox.mark_answered(svc, [1, 2, 3, 4, 5])  # 6 and 7 stay unanswered
    async with svc.uow() as uow:
        await users.contact(uow, 42, old)
        await uow.schedules.reserve(
            [NewDelivery(42, "summary", f"2026-W{w:02d}", old) for w in range(1, 5)], old
        )
        rows = list(await uow._session.scalars(select(DeliveryRow).order_by(DeliveryRow.id)))
        await uow.schedules.record(rows[0].id, SENT, old)
        await uow.schedules.record(rows[1].id, FAILED, old)  # given up: settled
        await uow.schedules.record(rows[2].id, FAILED, old, retry_at=old + timedelta(days=60))
        await uow.commit()  # rows[3] stays pending (leased)
    clock.advance(days=40)
    await inbox.store(svc, [_update(8, 1)])
    await inbox.mark_answered(svc, [8])  # answered just now: kept
    pruned = await retention.prune(svc, retention.Retention(batch=2))
    assert (pruned.inbox, pruned.deliveries) == (5, 2)
    assert [u for u, _ in await inbox.pending(svc)] == [6, 7]
    async with svc.uow() as uow:
        left = list(await uow._session.scalars(select(DeliveryRow.status)))
        count = await uow._session.scalar(select(func.count()).select_from(InboxRow))
    assert sorted(left) == sorted([FAILED, PENDING]) and count == 3


def test_deliveries_must_outlive_their_idempotency() -> None:
    with pytest.raises(ValueError):
        retention.Retention(deliveries=timedelta(days=7))


async def test_chat_locks_exclude_other_instances(engine: AsyncEngine) -> None:
    first, second = ChatLocks(engine), ChatLocks(engine)
    try:
        held = await first.try_acquire(-1001234567890)
        assert held is not None and first.holds(held)
        other = await second.try_acquire(-1001234567890)
        if engine.dialect.name == "postgresql":
            assert other is None  # another session holds the chat
            assert await second.try_acquire(77) is not None  # other chats are free
            await first.release(held)
            assert await second.try_acquire(-1001234567890) is not None
        else:
            assert other is not None  # one process: its own bookkeeping keeps one drain
    finally:
        await first.close()
        await second.close()


async def test_a_dead_lock_session_releases_its_chats(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    first, second = ChatLocks(engine), ChatLocks(engine)
    try:
        held = await first.try_acquire(5)
        assert held is not None
        async with engine.connect() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND pid <> pg_backend_pid() "
                    "AND objid = :low AND classid = :high"
                ),
                {"low": (3 << 56) + 5 & 0xFFFFFFFF, "high": ((3 << 56) + 5) >> 32},
            )
            await conn.commit()
        assert await second.try_acquire(5) is not None
        # The first instance learns it lost the lock at its next use of the connection.
        with pytest.raises(StorageUnavailable):
            for _ in range(3):
                await first.try_acquire(6)
        assert not first.holds(held)
    finally:
        await first.close()
        await second.close()


def test_unavailable_means_connection_trouble_not_bad_data() -> None:
    import sqlite3

    from sqlalchemy import exc as sa_exc

    refused = sa_exc.OperationalError("connect", {}, ConnectionRefusedError(111, "refused"))
    assert is_unavailable(refused)
    assert is_unavailable(sa_exc.TimeoutError("QueuePool limit reached"))
    locked = sa_exc.OperationalError("x", {}, sqlite3.OperationalError("database is locked"))
    assert is_unavailable(locked)
    overflow = sa_exc.DBAPIError("x", {}, OverflowError("Python int too large"))
    assert not is_unavailable(overflow)
    assert not is_unavailable(sa_exc.IntegrityError("x", {}, Exception("duplicate key")))
    assert not is_unavailable(ValueError("invalid literal for int()"))


async def test_a_refused_connection_is_storage_unavailable(tmp_path: object) -> None:
    from storage.db import make_engine, make_session_factory
    from storage.uow import UnitOfWorkFactory

    engine = make_engine("postgresql://postgres@127.0.0.1:1/nowhere")
    try:
        with pytest.raises(StorageUnavailable):
            async with UnitOfWorkFactory(make_session_factory(engine))() as uow:
                await uow.users.get(1)
    finally:
        await engine.dispose()
