"""What a weekly summary reads, for many users per query: profiles, a set window, prior bests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.insights.records import PriorBest
from core.model import Profile, SetRecord
from storage import convert
from storage.bests import bests_query, prior_bests
from storage.rows import DeloadWeekRow, SetRow, UserRow


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
        query = bests_query(SetRow.user_id.in_(user_ids), SetRow.logged_at < before)
        for user_id, best in prior_bests(await self._s.execute(query)):
            out[user_id].append(best)
        return out
