"""Workout titles and set notes typed in the chat: stored with the workout, shown by /history,
written by /export (and read back by its import), replaced by an edit."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from core.replies import Reply
from service.commands import Command, run
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from tests.clock import Clock

ALICE, BOB = 6001, 6002
_commands = iter(range(10**6, 2 * 10**6))


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))  # Tuesday 1 December


def msg(clock: Clock, text: str, message_id: int, user: int = ALICE) -> IncomingText:
    return IncomingText(user, user, message_id, text, clock())


async def command(svc: Services, word: str, args: str = "", user: int = ALICE) -> Reply:
    return await run(svc, word, Command(user, user, next(_commands), args))


async def exported(svc: Services, user: int = ALICE) -> list[dict[str, str]]:
    reply = await command(svc, "export", user=user)
    log = reply.documents[0]
    return list(csv.DictReader(io.StringIO(log.data.decode("utf-8-sig"))))


async def test_a_titled_workout_shows_in_history_and_export(svc: Services, clock: Clock) -> None:
    logged = await new_text(svc, msg(clock, "Push day 🔥\nbench 80x8 felt easy\nbench 85x6", 1))
    assert logged.text.splitlines()[0] == "🏷 Push day 🔥"
    clock.advance(minutes=10)
    await new_text(svc, msg(clock, "ohp 50x8\ngood session", 2))
    history = (await command(svc, "history", "bench")).text.splitlines()
    assert history[1:3] == [
        "Tue 1 Dec · Push day 🔥: 80 kg × 8 · 85 kg × 6",
        "   📝 felt easy",
    ]
    # The second message continues the workout: it carries the title too.
    ohp = (await command(svc, "history", "ohp")).text.splitlines()
    assert ohp[1:3] == ["Tue 1 Dec · Push day 🔥: 50 kg × 8", "   📝 good session"]
    rows = await exported(svc)
    assert [(r["workout"], r["workout_title"], r["exercise_id"], r["note"]) for r in rows] == [
        ("1", "Push day 🔥", "bench_press", "felt easy"),
        ("1", "Push day 🔥", "bench_press", ""),
        ("1", "Push day 🔥", "overhead_press", "good session"),
    ]


async def test_a_title_in_a_later_message_names_the_workout_too(
    svc: Services, clock: Clock
) -> None:
    await new_text(svc, msg(clock, "squat 100x5", 1))
    clock.advance(minutes=5)
    await new_text(svc, msg(clock, "12.05\nsquat 105x5", 2))
    clock.advance(minutes=5)
    await new_text(svc, msg(clock, "Finisher\nsquat 60x20", 3))
    history = (await command(svc, "history", "squat")).text.splitlines()
    assert history[1] == "Tue 1 Dec · 12.05; Finisher: 100 kg × 5 · 105 kg × 5 · 60 kg × 20"
    # Another workout, days later, has no title.
    clock.advance(days=2)
    await new_text(svc, msg(clock, "squat 110x3", 4))
    history = (await command(svc, "history", "squat")).text.splitlines()
    assert history[1] == "Thu 3 Dec: 110 kg × 3"
    assert history[2].startswith("Tue 1 Dec · 12.05; Finisher: ")


async def test_an_edit_replaces_the_title(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "Pull day\ndeadlift 140x5", 1))
    await edited_text(svc, msg(clock, "Heavy pull day\ndeadlift 140x5", 1))
    assert "Tue 1 Dec · Heavy pull day: 140 kg × 5" in (await command(svc, "history", "dl")).text
    await edited_text(svc, msg(clock, "deadlift 140x5", 1))
    assert "Tue 1 Dec: 140 kg × 5" in (await command(svc, "history", "deadlift")).text
    assert [r["workout_title"] for r in await exported(svc)] == [""]


async def test_titles_stay_with_their_owner(svc: Services, clock: Clock) -> None:
    await new_text(svc, msg(clock, "Leg day\nsquat 100x5", 1))
    await new_text(svc, msg(clock, "squat 90x5", 2, user=BOB))
    assert "Tue 1 Dec: 90 kg × 5" in (await command(svc, "history", "squat", user=BOB)).text
    assert [r["workout_title"] for r in await exported(svc, BOB)] == [""]
