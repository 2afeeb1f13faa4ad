"""/forget deletes everything of one user after the button, and nothing of anyone else."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from core.replies import Reply
from service import inbox
from service.commands import Command, press, run
from service.files import LocalFiles
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text as log_text
from storage.inbox import NewUpdate
from storage.rows import Base, InboxRow
from storage.schedules import NewDelivery
from tests.clock import Clock
from tests.paths import DATA

ALICE, BOB = 4001, 4002
_ids = iter(range(1, 10**6))
_command_ids = iter(range(10**6, 2 * 10**6))


async def rows_of(svc: Services, user: int) -> dict[str, int]:
    """Rows per table that belong to the user: every table with a user_id column (a table
    added later is checked too), plus users themselves."""
    counts = {}
    async with svc.uow() as uow:
        session = uow.transfer._s  # the test looks at every table, not through a repository
        for table in Base.metadata.sorted_tables:
            column = table.columns.get("user_id") if table.name != "users" else table.c.id
            if column is not None:
                found = await session.scalar(
                    select(func.count()).select_from(table).where(column == user)
                )
                counts[table.name] = int(found or 0)
    return counts


async def updates(svc: Services) -> list[int]:
    async with svc.uow() as uow:
        session = uow.transfer._s  # as in rows_of
        return list(await session.scalars(select(InboxRow.update_id).order_by(InboxRow.update_id)))


async def fill(svc: Services, user: int) -> None:
    """A user with something in every table: sets, settings, a deload, custom exercise, a
    name merged into another, an import, summaries delivered, raw updates in the inbox."""
    local = dataclasses.replace(svc, files=LocalFiles())
    await _command("units", svc, user, "lb")
    await _command("timezone", svc, user, "Berlin")
    await _command("deload", svc, user, "now")
    await _command("exercise", svc, user, "add yoke walk")
    merge = await _command("exercise", svc, user, "merge yoke walk into farmers walk")
    await press(svc, user, merge.buttons[0][0].data)
    await _command("exercise", svc, user, "add zercher carry")
    await log_text(svc, IncomingText(user, user, next(_ids), "zercher carry 60x20", svc.clock()))
    await log_text(svc, IncomingText(user, user, next(_ids), "bw 81.5", svc.clock()))
    preview = await _command(
        "import", local, user, str(DATA / "imports" / "real" / "strong_statistics_strong.csv")
    )
    await press(local, user, preview.buttons[0][0].data)
    sender = {"id": user, "is_bot": False, "first_name": "Al"}
    update = NewUpdate(user * 10, user, {"message": {"from": sender, "text": "bench 80x8"}})
    await inbox.store(svc, [update])
    await inbox.mark_answered(svc, [user * 10])
    async with svc.uow() as uow:
        await uow.schedules.reserve(
            [NewDelivery(user, "summary", "2026-W09", svc.clock())], svc.clock()
        )
        await uow.commit()


async def test_forget_empties_the_account_and_only_that_one(svc: Services, clock: Clock) -> None:
    await fill(svc, ALICE)
    await fill(svc, BOB)
    bobs = await rows_of(svc, BOB)
    assert all(bobs.values()), bobs  # the check below can fail: every table has Bob's rows
    question = await _command("forget", svc, ALICE, "")
    assert "211 sets, 1 weigh-in" in question.text and "/export first" in question.text
    assert all((await rows_of(svc, ALICE)).values())  # nothing deleted before the button
    [[yes, no]] = question.buttons
    assert (await press(svc, ALICE, no.data)).text.startswith("Cancelled")
    assert (await press(svc, ALICE, yes.data)).text.startswith("Done")
    assert not any((await rows_of(svc, ALICE)).values()), await rows_of(svc, ALICE)
    assert await rows_of(svc, BOB) == bobs
    assert await updates(svc) == [BOB * 10]  # the raw updates the inbox kept


async def test_after_forget_the_bot_starts_over_as_with_a_new_user(
    svc: Services, clock: Clock
) -> None:
    await fill(svc, ALICE)
    question = await _command("forget", svc, ALICE, "")
    await press(svc, ALICE, question.buttons[0][0].data)
    settings = await _command("settings", svc, ALICE, "")
    assert "kg" in settings.text and "UTC" in settings.text
    reply = await log_text(svc, IncomingText(ALICE, ALICE, next(_ids), "bench 80x8", clock()))
    assert "Bench Press 80 kg × 8" in reply.text and "1 set" in reply.text
    unknown = await log_text(
        svc, IncomingText(ALICE, ALICE, next(_ids), "zercher carry 60x20", clock())
    )
    assert "don't know" in unknown.text  # the old own exercise went with everything else
    summary = await _command("summary", svc, ALICE, "")
    assert "Sunday 18:00" in summary.text  # a new user's default summary slot


async def test_an_old_or_repeated_confirmation_deletes_nothing_new(
    svc: Services, clock: Clock
) -> None:
    await fill(svc, ALICE)
    question = await _command("forget", svc, ALICE, "")
    yes = question.buttons[0][0].data
    clock.advance(hours=2)
    assert "too old" in (await press(svc, ALICE, yes)).text
    assert all((await rows_of(svc, ALICE)).values())
    question = await _command("forget", svc, ALICE, "")
    yes = question.buttons[0][0].data
    await press(svc, ALICE, yes)
    clock.advance(minutes=1)
    await log_text(svc, IncomingText(ALICE, ALICE, next(_ids), "bench 80x8", clock()))
    # The same press delivered again (a replay, a double tap): the new log stays.
    assert "deleted already" in (await press(svc, ALICE, yes)).text
    assert (await rows_of(svc, ALICE))["set_records"] == 1


async def test_forget_for_someone_unknown_and_a_forged_button(svc: Services) -> None:
    assert "deleted already" in (await _command("forget", svc, 4999, "")).text
    await fill(svc, BOB)
    now = int(svc.clock().timestamp())
    forged = await press(svc, ALICE, f"forget:yes:{now}")  # Alice has no account to delete
    assert "deleted already" in forged.text
    assert all((await rows_of(svc, BOB)).values())


async def _command(word: str, svc: Services, user: int, args: str) -> Reply:
    """A /command as Telegram or the terminal hands it to the command table."""
    return await run(svc, word, Command(user, user, next(_command_ids), args))
