"""What a weekly summary reads, for many users per query: profiles, a set window, prior bests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Float, and_, case, func, literal, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from core.insights.records import PriorBest
from core.model import Profile, SetRecord, Unit
from storage import convert
from storage.rows import DeloadWeekRow, SetRow, UserRow

# rules.md §1 in SQL: effective RIR (failure -> 0, rir, 10 - rpe) with unknown counted as 0,
# the lower-bound e1RM. Only the per-load maximum of reps + RIR is needed: at a fixed load
# Brzycki grows with it. This restates core.training.sets.e1rm_reps, and
# tests/storage/test_prior_bests.py holds the two to the same answers on the same sets.
_EFFECTIVE_RIR = case(
    (SetRow.failure.is_not(None), literal(0)),
    (SetRow.rir.is_not(None), SetRow.rir),
    (SetRow.rpe.is_not(None), 10 - SetRow.rpe),
    else_=literal(0),
)
_R = SetRow.reps + _EFFECTIVE_RIR
_E1RM_DEFINED = and_(SetRow.reps >= 1, SetRow.weight > 0, _EFFECTIVE_RIR <= 4, _R >= 1, _R <= 10)


class WeeklyHistory:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def profiles(self, user_ids: Sequence[int]) -> dict[int, Profile]:
        if not user_ids:
            return {}
        weeks: dict[int, list[date]] = {}
        for user_id, week in await self._s.execute(
            select(DeloadWeekRow.user_id, DeloadWeekRow.week_start)
            .where(DeloadWeekRow.user_id.in_(user_ids))
            .order_by(DeloadWeekRow.user_id, DeloadWeekRow.week_start)
        ):
            weeks.setdefault(user_id, []).append(week)
        rows = await self._s.scalars(select(UserRow).where(UserRow.id.in_(user_ids)))
        return {r.id: convert.profile(r, tuple(weeks.get(r.id, ()))) for r in rows}

    async def sets(
        self, user_ids: Sequence[int], since: datetime, until: datetime
    ) -> dict[int, list[SetRecord]]:
        """Each user's sets in [since, until): one query over the (user_id, logged_at) index."""
        out: dict[int, list[SetRecord]] = {u: [] for u in user_ids}
        if not user_ids:
            return out
        # Core rows, converted by the same bulk converter as the logging path; the user id
        # rides after the record columns, where the converter ignores it.
        conn = await self._s.connection()
        rows = await conn.execute(
            select(*convert.RECORD_COLUMNS, SetRow.user_id)
            .where(
                SetRow.user_id.in_(user_ids), SetRow.logged_at >= since, SetRow.logged_at < until
            )
            .order_by(SetRow.user_id, SetRow.logged_at, SetRow.log_message_id, SetRow.position)
        )
        for user, group in groupby(rows, key=itemgetter(len(convert.RECORD_COLUMNS))):
            out[user] = convert.set_records(group)
        return out

    async def prior_bests(
        self, user_ids: Sequence[int], before: datetime
    ) -> dict[int, list[PriorBest]]:
        """Per user, exercise and load: most reps and the largest e1RM reps + RIR before `before`.

        One aggregate over the older history, so rows never leave the database.
        """
        out: dict[int, list[PriorBest]] = {u: [] for u in user_ids}
        if not user_ids:
            return out
        query = (
            select(
                SetRow.user_id,
                SetRow.exercise,
                SetRow.weight,
                SetRow.unit,
                func.max(SetRow.reps),
                func.max(type_coerce(case((_E1RM_DEFINED, _R), else_=None), Float)),
            )
            .where(
                SetRow.user_id.in_(user_ids),
                SetRow.logged_at < before,
                SetRow.warmup.is_(False),
                SetRow.drop.is_(False),
            )
            .group_by(SetRow.user_id, SetRow.exercise, SetRow.weight, SetRow.unit)
        )
        for user_id, exercise, weight, unit, reps, r in await self._s.execute(query):
            out[user_id].append(
                PriorBest(
                    exercise=exercise,
                    weight=Decimal(weight),
                    unit=Unit(unit),
                    max_reps=reps,
                    max_e1rm_r=float(r) if r is not None else None,
                )
            )
        return out
