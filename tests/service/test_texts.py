"""A message's one way through: parsed once, the time-zone answer routed before logging."""

from __future__ import annotations

from typing import Any

import pytest

from core import parser
from service import reading
from service.profile import set_timezone
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from tests.clock import Clock

ALICE = 808


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the parser was asked to read, in order."""
    seen: list[str] = []

    def counting(text: str, *args: Any, **kwargs: Any) -> parser.ParseResult:
        seen.append(text)
        return parser.parse_sets(text, *args, **kwargs)

    monkeypatch.setattr(reading, "parse_sets", counting)
    return seen


def msg(clock: Clock, text: str, message_id: int) -> IncomingText:
    clock.advance(minutes=2)
    return IncomingText(ALICE, ALICE, message_id, text, clock())


async def test_each_message_is_parsed_once(svc: Services, clock: Clock, parses: list[str]) -> None:
    await new_text(svc, msg(clock, "bench 80x8", 1))
    continued = await new_text(svc, msg(clock, "85x6", 2))  # needs the workout's last exercise
    assert "Bench Press 85 kg × 6" in continued.text
    chat = msg(clock, "hello", 3)
    await new_text(svc, chat)
    edited = await edited_text(svc, IncomingText(ALICE, ALICE, 3, "90x5", chat.sent_at))
    assert edited is not None and "Bench Press 90 kg × 5" in edited.text
    assert parses == ["bench 80x8", "85x6", "hello", "90x5"]


async def test_a_zone_answer_is_not_a_log_and_a_set_is_not_a_zone(
    svc: Services, clock: Clock
) -> None:
    await set_timezone(svc, ALICE, "")  # the bot asks for a time zone
    logged = await new_text(svc, msg(clock, "squat 100x5", 1))
    assert "Back Squat 100 kg × 5" in logged.text
    answered = await new_text(svc, msg(clock, "Berlin", 2))
    assert answered.text.startswith("Time zone set to Europe/Berlin")
    again = await new_text(svc, msg(clock, "Tokyo", 3))  # answered: no longer asked
    assert "I log sets" in again.text
