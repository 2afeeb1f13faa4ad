"""The statements every logged set runs, compiled once per dialect and run on the driver
connection of the unit of work's own transaction.

Through SQLAlchemy each statement costs ~0.15 ms of Python here (execution context, events,
result set-up), several times SQLite's own work and as much as a PostgreSQL round trip. A
Prepared statement is compiled by SQLAlchemy once per dialect and its parameters converted
by the column types' own bind processors (results by their result processors), so what
reaches the database and comes back is exactly what SQLAlchemy would send and return; only
the per-call machinery is skipped. Statements must name every
parameter (`bindparam`), so the compiled form does not depend on the values.
"""

from __future__ import annotations

import contextlib
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql.expression import ClauseElement

from storage import sqlite_driver
from storage.driver_tx import DriverTransaction, NeedsTransaction
from storage.errors import StorageUnavailable, is_client_side, is_unavailable

Params = Mapping[str, Any]


Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    # Per positional parameter: its name, its value when the statement fixes it, and the
    # type's bind processor.
    slots: tuple[tuple[str, Any, Processor], ...]
    required: frozenset[str]
    # Per returned column: the type's result processor; rows come as named tuples.
    results: tuple[Processor, ...]
    row: type[tuple[Any, ...]]

    def values(self, params: Params) -> tuple[Any, ...]:
        out = []
        for name, fixed, process in self.slots:
            value = params[name] if name in self.required else fixed
            out.append(process(value) if process is not None else value)
        return tuple(out)

    def rows(self, raw: Iterable[Sequence[Any]]) -> list[Any]:
        processors, make = self.results, self.row
        if not any(processors):
            return [make(*r) for r in raw]
        return [
            make(*(v if p is None else p(v) for p, v in zip(processors, r, strict=True)))
            for r in raw
        ]


