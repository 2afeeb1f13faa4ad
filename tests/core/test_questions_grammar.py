"""The question grammar against the catalogue: every name, every muscle, every hint example."""

from __future__ import annotations

import json

import pytest

from core.catalogue import load_catalogue
from core.custom_exercises import CustomExercise, user_catalogue
from core.names import name_index
from core.questions import (
    DEFAULT_PERIOD,
    GROUPS,
    Everything,
    ExerciseSubject,
    Intent,
    MuscleSubject,
    NotAQuestion,
    Period,
    PeriodKind,
    Question,
    Unclear,
    UnclearReason,
    looks_like_set_log,
    parse_question,
)
from core.questions.grammar import LEXICONS, Grammar, grammar_for
from core.questions.lexicon import Lexicon, tokens
from core.wording.questions import CAN_ASK, EXAMPLES, hint
from tests.paths import DATA

CATALOGUE = load_catalogue()
NAMES = name_index(CATALOGUE)
MUSCLE_PHRASES = {p: g for lex in LEXICONS for p, g in lex.muscle_phrases().items()}
TEMPLATES = ("what's my best {}", "{} history", "how much {} last week", "when did I last do {}?")


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_catalogue_name_is_read_as_the_parser_reads_it(template: str) -> None:
    wrong = []
    for exercise in CATALOGUE.exercises:
        for name in (exercise.name, *exercise.aliases):
            result = parse_question(template.format(name))
            subject = result.subject if isinstance(result, Question) else result
            group = MUSCLE_PHRASES.get(tuple(tokens(name)))
            if group is not None:  # `calves`, `икры`: the group, whose exercises include it
                expected: object = MuscleSubject(group, GROUPS[group])
            else:
                expected = ExerciseSubject(NAMES.resolve(name).exercise or "?")
            if subject != expected:
                wrong.append((name, subject))
    assert wrong == []


def test_muscle_groups_cover_the_catalogue_muscles_and_nothing_else() -> None:
    in_catalogue = {
        muscle
        for exercise in CATALOGUE.exercises
        for muscle in (*exercise.primary_muscles, *exercise.secondary_muscles)
    }
    named = set().union(*GROUPS.values())
    assert named == in_catalogue
    assert set(MUSCLE_PHRASES.values()) <= set(GROUPS)
    for language in ("en", "ru", "es", "pt", "de"):
        lexicon = next(lex for lex in LEXICONS if lex.language == language)
        groups = set(lexicon.muscle_phrases().values())
        assert {"legs", "chest", "back", "shoulders", "arms", "core"} <= groups, language


def test_each_example_asks_for_its_own_intent() -> None:
    intents = []
    for example in EXAMPLES:
        result = parse_question(example)
        assert isinstance(result, Question), example
        intents.append(result.intent)
    assert set(intents) == set(Intent) and len(intents) == len(Intent)
    assert all(example in CAN_ASK for example in EXAMPLES)


@pytest.mark.parametrize(
    "text", ["bench?", "legs?", "what can I ask?", "frobnicator pr", "what did I do on 31 february"]
)
def test_hints_name_what_works_and_their_examples_work(text: str) -> None:
    unclear = parse_question(text)
    assert isinstance(unclear, Unclear)
    message = hint(unclear, CATALOGUE)
    examples = [line[2:] for line in message.splitlines() if line.startswith("• ")]
    assert len(examples) >= 3, message
    for example in examples:
        assert isinstance(parse_question(example), Question), example


def test_an_unknown_exercise_hint_offers_the_nearest_names() -> None:
    unclear = parse_question("best benchh prress wide")
    assert isinstance(unclear, Unclear) and unclear.reason is UnclearReason.UNKNOWN_EXERCISE
    assert "bench_press" in unclear.suggestions
    assert "Did you mean Bench Press" in hint(unclear, CATALOGUE)


def test_an_exercise_hint_is_about_that_exercise() -> None:
    unclear = parse_question("deadlift?")
    assert isinstance(unclear, Unclear) and unclear.subject == ExerciseSubject("deadlift")
    message = hint(unclear, CATALOGUE)
    assert message.startswith("What would you like to know about Deadlift?")
    readings = [parse_question(line[2:]) for line in message.splitlines() if line[:2] == "• "]
    assert {r.intent for r in readings if isinstance(r, Question)} == {
        Intent.BEST,
        Intent.HISTORY,
        Intent.TREND,
        Intent.LAST,
    }


def test_one_subject_at_a_time() -> None:
    unclear = parse_question("squat and bench last week")
    assert isinstance(unclear, Unclear)
    assert "one exercise" in hint(unclear, CATALOGUE)


@pytest.mark.parametrize(
    "text",
    ["bench 80x8", "80 x 8", "squat 100kg x 5", "5×5", "жим 80х8", "what about 3X10?", "60*12"],
)
def test_set_shapes_are_never_questions(text: str) -> None:
    assert looks_like_set_log(text)
    assert isinstance(parse_question(text), NotAQuestion)


