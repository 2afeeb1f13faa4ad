"""Sentences about plain-words questions: what can be asked, hints for unclear ones, periods."""

from __future__ import annotations

from core.catalogue import Catalogue
from core.questions.model import ExerciseSubject, MuscleSubject, Unclear, UnclearReason
from core.questions.periods import Period, PeriodKind
from core.wording.numbers import count

# English names whatever the process locale (calendar.day_name follows the locale).
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# One example per intent, each one the grammar reads as that intent (a test checks it).
EXAMPLES: tuple[str, ...] = (
    "what's my best bench",
    "when did I last train legs",
    "what did I do on Monday",
    "how much did I squat last week",
    "how many times did I train this month",
    "show my deadlift progress",
    "how many failure sets this week",
    "sets per muscle this week",
    "do I need a deload",
)

CAN_ASK = (
    "You can ask me about your training in plain words, for example:\n"
    + "\n".join(f"• {example}" for example in EXAMPLES)
    + "\nRecords, the last time, what you did, how much, how often, progress, failure sets "
    "and sets per muscle — for today, yesterday, this or last week or month, on Monday, "
    "since March, in May, or the last 30 days — and whether a deload is due."
)


def hint(unclear: Unclear, catalogue: Catalogue) -> str:
    """The answer to a question the grammar could not read, with examples that work."""
    if unclear.reason is UnclearReason.UNKNOWN_EXERCISE:
        names = [catalogue.name_of(exercise_id) for exercise_id in unclear.suggestions]
        guess = f" Did you mean {_either(names)}?" if names else ""
        return f"I don't know the exercise “{unclear.words[:40]}”.{guess}\n\n{CAN_ASK}"
    if unclear.reason is UnclearReason.UNCLEAR_TIME:
        return (
            f"I couldn't tell which days you mean by “{unclear.words[:40]}”. Try, for example:\n"
            "• what did I do yesterday\n"
            "• what did I do on 12 May\n"
            "• how much did I squat last week\n"
            "• how many times did I train since March\n"
            "• bench volume in the last 30 days"
        )
    if unclear.reason is UnclearReason.SEVERAL_SUBJECTS:
        return (
            "Ask me about one exercise or muscle group at a time, for example "
            "“best squat”, then “best bench”."
        )
    subject = unclear.subject
    if isinstance(subject, ExerciseSubject):
        name = catalogue.name_of(subject.exercise).lower()
        return _about(
            catalogue.name_of(subject.exercise),
            (
                f"best {name}",
                f"{name} history",
                f"{name} progress",
                f"when did I last do {name}",
            ),
        )
    if isinstance(subject, MuscleSubject):
        group = group_label(subject.group)
        return _about(
            group,
            (
                f"when did I last train {group}",
                f"how many sets for {group} this week",
                f"how many times did I train {group} this month",
            ),
        )
    return CAN_ASK


def group_label(group: str) -> str:
    """`upper_body` -> `upper body`."""
    return group.replace("_", " ")


def period_label(period: Period) -> str:
    """How an answer names its time range: `last week`, `since March`, `the last 30 days`."""
    kind, value = period.kind, period.value
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    year = f" {period.year}" if period.year is not None else ""
    if kind is PeriodKind.DAYS_AGO:
        return "the day before yesterday" if value == 2 else f"{count(value, 'day')} ago"
    if kind is PeriodKind.ON_DATE:
        if period.month is None:
            return f"on the {value}{_ordinal_suffix(value)}"
        return f"on {value} {_MONTHS[period.month]}{year}"
    if kind is PeriodKind.ON_WEEKDAY:
        return f"on {_DAYS[value]}"
    if kind is PeriodKind.SINCE_WEEKDAY:
        return f"since {_DAYS[value]}"
    if kind is PeriodKind.IN_MONTH:
        return f"in {_MONTHS[value]}{year}"
    if kind is PeriodKind.SINCE_MONTH:
        return f"since {_MONTHS[value]}{year}"
    if kind is PeriodKind.IN_YEAR:
        return f"in {value}"
    unit = {
        PeriodKind.LAST_DAYS: "day",
        PeriodKind.LAST_WEEKS: "week",
        PeriodKind.LAST_MONTHS: "month",
    }[kind]
    return f"the last {unit}" if value == 1 else f"the last {count(value, unit)}"


_FIXED = {
    PeriodKind.TODAY: "today",
    PeriodKind.YESTERDAY: "yesterday",
    PeriodKind.THIS_WEEK: "this week",
    PeriodKind.LAST_WEEK: "last week",
    PeriodKind.THIS_MONTH: "this month",
    PeriodKind.LAST_MONTH: "last month",
    PeriodKind.THIS_YEAR: "this year",
    PeriodKind.LAST_YEAR: "last year",
    PeriodKind.ALL_TIME: "all time",
}


def _ordinal_suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _about(what: str, examples: tuple[str, ...]) -> str:
    lines = "\n".join(f"• {example}" for example in examples)
    return f"What would you like to know about {what}? For example:\n{lines}"


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