def _compile(statement: Any, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    # A Python-side column default would be computed per execution by SQLAlchemy: name it.
    assert not compiled.insert_prefetch and not compiled.update_prefetch, statement
    slots = []
    required = set()
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        if bind.required or bind.callable is not None:
            required.add(name)
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        slots.append((name, bind.value, process))
    columns = list(statement.exported_columns)
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    row = namedtuple("Row", [c.key for c in columns], rename=True)  # type: ignore[misc]
    return _Compiled(compiled.string, tuple(slots), frozenset(required), results, row)


# Every Prepared statement made (they are module constants): what prepare_on prepares.
_ALL: list[Prepared] = []
# A PostgreSQL connection's prepared statements (asyncpg's PreparedStatement) by SQL text, kept
# in the pool's record of that connection (`info`), so they live and go with it.
_ON_CONNECTION = "prepared.statements"


class Prepared:
    """One statement of the hot path; `build` gets the dialect's INSERT construct (with ON
    CONFLICT) so an upsert can be written once for both databases. `writes`: for a text
    statement that writes (an INSERT, UPDATE or DELETE construct says so itself)."""

    def __init__(
        self, build: Callable[[Callable[..., Any]], Any] | ClauseElement, *, writes: bool = False
    ) -> None:
        self._build = build
        self._writes = writes
        self._compiled: dict[str, _Compiled] = {}
        self._statements: dict[str, Any] = {}
        _ALL.append(self)

    def statement(self, dialect: Dialect) -> Any:
        """The Core statement for `dialect` (an INSERT, UPDATE or DELETE)."""
        found = self._statements.get(dialect.name)
        if found is None:
            if isinstance(self._build, ClauseElement):
                found = self._build
            else:
                from sqlalchemy.dialects.postgresql import insert as pg_insert
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                found = self._build(pg_insert if dialect.name == "postgresql" else sqlite_insert)
            self._statements[dialect.name] = found
        return found

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _compile(self.statement(dialect), dialect)
        return found

    def _held_back(self, conn: AsyncConnection | DriverTransaction) -> None:
        """An optimistic unit of work writes only at its commit (storage.driver_tx): a write
        before it means the work needs a transaction after all."""
        if not isinstance(conn, DriverTransaction) or conn.writing:
            return
        if self._writes or getattr(self.statement(conn.dialect), "is_dml", False):
            raise NeedsTransaction("a write before the commit")

    async def rows(self, session: AsyncSession, params: Params) -> list[Any]:
        """Run once with `params`; the rows it returns (a SELECT's, or RETURNING), as named
        tuples of the statement's columns."""
        conn, driver, info = await _open(session)
        self._held_back(conn)
        compiled = self._for(conn.dialect)
        if driver is None:  # no transaction at the driver yet: SQLAlchemy starts one
            assert isinstance(conn, AsyncConnection)
            result = await conn.execute(self.statement(conn.dialect), dict(params))
            return [compiled.row(*r) for r in result.all()] if result.returns_rows else []
        values = compiled.values(params)
        try:
            if isinstance(driver, sqlite_driver.Connection):
                return compiled.rows(driver.execute_in_transaction(compiled.sql, values))
            statement = await _prepared_on(driver, info, compiled.sql)
            return compiled.rows(await statement.fetch(*values))
        except BaseException as exc:
            await _after_failure(conn, exc)
            raise

    async def run(self, session: AsyncSession, params: Params | Sequence[Params]) -> None:
        """Run once, or once per mapping of a list (one executemany)."""
        if isinstance(params, Mapping):
            await self.rows(session, params)
            return
        if not params:
            return
        conn, driver, info = await _open(session)
        self._held_back(conn)
        if driver is None:
            assert isinstance(conn, AsyncConnection)
            await conn.execute(self.statement(conn.dialect), [dict(p) for p in params])
            return
        compiled = self._for(conn.dialect)
        values = [compiled.values(p) for p in params]
        try:
            if isinstance(driver, sqlite_driver.Connection):
                driver.executemany_in_transaction(compiled.sql, values)
            else:
                statement = await _prepared_on(driver, info, compiled.sql)
                await statement.executemany(values)
        except BaseException as exc:
            await _after_failure(conn, exc)
            raise


_OPEN = "prepared.open"  # session.info key: (connection, driver) of its open transaction
# session.info key: its statements run outside a transaction (autocommit), on purpose.
STATEMENTS_APART = "prepared.apart"


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    """Commit, rollback or close: the connection goes back to the pool, and the next
    statement must ask the session again."""
    if transaction.parent is None:
        session.info.pop(_OPEN, None)


async def _prepared_on(driver: Any, info: dict[Any, Any], sql: str) -> Any:
    """`sql` prepared on this PostgreSQL connection (once: one round trip to parse and plan
    it), as asyncpg's own statement cache would, but one prepare_on can fill ahead of use."""
    statements: dict[str, Any] = info.setdefault(_ON_CONNECTION, {})
    found = statements.get(sql)
    if found is None:
        found = statements[sql] = await driver.prepare(sql)
    return found


async def prepare_on(raw: PoolProxiedConnection, dialect: Dialect) -> None:
    """Prepare every hot-path statement on a pooled PostgreSQL connection now: done in the
    middle of a burst, the first use on each of the pool's connections costs a round trip and
    a plan apiece (a first burst after a start ran at two thirds of the pace of the next)."""
    for prepared in _ALL:
        await _prepared_on(raw.driver_connection, raw.info, prepared._for(dialect).sql)


_Opened = tuple[AsyncConnection | DriverTransaction, Any, dict[Any, Any]]


async def _open(session: AsyncSession) -> _Opened:
    """The session's connection, its driver connection if the transaction is open there
    (None: let SQLAlchemy run the statement, which starts it) and the pool's record of it
    (`info`). Kept until forget_connection. A unit of work on the driver alone
    (storage.driver_tx) is both connections."""
    if isinstance(session, DriverTransaction):
        return session, session.driver, session.info
    found: _Opened | None = session.info.get(_OPEN)
    if found is not None:
        return found
    conn = await session.connection()
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    if isinstance(driver, sqlite_driver.Connection):
        open_ = driver.in_transaction
    else:
        in_transaction = getattr(driver, "is_in_transaction", None)
        open_ = in_transaction is not None and in_transaction()
    if not open_ and not session.info.get(STATEMENTS_APART):
        return conn, None, raw.info
    session.info[_OPEN] = (conn, driver, raw.info)
    return conn, driver, raw.info


async def _after_failure(conn: AsyncConnection | DriverTransaction, exc: BaseException) -> None:
    """What SQLAlchemy does after a statement it ran failed: a lost connection (or one the
    driver no longer trusts: a client-side protocol error, a cancellation mid-statement) is
    dropped from the pool, never handed to the next unit of work; lost or untrusted, the
    work is reported as StorageUnavailable (retried on a fresh connection). Errors of the
    statement itself (a constraint, bad data) go up as they are."""
    error = exc if isinstance(exc, Exception) else None
    lost = error is not None and is_unavailable(error)
    untrusted = error is None or is_client_side(error)
    if not (lost or untrusted):
        return
    with contextlib.suppress(Exception):
        await conn.invalidate(error)
    if error is not None:
        raise StorageUnavailable("the database connection failed") from error
