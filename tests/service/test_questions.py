"""Plain-words questions answered with the user's numbers, on SQLite and PostgreSQL: each
intent over the range it names, hints for unclear ones, and logs never taken for questions."""

from __future__ import annotations

from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from tests.service.test_stats_commands import ALICE, BOB, alice_trains

_ids = iter(range(50_000, 10**6))


async def ask(svc: Services, text: str, user: int = ALICE) -> str:
    msg = IncomingText(user, user, next(_ids), text, svc.clock())
    return (await new_text(svc, msg)).text


async def test_each_intent_is_answered_with_the_right_numbers(svc: Services) -> None:
    """Alice (Berlin): last week bench 3 sets + 1 (Fri), curls one drop chain; this week
    (Monday 2 March) 225 lb × 5 and 100 × 7 F of bench."""
    await alice_trains(svc)
    assert (await ask(svc, "how much did I bench last week")) == (
        "Bench Press last week: 2 sessions · 4 working sets · 20 reps · 2 000 kg"
    )
    assert (await ask(svc, "how many failure sets this week")).startswith(
        "🎯 This week: 1 of 2 working sets to failure."  # under 6 sets: no share
    )
    assert (await ask(svc, "how many times did I train this month")) == (
        "You trained once this month."
    )
    assert (await ask(svc, "how many times did I bench in February")) == (
        "You did Bench Press 2 times in February."
    )
    last = await ask(svc, "when did I last train arms")
    assert last.startswith("The last time you trained arms was Mon 23 Feb (7 days ago):")
    assert "Dumbbell Curl 20 kg × 10 > 15 kg × 8 F > 10 kg × 6 F" in last
    week = await ask(svc, "what did I do last week")
    assert week.splitlines()[0] == "📖 Last week: 2 workouts"
    assert week.splitlines()[1] == "Fri 27 Feb: Bench Press 100 kg × 6 F"
    assert (await ask(svc, "bench PR?")).startswith("🏆 Bench Press records\nBest e1RM: 120 kg")
    best = await ask(svc, "best bench last week")
    assert best.startswith("🏆 Bench Press: best sets last week\nBest e1RM: 116.1 kg")
    muscles = await ask(svc, "sets per muscle last week")
    assert muscles == (
        "💪 Working sets per muscle last week (secondary muscles count ½):\n"
        "Chest 4 · Front delts 2 · Triceps 2 · Biceps 1 · Forearms 0.5"
    )


async def test_unclear_and_plain_chat(svc: Services) -> None:
    await alice_trains(svc)
    assert "You can ask me about your training" in await ask(svc, "what can I ask")
    assert (await ask(svc, "hello there")).startswith("I log sets, like bench 80x8 F")
    assert "Nothing logged for Deadlift so far" in await ask(svc, "when did I last deadlift")


async def test_a_log_is_never_taken_for_a_question(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, "bench 80x8")
    assert reply.startswith("✅ Bench Press 80 kg × 8")


async def test_questions_see_only_the_askers_sets(svc: Services) -> None:
    await alice_trains(svc)
    assert (await ask(svc, "how much did I bench last week", user=BOB)).startswith(
        "Nothing logged for Bench Press last week"
    )
