"""What a line parser needs to know: the exercise's kind, and the failure it raises on bad input."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import Exercise
from core.notation import vocab
from core.plausibility import UNKNOWN, Plausible


class ParseFailure(Exception):
    """The first error of a message (§8); the line number is added by the message parser.

    `candidates` (§11 N1): for `ambiguous`, one line per reading, each logging that reading alone
    when it replaces the line; a `?` stands for a load the lifter still has to give.
    `name`: for `unknown_exercise`, the name as typed; `fill`: for N3.5's `incomplete_set`, the
    line with `@ ?` for the load left out (not candidates: the spec keeps those empty there).
    """

    def __init__(
        self,
        code: str,
        message: str,
        suggestions: tuple[str, ...] = (),
        candidates: tuple[str, ...] = (),
        *,
        name: str | None = None,
        fill: str | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.suggestions = suggestions
        self.candidates = candidates
        self.name = name
        self.fill = fill


def _weighted(typed: str | None) -> bool:
    """N4: `weighted pullups`, `wtd dips`, `dominadas lastradas`, `Klimmzüge mit Gewicht`."""
    if not typed:
        return False
    words = tuple(vocab.fold(w) for w in typed.split())
    if any(w in vocab.WEIGHTED_WORDS for w in words):
        return True
    return any(
        words[k : k + len(p)] == p for p in vocab.WEIGHTED_PHRASES for k in range(len(words))
    )


@dataclass(frozen=True, slots=True)
class ExerciseKind:
    """The catalogue columns the parser reads (§5.1, §11 N2), and the name to use in examples."""

    id: str
    name: str
    bodyweight: bool = False
    timed: bool = False
    assisted: bool = False
    barbell: bool = False
    hold: bool = False  # load_type `time`: plank, wall sit, dead hang
    dumbbell: bool = False  # one dumbbell or kettlebell in each hand (N3's `2×N`, N11's `70s`)
    weighted: bool = False  # the typed name says the load is added (N4)
    known: bool = False  # in the catalogue (a candidate may name it)
    plausible: Plausible = UNKNOWN

    @classmethod
    def of(
        cls, exercise: Exercise, typed: str | None = None, plausible: Plausible = UNKNOWN
    ) -> ExerciseKind:
        return cls(
            id=exercise.id,
            name=(typed or exercise.name).strip().lower(),
            bodyweight=exercise.is_bodyweight,
            timed=exercise.is_timed,
            assisted=exercise.is_assisted,
            barbell=exercise.equipment in ("barbell", "smith_machine"),
            hold=exercise.load_type == "time",
            dumbbell=exercise.equipment in ("dumbbell", "kettlebell"),
            weighted=exercise.is_bodyweight and _weighted(typed),
            known=True,
            plausible=plausible,
        )

    def example(self) -> str:
        """A line that logs one set of this exercise."""
        if self.timed:
            return f"{self.name} 60s" if self.bodyweight else f"{self.name} 40kg x 60s"
        if self.assisted:
            return f"{self.name} 30x8"
        if self.bodyweight:
            return f"{self.name} 10"
        return f"{self.name} {'80x8' if self.barbell else '20x10'}"

    def example_load(self) -> str:
        """A load that reads as one on this exercise, for examples (`@ 60kg`)."""
        if self.barbell:
            return "60"
        return "20" if not self.dumbbell else "12"
