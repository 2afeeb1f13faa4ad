"""A per-process cache of each active user's recent sets (the rules window), trusted only
while the user's sets revision (bumped in the database by every change to their sets, by any
instance) is the one it was filled at."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.insights.records import PriorBest
from core.model import SetRecord

DEFAULT_USERS = 256  # a few hundred lifters mid-workout; ~1 500 sets each at most
# The `since` of a window that holds every set the user has: nothing is older than it.
ALL_TIME = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Older:
    """One exercise's history before a window's `since`: its bests per load and its last
    session there (what a logging reply compares with when the window does not reach)."""

    bests: tuple[PriorBest, ...]
    last_session: tuple[SetRecord, ...]


@dataclass(slots=True)
class Window:
    """Every set of a user from `since` on (no upper bound), with each set's workout id,
    and, per exercise asked about, its history before `since`."""

    revision: int
    since: datetime
    sets: list[SetRecord]
    workouts: list[int]
    times: list[datetime]
    older: dict[str, Older] = field(default_factory=dict)

    def before(self, until: datetime) -> tuple[list[SetRecord], int | None]:
        """The sets earlier than `until`, and the workout of the last of them."""
        end = bisect_left(self.times, until)
        return self.sets[:end], (self.workouts[end - 1] if end else None)


def empty_window(revision: int) -> Window:
    """The window of a user who has no sets at all (no query needed): every set they log
    from now on goes into it."""
    return Window(revision, ALL_TIME, [], [], [])


class WindowCache:
    def __init__(self, max_users: int = DEFAULT_USERS) -> None:
        self._max = max_users
        self._windows: OrderedDict[int, Window] = OrderedDict()

    def get(self, user_id: int, revision: int, since: datetime) -> Window | None:
        """The user's window if it is current and reaches back to `since`."""
        w = self._windows.get(user_id)
        if w is None or w.revision != revision or since < w.since:
            return None
        self._windows.move_to_end(user_id)
        start = bisect_left(w.times, since)
        if start > len(w.sets) // 2:  # drop what no later window will ask for
            del w.sets[:start], w.workouts[:start], w.times[:start]
            w.since = since
            w.older.clear()  # it ended at the old `since`: the dropped sets are in neither
        return w

    def peek(self, user_id: int, revision: int) -> Window | None:
        """The user's window if it is current (no reordering, no trimming)."""
        w = self._windows.get(user_id)
        return w if w is not None and w.revision == revision else None

    def put(self, user_id: int, window: Window) -> None:
        self._windows[user_id] = window
        self._windows.move_to_end(user_id)
        while len(self._windows) > self._max:
            self._windows.popitem(last=False)

    def appended(
        self, user_id: int, old_revision: int, new: Sequence[SetRecord], workout_id: int
    ) -> None:
        """After a commit that added `new` and bumped the revision once: extend in place.

        Sets that do not go at the end (an old message edited into a log) drop the window:
        the next message reloads it.
        """
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
        w.workouts.extend(workout_id for _ in new)
        w.times.extend(s.at for s in new)
