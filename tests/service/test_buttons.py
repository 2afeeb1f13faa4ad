"""Forged button data: every press gets an answer, nothing of another user changes or shows."""

from __future__ import annotations

import pytest

from core.wording import chat as words
from service.commands import button_id, press
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text

FORGED = [
    "undo:²",  # str.isdigit() accepts it, int() refuses it
    "undo:٣",  # Arabic-Indic three: int() reads it as 3
    "undo:" + "9" * 30,  # overflows every integer column
    "undo:9223372036854775808",  # one past the largest bigint
    "undo:-1",
    "undo:0",
    "undo:",
    "undo:1 ",
    "undo:0x1",
    "why:NO_SUCH_RULE",
    "nope:1",
    "",
    "x" * 300,  # longer than any callback data Telegram lets a button carry
    "undo:1" + "\u200b",
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_data_is_answered_and_changes_nothing(svc: Services, data: str) -> None:
    alice, mallory = 11, 66
    logged = await new_text(svc, IncomingText(alice, alice, 1, "bench 80x8", svc.clock()))
    assert "Bench Press" in logged.text
    reply = await press(svc, mallory, data)
    assert reply.alert and reply.text == words.OLD_BUTTON
    async with svc.uow() as uow:
        message = await uow.logbook.find_message(alice, 1)
    assert message is not None and not message.undone and len(message.entries) == 1


async def test_another_users_undo_is_refused_without_showing_it(svc: Services) -> None:
    alice, mallory = 12, 67
    await new_text(svc, IncomingText(alice, alice, 1, "deadlift 200x3", svc.clock()))
    async with svc.uow() as uow:
        message = await uow.logbook.find_message(alice, 1)
    assert message is not None
    reply = await press(svc, mallory, f"undo:{message.id}")
    assert reply.alert and reply.text == words.NOT_YOUR_BUTTON
    assert "200" not in reply.text and "Deadlift" not in reply.text
    async with svc.uow() as uow:
        again = await uow.logbook.find_message(alice, 1)
    assert again is not None and not again.undone


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("9223372036854775807", 2**63 - 1), ("²", None), ("٣", None), ("-5", None)],
)
def test_button_ids_are_ascii_digits_within_bigint(value: str, expected: int | None) -> None:
    assert button_id(value) == expected
