"""Bests per exercise and typed load (PriorBest) as one GROUP BY: what summaries, /prs and the
logging reply's records compare against without loading every set."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Select, and_, case, cast, func, literal, select, type_coerce
from sqlalchemy.sql import ColumnElement

from core.insights.records import PriorBest
from core.model import Unit
from storage.rows import SetRow

# rules.md §1 in SQL: effective RIR (failure -> 0, rir, 10 - rpe) with unknown counted as 0,
# the lower-bound e1RM. Only the per-load maximum of reps + RIR is needed: at a fixed load
# Brzycki grows with it. This restates core.training.sets.e1rm_reps, and
# tests/storage/test_prior_bests.py holds the two to the same answers on the same sets.
# In floats: PostgreSQL's NUMERIC arithmetic over every row costs a fifth of the query, and
# RIR and RPE are halves, exact in binary.
_EFFECTIVE_RIR = case(
    (SetRow.failure.is_not(None), literal(0.0)),
    (SetRow.rir.is_not(None), cast(SetRow.rir, Float)),
    (SetRow.rpe.is_not(None), 10.0 - cast(SetRow.rpe, Float)),
    else_=literal(0.0),
)
_R = SetRow.reps + _EFFECTIVE_RIR
_E1RM_DEFINED = and_(SetRow.reps >= 1, SetRow.weight > 0, _EFFECTIVE_RIR <= 4, _R >= 1, _R <= 10)


def bests_query(*where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """(user_id, PriorBest columns) of working sets that are not drop links, per user,
    exercise and typed load; grouped in the order of ix_set_records_user_exercise."""
    return (
        select(
            SetRow.user_id,
            SetRow.exercise,
            SetRow.weight,
            SetRow.unit,
            func.max(SetRow.reps),
            func.max(type_coerce(case((_E1RM_DEFINED, _R), else_=None), Float)),
            func.max(SetRow.seconds),
            func.count(),
            func.max(SetRow.logged_at),
        )
        .where(*where, SetRow.warmup.is_(False), SetRow.drop.is_(False))
        .group_by(SetRow.user_id, SetRow.exercise, SetRow.weight, SetRow.unit)
    )


def prior_bests(rows: Iterable[Any]) -> list[tuple[int, PriorBest]]:
    """Rows of bests_query as (user id, PriorBest)."""
    return [
        (
            user_id,
            PriorBest(
                exercise=exercise,
                weight=Decimal(weight),
                unit=Unit(unit),
                max_reps=reps,
                max_e1rm_r=float(r) if r is not None else None,
                max_seconds=seconds,
                sets=count,
                last_at=last_at,
            ),
        )
        for user_id, exercise, weight, unit, reps, r, seconds, count, last_at in rows
    ]
