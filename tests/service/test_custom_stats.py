"""One's own exercises in every stats command and plain-words question, typos too, counted
under their muscle or under "custom" — and only ever for the user who made them."""

from __future__ import annotations

from datetime import UTC, datetime

from core.replies import Reply
from service import commands, summary
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from tests.clock import Clock
from tests.service import seed

ALICE, BOB = 2101, 2102
PNG = b"\x89PNG\r\n\x1a\n"
_ids = iter(range(70_000, 10**6))


async def say(svc: Services, user: int, text: str) -> Reply:
    return await new_text(svc, IncomingText(user, user, next(_ids), text, svc.clock()))


async def run(svc: Services, user: int, command: str, args: str = "") -> Reply:
    return await commands.run(svc, f"/{command}", commands.Command(user, user, next(_ids), args))


async def alice_carries(svc: Services, clock: Clock) -> None:
    """Alice's own Zercher Carry (quads) and Yoke Walk (no muscle), last week and this week
    (the clock starts Monday 2 March 2026, 09:00 UTC), logged through the chat."""
    await seed.user(svc, ALICE)
    assert (
        "Added “Zercher Carry”"
        in (await run(svc, ALICE, "exercise", "add zercher carry quads")).text
    )
    assert "Added “Yoke Walk”" in (await run(svc, ALICE, "exercise", "add yoke walk")).text
    start = clock.now
    clock.now = datetime(2026, 2, 24, 18, tzinfo=UTC)  # last Tuesday
    assert (
        "Zercher Carry 60 kg × 20" in (await say(svc, ALICE, "zercher carry 60x20\n70x15 F")).text
    )
    assert "Yoke Walk" in (await say(svc, ALICE, "yoke walk 100x3")).text
    clock.now = datetime(2026, 3, 2, 7, tzinfo=UTC)  # this Monday, early
    assert "Zercher Carry 80 kg × 12" in (await say(svc, ALICE, "zercher cary 80x12 F")).text
    assert "Yoke Walk" in (await say(svc, ALICE, "yoke walk 120x2\n120x2")).text
    clock.now = start


async def test_own_exercises_resolve_in_every_stats_command_typos_too(
    svc: Services, clock: Clock
) -> None:
    await alice_carries(svc, clock)
    history = (await run(svc, ALICE, "history", "zercher cary")).text
    assert history.startswith("📖 Zercher Carry: last 2 sessions\nMon 2 Mar: 80 kg × 12 F\n")
    assert "Tue 24 Feb: 60 kg × 20 · 70 kg × 15 F" in history
    assert "Last week: 1 · 2 · 35 · 2 250 kg" in history
    records = (await run(svc, ALICE, "prs", "yoke wlak")).text
    assert records.startswith(
        "🏆 Yoke Walk records\nBest e1RM: 123.4 kg from 120 kg × 2 on Mon 2 Mar"
    )
    every = (await run(svc, ALICE, "prs")).text
    assert "Yoke Walk: e1RM 123.4 kg · heaviest 120 kg × 2" in every
    assert "Zercher Carry: heaviest 80 kg × 12" in every
    chart = await run(svc, ALICE, "chart", "Zercher Carry")
    assert chart.image is not None and chart.image.startswith(PNG)
    assert chart.text.startswith("Zercher Carry: 2 sessions since Tue 24 Feb.")


