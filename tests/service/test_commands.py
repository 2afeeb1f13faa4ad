"""One command table for every edge: the menu's commands exist, names match as typed."""

from __future__ import annotations

from service import commands
from service.commands import COMMANDS, Command
from service.services import Services

ALICE = 301


def test_every_command_in_the_menu_has_a_use_case() -> None:
    assert {name for name, _ in commands.menu()} <= set(COMMANDS)


async def test_a_command_word_matches_in_any_case_and_with_the_bot_name(svc: Services) -> None:
    reply = await commands.run(svc, "/Units@ToFailureBot", Command(ALICE, ALICE, 1, args="lb"))
    assert "pounds" in reply.text
    settings = await commands.run(svc, "/settings", Command(ALICE, ALICE, 2))
    assert "Unit: lb" in settings.text


async def test_an_unknown_command_gets_a_hint(svc: Services) -> None:
    # (/stats was the example of an unknown command until the stats commands came)
    reply = await commands.run(svc, "/frobnicate@ToFailureBot", Command(ALICE, ALICE, 3))
    assert "/frobnicate" in reply.text and "@" not in reply.text and "/help" in reply.text
