"""PostgreSQL: a new chat message, its sets and the sets revision's bump in one statement (one
round trip instead of three); in an optimistic unit of work (storage.driver_tx) the same
statement also checks the revision its reading rested on and marks the update done, so the
statement is the whole transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ARRAY, BigInteger, Integer, Table, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import SET_FIELDS
from storage.driver_tx import NeedsTransaction
from storage.errors import DuplicateError
from storage.inbox import Arrival
from storage.prepared import Params, Prepared
from storage.rows import InboxRow, LogMessageRow, SetRow

_SETS, _MESSAGES = cast(Table, SetRow.__table__), cast(Table, LogMessageRow.__table__)
_INBOX = cast(Table, InboxRow.__table__)
MESSAGE_KEYS = ("user_id", "chat_id", "message_id", "text", "received_at", "title")
# The sets come as one array per column.
SET_COLUMNS = (*SET_FIELDS, "line")

# What the update being handled gets with an optimistic write: nothing (no update is being
# handled), its done-mark (the inbox holds it), or storing it with the mark (polling handed it
# over before storing it).
_NO_MARK, _MARK, _STORE = "", "mark", "store"


def _sql(*, checked: bool, mark: str) -> str:
    names = ", ".join(MESSAGE_KEYS)
    values = ", ".join(f":{k}" for k in MESSAGE_KEYS)
    if checked:
        # The user's row, only while the sets are at the revision the reply was worked out
        # from; locked until the statement commits, so a concurrent writer of the same user
        # waits, then finds the revision moved and stores nothing (the work runs again).
        head = """
        WITH fresh AS (
            SELECT id FROM users
            WHERE id = :user_id AND sets_revision = :sets_revision
            FOR UPDATE
        ), msg AS ("""
        insert = f"""
            INSERT INTO log_messages (id, {names})
            SELECT :id, {values} FROM fresh"""
        result = "SELECT (SELECT count(*) FROM fresh) AS fresh, (SELECT id FROM msg) AS id"
    else:
        head = "WITH msg AS ("
        insert = f"INSERT INTO log_messages ({names}) VALUES ({values})"
        result = "SELECT 1 AS fresh, (SELECT id FROM msg) AS id"
    marked = ""
    if mark == _MARK:
        marked = """, marked AS (
            UPDATE inbox SET done_at = :done_at
            WHERE update_id = :update_id AND done_at IS NULL AND EXISTS (SELECT 1 FROM msg)
        )"""
    elif mark == _STORE:
        marked = """, marked AS (
            INSERT INTO inbox (update_id, chat_id, payload, received_at, done_at)
            SELECT :update_id, :update_chat_id, :payload, :update_received_at, :done_at
            FROM msg
            ON CONFLICT (update_id)
                DO UPDATE SET done_at = COALESCE(inbox.done_at, excluded.done_at)
        )"""
    columns = ", ".join(f'"{c}"' for c in SET_COLUMNS)
    return f"""
        {head}
            {insert}
            ON CONFLICT (chat_id, message_id) DO NOTHING
            RETURNING id
        ), added AS (
            INSERT INTO set_records
                (user_id, log_message_id, position, workout_id, logged_at, {columns})
            SELECT :user_id, msg.id, s.position - 1, COALESCE(:workout_id, msg.id),
                   :received_at, {", ".join(f's."{c}"' for c in SET_COLUMNS)}
            FROM msg, unnest({", ".join(f":{c}" for c in SET_COLUMNS)})
                WITH ORDINALITY AS s({columns}, position)
        ), bumped AS (
            -- only when sets came with it (as on SQLite): a weigh-in or a question waiting
            -- for a tap leaves the sets, and every cached window of them, as they were
            UPDATE users SET sets_revision = sets_revision + 1
            WHERE id = :user_id AND EXISTS (SELECT 1 FROM msg) AND cardinality(:line) > 0
        ){marked}
        {result}
        """


def _statement(*, checked: bool, mark: str = _NO_MARK) -> Prepared:
    binds = [
        *(bindparam(k, type_=_MESSAGES.c[k].type) for k in MESSAGE_KEYS),
        bindparam("workout_id", type_=_SETS.c.workout_id.type),
        *(bindparam(c, type_=ARRAY(_SETS.c[c].type)) for c in SET_COLUMNS),
    ]
    if checked:
        binds += [bindparam("id", type_=_MESSAGES.c.id.type)]
        binds += [bindparam("sets_revision", type_=BigInteger())]
    if mark:
        binds += [bindparam("update_id", type_=_INBOX.c.update_id.type)]
        binds += [bindparam("done_at", type_=_INBOX.c.done_at.type)]
    if mark == _STORE:
        binds += [
            bindparam("update_chat_id", type_=_INBOX.c.chat_id.type),
            bindparam("payload", type_=_INBOX.c.payload.type),
            bindparam("update_received_at", type_=_INBOX.c.received_at.type),
        ]
    statement = text(_sql(checked=checked, mark=mark)).bindparams(*binds)
    return Prepared(statement.columns(fresh=Integer, id=Integer), writes=True)


# Inside a transaction that holds the user's row lock (the usual unit of work).
_ADD = _statement(checked=False)
_ADD_CHECKED = {mark: _statement(checked=True, mark=mark) for mark in (_NO_MARK, _MARK, _STORE)}


def _stored_id(found: Any, params: Params) -> int:
    """The new message's id; DuplicateError when (chat, message) was stored already (the
    idempotency key: a re-delivery inserts nothing)."""
    if found.id is None:
        raise DuplicateError(f"message {params['chat_id']}/{params['message_id']} is stored")
    return cast(int, found.id)


async def add(session: AsyncSession, params: Params) -> int:
    """Store the message and its sets in the open transaction: its id."""
    [found] = await _ADD.rows(session, params)
    return _stored_id(found, params)


async def add_checked(
    session: AsyncSession,
    params: Params,
    handling: int | None,
    arrival: Arrival | None,
    now: datetime,
) -> int:
    """The optimistic unit of work's commit: the message under the id drawn for it, if the
    user's sets are still at `params["sets_revision"]` (else NeedsTransaction, nothing stored),
    with `handling`'s done-mark (and the update itself when `arrival` is not stored yet).
    DuplicateError when (chat, message) is stored already (then nothing is marked either)."""
    values = dict(params)
    mark = _NO_MARK
    if handling is not None:
        mark, values["update_id"], values["done_at"] = _MARK, handling, now
    if arrival is not None and not arrival.stored:
        mark = _STORE
        values["update_chat_id"] = arrival.update.chat_id
        values["payload"] = arrival.update.payload
        values["update_received_at"] = arrival.received_at
    [found] = await _ADD_CHECKED[mark].rows(session, values)
    if not found.fresh:
        raise NeedsTransaction("the user's sets changed since they were read")
    return _stored_id(found, params)
