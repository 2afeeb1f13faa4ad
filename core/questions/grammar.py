"""The question grammar: chat text in, a Question, an Unclear (hint) or NotAQuestion out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

from core.catalogue import Catalogue, Exercise, load_catalogue
from core.names import NameIndex, name_index
from core.questions import lang_de, lang_en, lang_es, lang_pt, lang_ru
from core.questions.lexicon import (
    Cue,
    ExerciseName,
    Help,
    HowTo,
    Lexicon,
    Meaning,
    PeriodRule,
    tokens,
)
from core.questions.model import (
    DEFAULT_PERIOD,
    Everything,
    ExerciseSubject,
    Intent,
    MuscleSubject,
    NotAQuestion,
    Question,
    QuestionResult,
    Subject,
    Unclear,
    UnclearReason,
)
from core.questions.muscles import GROUPS
from core.questions.periods import Period, PeriodKind
from core.questions.phrases import PhraseTable
from core.questions.typos import Typos

__all__ = [
    "LEXICONS",
    "MAX_CHARS",
    "MAX_WORDS",
    "Grammar",
    "default_grammar",
    "grammar_for",
    "looks_like_set_log",
]

LEXICONS: tuple[Lexicon, ...] = (
    lang_en.LEXICON,
    lang_ru.LEXICON,
    lang_es.LEXICON,
    lang_pt.LEXICON,
    lang_de.LEXICON,
)
MAX_CHARS = 200  # a question is a line; anything longer is a note or a pasted workout
MAX_WORDS = 30
# Which intent a question is when it has cues of several: `how many failure sets` is about
# failure, not volume; `show my bench PR progress` is a trend; a bare `show` is the weakest.
PRIORITY = (
    Intent.FAILURE,
    Intent.MUSCLE,
    Intent.TREND,
    Intent.BEST,
    Intent.LAST,
    Intent.COUNT,
    Intent.VOLUME,
    Intent.HISTORY,
    Intent.DELOAD,  # last: `what did I do in my deload week` asks for that week
)
# `80x8`, `100 kg x 5`, `5×5`, Cyrillic х: the shape of a set, never of a question.
_SET_SHAPE = re.compile(r"\d\s*(?:kgs?|lbs?|кг)?\s*[xх×*]\s*\d", re.IGNORECASE)
_ASKED = frozenset("?？¿")
_ORDINAL = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)")  # 12th, 1st
_MIN_UNKNOWN_LETTERS = 3  # `u`, `ok`: noise, not an exercise we failed to find
# Month and weekday words that are everyday words too (`may I…`, `march`): alone, not a date.
_NOT_ONLY_TIME = frozenset({"may", "mar", "march", "sat", "sun", "wed", "segunda", "quinta"})


def looks_like_set_log(text: str) -> bool:
    """True for text with a set's `NxN` shape: the grammar never reads it as a question."""
    return _SET_SHAPE.search(text) is not None


@dataclass(slots=True)
class _Reading:
    """What one pass over the words found (mutable while reading, never returned)."""

    cues: list[Cue] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    time_words: list[str] = field(default_factory=list)  # `february` outside any time phrase
    help: bool = False
    how_to: bool = False  # `how do I …`: about the bot, not about one's data
    training: bool = False
    ask: bool = False
    chatter: bool = False  # small talk (`thanks`, `lol`) outside every phrase

    def take(self, meaning: Meaning, period: Period | None) -> None:
        if isinstance(meaning, Cue):
            self.cues.append(meaning)
        elif isinstance(meaning, PeriodRule):
            if period is not None:
                self.periods.append(period)
        elif isinstance(meaning, Help):
            self.help = True
        elif isinstance(meaning, HowTo):
            self.how_to = True
        elif isinstance(meaning, ExerciseName):
            self.subjects.append(ExerciseSubject(meaning.exercise))


