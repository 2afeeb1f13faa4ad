"""The keywords of the notation (notation.md §3, §4, §6, §11), normalised as the lexer emits."""

from __future__ import annotations

import unicodedata

from core.model import Failure, Unit


def fold(word: str) -> str:
    """Lower-case a word and drop its accents: `até`, `aufwärmen`, `какой` match plain spellings."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


def _phrases(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in phrase.split()) for phrase in phrases)


UNITS: dict[str, Unit] = {
    **{fold(w): Unit.KG for w in ("kg", "kgs", "kilo", "kilos", "кг")},
    **{fold(w): Unit.LB for w in ("lb", "lbs", "pound", "pounds")},
}
SECONDS = _folded("s sec secs second seconds seg сек")
MINUTES = _folded("min mins minute minutes мин")
TIMES_WORDS = _folded("x х")
BW_WORDS = _folded("bw bodyweight")
# N10: rep words in the languages of the catalogue.
REPS_WORDS = _folded(
    "rep reps раз раза повтор повтора повторов повторений повторения repeticiones repeticion "
    "repetições repetição wdh wiederholungen wiederholung"
)
AT_WORDS = _folded("at with")
FOR_WORDS = _folded("for на")
FOR_WORD = "for"
SETS_WORDS = _folded("set sets")
# N9: `N sets M reps`, `N подхода по M`, `N series de M`, `N Sätze à M`.
SET_COUNT_WORDS = SETS_WORDS | _folded("подход подхода подходов series serie sätze satz")
SET_COUNT_LINKS = _folded("of по de à a")
OF_WORD = "of"
TOTAL_WORDS = _folded("total всего")
# Counts spelt out (`three sets`): never read as a number, so never left in a note either.
NUMBER_WORDS: dict[str, int] = {
    fold(word): n
    for words in (
        "one two three four five six seven eight nine ten",
        "один два три четыре пять шесть семь восемь девять десять",
        "uno dos tres cuatro cinco seis siete ocho nueve diez",
        "eins zwei drei vier fünf sechs sieben acht neun zehn",
    )
    for n, word in enumerate(words.split(), start=1)
}

# N16: words that join two groups, and words that chain a drop set like `>`.
JOINERS = _folded("and then & и потом y luego dann e")
DROP_WORDS = _folded("drop dropset")

FAIL_WORDS = _folded("f fail failed failure отказ fallo falha versagen muskelversagen")
FAIL_TAILS = _folded("fail failed failure")
# Multi-word failure forms, as sequences of folded words.
FAIL_PHRASES = _phrases(
    "to failure",
    "till failure",
    "until failure",
    "to fail",
    "till fail",
    "until fail",
    "в отказ",
    "до отказа",
    "hasta el fallo",
    "al fallo",
    "até a falha",
    "até falhar",
    "bis zum versagen",
)
FAIL_CODES: dict[str, Failure] = {
    "fc": Failure.CONCENTRIC,
    "fe": Failure.ECCENTRIC,
    "fi": Failure.ISOMETRIC,
    "ft": Failure.TECHNICAL,
}
FAIL_TYPES: dict[str, Failure] = {
    **{w: Failure.CONCENTRIC for w in ("conc", "concentric")},
    **{w: Failure.ECCENTRIC for w in ("ecc", "eccentric", "neg")},
    **{w: Failure.ISOMETRIC for w in ("iso", "isometric")},
    **{w: Failure.TECHNICAL for w in ("tech", "technical", "form")},
}
TECH_ALONE = _folded("tech technical")

RPE_WORD = "rpe"
RIR_WORD = "rir"
# RIR phrases after the number: `2 in the tank`, `1 rep in reserve`, `1 rep left`.
RIR_PHRASES = _phrases(
    "in the tank",
    "in tank",
    "in reserve",
    "rep in reserve",
    "reps in reserve",
    "rep in the tank",
    "reps in the tank",
    "left in the tank",
    "left in tank",
    "rep left",
    "reps left",
    "left",
    "в запасе",
)

WARMUP_WORDS = _folded("w wu warmup разминка calentamiento aquecimento aufwärmen aufwaermen")
WARMUP_PAIR = ("warm", "up")

QUESTION_WORDS = _folded(
    "how what what's whats when where which who why show compare can could should would will "
    "is are сколько как какой что когда покажи cuánto cuanto cuál qué cómo quanto qual quando como "
    "wie wann welche zeig"
)

# N13: a line that starts with a rest word is a rest timer; plan words make a line a plan.
REST_WORDS = _folded("rest resting break отдых descanso descansando pausa pause")
PLAN_WORDS = _folded("tomorrow goal gonna plan")
PLAN_PHRASES = _phrases("next time", "next week", "going to")
# N6.2: a lead-in with a day word is backdating, never split off.
DAY_WORDS = _folded("yesterday вчера ayer ontem gestern")
# N4: a typed name with one of these makes a bare first number the added load.
WEIGHTED_WORDS = _folded("weighted wtd lastradas lastrada")
WEIGHTED_PHRASES = _phrases("mit gewicht", "с весом")
# N6.4: equipment words in an app title's bracket (`Bicep Curl (Barbell)`).
EQUIPMENT_WORDS = frozenset(
    " ".join(p)
    for p in _phrases(
        "cable",
        "barbell",
        "dumbbell",
        "machine",
        "smith machine",
        "ez bar",
        "kettlebell",
        "band",
        "assisted",
        "weighted",
        "trap bar",
    )
)
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th", "й")

# First words of the phrases, so most words are rejected with one set lookup.
FAIL_PHRASE_STARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(p for p in FAIL_PHRASES if p[0] == first) for first in {p[0] for p in FAIL_PHRASES}
}
RIR_PHRASE_STARTS = frozenset(p[0] for p in RIR_PHRASES)
# Every word that can begin a marker: other words (most of a name) are rejected at once.
MARKER_STARTS = frozenset(
    FAIL_WORDS
    | set(FAIL_PHRASE_STARTS)
    | set(FAIL_TYPES)
    | set(FAIL_CODES)
    | TECH_ALONE
    | {RPE_WORD, RIR_WORD, WARMUP_PAIR[0]}
    | WARMUP_WORDS
)
