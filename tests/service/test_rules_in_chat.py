"""Warnings in replies: once per scope, re-evaluated after edits and undo; /deload and /rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service import users
from service.deload import deload_command
from service.reading import IncomingText
from service.rule_settings import rules_command
from service.services import Services
from service.texts import edited_text, new_text
from service.undo import undo_last
from service.why import why_reply
from tests.clock import Clock

USER = 4242


@pytest.fixture
def clock() -> Clock:
    """These tests were written for 17:00 on Monday 2 March 2026 (UTC)."""
    return Clock(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))


def msg(clock: Clock, text: str, message_id: int) -> IncomingText:
    clock.advance(minutes=3)
    return IncomingText(USER, USER, message_id, text, clock())


def rules_in(reply_buttons: tuple) -> list[str]:
    return [b.data.split(":")[1] for row in reply_buttons for b in row if b.data.startswith("why:")]


async def test_three_failure_sets_warn_once_and_undo_brings_it_back(
    svc: Services, clock: Clock
) -> None:
    texts = [f"leg extension {50 + i}x12 F" for i in range(4)]
    replies = [await new_text(svc, msg(clock, t, i + 1)) for i, t in enumerate(texts)]
    assert ["TOO_MANY_FAILURE_SETS" in rules_in(r.buttons) for r in replies] == [
        False, False, True, False,
    ]  # fmt: skip
    # Undo the 4th and the 3rd: the next failure set is the 3rd again and warns again.
    await undo_last(svc, USER, USER, 100)
    await undo_last(svc, USER, USER, 101)
    again = await new_text(svc, msg(clock, "leg extension 60x12 F", 5))
    assert "TOO_MANY_FAILURE_SETS" in rules_in(again.buttons)


async def test_a_warning_caused_by_an_edited_set_does_not_come_back(
    svc: Services, clock: Clock
) -> None:
    await new_text(svc, msg(clock, "curls 14x10 F", 1))
    await new_text(svc, msg(clock, "curls 14x9 F", 2))
    await edited_text(svc, IncomingText(USER, USER, 2, "curls 14x9", clock()))
    third = await new_text(svc, msg(clock, "curls 12x10 F", 3))
    assert "TOO_MANY_FAILURE_SETS" not in rules_in(third.buttons)  # only 2 failure sets now


async def test_reply_shows_at_most_two_findings_warnings_first(svc: Services, clock: Clock) -> None:
    await deload_command(svc, USER, "now")
    reply = await new_text(svc, msg(clock, "deadlift 200x3 F", 1))
    assert rules_in(reply.buttons) == ["FAIL_IN_DELOAD"]  # in a deload week only it speaks
    assert reply.text.count("⚠️") + reply.text.count("ℹ️") <= 2
    assert reply.text.index("Deadlift 200 kg × 3 F") < reply.text.index("⚠️")


async def test_why_answers_with_rationale_and_dois() -> None:
    text = why_reply("FAIL_HEAVY_COMPOUND").text
    assert "Sources" in text and text.count("https://doi.org/10.") >= 3
    assert "older version" in why_reply("NO_SUCH_RULE").text


async def test_deload_commands(svc: Services, clock: Clock) -> None:
    started = await deload_command(svc, USER, "now")
    assert "deload week" in started.text and "3+ reps in reserve" in started.text
    assert "already" in (await deload_command(svc, USER, "now")).text
    assert "already" in (await deload_command(svc, USER, "")).text  # the plan says so too
    assert "Next week" in (await deload_command(svc, USER, "next")).text
    ended = await deload_command(svc, USER, "off")
    assert ended.text.count("week from") == 2
    assert "No deload week" in (await deload_command(svc, USER, "off")).text
    assert "every 8 weeks" in (await deload_command(svc, USER, "every 8")).text
    bad = await deload_command(svc, USER, "every 2")
    assert "3 to 12" in bad.text and "/deload every 6" in bad.text
    assert "/deload next" in (await deload_command(svc, USER, "sometime")).text
    async with svc.uow() as uow:
        user = await users.contact(uow, USER, clock())
    assert user.deload_every_weeks == 8 and user.deload_weeks == ()


async def test_rules_can_be_listed_switched_and_tuned(svc: Services, clock: Clock) -> None:
    overview = await rules_command(svc, USER, "")
    # Each rule and number in plain words, with the id or key to type.
    assert "• on — failure before the last set (FAIL_NON_FINAL_SET)" in overview.text
    assert "before a warning: 2 (max_failure_sets_per_workout, 1–10)" in overview.text
    assert "e1RM or more: 85 % (heavy_pct_e1rm, 70 %–95 %)" in overview.text
    assert "now off" in (await rules_command(svc, USER, "off fail_non_final_set")).text
    assert "now 3" in (await rules_command(svc, USER, "set max_failure_sets_per_workout 3")).text
    refused = await rules_command(svc, USER, "set max_failure_sets_per_workout 11")
    assert "between 1 and 10" in refused.text and "Example" in refused.text
    unknown = await rules_command(svc, USER, "off FAIL_NON_FINAL")
    assert "FAIL_NON_FINAL_SET" in unknown.text
    assert "not a number" in (await rules_command(svc, USER, "set heavy_max_reps lots")).text
    # By its words too (a tester typed `/rules off heavy`); words that fit several list them.
    heavy = await rules_command(svc, USER, "off heavy")
    assert "failure on a heavy compound (FAIL_HEAVY_COMPOUND) are now off" in heavy.text
    several = await rules_command(svc, USER, "on failure")
    assert several.text.startswith('"failure" fits several rules: failure in a deload week')
    two = await rules_command(svc, USER, "off dropping")
    assert two.text.startswith('"dropping" fits several rules: reps to failure dropping')
    e1rm = await rules_command(svc, USER, "off e1RM dropping")  # the words as /rules shows them
    assert "(E1RM_DECLINE) are now off" in e1rm.text
    await rules_command(svc, USER, "on E1RM_DECLINE")
    spaced = await rules_command(svc, USER, "set max_failure_share 30 %")  # as /rules writes it
    assert "now 30 %" in spaced.text
    count = await rules_command(svc, USER, "set heavy_max_reps 50%")
    assert count.text.startswith("heavy_max_reps is a count, not a share")
    # A misspelt name is named before its value is judged.
    wrong = await rules_command(svc, USER, "set max_failure_sets_workout abc")
    assert wrong.text.startswith("Unknown threshold 'max_failure_sets_workout'")
    assert "Example: /rules set max_failure_sets_per_workout 2" in wrong.text
    overview = await rules_command(svc, USER, "")
    assert "• off — failure before the last set (FAIL_NON_FINAL_SET)" in overview.text
    assert "• off — failure on a heavy compound (FAIL_HEAVY_COMPOUND)" in overview.text
    assert ": 3 (max_failure_sets_per_workout, 1–10; default 2)" in overview.text
    # A share typed as the overview shows it, and a refusal whose example is for that key.
    assert "now 25 %" in (await rules_command(svc, USER, "set max_failure_share 25%")).text
    too_high = await rules_command(svc, USER, "set heavy_pct_e1rm 2")
    assert "/rules set heavy_pct_e1rm 0.85 (or 85%)" in too_high.text
    assert (
        "25 % (max_failure_share, 10 %–90 %; default 30 %)"
        in (await rules_command(svc, USER, "")).text
    )
    # The new limit and the switch apply to logging at once.
    texts = ["bench 60x10 F", "bench 60x9 F", "bench 60x8 F"]
    replies = [await new_text(svc, msg(clock, t, i + 10)) for i, t in enumerate(texts)]
    assert all("TOO_MANY_FAILURE_SETS" not in rules_in(r.buttons) for r in replies)
    assert all("FAIL_NON_FINAL_SET" not in rules_in(r.buttons) for r in replies)
