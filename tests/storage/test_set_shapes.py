"""One set, three shapes: every field of SET_FIELDS has a column and survives a round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import SET_FIELDS, Failure, Profile, SetEntry, Unit, set_fields
from storage.db import make_session_factory
from storage.rows import SetRow
from storage.uow import UnitOfWorkFactory

AT = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
# Every field away from its default, so a dropped or swapped column shows.
ENTRY = SetEntry(
    exercise="dip",
    weight=Decimal("-12.5"),
    unit=Unit.LB,
    reps=8,
    failure=Failure.ECCENTRIC,
    rpe=Decimal("9.5"),
    rir=Decimal("0.5"),
    warmup=True,
    bodyweight=True,
    seconds=40,
    drop=True,
    note="slow negatives",
    line=3,
)


def test_every_set_field_has_a_column() -> None:
    assert {*SET_FIELDS, "line"} <= set(SetRow.__table__.columns.keys())


async def test_a_set_comes_back_as_it_was_stored(engine: AsyncEngine) -> None:
    uow = UnitOfWorkFactory(make_session_factory(engine))
    async with uow() as tx:
        await tx.users.create(Profile(7), AT)
        stored = await tx.logbook.add_message(
            user_id=7, chat_id=7, message_id=1, text="…", at=AT, entries=[ENTRY], workout_id=None
        )
        await tx.commit()
    async with uow() as tx:
        [record], _ = await tx.logbook.window(7, datetime(2026, 1, 1, tzinfo=UTC))
        message = await tx.logbook.find_message(7, 1)
    assert set_fields(record) == set_fields(ENTRY)
    assert (record.at, record.id is not None) == (AT, True)
    assert record.seq > 0
    assert message is not None and message.entries == (ENTRY,)
    assert stored.entries == (ENTRY,)
