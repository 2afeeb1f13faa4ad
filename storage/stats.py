"""What the stats commands read, each the least it needs: counts of alike sets per period, set
times, one exercise's sets, its distinct sets, bests; served by the user's indexes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from core.insights.records import PriorBest
from core.insights.stats.exercise import SetShape
from core.insights.tally import SetGroup
from core.logbook import SEQ_PER_MESSAGE
from core.model import Failure, SetFields, SetRecord, Unit
from storage import convert
from storage.bests import bests_query, prior_bests
from storage.rows import SetRow

_UNITS = {u.value: u for u in Unit}
_FAILURES = {f.value: f for f in Failure}
_CANONICAL = (SetRow.logged_at, SetRow.log_message_id, SetRow.position)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else value if isinstance(value, Decimal) else Decimal(str(value))


def _which(exercise: str | None, exercises: Sequence[str] | None) -> list[ColumnElement[bool]]:
    """One exercise, a list of them (a muscle group's), or every exercise."""
    where: list[ColumnElement[bool]] = []
    if exercise is not None:
        where.append(SetRow.exercise == exercise)
    if exercises is not None:
        where.append(SetRow.exercise.in_(exercises))
    return where


class Stats:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _rows(self, query: Any) -> Sequence[Any]:
        # Core rows, no ORM identity map: these reads can be thousands of rows.
        conn = await self._s.connection()
        return (await conn.execute(query)).all()

    async def groups(
        self,
        user_id: int,
        bounds: Sequence[datetime],
        exercise: str | None = None,
        exercises: Sequence[str] | None = None,
    ) -> tuple[list[SetGroup], list[list[SetRecord]]]:
        """Sets in [bounds[0], bounds[-1]) counted per period (bounds[k] <= at < bounds[k+1]
        is period k) and per everything that decides how a set counts; and, whole, the sets
        of each message there that holds a drop chain (a chain counts once, so it needs its
        order), in canonical order."""
        where = [
            SetRow.user_id == user_id,
            SetRow.logged_at >= bounds[0],
            SetRow.logged_at < bounds[-1],
            *_which(exercise, exercises),
        ]
        with_chains = (
            select(SetRow.log_message_id).where(*where, SetRow.drop.is_(True)).distinct()
        ).scalar_subquery()
        inner = bounds[1:-1]
        period = (
            case(
                *((SetRow.logged_at < b, literal(k)) for k, b in enumerate(inner)),
                else_=literal(len(inner)),
            )
            if inner
            else literal(0)
        ).label("period")
        positive = (SetRow.weight > 0).label("positive")
        keys: tuple[Any, ...] = (
            period,
            SetRow.exercise,
            SetRow.unit,
            SetRow.warmup,
            SetRow.bodyweight,
            SetRow.failure,
            SetRow.rir,
            SetRow.rpe,
            positive,
        )
        rows = await self._rows(
            select(
                *keys,
                func.count(),
                func.coalesce(func.sum(SetRow.reps), 0),
                func.coalesce(func.sum(SetRow.weight * SetRow.reps), 0),
            )
            .where(*where, SetRow.log_message_id.not_in(with_chains))
            .group_by(*keys)
        )
        groups = [
            SetGroup(
                period=int(p),
                like=SetFields(
                    exercise=ex,
                    weight=Decimal(0),
                    unit=_UNITS[unit],
                    reps=None,
                    failure=_FAILURES[failure] if failure else None,
                    rpe=_dec(rpe),
                    rir=_dec(rir),
                    warmup=bool(warmup),
                    bodyweight=bool(bw),
                ),
                sets=int(n),
                reps=int(reps),
                load_reps=float(load_reps),
                positive_load=bool(pos),
            )
            for p, ex, unit, warmup, bw, failure, rir, rpe, pos, n, reps, load_reps in rows
        ]
        chain_rows = await self._rows(
            select(*convert.RECORD_COLUMNS)
            .where(*where, SetRow.log_message_id.in_(with_chains))
            .order_by(*_CANONICAL)
        )
        messages: dict[int, list[SetRecord]] = {}
        for record in convert.set_records(chain_rows):
            messages.setdefault(record.seq // SEQ_PER_MESSAGE, []).append(record)
        return groups, list(messages.values())

    async def times(
        self,
        user_id: int,
        since: datetime,
        until: datetime,
        exercise: str | None = None,
        exercises: Sequence[str] | None = None,
    ) -> list[datetime]:
        """The distinct set times in [since, until), in order (one per message)."""
        query = select(SetRow.logged_at).where(
            SetRow.user_id == user_id,
            SetRow.logged_at >= since,
            SetRow.logged_at < until,
            *_which(exercise, exercises),
        )
        rows = await self._rows(query.distinct().order_by(SetRow.logged_at))
        return [r[0] for r in rows]

    async def exercise_sets(
        self,
        user_id: int,
        exercise: str | None,
        *,
        exercises: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        working: bool = False,
        latest: int | None = None,
    ) -> list[SetRecord]:
        """One exercise's sets (or `exercises`', or all with neither) in [since, until) in
        canonical order; `working`: no warm-ups and no drop links; `latest`: only the newest
        that many."""
        query = select(*convert.RECORD_COLUMNS).where(
            SetRow.user_id == user_id, *_which(exercise, exercises)
        )
        if since is not None:
            query = query.where(SetRow.logged_at >= since)
        if until is not None:
            query = query.where(SetRow.logged_at < until)
        if working:
            query = query.where(SetRow.warmup.is_(False), SetRow.drop.is_(False))
        if latest is not None:
            newest = query.order_by(*(c.desc() for c in _CANONICAL)).limit(latest).subquery()
            query = select(*newest.c).order_by(
                newest.c.logged_at, newest.c.log_message_id, newest.c.position
            )
        else:
            query = query.order_by(*_CANONICAL)
        return convert.set_records(await self._rows(query))

    async def shapes(
        self,
        user_id: int,
        exercise: str | None = None,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        exercises: Sequence[str] | None = None,
    ) -> list[SetShape]:
        """Distinct working sets (drop links aside) of one exercise, or of `exercises`, from
        `since` on: each the first of its kind, how many, and when last; grouped in the
        order of the exercise index."""
        keys = (
            SetRow.exercise,
            SetRow.weight,
            SetRow.unit,
            SetRow.bodyweight,
            SetRow.warmup,
            SetRow.drop,
            SetRow.reps,
            SetRow.seconds,
            SetRow.failure,
            SetRow.rir,
            SetRow.rpe,
        )
        where = [
            SetRow.user_id == user_id,
            SetRow.warmup.is_(False),
            SetRow.drop.is_(False),
            *_which(exercise, exercises),
        ]
        if since is not None:
            where.append(SetRow.logged_at >= since)
        if until is not None:
            where.append(SetRow.logged_at < until)
        rows = await self._rows(
            select(
                *keys,
                func.min(SetRow.logged_at),
                func.max(SetRow.logged_at),
                func.count(),
                func.min(SetRow.log_message_id * SEQ_PER_MESSAGE + SetRow.position),
                func.min(SetRow.id),
            )
            .where(*where)
            .group_by(*keys)
        )
        out = []
        for row in rows:
            ex, weight, unit, bw, _, _, reps, seconds, failure, rir, rpe = row[: len(keys)]
            first, last, n, seq, rid = row[len(keys) :]
            record = SetRecord(
                exercise=ex,
                weight=_dec(weight) or Decimal(0),
                unit=_UNITS[unit],
                reps=reps,
                failure=_FAILURES[failure] if failure else None,
                rpe=_dec(rpe),
                rir=_dec(rir),
                bodyweight=bool(bw),
                seconds=seconds,
                at=first,
                seq=int(seq),
                id=rid,
            )
            out.append(SetShape(record, int(n), last))
        return out

    async def bests(
        self,
        user_id: int,
        exercise: str | None = None,
        *,
        before: datetime | None = None,
        since: datetime | None = None,
        exercises: Sequence[str] | None = None,
    ) -> list[PriorBest]:
        """Bests per exercise and typed load over the user's whole history (or [since,
        before))."""
        where = [SetRow.user_id == user_id, *_which(exercise, exercises)]
        if since is not None:
            where.append(SetRow.logged_at >= since)
        if before is not None:
            where.append(SetRow.logged_at < before)
        return [best for _, best in prior_bests(await self._rows(bests_query(*where)))]

    async def exercise_counts(self, user_id: int) -> list[tuple[str, int]]:
        """Every exercise the user logged, with its working sets, the most first."""
        rows = await self._rows(
            select(SetRow.exercise, func.sum(case((SetRow.warmup.is_(False), 1), else_=0)))
            .where(SetRow.user_id == user_id)
            .group_by(SetRow.exercise)
        )
        counted = [(ex, int(n or 0)) for ex, n in rows]
        counted.sort(key=lambda kv: (-kv[1], kv[0]))
        return counted
