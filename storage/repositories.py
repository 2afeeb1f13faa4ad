"""Queries per aggregate (users, logged messages and their sets); they never commit."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import LoggedMessage, Profile, SetEntry, SetRecord, WeighIn
from storage import bodyweight, convert, message_write, titles
from storage.driver_tx import DriverTransaction, FirstRead, NeedsSession, NeedsTransaction
from storage.errors import DuplicateError
from storage.inbox import Arrival
from storage.prepared import Prepared
from storage.rows import Base, DeloadWeekRow, LogMessageRow, SetRow, UserRow, WeighInRow

# The statements every logged set runs, built once (Core, on the tables: no ORM bookkeeping).
_USERS, _DELOADS = cast(Table, UserRow.__table__), cast(Table, DeloadWeekRow.__table__)
_SETS, _MESSAGES = cast(Table, SetRow.__table__), cast(Table, LogMessageRow.__table__)
# The user row (with its sets revision: whether a cached window is current) and its deload
# weeks in one statement; locked, it serialises the user's writers until commit (PostgreSQL).
_USER_QUERY = (
    select(_USERS, _DELOADS.c.week_start.label("deload_week"))
    .outerjoin(_DELOADS, _DELOADS.c.user_id == _USERS.c.id)
    .where(_USERS.c.id == bindparam("user_id"))
    .order_by(_DELOADS.c.week_start)
)
_LOAD_USER = Prepared(_USER_QUERY)
# A log message (the row of the enclosing query) that still holds sets.
_HAS_SETS = select(_SETS.c.id).where(_SETS.c.log_message_id == _MESSAGES.c.id).exists()
# A first contact: every column named (no Python-side defaults to compute per call); the id
# comes back only when the row is new.
_CREATE_USER = Prepared(
    lambda insert_: (
        insert_(_USERS)
        .values({c.key: bindparam(c.key) for c in _USERS.columns})
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(_USERS.c.id)
    )
)
_LOAD_USER_LOCKED = Prepared(_USER_QUERY.with_for_update(of=_USERS))
# The idempotency key: a second delivery of (chat, message) inserts nothing (SQLite; on
# PostgreSQL, storage.message_write stores a message and its sets in one statement).
_ADD_MESSAGE = Prepared(
    lambda insert_: (
        insert_(_MESSAGES)
        .values({k: bindparam(k) for k in message_write.MESSAGE_KEYS})
        .on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
        .returning(_MESSAGES.c.id)
    )
)
_ADD_SETS = Prepared(insert(_SETS).values({k: bindparam(k) for k in convert.SET_ROW_KEYS}))
_BUMP = Prepared(
    update(_USERS)
    .where(_USERS.c.id == bindparam("user_id"))
    .values(sets_revision=_USERS.c.sets_revision + 1)
)
# An optimistic unit of work's read (PostgreSQL, storage.driver_tx): the user, unlocked, with
# an id drawn for the message it may store, so the reply (its Undo button) can be worked out
# before the one statement that stores it.
_LOAD_USER_DRAWING_ID = Prepared(
    _USER_QUERY.add_columns(
        select(func.nextval(func.pg_get_serial_sequence("log_messages", "id")))
        .scalar_subquery()
        .label("next_message_id")
    )
)


class Users:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: int, *, lock: bool = False) -> Profile | None:
        """The user's profile, or None before their first contact.

        `lock` serialises a user's writers until commit (PostgreSQL row lock; SQLite's
        BEGIN IMMEDIATE already serialises every writer), so two instances logging the same
        user's messages at once still agree on the workout and its tally.
        """
        row, weeks = await self._load(user_id, lock)
        return None if row is None else convert.profile(row, weeks)

    async def create(self, profile: Profile, now: datetime) -> bool:
        """Store a new user; False when the user exists already (their first messages can
        arrive together: insert-if-absent never conflicts)."""
        created = await _CREATE_USER.rows(
            self._s,
            {  # every column of users (a new one goes here too: the statement names them all)
                "id": profile.user_id,
                "unit": profile.unit.value,
                "timezone": profile.timezone,
                "week_start": profile.week_start,
                "deload_every_weeks": profile.deload_every_weeks,
                "rules_off": sorted(profile.rules_off),
                "thresholds": dict(profile.thresholds),
                "created_at": now,
                "updated_at": now,
                "blocked_at": None,
                "awaiting": None,
                "sets_revision": convert.first_revision(now),
                "exercises_revision": None,
                "unit_chosen_at": None,
            },
        )
        return bool(created)

    async def unblock(self, user_id: int) -> bool:
        """Forget that the user blocked the bot; True if they had."""
        result = await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id, UserRow.blocked_at.is_not(None))
            .values(blocked_at=None)
        )
        return bool(getattr(result, "rowcount", 0))

    async def _load(self, user_id: int, lock: bool) -> tuple[Any, tuple[date, ...]]:
        """The user row and its deload weeks in one statement (it runs on every message)."""
        session = self._s
        if isinstance(session, DriverTransaction) and session.optimistic:
            # No lock: the write at the commit checks the sets revision read here instead.
            rows = await _LOAD_USER_DRAWING_ID.rows(session, {"user_id": user_id})
            if rows:
                row, earlier = rows[0], session.first_read
                # The reply rests on the first read: a later one that saw other sets must not
                # lend the write its newer revision.
                if earlier is not None and earlier.sets_revision != row.sets_revision:
                    raise NeedsTransaction("the user's sets changed between two reads")
                if earlier is None:
                    session.first_read = FirstRead(user_id, row.sets_revision, row.next_message_id)
        else:
            query = _LOAD_USER_LOCKED if lock else _LOAD_USER
            rows = await query.rows(session, {"user_id": user_id})
        if not rows:
            return None, ()
        return rows[0], tuple(r.deload_week for r in rows if r.deload_week is not None)

    async def update(self, user_id: int, now: datetime, **fields: Any) -> None:
        await self._s.execute(
            update(UserRow).where(UserRow.id == user_id).values(updated_at=now, **fields)
        )

    async def created_at(self, user_id: int) -> datetime | None:
        """When the account was made (None: there is none, e.g. after /forget)."""
        return await self._s.scalar(select(UserRow.created_at).where(UserRow.id == user_id))

    async def forget(self, user_id: int) -> None:
        """Delete the user and everything stored about them, children first.

        Each table is named so the deletion never rests on a foreign key alone (SQLite only
        honours them with the pragma on); a table added later with a user_id column and an
        ON DELETE CASCADE key to users is covered by the last statement.
        """
        for table in reversed(Base.metadata.sorted_tables):
            column = table.columns.get("user_id")
            if column is not None and table.name != UserRow.__tablename__:
                await self._s.execute(delete(table).where(column == user_id))
        await self._s.execute(delete(UserRow).where(UserRow.id == user_id))

    async def set_deload_week(self, user_id: int, week_start: date, on: bool) -> bool:
        """Mark or unmark a deload week; False when nothing changed."""
        existing = await self._s.get(DeloadWeekRow, (user_id, week_start))
        if on and existing is None:
            self._s.add(DeloadWeekRow(user_id=user_id, week_start=week_start))
            return True
        if not on and existing is not None:
            await self._s.delete(existing)
            return True
        return False


class Logbook:
    """Logged messages and the set records they produced."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session
        # An optimistic unit of work's message, stored by its commit (store_held_back).
        self._pending: dict[str, Any] | None = None

    async def find_message(self, chat_id: int, message_id: int) -> LoggedMessage | None:
        row = await self._s.scalar(
            select(LogMessageRow).where(
                LogMessageRow.chat_id == chat_id, LogMessageRow.message_id == message_id
            )
        )
        return None if row is None else await self._logged(row)

    async def get_message(self, log_id: int) -> LoggedMessage | None:
        row = await self._s.get(LogMessageRow, log_id)
        return None if row is None else await self._logged(row)

    async def find_undo(self, chat_id: int, undo_message_id: int) -> LoggedMessage | None:
        row = await self._s.scalar(
            select(LogMessageRow).where(
                LogMessageRow.chat_id == chat_id, LogMessageRow.undo_message_id == undo_message_id
            )
        )
        return None if row is None else await self._logged(row)

    async def last_active_message(self, user_id: int, chat_id: int) -> LoggedMessage | None:
        """The user's last log in this chat (a /undo in a group undoes nothing private); a
        message still asking which reading to log holds nothing to undo and is passed over."""
        weighed = select(WeighInRow.log_message_id).where(
            WeighInRow.log_message_id == LogMessageRow.id
        )
        row = await self._s.scalar(
            select(LogMessageRow)
            .where(
                LogMessageRow.user_id == user_id,
                LogMessageRow.chat_id == chat_id,
                LogMessageRow.undone_at.is_(None),
                or_(_HAS_SETS, weighed.exists()),
            )
            .order_by(LogMessageRow.received_at.desc(), LogMessageRow.id.desc())
            .limit(1)
        )
        return None if row is None else await self._logged(row)

    async def logged_before(self, user_id: int, log_id: int) -> bool:
        """Whether the user has a logged message, kept and not undone, older than `log_id`."""
        found = await self._s.scalar(
            select(LogMessageRow.id)
            .where(
                LogMessageRow.user_id == user_id,
                LogMessageRow.id < log_id,
                LogMessageRow.undone_at.is_(None),
                _HAS_SETS,
            )
            .limit(1)
        )
        return found is not None

    async def newest_message_text(self, user_id: int, chat_id: int) -> tuple[int, str] | None:
        """The id and text of the user's newest message in this chat that the log keeps,
        logged or not (one that did not log is kept without sets), undone ones passed over."""
        row = (
            await self._s.execute(
                select(LogMessageRow.id, LogMessageRow.text)
                .where(
                    LogMessageRow.user_id == user_id,
                    LogMessageRow.chat_id == chat_id,
                    LogMessageRow.undone_at.is_(None),
                )
                .order_by(LogMessageRow.received_at.desc(), LogMessageRow.id.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else (row.id, row.text)

    async def _logged(
        self, row: LogMessageRow, entries: Sequence[SetEntry] | None = None
    ) -> LoggedMessage:
        """The message with its sets (read from the table unless the caller has them)."""
        if entries is None:
            result = await self._s.execute(
                select(*convert.RECORD_COLUMNS, SetRow.line)
                .where(SetRow.log_message_id == row.id)
                .order_by(SetRow.position)
            )
            rows = result.all()
            entries = [
                convert.set_entry(record, r.line)
                for record, r in zip(convert.set_records(rows), rows, strict=True)
            ]
        return LoggedMessage(
            id=row.id,
            user_id=row.user_id,
            chat_id=row.chat_id,
            message_id=row.message_id,
            text=row.text,
            received_at=row.received_at,
            undone=row.undone_at is not None,
            entries=tuple(entries),
            title=row.title,
            weigh_in=await bodyweight.of_message(self._s, row.id),
        )

    async def workout_titles(self, user_id: int, log_ids: Collection[int]) -> dict[int, str]:
        """The title of the workout each of these messages is part of (storage/titles.py)."""
        return await titles.of_messages(self._s, user_id, log_ids)

    async def count_sets(self, user_id: int) -> int:
        found = await self._s.scalar(
            select(func.count()).select_from(SetRow).where(SetRow.user_id == user_id)
        )
        return int(found or 0)

    async def last_set(self, user_id: int) -> SetRecord | None:
        row = (
            await self._s.execute(
                select(*convert.RECORD_COLUMNS)
                .where(SetRow.user_id == user_id)
                .order_by(
                    SetRow.logged_at.desc(), SetRow.log_message_id.desc(), SetRow.position.desc()
                )
                .limit(1)
            )
        ).first()
        return None if row is None else convert.set_records([row])[0]

    async def add_message(
        self,
        *,
        user_id: int,
        chat_id: int,
        message_id: int,
        text: str,
        at: datetime,
        entries: Sequence[SetEntry],
        workout_id: int | None,
        title: str | None = None,
        weigh_in: WeighIn | None = None,
        day: date | None = None,
    ) -> LoggedMessage:
        """Store a message, its sets, the workout title and the weigh-in it carried (on the
        user's local `day`); `workout_id` None opens a workout with this message.

        DuplicateError when (chat, message) is already stored: the idempotency key.
        """
        values = (user_id, chat_id, message_id, text, at, title)
        message = dict(zip(message_write.MESSAGE_KEYS, values, strict=True))
        session = self._s
        if session.get_bind().dialect.name == "postgresql":
            # Placement (message, position, workout, time) is filled in by the statement.
            rows = [convert.set_fields_row(e) for e in entries]
            columns = {c: [r[c] for r in rows] for c in message_write.SET_COLUMNS}
            params = {**message, **columns, "workout_id": workout_id}
            if isinstance(session, DriverTransaction) and session.optimistic:
                log_id = self._hold_back(session, params, weigh_in)
            else:
                log_id = await message_write.add(session, params)
        else:
            inserted = await _ADD_MESSAGE.rows(session, message)
            if not inserted:
                raise DuplicateError(f"message {chat_id}/{message_id} is already logged")
            log_id = inserted[0].id
            if entries:  # none: a weigh-in alone, or a message that asked which reading to log
                await self._add_sets(log_id, user_id, workout_id or log_id, at, entries)
                await self._bump(user_id)
        if weigh_in is not None:
            await bodyweight.add(self._s, log_id, user_id, weigh_in, day or at.date(), at)
        return LoggedMessage(
            id=log_id,
            user_id=user_id,
            chat_id=chat_id,
            message_id=message_id,
            text=text,
            received_at=at,
            undone=False,
            entries=tuple(entries),
            title=title,
            weigh_in=weigh_in,
        )

    def _hold_back(
        self, session: DriverTransaction, params: dict[str, Any], weigh_in: WeighIn | None
    ) -> int:
        """Keep the message for the optimistic commit; the id drawn for it."""
        first = session.first_read
        if first is None or first.user_id != params["user_id"] or self._pending is not None:
            raise NeedsTransaction("a message without its user's read")
        if weigh_in is not None:  # a second table, written through the ORM: a session
            raise NeedsSession("a weigh-in")
        self._pending = {**params, "id": first.message_id, "sets_revision": first.sets_revision}
        return first.message_id

    async def store_held_back(
        self, handling: int | None, arrival: Arrival | None, now: datetime
    ) -> bool:
        """The optimistic commit: the message held back, with the update's done-mark, in one
        statement (DuplicateError when it was stored before; NeedsTransaction when the user's sets
        changed since the read). False when no message was held back."""
        params, self._pending = self._pending, None
        if params is None:
            return False
        await message_write.add_checked(self._s, params, handling, arrival, now)
        return True

    async def _bump(self, user_id: int) -> None:
        await _BUMP.run(self._s, {"user_id": user_id})

    async def _add_sets(
        self, log_id: int, user_id: int, workout_id: int, at: datetime, entries: Sequence[SetEntry]
    ) -> None:
        # One executemany for the whole message.
        await _ADD_SETS.run(
            self._s,
            [
                convert.set_row(
                    e, user_id=user_id, log_id=log_id, position=p, workout_id=workout_id, at=at
                )
                for p, e in enumerate(entries)
            ],
        )

    async def replace_sets(
        self,
        log_id: int,
        *,
        text: str,
        entries: Sequence[SetEntry],
        edited_at: datetime,
        workout_id: int | None,
        title: str | None = None,
        weigh_in: WeighIn | None = None,
        day: date | None = None,
    ) -> LoggedMessage:
        """An edit: the message's sets, title and weigh-in become exactly these; an undone
        message comes back (in its old workout, else `workout_id`, else a workout of its own)."""
        message = await self._s.get(LogMessageRow, log_id)
        assert message is not None
        kept = await self._s.scalar(
            select(SetRow.workout_id).where(SetRow.log_message_id == log_id).limit(1)
        )
        await self._s.execute(delete(SetRow).where(SetRow.log_message_id == log_id))
        message.text = text
        message.edited_at = edited_at
        message.title = title
        # undo_message_id stays: a replayed /undo that undid it must not undo anything else.
        message.undone_at = None
        at = message.received_at
        if entries:
            await self._add_sets(log_id, message.user_id, kept or workout_id or log_id, at, entries)
        if entries or kept is not None:
            await self._bump(message.user_id)
        await bodyweight.remove(self._s, log_id)
        if weigh_in is not None:
            await bodyweight.add(self._s, log_id, message.user_id, weigh_in, day or at.date(), at)
        await self._s.flush()
        return await self._logged(message, entries)

    async def set_text(self, log_id: int, text: str) -> None:
        """The message's latest text, when it changes without changing its sets (an edit that
        asks a question, or a tapped answer to one that leads to the next)."""
        await self._s.execute(
            update(LogMessageRow).where(LogMessageRow.id == log_id).values(text=text)
        )

    async def undo(
        self, log_id: int, user_id: int, at: datetime, undo_message_id: int | None
    ) -> None:
        await self._s.execute(delete(SetRow).where(SetRow.log_message_id == log_id))
        await bodyweight.remove(self._s, log_id)
        await self._s.execute(
            update(LogMessageRow)
            .where(LogMessageRow.id == log_id)
            .values(undone_at=at, undo_message_id=undo_message_id)
        )
        await self._bump(user_id)

    async def window(
        self,
        user_id: int,
        since: datetime,
        until: datetime | None = None,
        exclude_log_id: int | None = None,
    ) -> tuple[list[SetRecord], list[int]]:
        """Sets in [since, until) in canonical order, with each set's workout id; served by the
        (user_id, logged_at) index. No `until`: everything from `since` on."""
        query = select(*convert.RECORD_COLUMNS, SetRow.workout_id).where(
            SetRow.user_id == user_id, SetRow.logged_at >= since
        )
        if until is not None:
            query = query.where(SetRow.logged_at < until)
        if exclude_log_id is not None:
            query = query.where(SetRow.log_message_id != exclude_log_id)
        rows = (
            await self._s.execute(
                query.order_by(SetRow.logged_at, SetRow.log_message_id, SetRow.position)
            )
        ).all()
        return convert.set_records(rows), [r.workout_id for r in rows]
