"""SQLite for the async engine without a thread hop per call: statements run right on the
event loop, and only waiting for another connection's write lock goes to a thread.

aiosqlite hands every call (cursor, execute, fetch, close: ~4 per statement) to its thread
and back, ~0.3 ms each on a busy 2-core machine, while the statement itself takes a few
microseconds (a WAL commit with synchronous=NORMAL does not sync; the rare checkpoint that
does takes ~5 ms). Every unit of work begins with BEGIN IMMEDIATE and then holds the write
lock, so nothing inside it waits; the BEGIN is tried without waiting and, when another
connection or process holds the lock, waits (busy timeout) in a worker thread instead of
blocking the loop. The objects mimic the part of aiosqlite's API that SQLAlchemy's aiosqlite
dialect uses.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any, TypeVar

T = TypeVar("T")

BULK_ROWS = 500  # more rows than this in one executemany go to a thread


class Cursor:
    """An aiosqlite-style cursor over a sqlite3 cursor."""

    def __init__(self, owner: Connection, cursor: sqlite3.Cursor) -> None:
        self._owner = owner
        self._cursor = cursor

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Cursor:
        await self._owner.run(self._cursor.execute, sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> Cursor:
        if isinstance(parameters, Sized) and len(parameters) > BULK_ROWS:
            # An import's thousands of rows: in a thread, so other chats are answered meanwhile.
            await asyncio.to_thread(self._cursor.executemany, sql, parameters)
        else:
            await self._owner.run(self._cursor.executemany, sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class Connection:
    """An aiosqlite-style connection; `_connection` is the sqlite3 one (None once closed)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    async def run(self, call: Callable[..., T], sql: str, parameters: Any) -> T:
        """On the loop, except a BEGIN that has to wait for the lock and statements outside
        a transaction (connection set-up, DDL), which may wait: those in a thread."""
        connection = self._conn
        if connection.in_transaction:
            return call(sql, parameters)
        if sql.lstrip()[:5].upper() == "BEGIN":
            waits = connection.execute("PRAGMA busy_timeout").fetchone()[0]
            connection.execute("PRAGMA busy_timeout=0")
            try:
                return call(sql, parameters)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            finally:
                connection.execute(f"PRAGMA busy_timeout={int(waits)}")
        return await asyncio.to_thread(call, sql, parameters)

    async def execute_statement(self, sql: str) -> None:
        """BEGIN (waiting for another connection's lock in a thread), COMMIT or ROLLBACK."""
        await self.run(self._conn.execute, sql, ())

    @property
    def in_transaction(self) -> bool:
        return self._connection is not None and self._connection.in_transaction

    def execute_in_transaction(self, sql: str, parameters: Sequence[Any]) -> list[Any]:
        """Run now, on the loop (the caller's transaction holds the write lock); the rows."""
        connection = self._conn
        assert connection.in_transaction
        return connection.execute(sql, parameters).fetchall()

    def executemany_in_transaction(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        connection = self._conn
        assert connection.in_transaction
        connection.executemany(sql, rows)

    def cursor(self) -> Cursor:
        return Cursor(self, self._conn.cursor())

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def stop(self) -> None:
        """Close at once (what SQLAlchemy's terminate calls)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


def connector(args: Sequence[Any], kwargs: Mapping[str, Any]) -> Callable[[], Any]:
    """The engine's async_creator: sqlite3.connect(*args, **kwargs) in a thread, wrapped; we
    emit BEGIN ourselves (isolation_level None) and use the connection from two threads."""

    async def connect() -> Connection:
        options = {**kwargs, "check_same_thread": False, "isolation_level": None}
        raw = await asyncio.to_thread(sqlite3.connect, *args, **options)
        return Connection(raw)

    return connect
