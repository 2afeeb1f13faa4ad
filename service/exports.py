"""/export and `tofailure export`: the user's whole log as our CSV, read from the database a
page at a time, so memory stays flat however long the log is; /export adds the weigh-ins."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from core.calendar import local_date
from core.replies import Document, Reply
from core.transfer import ExportSet, ExportWriter, bodyweight_lines, export_id_for
from core.wording import transfer as words
from service import users
from service.exercises import catalogue_for
from service.services import Services
from storage.transfer import ExportCursor

PAGE = 2000  # sets per query: a few hundred KB of rows, a short transaction each


@dataclass(frozen=True, slots=True)
class Exported:
    sets: int
    workouts: int
    first: datetime | None
    last: datetime | None


async def write_log(svc: Services, user_id: int, out: IO[bytes]) -> Exported:
    """Write the user's whole log to `out` in canonical order; what was written."""
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        catalogue = await catalogue_for(svc, uow, user)
        await uow.commit()
    writer = ExportWriter(
        zone=ZoneInfo(user.timezone), catalogue=catalogue, export_id=export_id_for(user_id)
    )
    out.write(writer.header().encode("utf-8"))
    after: ExportCursor | None = None
    sets = 0
    first: datetime | None = None
    last: datetime | None = None
    while True:
        async with svc.uow() as uow:
            page, after = await uow.transfer.export_page(user_id, after, PAGE)
        if not page:
            break
        # Formatting is CPU work: off the event loop, so other chats' replies go on meanwhile.
        out.write(await asyncio.to_thread(_encoded, writer, page))
        sets += len(page)
        first = first or page[0].record.at
        last = page[-1].record.at
    return Exported(sets, writer.workouts, first, last)


def _encoded(writer: ExportWriter, page: list[ExportSet]) -> bytes:
    return "".join(writer.lines(page)).encode("utf-8")


async def export_command(svc: Services, user_id: int, _text: str = "") -> Reply:
    """/export: the log as a CSV document, the weigh-ins as a second one, with a caption
    saying what they hold."""
    buffer = io.BytesIO()
    done = await write_log(svc, user_id, buffer)
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, svc.clock())
        weighed = await uow.bodyweight.days(user.user_id)
        await uow.commit()
    if done.first is None and not weighed:
        return Reply(words.NOTHING_TO_EXPORT)
    zone = ZoneInfo(user.timezone)
    day = local_date(svc.clock(), user.timezone).isoformat()
    documents = []
    lines = []
    if done.first is not None and done.last is not None:
        documents.append(Document(f"tofailure-{day}.csv", buffer.getvalue()))
        first, last = done.first.astimezone(zone), done.last.astimezone(zone)
        lines.append(words.exported(done.sets, done.workouts, first, last))
    if weighed:
        data = "".join(bodyweight_lines(weighed, zone=zone)).encode("utf-8")
        documents.append(Document(f"tofailure-bodyweight-{day}.csv", data))
        lines.append(words.exported_bodyweight(len(weighed), weighed[0].day, weighed[-1].day))
    return Reply("\n\n".join(lines), documents=tuple(documents))


async def known_user(svc: Services, user_id: int) -> bool:
    """Whether the user has an account (an operator's export must not make one)."""
    async with svc.uow() as uow:
        return await uow.users.get(user_id) is not None
