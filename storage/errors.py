"""Storage errors the service layer may react to (no SQLAlchemy types leak out)."""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc


class DuplicateError(Exception):
    """A unique key (e.g. the same chat message logged twice) was already taken."""


class StorageUnavailable(Exception):
    """The database cannot be reached right now (refused, restarting, connection cut).

    Transient by nature: the same work is expected to succeed once it is back, so callers
    retry it later instead of telling the user it failed.
    """


# SQLSTATE classes that mean "no usable connection": 08 connection exception, 57P0x operator
# intervention (admin shutdown, crash shutdown, cannot connect now, database dropped), and
# 55000 as PostgreSQL answers a connection to a database with ALLOW_CONNECTIONS false.
_UNAVAILABLE_SQLSTATES = ("08", "57P0", "53300", "55000")
_SQLITE_TRANSIENT = ("database is locked", "unable to open database file", "disk i/o error")


def _sqlstate(error: BaseException) -> str:
    return str(getattr(error, "sqlstate", None) or getattr(error, "pgcode", None) or "")


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        orig = getattr(current, "orig", None)  # what a DBAPIError wraps
        if isinstance(orig, BaseException) and orig not in seen:
            seen.append(orig)
        current = current.__cause__ or current.__context__
    return seen


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database is out of reach (rather than a bug or bad data)."""
    for e in _chain(error):
        if isinstance(e, StorageUnavailable):
            return True
        if isinstance(e, sa_exc.DBAPIError) and e.connection_invalidated:
            return True
        if isinstance(e, sa_exc.TimeoutError):  # no pooled connection came free in time
            return True
        if isinstance(e, ConnectionError | TimeoutError):
            return True
        if isinstance(e, OSError) and not isinstance(e, FileNotFoundError | PermissionError):
            return True
        if _sqlstate(e).startswith(_UNAVAILABLE_SQLSTATES):
            return True
        name = type(e).__name__
        if name in {"ConnectionDoesNotExistError", "ConnectionFailureError"}:
            return True
        if name == "InterfaceError" and "connection" in str(e).lower() and "closed" in str(e):
            return True
        if isinstance(e, sqlite3.OperationalError) and str(e).lower().startswith(_SQLITE_TRANSIENT):
            return True
    return False


def is_client_side(error: Exception) -> bool:
    """asyncpg's own errors (InterfaceError, InternalClientError: not the server's): its
    connection state is not to be trusted."""
    return any(
        c.__module__.startswith("asyncpg")
        and c.__name__ in ("InterfaceError", "InternalClientError")
        for c in type(error).__mro__
    )
