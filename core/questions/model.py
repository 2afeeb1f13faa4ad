"""What a plain-words question resolved to: intent, subject and period, or why it did not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from core.questions.periods import DateRange, Period, PeriodKind, resolve_period

__all__ = [
    "DEFAULT_PERIOD",
    "Everything",
    "ExerciseSubject",
    "Intent",
    "MuscleSubject",
    "NotAQuestion",
    "Question",
    "QuestionResult",
    "Subject",
    "Unclear",
    "UnclearReason",
]


class Intent(StrEnum):
    BEST = "best"  # records: best e1RM, heaviest set, rep PRs (`bench PR?`)
    LAST = "last"  # when was the last session (`when did I last train legs`)
    HISTORY = "history"  # the sessions themselves (`what did I do on Monday`)
    VOLUME = "volume"  # sets, reps, tonnage (`how much did I squat last week`)
    COUNT = "count"  # sessions / workouts (`how many times did I train this month`)
    TREND = "trend"  # progress over time, a chart (`show my deadlift progress`)
    FAILURE = "failure"  # failure sets and share (`how many failure sets this week`)
    MUSCLE = "muscle"  # working sets per muscle group (`sets per muscle this week`)
    DELOAD = "deload"  # whether a deload week is due (`do I need a deload?`)


# When the user names no time: records, progress, `when did I last` and a history look at all
# of it (a history answers with the latest sessions); amounts are weekly, like the weekly
# summary and the failure-share rule; "how often / how many times" over a rolling 30 days,
# which still says something on the 1st of a month.
DEFAULT_PERIOD: Mapping[Intent, Period] = MappingProxyType(
    {
        Intent.BEST: Period(PeriodKind.ALL_TIME),
        Intent.LAST: Period(PeriodKind.ALL_TIME),
        Intent.HISTORY: Period(PeriodKind.ALL_TIME),
        Intent.TREND: Period(PeriodKind.ALL_TIME),
        Intent.VOLUME: Period(PeriodKind.THIS_WEEK),
        Intent.FAILURE: Period(PeriodKind.THIS_WEEK),
        Intent.MUSCLE: Period(PeriodKind.THIS_WEEK),
        Intent.DELOAD: Period(PeriodKind.THIS_WEEK),
        Intent.COUNT: Period(PeriodKind.LAST_DAYS, 30),
    }
)


@dataclass(frozen=True, slots=True)
class ExerciseSubject:
    """One catalogue exercise, by id."""

    exercise: str


@dataclass(frozen=True, slots=True)
class MuscleSubject:
    """A muscle group (`legs`) and the catalogue muscle ids it covers (quads, hamstrings, …)."""

    group: str
    muscles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Everything:
    """No subject named: all exercises."""


Subject = ExerciseSubject | MuscleSubject | Everything


@dataclass(frozen=True, slots=True)
class Question:
    """A question the stats can answer."""

    intent: Intent
    subject: Subject
    period: Period
    period_stated: bool  # False when the period is the intent's default

    def date_range(self, today: date, week_start: str = "monday") -> DateRange:
        return resolve_period(self.period, today, week_start)


class UnclearReason(StrEnum):
    NO_INTENT = "no_intent"  # about training, but what does it ask? (`bench?`, `what can I ask`)
    UNKNOWN_EXERCISE = "unknown_exercise"  # asks something about a name we cannot resolve
    SEVERAL_SUBJECTS = "several_subjects"  # `squat and bench last week`: one at a time
    UNCLEAR_TIME = "unclear_time"  # a month or day we cannot place (`on 31 February`)


@dataclass(frozen=True, slots=True)
class Unclear:
    """Asks about training, but the grammar cannot tell what: the bot answers with a hint."""

    reason: UnclearReason
    words: str = ""  # what it could not place (folded): UNKNOWN_EXERCISE, UNCLEAR_TIME
    suggestions: tuple[str, ...] = ()  # exercise ids close to `words`
    subject: Subject = Everything()  # what it did understand, to tailor the examples


@dataclass(frozen=True, slots=True)
class NotAQuestion:
    """Not a question about the user's training (chat, a set log): the usual not-a-log reply."""


QuestionResult = Question | Unclear | NotAQuestion
