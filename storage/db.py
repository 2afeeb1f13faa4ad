"""Engine construction: URL normalisation, SQLite WAL + BEGIN IMMEDIATE, session factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import sqlite_driver

S = TypeVar("S")

DEFAULT_SQLITE_PATH = "data/tofailure.db"
CONNECT_TIMEOUT_S = 5.0


class DatabaseUrlError(ValueError):
    """DATABASE_URL is not one of the accepted forms."""


def normalise_url(url: str) -> str:
    """Map the accepted DATABASE_URL spellings onto the async drivers we ship.

    `sqlite:///x.db`, `sqlite+aiosqlite:///x.db`, `postgresql://…`, `postgres://…`,
    `postgresql+asyncpg://…` and `postgresql+psycopg://…` (mapped to asyncpg) all work.
    """
    text = url.strip()
    if not text:
        raise DatabaseUrlError("DATABASE_URL is empty")
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        parsed = make_url(text)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL in it
        raise DatabaseUrlError("DATABASE_URL is not a valid database URL") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise DatabaseUrlError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.render_as_string(hide_password=False)


def url_password(url: str) -> str | None:
    """The password inside a database URL (to redact it from logs), if any."""
    try:
        password = make_url(url.strip()).password
    except Exception:
        return None
    return str(password) if password else None


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def _ensure_sqlite_directory(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """The one engine of a process. SQLite gets WAL, foreign keys, BEGIN IMMEDIATE and
    statements on the event loop (storage.sqlite_driver)."""
    normalised = normalise_url(url)
    if not normalised.startswith("sqlite"):
        kwargs.setdefault("pool_pre_ping", True)
        # asyncpg waits 60 s for a connection by default; an unreachable database should be
        # noticed (and retried with backoff) much sooner.
        kwargs["connect_args"] = {"timeout": CONNECT_TIMEOUT_S, **kwargs.get("connect_args", {})}
        return create_async_engine(normalised, **kwargs)

    _ensure_sqlite_directory(normalised)
    parsed = make_url(normalised)
    args, options = SQLiteDialect_aiosqlite().create_connect_args(parsed)
    options.update(kwargs.pop("connect_args", {}))
    kwargs.setdefault("async_creator", sqlite_driver.connector(args, options))
    engine = create_async_engine(normalised, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (storage.sqlite_driver connects with isolation_level None):
        # the driver's implicit BEGIN is DEFERRED, and a deferred read-then-write transaction
        # loses updates or fails with SQLITE_BUSY under concurrency.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upsert_for(session: AsyncSession) -> Callable[..., Any]:
    """The dialect's INSERT with ON CONFLICT support (PostgreSQL and SQLite share the API)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def per_dialect(build: Callable[[Callable[..., Any]], S]) -> Callable[[AsyncSession], S]:
    """A statement with ON CONFLICT built once per dialect, at import (the hot path's
    statements are built and compiled once, not per message: their values come as
    parameters); the returned function picks the session's."""
    built = {"postgresql": build(pg_insert), "sqlite": build(sqlite_insert)}

    def for_session(session: AsyncSession) -> S:
        return built[session.get_bind().dialect.name]

    return for_session


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