async def test_own_exercises_count_in_stats_volume_failure_and_summaries(
    svc: Services, clock: Clock
) -> None:
    await alice_carries(svc, clock)
    stats = (await run(svc, ALICE, "stats")).text
    assert "3 working sets (last week 3) · 16 reps (38)" in stats
    assert (
        "🏆 PRs this week: Yoke Walk e1RM 123.4 kg · Zercher Carry heaviest 80 kg × 12 F" in stats
    )
    assert "Most sets: Custom 2 · Quads 1" in stats
    volume = await run(svc, ALICE, "volume")
    lines = volume.text.splitlines()
    # Zercher Carry under the muscle it was given, Yoke Walk (none given) under "custom".
    assert lines[1:3] == ["Custom 2 (last week 1)", "Quads 1 (last week 2)"]
    assert "/exercise add NAME MUSCLE gives one its muscle" in volume.text
    assert volume.image is not None and volume.image.startswith(PNG)
    failure = (await run(svc, ALICE, "failure")).text
    assert "By class: custom 2/6" in failure
    assert "Most often: Zercher Carry 2 of 3" in failure
    week = (await summary.week(svc, ALICE)).text
    assert "Sets per muscle (vs last week)\nCustom 2 (+1)\nQuads 1 (−1)" in week
    assert "custom 1/3" in week
    assert "Yoke Walk 120 kg × 2: e1RM 123.4 kg (was 105.9)" in week


async def test_plain_words_questions_about_own_exercises(svc: Services, clock: Clock) -> None:
    await alice_carries(svc, clock)
    for asked in ("what's my best zercher carry", "whats my best zercher cary?"):
        best = (await say(svc, ALICE, asked)).text
        assert best.startswith("🏆 Zercher Carry records\nHeaviest: 80 kg × 12 F on Mon 2 Mar")
    assert (await say(svc, ALICE, "yoke walk last week")).text == (
        "📖 Yoke Walk last week: 1 workout\nTue 24 Feb: Yoke Walk 100 kg × 3"
    )
    assert (await say(svc, ALICE, "how many times did I do yoke walk this week")).text == (
        "You did Yoke Walk once this week."
    )
    assert (await say(svc, ALICE, "when did I last do yok walk?")).text.startswith(
        "The last time you trained Yoke Walk was Mon 2 Mar (today):\nYoke Walk 120 kg × 2, 2"
    )
    legs = (await say(svc, ALICE, "how much did I train legs this week")).text
    assert legs.endswith("\nQuads 1")  # the zercher carry, given quads, counts for legs
    progress = await say(svc, ALICE, "zercher carry progress")
    assert progress.image is not None and progress.image.startswith(PNG)


async def test_a_renamed_exercise_is_shown_by_its_new_name(svc: Services, clock: Clock) -> None:
    await alice_carries(svc, clock)
    await run(svc, ALICE, "exercise", "rename yoke walk to frame carry")
    assert (await run(svc, ALICE, "history", "frame carry")).text.startswith(
        "📖 Frame Carry: last 2 sessions"
    )
    assert "Frame Carry: e1RM 123.4 kg" in (await run(svc, ALICE, "prs")).text
    assert "Frame Carry" in (await say(svc, ALICE, "best frame carry")).text


async def test_nobody_else_sees_them_or_their_numbers(svc: Services, clock: Clock) -> None:
    await alice_carries(svc, clock)
    await seed.user(svc, BOB)
    unknown = await run(svc, BOB, "history", "zercher carry")
    assert unknown.text.startswith("I don't know “zercher carry”.")
    assert "Zercher Carry" not in unknown.text
    asked = (await say(svc, BOB, "what's my best zercher carry")).text
    assert asked.startswith("I don't know the exercise “zercher carry”.")
    assert "Zercher Carry" not in asked and "80 kg" not in asked
    # Alice's exercise id, as a copied or forged button: Bob's own (empty) history at most.
    pressed = await commands.press(svc, BOB, "st:history:custom_zercher_carry")
    assert (
        pressed is not None and "80 kg" not in pressed.text and "Zercher Carry" not in pressed.text
    )
    for command in ("stats", "volume", "failure", "prs"):
        reply = (await run(svc, BOB, command)).text
        assert "Custom" not in reply and "Zercher" not in reply and "Yoke" not in reply, command
    # Bob's own exercise of the same name is his alone, with his numbers.
    await run(svc, BOB, "exercise", "add zercher carry")
    await say(svc, BOB, "zercher carry 40x10")
    mine = (await say(svc, BOB, "best zercher carry")).text
    assert "40 kg × 10" in mine and "80 kg" not in mine
    assert "Custom 1 (last week 0)" in (await run(svc, BOB, "volume")).text
