"""What a line parser needs to know: the exercise's kind, and the failure it raises on bad input."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import Exercise


class ParseFailure(Exception):
    """The first error of a message (§8); the line number is added by the message parser."""

    def __init__(self, code: str, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class ExerciseKind:
    """The catalogue columns the parser reads (§5.1), and the name to use in examples."""

    id: str
    name: str
    bodyweight: bool = False
    timed: bool = False
    assisted: bool = False
    barbell: bool = False

    @classmethod
    def of(cls, exercise: Exercise, typed: str | None = None) -> ExerciseKind:
        return cls(
            id=exercise.id,
            name=(typed or exercise.name).strip().lower(),
            bodyweight=exercise.is_bodyweight,
            timed=exercise.is_timed,
            assisted=exercise.is_assisted,
            barbell=exercise.equipment in ("barbell", "smith_machine"),
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

    def effort_example(self) -> str:
        """A line rating each set of a list on its own (R5)."""
        if self.timed:
            return (
                f"{self.name} 60s @8, 45s @9" if self.bodyweight else f"{self.name} 40kg x 60s @8"
            )
        if self.assisted:
            return f"{self.name} 30x8 @7, 8 @8, 8 @9"
        if self.bodyweight:
            return f"{self.name} 10 @7, 8 @8, 6 @9"
        return f"{self.name} 120x5 @7, 5 @8, 5 @9"
