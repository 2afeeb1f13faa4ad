"""An import's sets as they stream by: read in batches beside the database work, told apart
from what the user has already, and stored in bulk (workouts, sets, own exercises made)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from typing import IO

from core.catalogue import Catalogue
from core.custom_exercises import CustomExercise, is_custom, name_key, new_custom_id
from core.logbook import SEQ_PER_MESSAGE
from core.model import SetRecord
from core.names import name_index
from core.transfer import ImportedSet
from storage.transfer import NewSet, NewWorkout
from storage.uow import UnitOfWork

BATCH = 2000  # sets per database round trip (keys checked, then rows inserted)
_CHUNK = 1 << 16  # bytes per read when hashing the rest of a file


class Changed(Exception):
    """The file fetched at confirm is not the file previewed."""


class HashingStream:
    """A binary stream's bytes as read, with their SHA-256 (of the whole file after drain)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        self._hash.update(data)
        self.size += len(data)
        return data

    def drain(self) -> str:
        """Read what the reader left (it may stop early) and return the hex digest."""
        while self.read(_CHUNK):
            pass
        return self._hash.hexdigest()


@dataclass(slots=True)
class Tally:
    new: int = 0
    already: int = 0
    unmatched: int = 0  # new sets of names not in the user's catalogue
    unmatched_names: set[str] = field(default_factory=set)
    left_out: int = 0
    workouts: set[int] = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None
    made: list[str] = field(default_factory=list)

    @property
    def known(self) -> int:
        """New sets under names the user's catalogue knows: what the plain import takes."""
        return self.new - self.unmatched

    def saw(self, s: ImportedSet) -> None:
        at = s.record.at
        self.first = at if self.first is None or at < self.first else self.first
        self.last = at if self.last is None or at > self.last else self.last
        self.workouts.add(s.workout.number)


async def batches(sets: Iterator[ImportedSet]) -> AsyncIterator[list[ImportedSet]]:
    """The file's sets in batches, each read in a worker thread while the previous one is
    being stored (the reader is pure CPU; the database waits are I/O)."""

    def take() -> list[ImportedSet]:
        return list(islice(sets, BATCH))

    pending = asyncio.ensure_future(asyncio.to_thread(take))
    try:
        while batch := await pending:
            pending = asyncio.ensure_future(asyncio.to_thread(take))
            yield batch
    finally:
        if not pending.done():
            # The thread can't be stopped; let it finish before the stream is closed.
            await asyncio.wait([pending])
        if pending.done() and not pending.cancelled():
            pending.exception()  # retrieved: an error after the caller stopped is not news


async def unseen(
    uow: UnitOfWork, user_id: int, batch: list[ImportedSet]
) -> tuple[list[ImportedSet], dict[str, int]]:
    """The sets of a batch the user doesn't have yet, and the workouts of those they have.

    A set is there already when its key is (this file, or the same rows in another file of
    the same app, imported before), or, for our own export, when the set it was exported from
    still exists (same id, time and exercise): re-importing one's export while the log is
    intact adds nothing.
    """
    unique: dict[str, ImportedSet] = {}
    for s in batch:
        unique.setdefault(s.key, s)
    known = await uow.transfer.known_keys(user_id, list(unique))
    ids = [s.source_id for s in unique.values() if s.source_id is not None]
    sources = await uow.transfer.known_sets(user_id, ids) if ids else {}
    fresh = []
    for key, s in unique.items():
        if key in known:
            continue
        source = sources.get(s.source_id) if s.source_id is not None else None
        if source is not None and source == (s.record.at, s.record.exercise):
            continue
        fresh.append(s)
    return fresh, known