class Grammar:
    """Every language's phrases plus the catalogue's names, compiled once per catalogue."""

    def __init__(self, catalogue: Catalogue, lexicons: Sequence[Lexicon] = LEXICONS) -> None:
        self.names: NameIndex = name_index(catalogue)
        phrases = [item for lexicon in lexicons for item in lexicon.phrases.items()]
        grammar_words = PhraseTable(phrases).literals
        named = _names_with_grammar_words(catalogue.exercises, grammar_words)
        self.table = PhraseTable([*named, *phrases])
        self._phrases = (*named, *phrases)  # kept for a user's grammar (with_own)
        self._grammar_words = grammar_words
        self.weak = frozenset().union(*(lex.weak_words() for lex in lexicons))
        self.training = frozenset().union(*(lex.training_words() for lex in lexicons))
        self.asks = frozenset().union(*(lex.ask_words() for lex in lexicons))
        self.shapes = frozenset().union(*(lex.shape_phrases() for lex in lexicons))
        # Never a word of an exercise's name (`good` of Good Morning).
        chatter = frozenset().union(*(lex.chatter_words() for lex in lexicons))
        self.chatter = chatter - _name_words(catalogue.exercises)
        # Words a slip is read as (never small talk: `nicee` is no grammar word to look for).
        targets = grammar_words | self.weak | self.training | self.asks
        self.filler = self.weak | self.training | self.asks | self.chatter
        self.weekdays = _merge("weekday", (lex.weekday_words() for lex in lexicons))
        self.months = _merge("month", (lex.month_words() for lex in lexicons))
        self.numbers = _merge("number", (lex.number_words() for lex in lexicons))
        self.muscles = _merge("muscle", (lex.muscle_phrases() for lex in lexicons))
        self.verbs = _merge("verb", (lex.verb_forms() for lex in lexicons))
        known = (
            self.filler
            | self.table.literals
            | self.weekdays.keys()
            | self.months.keys()
            | self.numbers.keys()
            | self.verbs.keys()
            | {word for phrase in self.muscles for word in phrase}
            | _name_words(catalogue.exercises)
        )
        self.typos = Typos(lexicons, targets, frozenset(known), self.names)

    def with_own(self, catalogue: Catalogue) -> Grammar:
        """This grammar reading a user's catalogue (this one's exercises plus their own, after
        them): phrases and word lists shared, so it costs well under a millisecond where a
        grammar of its own would cost tens; the user's names resolve like catalogue names,
        typos too, and their words are never corrected into grammar words."""
        base = catalogue.base
        own = catalogue.exercises[len(base.exercises) :] if base is not None else ()
        other = copy(self)
        other.names = name_index(catalogue)
        named = _names_with_grammar_words(own, self._grammar_words)
        if named:  # rare: a name of one's own with a grammar word in it (`Best Carry`)
            other.table = PhraseTable([*named, *self._phrases])
        own_words = _name_words(own)
        other.typos = self.typos.with_names(other.names, own_words)
        if own_words & self.chatter:  # `Nice Carry`: its words are a name's here
            other.chatter = self.chatter - own_words
            other.filler = self.filler - (own_words & self.chatter)
        return other

    def read(self, text: str) -> QuestionResult:
        """Parse one chat text (may raise on a bug: `parse_question` is the safe entry)."""
        if len(text) > MAX_CHARS or looks_like_set_log(text):
            return NotAQuestion()
        words = tokens(text)
        if not words or len(words) > MAX_WORDS:
            return NotAQuestion()
        words = [self.typos.corrected(w) for w in words]
        reading = _Reading()
        free = self._scan(words, reading)
        for run in _runs(words, free):
            self._read_run(run, reading)
        asked = any(c in _ASKED for c in text)
        return self._decide(reading, asked, shaped=asked or self._shaped(words))

    def _shaped(self, words: Sequence[str]) -> bool:
        """A question word or request verb (`how`, `when`, `show`, `did I`) anywhere."""
        pairs = pairwise(words)
        return any((w,) in self.shapes for w in words) or any(p in self.shapes for p in pairs)

    def _scan(self, words: list[str], reading: _Reading) -> list[bool]:
        classes = [self._classes(w) for w in words]
        free = [False] * len(words)
        at = 0
        while at < len(words):
            found = self.table.match(words, classes, at)
            if found is not None:
                reading.take(found.meaning, found.period)
                at = found.end
                continue
            word = words[at]
            free[at] = True
            reading.training |= word in self.training
            reading.ask |= word in self.asks
            reading.chatter |= word in self.chatter
            at += 1
        return free

    def _classes(self, word: str) -> dict[str, int]:
        out: dict[str, int] = {}
        if word.isdecimal() and len(word) <= 5:
            value = int(word)
            if value >= 1:
                out["n"] = value
            if len(word) == 4:
                out["year"] = value
        elif word in self.numbers:
            out["n"] = self.numbers[word]
        else:
            ordinal = _ORDINAL.fullmatch(word)
            if ordinal is not None:
                out["day"] = int(ordinal.group(1))
        if word in self.weekdays:
            out["wd"] = self.weekdays[word]
        if word in self.months:
            out["mon"] = self.months[word]
        return out

    def _is_filler(self, word: str) -> bool:
        return (
            word in self.filler
            or word in self.months
            or word in self.weekdays
            or any(c.isdigit() for c in word)
        )

    def _read_run(self, run: list[str], reading: _Reading) -> None:
        # Filler at the ends is dropped; inside it may belong to a name (`press de banca`).
        lo, hi = 0, len(run)
        while lo < hi and self._is_filler(run[lo]):
            if len(run[lo]) == 1 and lo + 1 < hi and not self._is_filler(run[lo + 1]):
                break  # `t bar`, `l sit`: a letter glued to a name is part of it
            lo += 1
        while hi > lo and self._is_filler(run[hi - 1]):
            hi -= 1
        used = range(0)
        if lo < hi:
            # A name may end in a filler word (`hanging leg lifts`, `pec dec`): the core with
            # up to two filler words after it is tried first, the longest name winning.
            for end in range(min(len(run), hi + 2), hi - 1, -1):
                subject = self._subject(run[lo:end])
                if subject is not None:
                    reading.subjects.append(subject)
                    used = range(lo, end)
                    break
            else:
                self._read_pieces(run[lo:hi], reading)
        # A month or day outside every time phrase (`on 31 February`) is a date we cannot place.
        reading.time_words.extend(
            word for i, word in enumerate(run) if i not in used and self._is_time_word(word)
        )

    def _read_pieces(self, core: list[str], reading: _Reading) -> None:
        pieces: list[list[str]] = [[]]
        for word in core:
            if self._is_filler(word):
                pieces.append([])
            else:
                pieces[-1].append(word)
        for piece in pieces:
            if piece:
                self._read_piece(piece, reading)

    def _is_time_word(self, word: str) -> bool:
        if word in _NOT_ONLY_TIME:
            return False
        return word in self.months or word in self.weekdays or _ORDINAL.fullmatch(word) is not None

    def _read_piece(self, piece: list[str], reading: _Reading) -> None:
        subject = self._subject(piece)
        if subject is not None:
            reading.subjects.append(subject)
        elif sum(len(w) for w in piece) >= _MIN_UNKNOWN_LETTERS:
            reading.unknown.append(" ".join(piece))

    def _subject(self, words: Sequence[str]) -> Subject | None:
        # Group names first (`calves` is the group even where a catalogue alias says a calf
        # raise), then the name as typed, then with verbs read as names (`benched` -> bench).
        group = self.muscles.get(tuple(words))
        if group is not None:
            return MuscleSubject(group, GROUPS[group])
        resolution = self.names.resolve(" ".join(words))
        if resolution.exercise is None and any(w in self.verbs for w in words):
            expanded = [part for w in words for part in self.verbs.get(w, (w,))]
            resolution = self.names.resolve(" ".join(expanded))
        return ExerciseSubject(resolution.exercise) if resolution.exercise else None

    def _decide(self, reading: _Reading, asked: bool, shaped: bool) -> QuestionResult:
        subjects = list(dict.fromkeys(reading.subjects))
        subject: Subject = subjects[0] if subjects else Everything()
        if reading.help:
            return Unclear(UnclearReason.NO_INTENT)
        if reading.how_to:
            return NotAQuestion()
        intents = {cue.intent for cue in reading.cues}
        strong = any(cue.strong for cue in reading.cues)
        if not shaped and not _telegraphic(reading, bool(subjects), strong):
            return NotAQuestion()  # chat: `rest day today`, `nice weather`, `sore legs today`
        if reading.unknown:
            if not (strong or reading.training or subjects):
                return NotAQuestion()
            words = reading.unknown[0]
            return Unclear(UnclearReason.UNKNOWN_EXERCISE, words, self.names.suggest(words))
        if reading.time_words:
            if not (strong or reading.training or subjects or reading.periods or asked):
                return NotAQuestion()
            return Unclear(UnclearReason.UNCLEAR_TIME, " ".join(reading.time_words))
        if len(subjects) > 1:
            return Unclear(UnclearReason.SEVERAL_SUBJECTS)
        period = reading.periods[0] if reading.periods else None
        intent = next((i for i in PRIORITY if i in intents), None)
        if intent is None:
            intent = self._implied_intent(reading, subject, period, asked)
            if intent is None:
                if shaped and (subjects or reading.training):
                    return Unclear(UnclearReason.NO_INTENT, subject=subject)
                return NotAQuestion()
        if intent is Intent.VOLUME and isinstance(subject, MuscleSubject):
            intent = Intent.MUSCLE  # a group's amount is its sets per muscle (one definition)
        if period is None:
            return Question(intent, subject, DEFAULT_PERIOD[intent], period_stated=False)
        return Question(intent, subject, period, period_stated=True)

    def _implied_intent(
        self, reading: _Reading, subject: Subject, period: Period | None, asked: bool
    ) -> Intent | None:
        # No intent word: `what's my squat` asks for its best; `squat last week`, `gym
        # yesterday?` for what was done then.
        if isinstance(subject, ExerciseSubject) and reading.ask and period is None:
            return Intent.BEST
        if period is not None and (
            not isinstance(subject, Everything) or reading.training or reading.ask or asked
        ):
            return Intent.HISTORY
        if not isinstance(subject, Everything) and reading.training:
            return Intent.HISTORY
        return None


