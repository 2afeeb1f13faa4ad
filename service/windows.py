"""A per-process cache of each active user's rules window, trusted only while the user's
sets revision (bumped in the database by every change, by any instance) is unchanged."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.model import SetRecord

DEFAULT_USERS = 256  # a few hundred lifters mid-workout; ~1 500 sets each at most


@dataclass(slots=True)
class _Window:
    revision: int
    since: datetime
    until: datetime  # every set of the user before this instant (and after `since`) is here
    sets: list[SetRecord]
    times: list[datetime]
    last_workout: int | None


class WindowCache:
    def __init__(self, max_users: int = DEFAULT_USERS) -> None:
        self._max = max_users
        self._windows: OrderedDict[int, _Window] = OrderedDict()

    def get(
        self, user_id: int, revision: int, since: datetime, until: datetime
    ) -> tuple[list[SetRecord], int | None] | None:
        """The sets in [since, until) and the last one's workout, if the cache can tell."""
        w = self._windows.get(user_id)
        # A later `until` is fine: a set written since would have bumped the revision.
        if w is None or w.revision != revision or since < w.since or until < w.until:
            return None
        self._windows.move_to_end(user_id)
        start = bisect_left(w.times, since)
        if start > len(w.sets) // 2:  # drop what no window will ask for again
            del w.sets[:start], w.times[:start]
            w.since, start = since, 0
        return w.sets[start:], w.last_workout

    def put(
        self,
        user_id: int,
        revision: int,
        since: datetime,
        until: datetime,
        sets: Sequence[SetRecord],
        last_workout: int | None,
    ) -> None:
        self._windows[user_id] = _Window(
            revision, since, until, list(sets), [s.at for s in sets], last_workout
        )
        self._windows.move_to_end(user_id)
        while len(self._windows) > self._max:
            self._windows.popitem(last=False)

    def appended(
        self, user_id: int, old_revision: int, new: Sequence[SetRecord], workout_id: int
    ) -> None:
        """After a commit that added `new` (bumping the revision by one): extend in place."""
        w = self._windows.get(user_id)
        if (
            w is None
            or w.revision != old_revision
            or not new
            or (w.times and new[0].at < w.times[-1])
        ):
            self._windows.pop(user_id, None)
            return
        w.revision = old_revision + 1
        w.sets.extend(new)
        w.times.extend(s.at for s in new)
        w.until = max(w.until, new[-1].at)
        w.last_workout = workout_id

    def forget(self, user_id: int) -> None:
        self._windows.pop(user_id, None)
