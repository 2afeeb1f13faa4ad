"""Imports and exports: the import ledger, bulk writes of imported workouts and sets, and the
export read in canonical order, one bounded page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple, cast

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Select,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from core.model import SetRecord
from core.transfer import ExportSet, ImportJob, ImportStatus, SourceFormat
from storage import convert, titles
from storage.rows import ImportRow, LogMessageRow, SetRow, UserRow

# log_messages.chat_id of an imported workout: no Telegram chat has the id 0, so /undo, edits
# and re-deliveries (all keyed by chat) never meet one.
IMPORT_CHAT = 0
_WORKOUT_BITS = 24  # workouts per import (a 20 MB file holds ~250 000 rows)
_CHUNK_BITS = 8  # rows of one workout (10 000 sets each, logbook.SEQ_PER_MESSAGE)

_Ts = TypeVarTuple("_Ts")

# The tables themselves, for Core bulk inserts (see add_sets).
_SET_RECORDS = cast(Table, SetRow.__table__)
_LOG_MESSAGES = cast(Table, LogMessageRow.__table__)

# Where a set sits in canonical order: what the next export page starts after.
ExportCursor = tuple[datetime, int, int]


def import_message_id(import_id: int, workout: int, chunk: int) -> int:
    """The (unique, negative: Telegram ids are positive) message id of an imported workout."""
    if workout >= 1 << _WORKOUT_BITS or chunk >= 1 << _CHUNK_BITS:
        raise ValueError("too many workouts or sets in one import")
    return -((import_id << (_WORKOUT_BITS + _CHUNK_BITS)) | (workout << _CHUNK_BITS) | chunk)


@dataclass(frozen=True, slots=True)
class NewWorkout:
    """A row for (part of) an imported workout: `number` in the file, `chunk` past 10 000 sets."""

    number: int
    chunk: int
    at: datetime
    title: str | None


@dataclass(frozen=True, slots=True)
class NewSet:
    """An imported set placed: under which log row, at which position, in which workout."""

    record: SetRecord
    log_id: int
    position: int
    workout_id: int
    key: str  # the import key, unique per user
    line: int  # the line of the file it came from


def _rows(user_id: int, sets: Sequence[NewSet]) -> list[tuple[Any, ...]]:
    return [
        convert.imported_set_values(
            s.record,
            user_id=user_id,
            log_id=s.log_id,
            position=s.position,
            workout_id=s.workout_id,
            key=s.key,
            line=s.line,
        )
        for s in sets
    ]


def _job(row: ImportRow) -> ImportJob:
    return ImportJob(
        id=row.id,
        user_id=row.user_id,
        created_at=row.created_at,
        source=row.source,
        file_ref=row.file_ref,
        file_name=row.file_name,
        size=row.size,
        sha256=row.sha256,
        format=SourceFormat(row.format),
        sets=row.sets,
        status=ImportStatus(row.status),
        added=row.added,
        already=row.already,
    )


class Transfer:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # ------------------------------------------------------------------ the import ledger

    async def create_job(
        self,
        *,
        user_id: int,
        now: datetime,
        source: str,
        file_ref: str,
        file_name: str,
        size: int,
        sha256: str,
        format: SourceFormat,
        sets: int,
    ) -> ImportJob:
        row = ImportRow(
            user_id=user_id,
            created_at=now,
            source=source,
            file_ref=file_ref,
            file_name=file_name[:255],
            size=size,
            sha256=sha256,
            format=format.value,
            sets=sets,
            status=ImportStatus.PREVIEWED.value,
        )
        self._s.add(row)
        await self._s.flush()
        return _job(row)

    async def job(self, import_id: int, *, lock: bool = False) -> ImportJob | None:
        query = select(ImportRow).where(ImportRow.id == import_id)
        if lock:
            query = query.with_for_update()
        row = await self._s.scalar(query)
        return None if row is None else _job(row)

    async def jobs_of(self, user_id: int) -> list[ImportJob]:
        rows = await self._s.scalars(
            select(ImportRow).where(ImportRow.user_id == user_id).order_by(ImportRow.id)
        )
        return [_job(r) for r in rows]

    async def finish_job(
        self,
        import_id: int,
        status: ImportStatus,
        now: datetime,
        *,
        added: int | None = None,
        already: int | None = None,
        keep_custom: bool | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status.value, "finished_at": now}
        if added is not None:
            values["added"] = added
        if already is not None:
            values["already"] = already
        if keep_custom is not None:
            values["keep_custom"] = keep_custom
        await self._s.execute(update(ImportRow).where(ImportRow.id == import_id).values(**values))

    # ------------------------------------------------------------------ what is there already

    async def known_keys(self, user_id: int, keys: Sequence[str]) -> dict[str, int]:
        """The import keys of these the user has, each with its set's workout."""
        if not keys:
            return {}
        query = self._among(
            select(SetRow.import_key, SetRow.workout_id).where(SetRow.user_id == user_id),
            SetRow.import_key,
            keys,
        )
        rows = await self._s.execute(query)
        return {key: workout for key, workout in rows if key is not None}

    async def known_sets(
        self, user_id: int, set_ids: Sequence[int]
    ) -> dict[int, tuple[datetime, str]]:
        """The user's sets among these ids: each one's time and exercise."""
        if not set_ids:
            return {}
        rows = await self._s.execute(
            self._among(
                select(SetRow.id, SetRow.logged_at, SetRow.exercise).where(
                    SetRow.user_id == user_id
                ),
                SetRow.id,
                set_ids,
            )
        )
        return {set_id: (at, exercise) for set_id, at, exercise in rows}

    def _among(
        self, query: Select[*_Ts], column: QueryableAttribute[Any], values: Sequence[Any]
    ) -> Select[*_Ts]:
        """`query` narrowed to rows whose `column` is one of `values` (a batch of thousands).

        PostgreSQL joins them as a set: with a long IN list (or IN a subquery) it may scan all
        of the user's sets by another index and test each against every value (a second and
        more per batch, measured); joined, it looks each one up in the unique index.
        """
        if self._s.get_bind().dialect.name != "postgresql":
            return query.where(column.in_(values))
        kind = String() if isinstance(values[0], str) else BigInteger()
        wanted = func.unnest(cast_(list(values), ARRAY(kind))).table_valued("v").render_derived()
        return query.join(wanted, column == wanted.c.v)

    # ------------------------------------------------------------------ bulk writes

    async def add_workouts(
        self, user_id: int, import_id: int, workouts: Sequence[NewWorkout]
    ) -> list[int]:
        """One log row per (part of a) workout, in one statement; their ids in the same order."""
        if not workouts:
            return []
        wanted = [import_message_id(import_id, w.number, w.chunk) for w in workouts]
        rows = [
            {
                "user_id": user_id,
                "chat_id": IMPORT_CHAT,
                "message_id": message_id,
                "text": "",
                "received_at": w.at,
                "title": w.title,
                "import_id": import_id,
            }
            for w, message_id in zip(workouts, wanted, strict=True)
        ]
        # One executemany and one lookup by the unique (chat, message): fewer round trips than
        # INSERT … RETURNING in parameter order, which SQLite runs a few rows at a time.
        await self._s.execute(insert(_LOG_MESSAGES), rows)
        found = await self._s.execute(
            select(LogMessageRow.message_id, LogMessageRow.id).where(
                LogMessageRow.chat_id == IMPORT_CHAT, LogMessageRow.message_id.in_(wanted)
            )
        )
        ids = dict(found.all())
        return [ids[m] for m in wanted]

    async def add_sets(self, user_id: int, sets: Sequence[NewSet]) -> None:
        """All of them in one executemany (no ORM bookkeeping)."""
        if sets and self._s.get_bind().dialect.name == "postgresql":
            await self._copy_sets(user_id, sets)
            return
        if sets:
            # The table, not the ORM class: an ORM bulk insert splits the rows into groups by
            # which values are None (one statement per group, ~10x slower here).
            columns = convert.IMPORTED_COLUMNS
            rows = [dict(zip(columns, values, strict=True)) for values in _rows(user_id, sets)]
            await self._s.execute(insert(_SET_RECORDS), rows)

    async def _copy_sets(self, user_id: int, sets: Sequence[NewSet]) -> None:
        """PostgreSQL: COPY, inside the same transaction (several times an INSERT's speed)."""
        connection = await self._s.connection()
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.copy_records_to_table(
            _SET_RECORDS.name, columns=convert.IMPORTED_COLUMNS, records=_rows(user_id, sets)
        )

    async def bump(self, user_id: int) -> None:
        """The user's sets changed: cached windows of them are stale."""
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(sets_revision=UserRow.sets_revision + 1)
        )

    async def undo_job(self, user_id: int, import_id: int) -> int:
        """Take an import's sets out again (its workouts' rows go, the sets with them)."""
        rows = select(LogMessageRow.id).where(
            LogMessageRow.user_id == user_id, LogMessageRow.import_id == import_id
        )
        removed = await self._s.scalar(
            select(func.count()).select_from(SetRow).where(SetRow.log_message_id.in_(rows))
        )
        await self._s.execute(delete(SetRow).where(SetRow.log_message_id.in_(rows)))
        await self._s.execute(
            delete(LogMessageRow).where(
                LogMessageRow.user_id == user_id, LogMessageRow.import_id == import_id
            )
        )
        await self.bump(user_id)
        return int(removed or 0)

    # ------------------------------------------------------------------ export

    async def export_page(
        self, user_id: int, after: ExportCursor | None, size: int
    ) -> tuple[list[ExportSet], ExportCursor | None]:
        """The next `size` sets in canonical order after `after`, with their workouts' titles.

        Pages, not one long cursor: each page is a short transaction of its own (on SQLite a
        transaction holds the one writer slot), served by the (user_id, logged_at) index.
        """
        query = select(*convert.RECORD_COLUMNS, SetRow.workout_id).where(SetRow.user_id == user_id)
        if after is not None:
            query = query.where(
                # A plain tuple on the right takes each column's type (UtcDateTime included).
                tuple_(SetRow.logged_at, SetRow.log_message_id, SetRow.position) > after
            )
        rows = (
            await self._s.execute(
                query.order_by(SetRow.logged_at, SetRow.log_message_id, SetRow.position).limit(size)
            )
        ).all()
        if not rows:
            return [], None
        records = convert.set_records(rows)
        named = await titles.of_workouts(self._s, user_id, {r.workout_id for r in rows})
        page = [
            ExportSet(record, workout=r.workout_id, title=named.get(r.workout_id))
            for record, r in zip(records, rows, strict=True)
        ]
        last = rows[-1]
        return page, (last.logged_at, last.log_message_id, last.position)
