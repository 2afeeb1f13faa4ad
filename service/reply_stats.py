"""What a logging reply adds about the exercise (what an app shows on the set screen): the last
session next to the set just logged, and the PR it beat. History older than the rules window
comes from two indexed queries per exercise, cached with the user's window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core.catalogue import Catalogue
from core.insights.stats.exercise import newest_session
from core.insights.stats.last_time import last_time, new_records
from core.model import Profile, SetRecord
from core.training.sets import is_link
from core.training.workouts import current_workout
from core.wording.history import last_time_line
from core.wording.records import pr_line
from service.windows import ALL_TIME, Older
from storage.uow import UnitOfWork

# Enough for a last session of any size (a message holds at most a few dozen sets).
LAST_SESSION_SETS = 120


async def older_history(uow: UnitOfWork, profile: Profile, exercise: str, until: datetime) -> Older:
    """The exercise's bests before `until` and its last session there (none: no query)."""
    if until <= ALL_TIME:  # the window holds every set the user has
        return Older((), ())
    bests = await uow.stats.bests(profile.user_id, exercise, before=until)
    if not bests:
        return Older((), ())
    sets = await uow.stats.exercise_sets(
        profile.user_id, exercise, until=until, latest=LAST_SESSION_SETS
    )
    return Older(tuple(bests), newest_session(sets))


async def last_session(
    uow: UnitOfWork,
    profile: Profile,
    history: Sequence[SetRecord],
    exercise: str,
    until: datetime,
) -> Sequence[SetRecord]:
    """The last session of `exercise`: in `history` (the sets loaded from `until` on, in
    canonical order), else the last one stored before `until` (one indexed query)."""
    mine = [s for s in history if s.exercise == exercise]
    if not mine and profile.logged_sets:  # an account that never stored a set has none
        mine = await uow.stats.exercise_sets(
            profile.user_id, exercise, until=until, latest=LAST_SESSION_SETS
        )
    return newest_session(mine)


def _shown_set(new: Sequence[SetRecord]) -> SetRecord | None:
    """The set the last-time line is about: the message's last working set that is not a
    drop link (a drop chain compares by its first set)."""
    for i in range(len(new) - 1, -1, -1):
        if not new[i].warmup and not is_link(new, i):
            return new[i]
    return None


def _previous_session(
    history: Sequence[SetRecord], before: datetime, exercise: str, older: Older
) -> Sequence[SetRecord]:
    mine = [s for s in history if s.exercise == exercise and s.at < before]
    return newest_session(mine) if mine else older.last_session


async def reply_lines(
    uow: UnitOfWork,
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[SetRecord],
    new: Sequence[SetRecord],
    until: datetime,
    cache: dict[str, Older] | None = None,
) -> list[str]:
    """At most one last-time line and one 🏆 line, for working sets only.

    `history`: the sets from `until` to the message (canonical order); older history comes
    from storage (and `cache`, which must belong to the same `until`).
    """
    shown = _shown_set(new)
    if shown is None:
        return []
    exercises = sorted({s.exercise for s in new if not s.warmup})
    older: dict[str, Older] = {}
    for exercise in exercises:
        found = cache.get(exercise) if cache is not None else None
        if found is None:
            found = await older_history(uow, profile, exercise, until)
            if cache is not None:
                cache[exercise] = found
        older[exercise] = found
    lines: list[str] = []
    workout = current_workout(history, new)
    previous = _previous_session(history, workout[0].at, shown.exercise, older[shown.exercise])
    compared = last_time(previous, [s for s in workout if s.exercise == shown.exercise], shown)
    if compared is not None:
        lines.append(last_time_line(compared, catalogue))
    prior = [best for ex in exercises for best in older[ex].bests]
    pr = new_records(prior, history, new, workout[0].at)
    if pr is not None:
        lines.append(pr_line(pr, profile.unit, catalogue))
    return lines
