"""What users read when they ask to delete everything stored about them (/forget)."""

from __future__ import annotations

from core.wording.numbers import count

YES = "🗑 Delete everything"
NO = "Cancel"
CANCELLED = "Cancelled: nothing was deleted."
DONE = (
    "Done: everything I stored about you is deleted — sets, weigh-ins, settings, summaries, "
    "your own exercises and imports. Write to me again and I'll start fresh, e.g. bench 80x8 F"
)
EXPIRED = "That button is too old: send /forget again if you want to delete everything."
ALREADY = "Everything was deleted already. Write to me again and I'll start fresh."


def question(sets: int, weigh_ins: int = 0) -> str:
    shown = count(sets, "set", zero="no sets")
    if weigh_ins:
        shown += f", {count(weigh_ins, 'weigh-in')}"
    return (
        f"This deletes everything I have about you: {shown}, your settings, summaries and "
        "reminders, your own exercises and imports. It can't be undone — /export first to keep "
        "a copy (you can import it again later). Delete everything?"
    )