class Writer:
    """Stores an import's batches: workouts as log rows, sets in bulk, new own exercises."""

    def __init__(
        self,
        uow: UnitOfWork,
        user_id: int,
        import_id: int,
        catalogue: Catalogue,
        keep_custom: bool,
        now: datetime,
    ) -> None:
        self.uow, self.user_id, self.import_id = uow, user_id, import_id
        self.catalogue, self.keep_custom, self.now = catalogue, keep_custom, now
        self.tally = Tally()
        self._own: dict[str, str] = {}  # name key -> id of the user's own exercises
        self._ids: dict[tuple[str, str], str] = {}  # (file id or "", name) -> stored id
        self._rows: dict[tuple[int, int], tuple[int, int]] = {}  # (workout, chunk) -> log, wkt
        self._workout_ids: dict[int, int] = {}  # workout number -> existing workout id

    async def prepare(self) -> None:
        for c in await self.uow.exercises.of_user(self.user_id):
            self._own[name_key(c.name) or c.id] = c.id

    async def add(self, batch: list[ImportedSet]) -> None:
        # Workouts come one after another in a file: rows of those before this batch are done.
        lowest = batch[0].workout.number
        self._rows = {k: v for k, v in self._rows.items() if k[0] >= lowest}
        fresh, known = await unseen(self.uow, self.user_id, batch)
        self.tally.already += len(batch) - len(fresh)
        for s in batch:
            if s.key in known:
                self._workout_ids.setdefault(s.workout.number, known[s.key])
        placed: list[tuple[ImportedSet, str]] = []
        for s in fresh:
            exercise = await self._exercise(s)
            if exercise is None:
                self.tally.left_out += 1
                continue
            placed.append((s, exercise))
        await self._open_rows(s for s, _ in placed)
        rows = []
        for s, exercise in placed:
            chunk, position = divmod(s.record.seq, SEQ_PER_MESSAGE)
            log_id, workout_id = self._rows[(s.workout.number, chunk)]
            record = s.record if exercise == s.record.exercise else _with(s, exercise)
            rows.append(NewSet(record, log_id, position, workout_id, s.key, s.line))
            self.tally.new += 1
            self.tally.saw(s)
        await self.uow.transfer.add_sets(self.user_id, rows)

    async def _open_rows(self, sets: Iterator[ImportedSet]) -> None:
        """A log row for each (part of a) workout these sets need that has none yet."""
        wanted: dict[tuple[int, int], NewWorkout] = {}
        for s in sets:
            where = (s.workout.number, s.record.seq // SEQ_PER_MESSAGE)
            if where not in self._rows and where not in wanted:
                wanted[where] = NewWorkout(*where, s.workout.started_at, s.workout.title)
        if not wanted:
            return
        ids = await self.uow.transfer.add_workouts(
            self.user_id, self.import_id, list(wanted.values())
        )
        for (number, chunk), log_id in zip(wanted, ids, strict=True):
            first = self._rows.get((number, 0))
            workout_id = self._workout_ids.get(number) or (first[1] if first else log_id)
            self._rows[(number, chunk)] = (log_id, workout_id)

    async def _exercise(self, s: ImportedSet) -> str | None:
        """The stored exercise of a new set: the catalogue's, the user's own, one made now
        (our export's own exercises always; unknown names if the user chose so), or None."""
        if s.exercise is not None and s.exercise in self.catalogue:
            return s.exercise
        if s.exercise is not None and not is_custom(s.exercise):
            # An id of our export that no catalogue has (a hand-edited file): read the name.
            named = name_index(self.catalogue).resolve(s.name).exercise
            if named is not None:
                return named
        if s.exercise is None and not self.keep_custom:
            return None
        wanted = (s.exercise or "", s.name)
        found = self._ids.get(wanted)
        if found is None:
            found = self._ids[wanted] = await self._own_exercise(s.exercise, s.name)
        return found

    async def _own_exercise(self, file_id: str | None, name: str) -> str:
        shown = " ".join(name.split())[:64] or (file_id or "exercise")
        k = name_key(shown) or (file_id or shown)
        existing = self._own.get(k)
        if existing is not None:
            return existing
        taken = set(self._own.values())
        # Our export's own ids come back as they were (an export then import changes nothing).
        keep = file_id is not None and is_custom(file_id) and file_id not in taken
        exercise_id = file_id if keep and file_id else new_custom_id(shown, taken)
        made = await self.uow.exercises.add(
            self.user_id, CustomExercise(exercise_id, shown), k, self.now
        )
        if made is None:  # can't happen under the user's lock; be safe anyway
            raise Changed
        self._own[k] = exercise_id
        self.tally.made.append(shown)
        return exercise_id

    async def finish(self) -> None:
        await self.uow.transfer.bump(self.user_id)
        if self.tally.made:
            await self.uow.exercises.bump(self.user_id, self.now)


def _with(s: ImportedSet, exercise: str) -> SetRecord:
    return replace(s.record, exercise=exercise)
