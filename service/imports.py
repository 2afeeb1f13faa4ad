"""Importing a CSV file: preview what it holds, then store it all in one transaction on a tap.

Preview: one streaming pass (core.transfer) in a worker thread, batch by batch, asking the
database which sets are there already; the file's hash and where to fetch it again go in the
`imports` ledger, never the file. Confirm (any instance): fetch the file again, stream it once
more and store each batch with bulk inserts, all in one transaction under the user's lock; a
file that changed since the preview (another hash) or can't be read leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from typing import IO, cast
from zoneinfo import ZoneInfo

from core.catalogue import Catalogue
from core.custom_exercises import CustomExercise, is_custom, name_key, new_custom_id
from core.logbook import SEQ_PER_MESSAGE
from core.model import Profile, SetRecord
from core.names import name_index
from core.replies import Button, Reply
from core.transfer import (
    MAX_IMPORT_BYTES,
    ImportedSet,
    ImportJob,
    ImportRejected,
    ImportReport,
    ImportStatus,
    RejectCode,
    export_id_for,
    open_import,
)
from core.wording import chat as logging_words
from core.wording import transfer as words
from service import users
from service.exercises import catalogue_for, revision_seed
from service.files import FileTooLarge, FileUnavailable, LocalFiles, Unavailable, Upload
from service.services import Services
from storage.transfer import NewSet, NewWorkout
from storage.uow import UnitOfWork

BATCH = 2000  # sets per database round trip (keys checked, then rows inserted)
OK, CUSTOM, NO, UNDO = "ok", "custom", "no", "undo"  # imp:ACTION:ID button data
_CHUNK = 1 << 16  # bytes per read when hashing the rest of a file


class _Changed(Exception):
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
class _Tally:
    new: int = 0
    already: int = 0
    unmatched: int = 0  # new sets of names not in the user's catalogue
    unmatched_names: set[str] = field(default_factory=set)
    left_out: int = 0
    workouts: set[int] = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None
    made: list[str] = field(default_factory=list)

    def saw(self, s: ImportedSet) -> None:
        at = s.record.at
        self.first = at if self.first is None or at < self.first else self.first
        self.last = at if self.last is None or at > self.last else self.last
        self.workouts.add(s.workout.number)


async def _batches(sets: Iterator[ImportedSet]) -> AsyncIterator[list[ImportedSet]]:
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


async def _fresh(
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


def _user_zone(user: Profile) -> ZoneInfo:
    return ZoneInfo(user.timezone)


# ---------------------------------------------------------------------------------- preview


async def import_command(svc: Services, user_id: int, text: str) -> Reply:
    """`/import PATH` where files are local (the terminal); elsewhere: how to send the file."""
    if not isinstance(svc.files, LocalFiles):
        return Reply(words.SEND_FILE)
    upload = LocalFiles.upload(text)
    if upload is None:
        return Reply(words.PATH_USAGE)
    return await preview(svc, user_id, upload)


async def preview(svc: Services, user_id: int, upload: Upload) -> Reply:
    """What a file holds and what importing it would add; buttons to import or cancel."""
    too_large = Reply(words.rejected(ImportRejected(RejectCode.TOO_LARGE)))
    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        return too_large  # before downloading anything
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        catalogue = await catalogue_for(svc, uow, user)
        await uow.commit()
    try:
        stream = await svc.files.open(upload.ref, MAX_IMPORT_BYTES)
    except FileTooLarge:
        return too_large
    except FileUnavailable as exc:
        return Reply(words.file_unavailable(exc.reason))
    with stream:
        source = HashingStream(stream)
        try:
            reader = await asyncio.to_thread(
                open_import,
                cast(IO[bytes], source),  # read() is all the reader uses
                zone=_user_zone(user),
                default_unit=user.unit,
                catalogue=catalogue,
                now=now,
            )
            tally = _Tally()
            async for batch in _batches(reader.sets()):
                async with svc.uow() as uow:
                    fresh, _ = await _fresh(uow, user_id, batch)
                tally.already += len(batch) - len(fresh)
                for s in fresh:
                    tally.new += 1
                    if s.exercise is None:
                        tally.unmatched += 1
                        tally.unmatched_names.add(s.name)
            report = await asyncio.to_thread(reader.report)
            digest = await asyncio.to_thread(source.drain)
        except ImportRejected as exc:
            return Reply(words.rejected(exc))
    return await _previewed(svc, user, catalogue, upload, report, tally, digest, source.size)


async def _previewed(
    svc: Services,
    user: Profile,
    catalogue: Catalogue,
    upload: Upload,
    report: ImportReport,
    tally: _Tally,
    digest: str,
    size: int,
) -> Reply:
    if not report.ok:
        return Reply(words.problems(report))
    if report.export_id is not None and report.export_id != export_id_for(user.user_id):
        return Reply(words.SOMEONE_ELSES)
    if report.sets == 0:
        return Reply(words.no_sets(report))
    text = "\n".join(
        (
            words.summary(report, catalogue.name_of),
            "",
            words.preview_tail(
                tally.new, tally.already, tally.unmatched, len(tally.unmatched_names)
            ),
        )
    )
    if tally.new == 0:
        return Reply(text)
    async with svc.uow() as uow:
        job = await uow.transfer.create_job(
            user_id=user.user_id,
            now=svc.clock(),
            source=svc.files.kind,
            file_ref=upload.ref,
            file_name=upload.name,
            size=size,
            sha256=digest,
            format=report.dialect.format,
            sets=report.sets,
        )
        await uow.commit()
    rows: list[tuple[Button, ...]] = []
    known = tally.new - tally.unmatched
    if known:
        rows.append((Button(words.import_label(known), f"imp:{OK}:{job.id}"),))
    if tally.unmatched:
        rows.append((Button(words.CUSTOM_LABEL, f"imp:{CUSTOM}:{job.id}"),))
    rows.append((Button(words.CANCEL_LABEL, f"imp:{NO}:{job.id}"),))
    return Reply(text, buttons=tuple(rows))


# ---------------------------------------------------------------------------------- confirm


async def press(svc: Services, user_id: int, value: str) -> Reply:
    """`imp:ACTION:ID`: import (keeping unknown names or not), cancel, or undo an import."""
    action, _, number = value.partition(":")
    if not number.isdigit() or action not in (OK, CUSTOM, NO, UNDO):
        return Reply(logging_words.NOT_YOUR_BUTTON, alert=True)
    import_id = int(number)
    if action in (OK, CUSTOM):
        return await confirm(svc, user_id, import_id, keep_custom=action == CUSTOM)
    if action == NO:
        return await _cancel(svc, user_id, import_id)
    return await undo_import(svc, user_id, import_id)


async def _job_of(uow: UnitOfWork, user_id: int, import_id: int) -> ImportJob | None:
    job = await uow.transfer.job(import_id)
    return job if job is not None and job.user_id == user_id else None


def _closed(job: ImportJob) -> Reply | None:
    if job.status is ImportStatus.DONE:
        return Reply(words.already_imported(job.added))
    if job.status is not ImportStatus.PREVIEWED:
        return Reply(words.CLOSED)
    return None


async def confirm(svc: Services, user_id: int, import_id: int, *, keep_custom: bool) -> Reply:
    """Store the previewed file in one transaction; the same file twice adds nothing."""
    async with svc.uow() as uow:
        job = await _job_of(uow, user_id, import_id)
    if job is None:
        return Reply(logging_words.NOT_YOUR_BUTTON, alert=True)
    closed = _closed(job)
    if closed is not None:
        return closed
    if job.source != svc.files.kind:
        return Reply(words.file_unavailable(Unavailable.ELSEWHERE))
    try:
        stream = await svc.files.open(job.file_ref, MAX_IMPORT_BYTES)
    except (FileTooLarge, FileUnavailable):
        return Reply(words.CHANGED)
    with stream:
        try:
            return await _store(svc, user_id, job, HashingStream(stream), keep_custom)
        except (_Changed, ImportRejected):
            return Reply(words.CHANGED)


async def _store(
    svc: Services, user_id: int, job: ImportJob, source: HashingStream, keep_custom: bool
) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now, lock=True)
        current = await _job_of(uow, user_id, job.id)  # under the lock: one press wins
        if current is None:
            return Reply(logging_words.NOT_YOUR_BUTTON, alert=True)
        closed = _closed(current)
        if closed is not None:
            return closed
        catalogue = await catalogue_for(svc, uow, user)
        reader = await asyncio.to_thread(
            open_import,
            cast(IO[bytes], source),
            zone=_user_zone(user),
            default_unit=user.unit,
            catalogue=catalogue,
            now=now,
        )
        writer = _Writer(uow, user_id, job.id, catalogue, keep_custom, now)
        await writer.prepare()
        async for batch in _batches(reader.sets()):
            await writer.add(batch)
        report = await asyncio.to_thread(reader.report)
        if not report.ok or await asyncio.to_thread(source.drain) != job.sha256:
            raise _Changed  # the transaction rolls back: nothing of the file stays
        tally = writer.tally
        await writer.finish()
        await uow.transfer.finish_job(
            job.id,
            ImportStatus.DONE,
            now,
            added=tally.new,
            already=tally.already,
            keep_custom=keep_custom,
        )
        await uow.commit()
    zone = _user_zone(user)
    text = words.imported(
        tally.new,
        len(tally.workouts),
        tally.first.astimezone(zone) if tally.first else None,
        tally.last.astimezone(zone) if tally.last else None,
        already=tally.already,
        left_out=tally.left_out,
        own_made=tally.made,
    )
    buttons = ((Button(words.UNDO_LABEL, f"imp:{UNDO}:{job.id}"),),) if tally.new else ()
    return Reply(text, buttons=buttons)


class _Writer:
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
        self.tally = _Tally()
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
        fresh, known = await _fresh(self.uow, self.user_id, batch)
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
            raise _Changed
        self._own[k] = exercise_id
        self.tally.made.append(shown)
        return exercise_id

    async def finish(self) -> None:
        await self.uow.transfer.bump(self.user_id)
        if self.tally.made:
            await self.uow.exercises.bump(self.user_id, revision_seed(self.now))


def _with(s: ImportedSet, exercise: str) -> SetRecord:
    return replace(s.record, exercise=exercise)


async def _cancel(svc: Services, user_id: int, import_id: int) -> Reply:
    async with svc.uow() as uow:
        job = await _job_of(uow, user_id, import_id)
        if job is None:
            return Reply(logging_words.NOT_YOUR_BUTTON, alert=True)
        if job.status is ImportStatus.PREVIEWED:
            await uow.transfer.finish_job(import_id, ImportStatus.CANCELLED, svc.clock())
            await uow.commit()
            return Reply(words.CANCELLED)
    return _closed(job) or Reply(words.CANCELLED)


async def undo_import(svc: Services, user_id: int, import_id: int) -> Reply:
    """Take an import's sets out again (only the user's own, only once)."""
    now = svc.clock()
    async with svc.uow() as uow:
        await users.contact(uow, user_id, now, lock=True)
        job = await _job_of(uow, user_id, import_id)
        if job is None:
            return Reply(logging_words.NOT_YOUR_BUTTON, alert=True)
        if job.status is not ImportStatus.DONE:
            return Reply(words.CLOSED)
        removed = await uow.transfer.undo_job(user_id, import_id)
        await uow.transfer.finish_job(import_id, ImportStatus.UNDONE, now)
        await uow.commit()
    return Reply(words.import_undone(removed))
