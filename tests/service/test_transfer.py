"""Export and import through the service: round trips, real files, repeats, refusals."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.model import SetRecord
from core.replies import Reply
from core.transfer import ImportStatus
from service import exports, summary
from service.commands import Command, press, run
from service.files import LocalFiles
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text as log_text
from tests.clock import Clock
from tests.paths import DATA

ALICE, BOB = 3001, 3002
REAL = DATA / "imports" / "real"
STRONG = REAL / "strong_statistics_strong.csv"
_ids = iter(range(1, 10**6))
_command_ids = iter(range(10**6, 2 * 10**6))


@pytest.fixture
def local(svc: Services) -> Services:
    """The services as the terminal chat has them: files are local paths."""
    return dataclasses.replace(svc, files=LocalFiles())


async def say(svc: Services, user: int, text: str, at: datetime | None = None) -> Reply:
    sent = at or svc.clock()
    return await log_text(svc, IncomingText(user, user, next(_ids), text, sent))


async def log_of(svc: Services, user: int) -> tuple[list[SetRecord], list[int]]:
    async with svc.uow() as uow:
        return await uow.logbook.window(user, datetime(1990, 1, 1, tzinfo=UTC))


def workout_breaks(workouts: list[int]) -> list[int]:
    """Where a new workout starts, by position: the grouping, whatever the ids are."""
    return [i for i in range(len(workouts)) if i == 0 or workouts[i] != workouts[i - 1]]


def fields(sets: list[SetRecord]) -> list[SetRecord]:
    return [dataclasses.replace(s, id=None, seq=0) for s in sets]


async def export_bytes(svc: Services, user: int) -> bytes:
    out = io.BytesIO()
    await exports.write_log(svc, user, out)
    return out.getvalue()


async def import_file(
    svc: Services, user: int, path: Path, *, button: str = "imp:ok"
) -> tuple[Reply, Reply | None]:
    """The preview, and the reply to its button whose data starts with `button` (if shown)."""
    preview = await _command("import", svc, user, str(path))
    data = next((b.data for row in preview.buttons for b in row if b.data.startswith(button)), None)
    return preview, (await press(svc, user, data) if data else None)


async def forget(svc: Services, user: int) -> None:
    question = await _command("forget", svc, user, "")
    assert (await press(svc, user, question.buttons[0][0].data)).text.startswith("Done")


async def jobs(svc: Services, user: int) -> int:
    async with svc.uow() as uow:
        return len(await uow.transfer.jobs_of(user))


async def test_export_then_import_gives_back_exactly_the_same_sets(
    local: Services, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "PAGE", 3)  # many pages: workouts continue across them
    await _command("timezone", local, ALICE, "Berlin")
    await _command("exercise", local, ALICE, "add zercher carry quads")
    day = datetime(2026, 2, 23, 17, tzinfo=UTC)
    await say(local, ALICE, "bench 60x10 w\n80x8 F\n80x7 @9 # belt", day)
    await say(local, ALICE, "pullups 10\nplank 60s", day.replace(minute=20))
    await say(local, ALICE, "zercher carry 60x20 rir 2", day.replace(minute=40))
    await say(local, ALICE, "squat 225x5x3", day.replace(day=25))  # pounds, another workout
    await say(local, ALICE, "dips +20x8 F\ncurls 20x10 > 15x8 F", day.replace(day=27, hour=6))
    before, workouts = await log_of(local, ALICE)
    assert len(before) == 12 and before[-1].drop
    path = tmp_path / "mine.csv"
    path.write_bytes(await export_bytes(local, ALICE))
    await forget(local, ALICE)
    assert await log_of(local, ALICE) == ([], [])
    preview, done = await import_file(local, ALICE, path)
    assert "ToFailure export" in preview.text and "12 sets in 3 workouts" in preview.text
    assert done is not None and done.text.startswith("Imported 12 sets in 3 workouts")
    after, workouts_after = await log_of(local, ALICE)
    assert fields(after) == fields(before)
    assert workout_breaks(workouts_after) == workout_breaks(workouts)
    # The own exercise came back with its id, so the export of the import is the same file
    # (in the same zone: the new account's settings are a new user's until set again).
    await _command("timezone", local, ALICE, "Berlin")
    again = await export_bytes(local, ALICE)
    assert _without_ids(again) == _without_ids(path.read_bytes())


def _without_ids(data: bytes) -> list[list[str]]:
    lines = data.decode("utf-8-sig").splitlines()
    return [line.split(",")[:-2] for line in lines]  # set ids are new; the rest is the same


async def test_the_real_strong_and_hevy_files_import_completely(local: Services) -> None:
    for user, name, sets, skipped in [
        (ALICE, "strong_statistics_strong.csv", 250, 0),
        (BOB, "strong_statistics_hevy.csv", 6935, 276),
    ]:
        preview, done = await import_file(local, user, REAL / name, button="imp:custom")
        assert done is not None, preview.text
        assert done.text.startswith(f"Imported {sets:,} sets".replace(",", " ")), done.text
        stored, _ = await log_of(local, user)
        assert len(stored) == sets
        if skipped:
            assert f"Skipped {skipped - 1} rows: general warm-ups" in preview.text
            assert "Skipped 1 row: sets with no reps and no time (line 6643)" in preview.text
    own = await _command("exercises", local, BOB, "")
    assert "• Cable Crossover Ladder — 151 sets" in own.text


async def test_the_same_file_twice_adds_nothing(local: Services) -> None:
    strong = REAL / "strong_statistics_strong.csv"
    _, done = await import_file(local, ALICE, strong, button="imp:custom")
    assert done is not None
    count = len((await log_of(local, ALICE))[0])
    preview, again = await import_file(local, ALICE, REAL / "strong_statistics_strong.csv")
    assert again is None and "in your log already: nothing to import" in preview.text
    assert len((await log_of(local, ALICE))[0]) == count


async def test_two_previews_of_one_file_import_it_once(local: Services) -> None:
    first = await _command("import", local, ALICE, str(STRONG))
    second = await _command("import", local, ALICE, str(STRONG))
    assert (await press(local, ALICE, first.buttons[0][0].data)).text.startswith("Imported 210")
    late = await press(local, ALICE, second.buttons[0][0].data)
    assert late.text.startswith("Nothing new imported.\n210 sets were in your log already.")
    assert not late.buttons and len((await log_of(local, ALICE))[0]) == 210


async def test_a_second_press_or_a_redelivered_one_imports_once(local: Services) -> None:
    preview = await _command("import", local, ALICE, str(REAL / "strong_statistics_strong.csv"))
    ok = preview.buttons[0][0].data
    first = await press(local, ALICE, ok)
    second = await press(local, ALICE, ok)
    assert first.text.startswith("Imported 210 sets")
    assert second.text == "This file is imported already (210 sets added)."
    assert len((await log_of(local, ALICE))[0]) == 210


async def test_unknown_names_are_left_out_unless_kept_as_own_exercises(local: Services) -> None:
    preview, done = await import_file(local, ALICE, REAL / "strong_statistics_strong.csv")
    assert "40 sets under 4 names I don't know" in preview.text
    # The question counts what its buttons import (it said "Import 250 new sets?" above a
    # button importing 210).
    assert "Import 210 new sets, or all 250 with those?" in preview.text
    assert next(b.label for row in preview.buttons for b in row) == "✅ Import 210 sets"
    assert "Triceps Extension (Cable) (21 sets) — closest: Overhead Triceps Extension" in (
        preview.text
    )
    assert done is not None and "Left out 40 sets of exercises I don't know." in done.text
    preview, kept = await import_file(
        local, ALICE, REAL / "strong_statistics_strong.csv", button="imp:custom"
    )
    assert "210 sets are in your log already" in preview.text
    assert kept is not None and kept.text.startswith("Imported 40 sets")
    assert "Kettlebell Carry" in kept.text
    stored, _ = await log_of(local, ALICE)
    assert len(stored) == 250 and "custom_kettlebell_carry" in {s.exercise for s in stored}


async def test_our_export_while_its_sets_still_exist_adds_nothing(
    local: Services, tmp_path: Path
) -> None:
    await say(local, ALICE, "bench 80x8\n80x8")
    path = tmp_path / "mine.csv"
    path.write_bytes(await export_bytes(local, ALICE))
    preview, done = await import_file(local, ALICE, path)
    assert done is None and "nothing to import" in preview.text
    assert len((await log_of(local, ALICE))[0]) == 2


async def test_someone_elses_export_is_refused(local: Services, tmp_path: Path) -> None:
    await say(local, ALICE, "bench 80x8")
    path = tmp_path / "alice.csv"
    path.write_bytes(await export_bytes(local, ALICE))
    preview, done = await import_file(local, BOB, path)
    assert done is None and "ToFailure export of another account" in preview.text
    assert (await log_of(local, BOB))[0] == [] and await jobs(local, BOB) == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7 binary", "That file is a PDF, not a CSV"),
        (b"name,when\nbench,today\n", "I don't recognise this file"),
        (b"", "That file is empty"),
        (
            b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
            b"Notes,Workout Notes,RPE\n"
            b"2026-03-02 18:04:11,Push,1h,Bench Press (Barbell),1,80,8,0,0,,,8\n"
            b"2026-03-02 18:04:11,Push,1h,Bench Press (Barbell),2,80,8.5,0,0,,,8\n",
            "Line 3: Reps “8.5” isn't a whole number",
        ),
    ],
)
async def test_bad_files_say_why_and_store_nothing(
    local: Services, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    preview = await _command("import", local, ALICE, str(path))
    assert expected in preview.text and not preview.buttons
    assert (await log_of(local, ALICE))[0] == [] and await jobs(local, ALICE) == 0


async def test_a_missing_path_and_telegram_users_get_how_to(local: Services, svc: Services) -> None:
    assert "/import PATH" in (await _command("import", local, ALICE, "")).text
    missing = await _command("import", local, ALICE, "/no/such/file.csv")
    assert "no file at that path" in missing.text
    # Where files come as documents (Telegram), a path is never read.
    told = await _command("import", svc, ALICE, "/etc/passwd")
    assert told.text.startswith("Send me the CSV file as a document")


async def test_a_file_changed_after_the_preview_stores_nothing(
    local: Services, tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_bytes((REAL / "strong_statistics_strong.csv").read_bytes())
    preview = await _command("import", local, ALICE, str(path))
    path.write_bytes(path.read_bytes() + b"\n")  # any change at all
    changed = await press(local, ALICE, preview.buttons[0][0].data)
    assert "changed since" in changed.text
    assert (await log_of(local, ALICE))[0] == []


async def test_nobody_presses_someone_elses_import_buttons(local: Services) -> None:
    preview = await _command("import", local, ALICE, str(REAL / "strong_statistics_strong.csv"))
    for row in preview.buttons:
        refused = await press(local, BOB, row[0].data)
        assert refused.alert and "someone else" in refused.text
    assert (await log_of(local, BOB))[0] == [] and (await log_of(local, ALICE))[0] == []
    async with local.uow() as uow:
        job = await uow.transfer.job(int(preview.buttons[0][0].data.rsplit(":", 1)[1]))
    assert job is not None and job.status is ImportStatus.PREVIEWED


async def test_cancel_and_undo(local: Services) -> None:
    preview = await _command("import", local, ALICE, str(REAL / "strong_statistics_strong.csv"))
    cancel = preview.buttons[-1][0]
    assert (await press(local, ALICE, cancel.data)).text == "Cancelled: nothing was imported."
    assert "cancelled" in (await press(local, ALICE, preview.buttons[0][0].data)).text
    _, done = await import_file(local, ALICE, REAL / "strong_statistics_strong.csv")
    assert done is not None
    [[undo]] = done.buttons
    assert (await press(local, ALICE, undo.data)).text.endswith("210 sets removed.")
    assert (await log_of(local, ALICE))[0] == []
    assert (await press(local, BOB, undo.data)).alert  # never someone else's


async def test_imported_sets_count_like_typed_ones(local: Services, clock: Clock) -> None:
    await import_file(local, ALICE, REAL / "strong_statistics_strong.csv")
    stored, _ = await log_of(local, ALICE)
    last = stored[-1].at
    clock.now = last.replace(hour=23)
    week = await summary.week(local, ALICE)
    assert "working sets" in week.text and "No sets" not in week.text
    # The next typed set continues the history the rules read.
    reply = await say(local, ALICE, "leg press 100x10", last.replace(hour=23))
    assert "Leg Press 100 kg × 10" in reply.text
    assert "last time" in reply.text  # the imported history is read: the import moved the revision


async def test_export_of_an_empty_log_and_of_a_log(local: Services) -> None:
    assert (await _command("export", local, ALICE, "")).text.startswith("Nothing to export")
    await say(local, ALICE, "bench 80x8 F")
    reply = await _command("export", local, ALICE, "")
    [document] = reply.documents  # no weigh-ins: no bodyweight file
    assert document.filename == "tofailure-2026-03-02.csv"
    assert reply.text.startswith("Your whole log: 1 set in 1 workout")
    lines = document.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("date,time,utc_offset,workout,workout_title,exercise,exercise_id")
    assert ",Bench Press,bench_press,80,kg,,8,,concentric," in lines[1]


async def _command(word: str, svc: Services, user: int, args: str) -> Reply:
    """A /command as Telegram or the terminal hands it to the command table."""
    return await run(svc, word, Command(user, user, next(_command_ids), args))


async def test_preview_on_one_instance_and_import_on_another(local: Services) -> None:
    other = Services(uow=local.uow, clock=local.clock, files=LocalFiles())  # a second process
    preview = await _command("import", local, ALICE, str(STRONG))
    done = await press(other, ALICE, preview.buttons[0][0].data)
    assert done.text.startswith("Imported 210 sets")
    assert "imported already" in (await press(local, ALICE, preview.buttons[0][0].data)).text


async def test_help_and_the_menu_name_the_data_commands(local: Services) -> None:
    shown = (await _command("help", local, ALICE, "")).text
    for command in ("/export", "/forget", "/exercise add"):
        assert command in shown
    assert "send a CSV file" in shown
