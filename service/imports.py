"""Importing a CSV file: preview what it holds, then store it all in one transaction on a tap.

Preview: one streaming pass (core.transfer) in a worker thread, batch by batch, asking the
database which sets are there already; the file's hash and where to fetch it again go in the
`imports` ledger, never the file. Confirm (any instance): fetch the file again, stream it once
more and store each batch with bulk inserts, all in one transaction under the user's lock; a
file that changed since the preview (another hash) or can't be read leaves nothing behind.
"""

from __future__ import annotations

import asyncio
from typing import IO, cast
from zoneinfo import ZoneInfo

from core.catalogue import Catalogue
from core.model import Profile
from core.replies import Button, Reply
from core.transfer import (
    MAX_IMPORT_BYTES,
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
from service.exercises import catalogue_for
from service.files import FileTooLarge, FileUnavailable, LocalFiles, Unavailable, Upload
from service.import_batches import Changed, HashingStream, Tally, Writer, batches, unseen
from service.services import Services
from storage.uow import UnitOfWork

OK, CUSTOM, NO, UNDO = "ok", "custom", "no", "undo"  # imp:ACTION:ID button data


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
            tally = Tally()
            async for batch in batches(reader.sets()):
                async with svc.uow() as uow:
                    fresh, _ = await unseen(uow, user_id, batch)
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
    tally: Tally,
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
            words.preview_tail(tally.new, tally.known, tally.already, len(tally.unmatched_names)),
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
    if tally.known:
        rows.append((Button(words.import_label(tally.known), f"imp:{OK}:{job.id}"),))
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
        except (Changed, ImportRejected):
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
        writer = Writer(uow, user_id, job.id, catalogue, keep_custom, now)
        await writer.prepare()
        async for batch in batches(reader.sets()):
            await writer.add(batch)
        report = await asyncio.to_thread(reader.report)
        if not report.ok or await asyncio.to_thread(source.drain) != job.sha256:
            raise Changed  # the transaction rolls back: nothing of the file stays
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
