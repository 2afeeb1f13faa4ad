"""The schema as SQLAlchemy 2 typed ORM classes (one ...Row class per table)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints so Alembic batch migrations on SQLite can find and alter them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive text) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    unit: Mapped[str] = mapped_column(String(2), default="kg")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    week_start: Mapped[str] = mapped_column(String(6), default="monday")
    deload_every_weeks: Mapped[int] = mapped_column(Integer, default=6)
    rules_off: Mapped[list[str]] = mapped_column(JSON, default=list)
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # What the bot asked for last ("timezone"), so a bare reply like "Berlin" is understood
    # even after a restart.
    awaiting: Mapped[str | None] = mapped_column(String(16), default=None)
    # Bumped by every change to the user's sets, so a process can trust its cached copy of
    # the rules window while the number it last saw is still current (any instance writes it).
    # Its first value (convert.first_revision of created_at) means "never had a set": such an
    # account reads no history (Profile.logged_sets), so every writer of sets must bump it.
    sets_revision: Mapped[int] = mapped_column(BigInteger, default=0)
    # Bumped by every change to the user's own exercises (the same trust for the cached
    # catalogue); NULL while the user has never made one, so most users need no lookup.
    exercises_revision: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # When the user chose a unit; NULL: kg was only the default (a first log then offers lb).
    unit_chosen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class LogMessageRow(Base):
    """One chat message that logged sets, or asked which reading to log (no sets yet, text
    kept for its buttons); the idempotency key of logging. `text` is its latest text.

    An imported workout is a row too (chat_id IMPORT_CHAT, import_id set), so its sets are
    placed, ordered and grouped exactly like sets typed in the chat.
    """

    __tablename__ = "log_messages"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index("ix_log_messages_user_received", "user_id", "received_at"),
        Index("ix_log_messages_chat_undo", "chat_id", "undo_message_id"),
        Index("ix_log_messages_import", "import_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # The /undo command message that undid it, so a re-delivered /undo undoes nothing more.
    undo_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The workout title this message carried (`Push day 🔥` above its sets, an imported
    # workout's name in the file); a workout's title is its messages' titles (storage/titles).
    title: Mapped[str | None] = mapped_column(Text, default=None)
    import_id: Mapped[int | None] = mapped_column(Integer, default=None)


class WeighInRow(Base):
    """The weigh-in of a chat message (`bw 81.5`), one per message: its idempotency key.

    A user's bodyweight of a local day is the latest of that day's rows, so an edit or undo of
    the last one brings back the one before.
    """

    __tablename__ = "weigh_ins"
    __table_args__ = (Index("ix_weigh_ins_user_day", "user_id", "day", "weighed_at"),)

    log_message_id: Mapped[int] = mapped_column(
        ForeignKey("log_messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)  # the user's local day when it was sent
    weight: Mapped[Decimal] = mapped_column(Numeric(9, 3))  # as typed
    unit: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text, default=None)
    line: Mapped[int] = mapped_column(Integer, default=1)
    weighed_at: Mapped[datetime] = mapped_column(UtcDateTime())


EXERCISE_INDEX_COLUMNS = (
    "user_id",
    "exercise",
    "weight",
    "unit",
    "bodyweight",
    "warmup",
    "drop",
    "reps",
    "seconds",
    "failure",
    "rir",
    "rpe",
    "logged_at",
)


class SetRow(Base):
    __tablename__ = "set_records"
    __table_args__ = (
        UniqueConstraint("log_message_id", "position"),
        Index("ix_set_records_user_logged", "user_id", "logged_at"),
        Index("ix_set_records_workout", "workout_id"),
        # One exercise's sets (stats, the logging reply's records) and its distinct sets
        # grouped in this column order, read from the index alone.
        Index("ix_set_records_user_exercise", *EXERCISE_INDEX_COLUMNS),
        # The same file imported twice adds nothing: each imported set's key is unique per user.
        Index("ix_set_records_user_import_key", "user_id", "import_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    log_message_id: Mapped[int] = mapped_column(ForeignKey("log_messages.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # The log message that opened the workout (sets under 3 h apart, rules.md §1): grouping
    # without a table of its own to keep in step.
    workout_id: Mapped[int] = mapped_column(BigInteger)
    exercise: Mapped[str] = mapped_column(String(64))
    weight: Mapped[Decimal] = mapped_column(Numeric(9, 3))
    unit: Mapped[str] = mapped_column(String(2))
    bodyweight: Mapped[bool] = mapped_column(Boolean, default=False)
    reps: Mapped[int | None] = mapped_column(Integer)
    seconds: Mapped[int | None] = mapped_column(Integer)
    failure: Mapped[str | None] = mapped_column(String(16))
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    rir: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    warmup: Mapped[bool] = mapped_column(Boolean, default=False)
    drop: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer, default=1)
    logged_at: Mapped[datetime] = mapped_column(UtcDateTime())
    import_key: Mapped[str | None] = mapped_column(String(32), default=None)


class InboxRow(Base):
    """Telegram updates stored before they are confirmed; each chat's unanswered ones form its
    queue, replayed if the process died (storage/inbox.py)."""

    __tablename__ = "inbox"
    __table_args__ = (
        # Each chat's queue: small, as only unanswered updates are in it.
        Index(
            "ix_inbox_waiting",
            "chat_id",
            "update_id",
            postgresql_where=text("answered_at IS NULL"),
            sqlite_where=text("answered_at IS NULL"),
        ),
        Index("ix_inbox_answered_at", "answered_at"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The chat whose queue it joins (None for updates without a chat).
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Its use case's writes committed (marked in that same transaction).
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # Its handlers finished and replied: nothing is owed any more.
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class DeloadWeekRow(Base):
    __tablename__ = "deload_weeks"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)


class ScheduleRow(Base):
    """A user's weekly delivery slot (summary or reminder); next_run_at NULL = not scheduled."""

    __tablename__ = "schedules"
    __table_args__ = (Index("ix_schedules_due", "enabled", "next_run_at"),)

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # summary | reminder
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    local_time: Mapped[time] = mapped_column(Time)
    zone: Mapped[str] = mapped_column(String(64))
    # The user's choice; next_run_at is also NULL while the user has blocked the bot.
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeliveryRow(Base):
    """One summary or reminder per (user, kind, period): the row that makes sending exactly-once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "period"),
        Index("ix_deliveries_next_attempt", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(16))  # 2026-W10, or a Sunday week's start date
    # The scheduled instant it stands for, so a retry reports the same week.
    run_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(8))  # pending | sent | failed | blocked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When a pending (leased) or failed row may be tried again; NULL once final.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    error: Mapped[str | None] = mapped_column(String(200), default=None)


class CustomExerciseRow(Base):
    """An exercise a user made; its sets name `exercise_id` like catalogue sets name theirs."""

    __tablename__ = "custom_exercises"
    __table_args__ = (
        UniqueConstraint("user_id", "exercise_id"),
        # One exercise per name as the parser reads names (`Zercher-Carry` is `zercher carry`).
        UniqueConstraint("user_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64))
    muscle: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ExerciseAliasRow(Base):
    """A name a user merged into another exercise: typing it still logs that exercise."""

    __tablename__ = "exercise_aliases"
    __table_args__ = (UniqueConstraint("user_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64))
    exercise_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ImportRow(Base):
    """A file a user sent to import: previewed, then imported or cancelled.

    The file itself is not kept: `file_ref` (a Telegram file_id, or a local path in the
    terminal) is fetched again at confirm and must hash to `sha256`, so what is stored is
    exactly what the preview showed, whichever instance takes the button press.
    """

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(16))  # telegram | path
    file_ref: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    sets: Mapped[int] = mapped_column(Integer)  # sets the file holds
    status: Mapped[str] = mapped_column(String(12))  # previewed | done | cancelled | undone
    keep_custom: Mapped[bool | None] = mapped_column(Boolean, default=None)
    added: Mapped[int | None] = mapped_column(Integer, default=None)
    already: Mapped[int | None] = mapped_column(Integer, default=None)  # in the log before
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
