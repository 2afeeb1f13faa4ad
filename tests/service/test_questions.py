"""Plain-words questions answered with the user's numbers, on SQLite and PostgreSQL: each
intent over the range it names, hints for unclear ones, and logs never taken for questions."""

from __future__ import annotations

import json

from core.parser import NotALog, parse_sets
from core.questions import looks_like_set_log
from core.wording.chat import NOT_A_LOG
from service.reading import IncomingText
from service.services import Services
from service.texts import new_text
from tests.paths import DATA
from tests.service import seed
from tests.service.test_stats_commands import ALICE, BOB, alice_trains

_ids = iter(range(50_000, 10**6))


def _cases(name: str) -> list[dict[str, object]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# Chat of the question file that the parser leaves alone (no log, no parse error).
CHAT = [
    str(c["text"])
    for c in _cases("questions.jsonl")
    if "not_a_question" in c["expect"]  # type: ignore[operator]
    and isinstance(parse_sets(str(c["text"])), NotALog)
]
# The realism corpus: what a lifter meant as no log; its questions are meant as questions.
REALISM = [c for c in _cases("realism.jsonl") if c["meant"] == {"kind": "not_a_log"}]
# A set's NxN is never read as a question (`should I do 5x5 or 3x8?` asks for advice).
REALISM_QUESTIONS = [
    str(c["text"])
    for c in REALISM
    if c["pattern"] == "question" and not looks_like_set_log(str(c["text"]))
]
REALISM_CHAT = [str(c["text"]) for c in REALISM if str(c["text"]) not in REALISM_QUESTIONS]


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


async def test_a_lifters_own_questions_about_failure_and_deloads(svc: Services) -> None:
    # What a new lifter asked first (helper's session): each got "I log sets…" or was read
    # as an unknown exercise.
    await alice_trains(svc)
    assert (await ask(svc, "am I training to failure too much")).startswith(
        "🎯 This week: 1 of 2 working sets to failure."
    )
    deload = IncomingText(ALICE, ALICE, next(_ids), "do I need a deload?", svc.clock())
    reply = await new_text(svc, deload)
    assert reply.text.startswith("🔋 A deload week: same days and exercises")
    assert "Mark this week (from Mon 2 Mar) as a deload week?" in reply.text
    assert next(b.label for row in reply.buttons for b in row) == "Mark this week as deload"
    assert (await ask(svc, "how strong is my bench")).startswith("🏆 Bench Press records")


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


async def test_chat_gets_the_not_a_log_answer_never_a_question_or_a_hint(svc: Services) -> None:
    """Rest, cardio and program chatter, small talk, remarks: the usual "I log sets" with an
    example, for a lifter in the middle of a workout (Alice) and for one with no sets (Bob)."""
    await alice_trains(svc)  # Alice's workout of this morning is still going
    await seed.user(svc, BOB)
    assert len(CHAT) >= 50 and len(REALISM_CHAT) >= 20
    answered = [
        (user, text, reply)
        for user in (ALICE, BOB)
        for text in (*CHAT, *REALISM_CHAT)
        if (reply := await ask(svc, text, user=user)) != NOT_A_LOG
    ]
    assert answered == []
    assert len(REALISM_QUESTIONS) >= 2
    for text in REALISM_QUESTIONS:  # `what's my bench PR` is asked, and answered
        assert (await ask(svc, text)) != NOT_A_LOG, text
