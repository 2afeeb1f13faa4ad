"""Engine construction: URL normalisation, SQLite WAL + BEGIN IMMEDIATE, session factory."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
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
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn

from storage import sqlite_driver
from storage.errors import is_unavailable
from storage.prepared import prepare_on

DEFAULT_SQLITE_PATH = "data/tofailure.db"
CONNECT_TIMEOUT_S = 5.0
PING_IDLE_S = 30.0
# Connections a PostgreSQL engine keeps open (TOFAILURE_DB_POOL_SIZE), and half as many again
# for a moment. As many as the chats a burst serves at once: a connection past the kept ones is
# closed when it comes back, and opening one costs a server process, a TLS attempt and asyncpg's
# type introspection (14 % of the bot's CPU in a 20-chat burst with SQLAlchemy's 5 + 10). Last
# in, first out: a quiet bot keeps using its freshest connection, which needs no idle ping.
PG_POOL_SIZE = 20

log = logging.getLogger(__name__)


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


def make_engine(url: str, *, pool_size: int = PG_POOL_SIZE, **kwargs: Any) -> AsyncEngine:
    """The one engine of a process. SQLite gets WAL, foreign keys, BEGIN IMMEDIATE and
    statements on the event loop (storage.sqlite_driver); PostgreSQL keeps `pool_size`
    connections."""
    normalised = normalise_url(url)
    if not normalised.startswith("sqlite"):
        # asyncpg waits 60 s for a connection by default; an unreachable database should be
        # noticed (and retried with backoff) much sooner.
        kwargs["connect_args"] = {"timeout": CONNECT_TIMEOUT_S, **kwargs.get("connect_args", {})}
        idle_s = kwargs.pop("ping_idle_s", PING_IDLE_S)
        # At least two more: a webhook instance keeps one for its per-chat locks for good.
        kwargs.setdefault("max_overflow", max(pool_size // 2, 2))
        kwargs.setdefault("pool_use_lifo", True)
        engine = create_async_engine(normalised, pool_size=pool_size, **kwargs)
        ping_when_idle(engine, idle_s)
        return engine

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
        # Straight to the driver: a statement through SQLAlchemy (exec_driver_sql) costs
        # more than the transaction's own work here.
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.close()

    return engine


async def open_pool(engine: AsyncEngine) -> int:
    """Open a PostgreSQL engine's kept connections now rather than in the first burst (the
    backlog replayed after a restart is one): opened there they cost it a quarter of its pace.
    Each gets the hot path's statements prepared (storage.prepared.prepare_on) for the same
    reason. Returns how many opened; a server that refuses some (max_connections) only gets
    fewer."""
    if engine.dialect.name != "postgresql":
        return 0
    count = engine.pool.size()  # type: ignore[attr-defined]  # QueuePool's kept connections

    async def open_one() -> PoolProxiedConnection:
        raw = await engine.raw_connection()
        try:
            await prepare_on(raw, engine.dialect)
        except Exception as exc:
            if is_unavailable(exc):  # the connection is gone: not one to keep
                await greenlet_spawn(raw.invalidate)
                raise
            # E.g. a schema not migrated yet: they are prepared at first use instead.
            log.debug("hot-path statements not prepared ahead: %s", exc)
        except BaseException:  # cancelled mid-statement: not a connection to hand out again
            await greenlet_spawn(raw.invalidate)
            raise
        return raw

    checkouts = [asyncio.ensure_future(open_one()) for _ in range(count)]
    try:
        await asyncio.wait(checkouts)
    finally:  # also when the start is cancelled: what opened goes back to the pool
        for checkout in checkouts:
            checkout.cancel()
        opened = [c.result() for c in checkouts if not c.cancelled() and c.exception() is None]
        for raw in opened:
            await greenlet_spawn(raw.close)  # back to the pool, kept open
    refused = [c.exception() for c in checkouts if c.exception() is not None]
    if refused:
        log.warning(
            "opened %d of %d database connections ahead of use: %s",
            len(opened),
            count,
            refused[0],
        )
    return len(opened)


def ping_when_idle(engine: AsyncEngine, idle_s: float = PING_IDLE_S) -> None:
    """Check a pooled PostgreSQL connection before use only when it sat unused for `idle_s`.

    SQLAlchemy's pool_pre_ping checks at every checkout: three round trips (BEGIN, a ping,
    ROLLBACK) before each unit of work, a third of a logged set's database time. A connection
    in steady use that dies (the server restarted, backends terminated) fails its next
    statement instead; SQLAlchemy then drops every pooled connection opened before, and the
    caller's retry (StorageUnavailable) gets a fresh one. Idle ones, the usual victims of a
    restart at night, are still checked, so the first message after it is not held up.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return
        try:
            dbapi_connection.ping()
        except Exception as exc:
            # The pool discards this connection and checks out (or opens) another.
            raise sa_exc.DisconnectionError("idle connection is gone") from exc


def upsert_for(session: AsyncSession) -> Callable[..., Any]:
    """The dialect's INSERT with ON CONFLICT support (PostgreSQL and SQLite share the API)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
