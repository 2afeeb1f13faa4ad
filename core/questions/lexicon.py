"""The words of the question grammar: one Lexicon per language, written as compact patterns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.questions.model import Intent
from core.questions.periods import MAX_COUNT, Period, PeriodKind

__all__ = [
    "HELP",
    "HOW_TO",
    "Captures",
    "Cue",
    "ExerciseName",
    "Help",
    "HowTo",
    "Lexicon",
    "Meaning",
    "PeriodRule",
    "fold",
    "tokens",
]

_TOKEN = re.compile(r"[^\W_]+")

# Captures of one phrase match: slot name (`n`, `wd`, `mon`, `year`) -> the number it read.
Captures = Mapping[str, int]


def fold(text: str) -> str:
    """Case and accents dropped the way names.key does (`Próximo` → `proximo`, `ё` → `е`)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """Folded runs of letters and digits: `What's my PR?` → what, s, my, pr."""
    return _TOKEN.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that say what is asked; weak cues (`show`, `did I`) lose to any other intent."""

    intent: Intent
    strong: bool = True
    # A verb telling what happened (`failed`, `stalled`): without a question's shape the
    # text is a remark (`failed the last rep`), not a question.
    statement: bool = False


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """A time phrase: a fixed period, or one whose value comes from a slot (`last <n> days`)."""

    kind: PeriodKind
    value: int = 0
    takes: str = ""  # the slot giving the value: n | day | wd | mon | year
    with_year: bool = False  # the <year> slot gives an explicit year (`in May 2024`)
    with_month: bool = False  # the <mon> slot gives a date's month (`on 12 May`)

    def build(self, captures: Captures) -> Period | None:
        value = captures[self.takes] if self.takes else self.value
        year = captures["year"] if self.with_year else None
        month = captures["mon"] if self.with_month else None
        if self.kind is PeriodKind.SINCE_MONTH and self.takes == "year":
            value, year = 1, value  # `since 2024` is since January 2024
        limit = MAX_COUNT.get(self.kind.value)
        if limit is not None and not 1 <= value <= limit:
            return None  # `last 0 days`, `last 99999 weeks`: not a period we can name
        try:
            return Period(self.kind, value, year, month)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Help:
    """`what can I ask?`: answered with the list of questions."""


@dataclass(frozen=True, slots=True)
class HowTo:
    """`how do I log a set`: a question about the bot, not about one's data (not-a-log)."""


@dataclass(frozen=True, slots=True)
class ExerciseName:
    """A catalogue name that contains grammar words (`muscle ups`): read as the exercise."""

    exercise: str


HELP = Help()
HOW_TO = HowTo()
Meaning = Cue | PeriodRule | Help | HowTo | ExerciseName


def _words(spec: str) -> frozenset[str]:
    return frozenset(w for w in (fold(x) for x in spec.split()) if w)


def _spellings(spec: Mapping[str, int]) -> dict[str, int]:
    # {"monday mon": 0} -> {"monday": 0, "mon": 0}; every spelling must be one folded token.
    out: dict[str, int] = {}
    for words, value in spec.items():
        for word in words.split():
            folded = tokens(word)
            if len(folded) != 1:
                raise ValueError(f"{word!r} is not one token")
            out[folded[0]] = value
    return out


@dataclass(frozen=True)
class Lexicon:
    """A language's grammar words. Patterns: slots split by spaces, `|` between alternatives,
    `<n>` a number, `<day>` an ordinal day (`12th`), `<wd>` a weekday, `<mon>` a month,
    `<year>` a year (`last|past <n> days`)."""

    language: str
    phrases: Mapping[str, Meaning]
    weak: str = ""  # words that carry nothing here (my, the, did, please)
    training: str = ""  # words that say it is about training (workout, gym, sets)
    asks: str = ""  # question words (`what`'s my bench = its best)
    # What gives a text a question's shape without a `?`: question words and request verbs
    # (`how`, `when`, `show`), and word pairs written `did|have i` (`did I`, `have I`).
    shapes: tuple[str, ...] = ()
    # Small talk (`thanks`, `lol`, `nice`): read over in a question, but a text without a
    # question's shape that has one is chat (`thanks for the stats`), never a question.
    chatter: str = ""
    weekdays: Mapping[str, int] = field(default_factory=dict)
    months: Mapping[str, int] = field(default_factory=dict)
    numbers: Mapping[str, int] = field(default_factory=dict)
    muscles: Mapping[str, str] = field(default_factory=dict)  # `leg day|legs` -> group
    verbs: Mapping[str, str] = field(default_factory=dict)  # `benched benching` -> `bench`

    def weak_words(self) -> frozenset[str]:
        return _words(self.weak)

    def training_words(self) -> frozenset[str]:
        return _words(self.training)

    def ask_words(self) -> frozenset[str]:
        return _words(self.asks)

    def chatter_words(self) -> frozenset[str]:
        return _words(self.chatter)

    def shape_phrases(self) -> frozenset[tuple[str, ...]]:
        """`did|have i` -> (did, i), (have, i): every word sequence a pattern spells."""
        out: set[tuple[str, ...]] = set()
        for pattern in self.shapes:
            spelled: list[tuple[str, ...]] = [()]
            for part in pattern.split():
                alternatives = [tokens(a) for a in part.split("|")]
                if any(len(a) != 1 for a in alternatives):
                    raise ValueError(f"{part!r} in {pattern!r} is not one token each")
                spelled = [(*s, a[0]) for s in spelled for a in alternatives]
            out.update(spelled)
        return frozenset(out)

    def weekday_words(self) -> dict[str, int]:
        return _spellings(self.weekdays)

    def month_words(self) -> dict[str, int]:
        return _spellings(self.months)

    def number_words(self) -> dict[str, int]:
        return _spellings(self.numbers)

    def muscle_phrases(self) -> dict[tuple[str, ...], str]:
        out: dict[tuple[str, ...], str] = {}
        for spellings, group in self.muscles.items():
            for spelling in spellings.split("|"):
                out[tuple(tokens(spelling))] = group
        return out

    def verb_forms(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for forms, name in self.verbs.items():
            for form in forms.split():
                out[fold(form)] = tuple(tokens(name))
        return out