def _telegraphic(reading: _Reading, subjects: bool, strong: bool) -> bool:
    """A question without a question's shape, written the way one types a search: `bench pr`,
    `squat progress`, `deadlift last week`, `workout on tuesday`, `record for the frobnicator`.

    Small talk is never one (`thanks for the stats`), nor a remark (`failed the last rep`);
    an unknown word or date only beside an
    intent word (`pr`), else it is chat (`sore legs today`, `rest day today`); and a subject
    with a time alone needs a time past (`legs today` says what today is for).
    """
    if reading.chatter or any(cue.statement for cue in reading.cues):
        return False
    if reading.unknown or reading.time_words:
        return strong
    if reading.cues:
        return True
    period = reading.periods[0] if reading.periods else None
    return (
        (subjects or reading.training)
        and period is not None
        and period.kind is not PeriodKind.TODAY
    )


def _runs(words: list[str], free: list[bool]) -> Iterable[list[str]]:
    run: list[str] = []
    for word, is_free in zip(words, free, strict=True):
        if is_free:
            run.append(word)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _name_words(exercises: Iterable[Exercise]) -> frozenset[str]:
    return frozenset(
        word
        for exercise in exercises
        for name in (exercise.name, *exercise.aliases)
        for word in tokens(name)
    )


def _names_with_grammar_words(
    exercises: Iterable[Exercise], grammar_words: frozenset[str]
) -> list[tuple[str, Meaning]]:
    # `muscle ups` must stay one exercise, not the muscle cue plus `ups`: such names become
    # phrases that win by length. Only several-word names: a one-word name is a subject anyway.
    out: list[tuple[str, Meaning]] = []
    for exercise in exercises:
        for name in (exercise.name, *exercise.aliases):
            words = tokens(name)
            if len(words) > 1 and grammar_words.intersection(words):
                out.append((" ".join(words), ExerciseName(exercise.id)))
    return out


K = TypeVar("K")
V = TypeVar("V")


def _merge(what: str, parts: Iterable[Mapping[K, V]]) -> dict[K, V]:
    merged: dict[K, V] = {}
    for part in parts:
        for k, v in part.items():
            if merged.setdefault(k, v) != v:
                raise ValueError(f"{what} {k!r} means {merged[k]!r} and {v!r}")
    return merged


def grammar_for(catalogue: Catalogue) -> Grammar:
    """The grammar of a catalogue: built once per shipped catalogue object; a user's catalogue
    (the shipped one plus their own exercises) gets the shipped grammar over its names."""
    if catalogue.base is None:
        return _grammar(catalogue)
    return _own_grammar(catalogue)


@lru_cache(maxsize=8)
def _grammar(catalogue: Catalogue) -> Grammar:
    return Grammar(catalogue)


# As many as service.catalogues keeps users' catalogues: each is cheap, and the same object
# comes back while the user's exercises are unchanged.
@lru_cache(maxsize=256)
def _own_grammar(catalogue: Catalogue) -> Grammar:
    assert catalogue.base is not None
    return _grammar(catalogue.base).with_own(catalogue)


def default_grammar() -> Grammar:
    return grammar_for(load_catalogue())