def test_no_set_shape_in_plain_questions() -> None:
    for line in (DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if "not_a_question" not in case["expect"]:
            assert not looks_like_set_log(case["text"]), case["text"]


def test_defaults_follow_the_intent() -> None:
    assert DEFAULT_PERIOD[Intent.BEST] == Period(PeriodKind.ALL_TIME)
    assert DEFAULT_PERIOD[Intent.FAILURE] == Period(PeriodKind.THIS_WEEK)
    assert DEFAULT_PERIOD[Intent.COUNT] == Period(PeriodKind.LAST_DAYS, 30)
    assert set(DEFAULT_PERIOD) == set(Intent)
    result = parse_question("how many failure sets")
    assert isinstance(result, Question)
    assert (result.period, result.period_stated) == (Period(PeriodKind.THIS_WEEK), False)


def test_long_texts_are_notes_not_questions() -> None:
    question = "what did I do yesterday"
    assert isinstance(parse_question(question), Question)
    assert isinstance(parse_question(question + " and" + " then more" * 20), NotAQuestion)


def test_everything_is_the_subject_when_none_is_named() -> None:
    result = parse_question("how many times did I train this month")
    assert isinstance(result, Question) and result.subject == Everything()


def test_two_languages_may_not_give_one_word_two_meanings() -> None:
    clash = Lexicon(language="xx", phrases={}, weekdays={"monday": 3})
    with pytest.raises(ValueError, match="monday"):
        Grammar(CATALOGUE, (*LEXICONS, clash))


def test_a_pattern_word_must_be_one_token() -> None:
    bad = Lexicon(language="xx", phrases={"what's up": next(iter(LEXICONS[0].phrases.values()))})
    with pytest.raises(ValueError, match="one token"):
        Grammar(CATALOGUE, (bad,))


OWN = user_catalogue(
    CATALOGUE,
    [
        CustomExercise("custom_zercher_carry", "Zercher Carry", "quads", 1),
        CustomExercise("custom_yoke_walk", "Yoke Walk", None, 2),
        CustomExercise("custom_best_carry", "Best Carry", None, 3),
        CustomExercise("custom_nice_lift", "Nice Lift", None, 4),
    ],
)


@pytest.mark.parametrize(
    ("text", "intent", "exercise"),
    [
        ("what's my best zercher carry", Intent.BEST, "custom_zercher_carry"),
        ("whats my best zercher cary?", Intent.BEST, "custom_zercher_carry"),
        ("yoke walk last week", Intent.HISTORY, "custom_yoke_walk"),
        ("when did I last do yok walk", Intent.LAST, "custom_yoke_walk"),
        ("best carry progress", Intent.TREND, "custom_best_carry"),  # a grammar word in it
        ("nice lift pr", Intent.BEST, "custom_nice_lift"),  # a chat word in it
        ("best bench", Intent.BEST, "bench_press"),  # the catalogue's names as before
    ],
)
def test_a_users_own_exercises_are_asked_about_like_catalogue_ones(
    text: str, intent: Intent, exercise: str
) -> None:
    result = parse_question(text, OWN)
    assert isinstance(result, Question) and result.intent is intent, result
    assert result.subject == ExerciseSubject(exercise)


def test_nobody_elses_own_exercises_are_known() -> None:
    result = parse_question("what's my best zercher carry", CATALOGUE)
    assert isinstance(result, Unclear) and result.reason is UnclearReason.UNKNOWN_EXERCISE
    assert not any(s.startswith("custom_") for s in result.suggestions)


def test_a_users_grammar_shares_the_shipped_one() -> None:
    shipped, own = grammar_for(CATALOGUE), grammar_for(OWN)
    assert own is grammar_for(OWN)  # built once per catalogue object
    assert own.weekdays is shipped.weekdays and own.verbs is shipped.verbs
    assert own.names is not shipped.names


@pytest.mark.parametrize(
    "text",
    [
        "rest 90s",  # `rest` is not a slip of `best`
        "sore legs today",  # nor `sore` of `some`
        "legs today",  # what today is for
        "good workout today",
        "thanks for the stats",
        "failed the last rep",
        "starting my workout",  # not two slips from `stalling`
        "how do I log a set?",  # about the bot
        "new pr today!!",
        "should I bench today",  # advice wanted, not the log
        "is it time to train",
        "deload week",
    ],
)
def test_chat_without_a_questions_shape_is_no_question(text: str) -> None:
    assert isinstance(parse_question(text), NotAQuestion)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bench pr", Intent.BEST),  # typed like a search
        ("deadlift last week", Intent.HISTORY),
        ("is my bench going up", Intent.TREND),  # `is my`: asked
        ("how is my bench going?", Intent.TREND),  # a tester's first try: it asked back
        ("how's my squat coming along", Intent.TREND),
        ("hows my bench going", Intent.TREND),  # typed without the apostrophe: "hows" was a name
        # A new lifter's questions (helper's session): "too much" was read as an exercise,
        # "strong" as a typo of shrug.
        ("am I training to failure too much", Intent.FAILURE),
        ("am i going to failure too often?", Intent.FAILURE),
        ("am i failing too many sets", Intent.FAILURE),
        ("how strong is my bench", Intent.BEST),
        ("do I need a deload?", Intent.DELOAD),
        ("should I deload", Intent.DELOAD),
        ("is it time for a deload", Intent.DELOAD),
        ("am I overtraining", Intent.DELOAD),
        ("what did I do in my deload week", Intent.HISTORY),  # that week, not the plan
        ("did I fail any sets this week", Intent.FAILURE),  # `did I`: a verb asked about
        ("has my squat stalled?", Intent.TREND),
        ("show my deadlift progress", Intent.TREND),
        ("legs yesterday", Intent.HISTORY),
        ("what did I do today", Intent.HISTORY),
    ],
)
def test_questions_with_a_questions_shape_or_typed_like_a_search(text: str, intent: Intent) -> None:
    result = parse_question(text)
    assert isinstance(result, Question) and result.intent is intent, result
