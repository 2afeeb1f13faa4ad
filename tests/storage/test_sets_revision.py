"""The sets revision (what tells a cached rules window it is stale) moves with the sets only,
the same on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Profile, SetEntry, Unit, WeighIn
from storage.db import make_session_factory
from storage.uow import UnitOfWorkFactory

AT = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
BENCH = SetEntry(exercise="bench_press", weight=Decimal(80), unit=Unit.KG, reps=8, line=1)


async def test_only_a_message_with_sets_makes_cached_windows_stale(engine: AsyncEngine) -> None:
    uow = UnitOfWorkFactory(make_session_factory(engine))

    async def revision() -> int:
        async with uow() as tx:
            user = await tx.users.get(7)
            assert user is not None
            return user.sets_revision

    async def add(message_id: int, entries: list[SetEntry], weigh_in: WeighIn | None) -> None:
        async with uow() as tx:
            await tx.logbook.add_message(
                user_id=7,
                chat_id=7,
                message_id=message_id,
                text="…",
                at=AT,
                entries=entries,
                workout_id=None,
                weigh_in=weigh_in,
            )
            await tx.commit()

    async with uow() as tx:
        await tx.users.create(Profile(7), AT)
        await tx.commit()
    first = await revision()
    await add(1, [], WeighIn(Decimal("81.5"), Unit.KG, None, 1))  # a weigh-in alone
    await add(2, [], None)  # a question waiting for a tap
    assert await revision() == first
    await add(3, [BENCH, BENCH], None)
    assert await revision() == first + 1
