"""storage.weekly restates rules.md §1 in SQL (prior bests for PRs); the core must agree."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Failure, Profile, SetEntry, Unit
from core.training.sets import brzycki, e1rm, e1rm_reps, is_link, kg_of
from storage.db import make_session_factory
from storage.uow import UnitOfWorkFactory

USER = 11
START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
LOADS = [Decimal(x) for x in ("0", "-20", "20", "60", "80", "82.5", "135", "225")]


def message(rng: random.Random) -> list[SetEntry]:
    """A few sets of one exercise with every kind of effort marker, warm-ups and drop links."""
    exercise = rng.choice(["bench_press", "back_squat", "dip"])
    unit = rng.choice([Unit.KG, Unit.KG, Unit.LB])
    entries: list[SetEntry] = []
    for position in range(rng.randint(1, 5)):
        warmup = rng.random() < 0.15
        # A drop set continues the working set before it (a link); never first, never warm-up.
        drop = position > 0 and not warmup and not entries[-1].warmup and rng.random() < 0.2
        entries.append(
            SetEntry(
                exercise=exercise,
                weight=rng.choice(LOADS),
                unit=unit,
                reps=rng.choice([None, 0, 1, 3, 5, 8, 10, 12]),
                seconds=None,
                failure=rng.choice([None, None, None, Failure.CONCENTRIC, Failure.TECHNICAL]),
                rpe=rng.choice(
                    [None, None, Decimal("6"), Decimal("7.5"), Decimal("9.5"), Decimal("10")]
                ),
                rir=rng.choice(
                    [None, None, None, Decimal("0"), Decimal("2.5"), Decimal("4"), Decimal("5")]
                ),
                warmup=warmup,
                drop=drop,
                line=1,
            )
        )
    return entries


async def test_prior_bests_agree_with_the_core_definitions(engine: AsyncEngine) -> None:
    rng = random.Random(20260305)
    uow = UnitOfWorkFactory(make_session_factory(engine))
    async with uow() as tx:
        await tx.users.create(Profile(USER), START)
        for k in range(80):
            await tx.logbook.add_message(
                user_id=USER,
                chat_id=USER,
                message_id=k,
                text="…",
                at=START + timedelta(hours=5 * k),
                entries=message(rng),
                workout_id=None,
            )
        await tx.commit()
    before = START + timedelta(days=365)
    async with uow() as tx:
        [prior] = (await tx.weekly.prior_bests([USER], before)).values()
        records, _ = await tx.logbook.window(USER, START)

    # The core's answers over the same sets: working sets that are not drop links, per load.
    reps: dict[tuple[str, Decimal, Unit], list[int]] = defaultdict(list)
    rs: dict[tuple[str, Decimal, Unit], list[float]] = defaultdict(list)
    e1rms: dict[tuple[str, Decimal, Unit], list[float]] = defaultdict(list)
    for i, s in enumerate(records):
        if s.warmup or is_link(records, i):
            continue
        key = (s.exercise, s.weight, s.unit)
        reps[key] += [s.reps] if s.reps is not None else []
        rs[key] += [r for r in (e1rm_reps(s),) if r is not None]
        e1rms[key] += [v for v in (e1rm(s),) if v is not None]

    got = {(p.exercise, p.weight, p.unit): p for p in prior}
    assert set(got) == {*reps, *rs}
    assert len(got) > 20 and sum(p.max_e1rm_r is not None for p in prior) > 10
    for key, p in got.items():
        assert p.max_reps == max(reps[key], default=None), key
        assert p.max_e1rm_r == pytest.approx(max(rs[key], default=None)), key
        if p.max_e1rm_r is not None:  # the best e1RM at that load, as RecordBook rebuilds it
            assert brzycki(kg_at(key), p.max_e1rm_r) == pytest.approx(max(e1rms[key])), key


def kg_at(key: tuple[str, Decimal, Unit]) -> float:
    _, weight, unit = key
    return kg_of(SetEntry(exercise="x", weight=weight, unit=unit, reps=1, line=1))
