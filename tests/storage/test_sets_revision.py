"""The sets revision (what tells a cached rules window it is stale) moves with the sets only,
the same on both databases; an account still at its first revision never stored a set."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Profile, SetEntry, Unit, WeighIn
from storage.db import make_session_factory
from storage.uow import UnitOfWorkFactory

AT = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
BENCH = SetEntry(exercise="bench_press", weight=Decimal(80), unit=Unit.KG, reps=8, line=1)
USER = 7


class Account:
    """User 7's account, written and read through units of work as the use cases do."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.uow = UnitOfWorkFactory(make_session_factory(engine))

    async def create(self, at: datetime = AT) -> None:
        async with self.uow() as tx:
            await tx.users.create(Profile(USER), at)
            await tx.commit()

    async def profile(self) -> Profile:
        async with self.uow() as tx:
            user = await tx.users.get(USER)
            assert user is not None
            return user

    async def add(self, message_id: int, entries: list[SetEntry], weigh_in: WeighIn | None) -> int:
        async with self.uow() as tx:
            stored = await tx.logbook.add_message(
                user_id=USER,
                chat_id=USER,
                message_id=message_id,
                text="…",
                at=AT,
                entries=entries,
                workout_id=None,
                weigh_in=weigh_in,
            )
            await tx.commit()
            return stored.id


async def test_only_a_message_with_sets_makes_cached_windows_stale(engine: AsyncEngine) -> None:
    account = Account(engine)
    await account.create()
    first = (await account.profile()).sets_revision
    await account.add(1, [], WeighIn(Decimal("81.5"), Unit.KG, None, 1))  # a weigh-in alone
    await account.add(2, [], None)  # a question waiting for a tap
    assert (await account.profile()).sets_revision == first
    await account.add(3, [BENCH, BENCH], None)
    assert (await account.profile()).sets_revision == first + 1


async def test_a_new_account_has_no_sets_to_read_until_one_is_stored(engine: AsyncEngine) -> None:
    """What lets a first contact skip reading history: wrong the other way, a lifter's
    records and rules would see an empty past."""
    account = Account(engine)
    await account.create(datetime(2026, 3, 2, 17, 0, 0, 123456, tzinfo=UTC))
    assert not (await account.profile()).logged_sets
    await account.add(1, [], WeighIn(Decimal("81.5"), Unit.KG, None, 1))
    await account.add(2, [], None)
    assert not (await account.profile()).logged_sets
    logged = await account.add(3, [BENCH], None)
    assert (await account.profile()).logged_sets
    async with account.uow() as tx:
        await tx.logbook.undo(logged, USER, AT, None)
        await tx.commit()
    assert (await account.profile()).logged_sets  # its sets changed once: read them
    async with account.uow() as tx:
        await tx.users.forget(USER)
        await tx.commit()
    await account.create(datetime(2026, 3, 9, 8, 0, tzinfo=UTC))  # /forget, then writing again
    assert not (await account.profile()).logged_sets
