"""One-tap answers to a message that did not log: button labels and the question above them."""

from __future__ import annotations

from core.model import WeighIn
from core.units import format_weight
from core.wording.exercises import new_exercise_label


def _q(text: str) -> str:
    return f"\u201c{text.strip()}\u201d"


def exercise_label(name: str, sets: str) -> str:
    """`Zercher Squat · 60 kg × 20`: the exercise and what the tap logs with it."""
    return f"{name} · {sets}" if sets else name


def new_label(typed: str, sets: str) -> str:
    """`➕ new exercise “zercher carry” · 60 kg × 20`."""
    label = new_exercise_label(typed)
    return f"{label} · {sets}" if sets else label


def weigh_in_label(weigh_in: WeighIn) -> str:
    return f"⚖️ bodyweight {format_weight(weigh_in.weight)} {weigh_in.unit.value}"


TAP_READING = "Or tap the one you did:"
TAP_ONLY_READING = "Or tap it, if it was this one:"
TAP_EXERCISE = "Or tap the exercise you did, or make {name} an exercise of your own:"
TAP_EXERCISE_ONLY = "Or tap the exercise you did:"
TAP_NEW = "Or make {name} an exercise of your own with one tap:"


def tap_exercise(typed: str, matches: bool, new: bool) -> str:
    if matches and new:
        return TAP_EXERCISE.format(name=_q(typed))
    return TAP_EXERCISE_ONLY if matches else TAP_NEW.format(name=_q(typed))


def missing_load(quoted: str, load: str, line: str) -> str:
    """N3.5 with a last session: its load is the button, a typed line the other way."""
    return (
        f"{_q(quoted)}: at what weight? Last time you used {load}. "
        f"Tap to log it at that, or write the weight, e.g. {line}"
    )


NOTHING_YET = "Nothing of this message is logged until you tap or edit it."
NOTHING_LOGGED = (
    "Nothing of this message is logged yet: edit it with that line fixed, or send it again."
)
KEPT = "Your earlier sets from that message are kept until you tap or fix it."

# A button of a question that no longer stands: answered, edited away, or its message gone.
ANSWERED = "That message is logged already. Edit it to change it, or tap Undo under its reply."
GONE = "That question has changed (the message was edited or answered). Use its newest buttons."
