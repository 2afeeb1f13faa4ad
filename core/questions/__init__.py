"""Plain-words questions about one's own training: a small intent grammar over the catalogue."""

from __future__ import annotations

from core.catalogue import Catalogue, load_catalogue
from core.questions.grammar import grammar_for, looks_like_set_log
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
from core.questions.periods import DateRange, Period, PeriodKind, resolve_period

__all__ = [
    "DEFAULT_PERIOD",
    "GROUPS",
    "DateRange",
    "Everything",
    "ExerciseSubject",
    "Intent",
    "MuscleSubject",
    "NotAQuestion",
    "Period",
    "PeriodKind",
    "Question",
    "QuestionResult",
    "Subject",
    "Unclear",
    "UnclearReason",
    "looks_like_set_log",
    "parse_question",
    "resolve_period",
]


def parse_question(text: str, catalogue: Catalogue | None = None) -> QuestionResult:
    """Read a not-a-log chat text as a question about the user's training; never raises.

    A Question has an intent, a subject and a symbolic period (resolve it with
    `Question.date_range(today, week_start)`); Unclear asks for a hint (core.wording.questions);
    NotAQuestion keeps the usual not-a-log reply.
    """
    try:
        cat = catalogue if catalogue is not None else load_catalogue()
        return grammar_for(cat).read(text)
    except Exception:  # a chat message must never crash the bot
        return NotAQuestion()
