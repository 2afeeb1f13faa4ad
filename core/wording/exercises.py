"""What users read about their own exercises: /exercise add, list, rename and merge."""

from __future__ import annotations

from collections.abc import Sequence

from core.custom_exercises import MAX_NAME, CustomExercise, MuscleQuestion, NameProblem
from core.wording.numbers import count

EXAMPLE_ADD = "/exercise add zercher carry quads"
USAGE = (
    "Your own exercises:\n"
    f"• {EXAMPLE_ADD} — add one (the muscle at the end is optional)\n"
    "• /exercise — list them\n"
    "• /exercise rename zercher carry to yoke walk\n"
    "• /exercise merge zercher carry into farmers walk — its sets become that exercise's\n"
    "Then log it like any other: zercher carry 60x20"
)


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def muscle_label(muscle: str) -> str:
    return muscle.replace("_", " ")


def _sets(n: int) -> str:
    return count(n, "set", zero="no sets yet")


def listed(own: Sequence[CustomExercise], sets: dict[str, int]) -> str:
    if not own:
        return (
            "You have no exercises of your own yet. When I don't know an exercise, add it:\n"
            f"{EXAMPLE_ADD}\n(the muscle at the end is optional)"
        )
    lines = ["Your exercises:"]
    for c in own:
        muscle = f", {muscle_label(c.muscle)}" if c.muscle else ""
        lines.append(f"• {c.name}{muscle} — {_sets(sets.get(c.id, 0))}")
    lines.append("Rename: /exercise rename OLD to NEW · merge: /exercise merge OLD into NEW")
    return "\n".join(lines)


def bad_name(problem: NameProblem, typed: str) -> str:
    shown = _q(typed.strip()[: MAX_NAME + 10])
    match problem:
        case NameProblem.EMPTY:
            return f"Which exercise? E.g. {EXAMPLE_ADD}"
        case NameProblem.TOO_LONG:
            return f"{shown} is long: keep a name under {MAX_NAME} characters, e.g. {EXAMPLE_ADD}"
        case NameProblem.DIGITS:
            return (
                f"{shown} has digits, and I'd read them as a weight or reps. Use words only, "
                f"e.g. {EXAMPLE_ADD}"
            )
        case NameProblem.SIGNS:
            return (
                f"Use letters, spaces and - ' ( ) in a name ({shown} has others), "
                f"e.g. {EXAMPLE_ADD}"
            )
        case NameProblem.TOO_SHORT:
            return f"{shown} is too short for a name, e.g. {EXAMPLE_ADD}"


def unknown_muscle(word: str, muscles: Sequence[str]) -> str:
    known = ", ".join(muscle_label(m) for m in sorted(muscles))
    return f"I don't know the muscle {_q(word.strip())}. I know: {known}. E.g. {EXAMPLE_ADD}"


def which_muscle(question: MuscleQuestion) -> str:
    choices = ", ".join(muscle_label(m) for m in question.choices)
    first = muscle_label(question.choices[0])
    return (
        f"Which {question.region}: {choices}? E.g. /exercise add {question.name}, {first} — "
        "or tap one below."
    )


def already_catalogue(name: str, known: str) -> str:
    if name.casefold() == known.casefold():
        return f"{_q(name)} is in my catalogue already: just log it, e.g. {name.lower()} 60x10"
    return (
        f"I read {_q(name)} as {known}, which is in my catalogue already: just log it, e.g. "
        f"{name.lower()} 60x10. If it's a different exercise, give it a more distinct name."
    )


def already_yours(name: str) -> str:
    return f"You have {_q(name)} already: log it like any other, e.g. {name.lower()} 60x10"


def added(c: CustomExercise, close_to: str | None = None) -> str:
    muscle = f" (counts for {muscle_label(c.muscle)})" if c.muscle else ""
    lines = [f"Added {_q(c.name)} to your exercises{muscle}. Log it like any other: "
             f"{c.name.lower()} 60x10"]  # fmt: skip
    if close_to is not None:
        lines.append(f"(Not to be confused with {close_to}.)")
    if not c.muscle:
        lines.append(
            "To count it for a muscle in your stats, name the muscle: "
            f"/exercise add {c.name.lower()} quads"
        )
    return "\n".join(lines)


def muscle_set(c: CustomExercise) -> str:
    assert c.muscle is not None
    return f"{c.name} counts for {muscle_label(c.muscle)} now."


def not_yours(typed: str, suggestions: Sequence[str]) -> str:
    hint = f" Yours: {', '.join(suggestions)}." if suggestions else ""
    return f"You have no exercise of your own called {_q(typed)}.{hint} /exercise lists them."


def catalogue_exercise(name: str) -> str:
    return (
        f"{name} is one of my catalogue's exercises, so I can't rename or merge it: only your "
        "own exercises. /exercise lists them."
    )


def rename_usage() -> str:
    return "Rename like this: /exercise rename zercher carry to yoke walk"


def merge_usage() -> str:
    return "Merge like this: /exercise merge zercher carry into farmers walk"


def renamed(old: str, new: str) -> str:
    return f"Renamed {_q(old)} to {_q(new)}: every set of it is still there."


def name_taken(new: str, existing: str) -> str:
    return (
        f"{_q(new)} is taken by {existing}. To put the sets together: "
        f"/exercise merge OLD into {existing.lower()}"
    )


def unknown_target(typed: str, suggestions: Sequence[str]) -> str:
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    return f"I don't know {_q(typed)}.{hint} {merge_usage()}"


def same_exercise(name: str) -> str:
    return f"That is {name} both times: nothing to merge."


def _moved(sets: int, new: str) -> str:
    if not sets:
        return "It has no sets yet"
    if sets == 1:
        return f"Its 1 set becomes a {new} set"
    return f"Its {_sets(sets)} become {new} sets"


def merge_question(old: str, new: str, sets: int) -> str:
    return (
        f"Merge {old} into {new}? {_moved(sets, new)}, and {old} is gone from your exercises. "
        "This can't be undone."
    )


MERGE_YES = "Merge"
CANCEL = "Cancel"
CANCELLED = "Cancelled: nothing changed."


def merged(old: str, new: str, sets: int) -> str:
    if not sets:
        moved = f"{old} had no sets"
    elif sets == 1:
        moved = f"1 set of {old} is a {new} set now"
    else:
        moved = f"{_sets(sets)} of {old} are {new} sets now"
    return (
        f"Merged: {moved}, and {old} is gone from your list. "
        f"Typing “{old.lower()}” logs {new} from now on."
    )


GONE = "That exercise isn't there any more (renamed, merged or deleted): /exercise lists yours."


def new_exercise_label(name: str) -> str:
    return f"➕ new exercise {_q(name)}"
