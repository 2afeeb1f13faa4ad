"""What users read about delivery times and time zones: slot and zone errors, slot descriptions."""

from __future__ import annotations

from datetime import time

SLOT_EXAMPLE = "/summary sun 18:00"
ZONE_EXAMPLES = "Berlin, New York or Europe/Berlin"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Users' text is echoed back; a pasted paragraph should not come back whole.
_ECHO_MAX = 40


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _ECHO_MAX:
        text = text[: _ECHO_MAX - 1] + "…"
    return f"“{text}”"


def slot_empty() -> str:
    return f"Send a day and a time, for example {SLOT_EXAMPLE}."


def slot_unknown_day(word: str) -> str:
    return (
        f"{_quote(word)} isn't a day of the week. Send a day and a time, "
        f"for example {SLOT_EXAMPLE}."
    )


def slot_ambiguous_day(word: str, weekdays: tuple[int, ...]) -> str:
    names = " or ".join(WEEKDAY_NAMES[day] for day in weekdays)
    return f"{_quote(word)} could be {names}. For example {SLOT_EXAMPLE}."


def slot_missing_day() -> str:
    return f"Which day? Send a day and a time, for example {SLOT_EXAMPLE}."


def slot_missing_time(weekday: int) -> str:
    return f"What time on {WEEKDAY_NAMES[weekday]}? For example {SLOT_EXAMPLE}."


def slot_bad_time(word: str) -> str:
    return (
        f"{_quote(word)} isn't a time of day. Use 24-hour time like 18:00 or 7:30, or 6pm, "
        f"for example {SLOT_EXAMPLE}."
    )


def slot_too_many() -> str:
    return f"One day and one time, please: this goes out once a week. For example {SLOT_EXAMPLE}."


def slot_extra(word: str) -> str:
    return f"I only need a day and a time, not {_quote(word)}. For example {SLOT_EXAMPLE}."


def slot_text(weekday: int, at: time, zone: str) -> str:
    """`Sunday 18:00 (Europe/Berlin)`: how a delivery time is confirmed and listed."""
    return f"{WEEKDAY_NAMES[weekday]} {at:%H:%M} ({zone})"


def zone_empty() -> str:
    return f"Send your time zone as a city or an IANA name, for example {ZONE_EXAMPLES}."


def zone_unknown(text: str, suggestions: tuple[str, ...]) -> str:
    if not suggestions:
        return (
            f"I don't know the time zone {_quote(text)}. Send the largest city in your time zone "
            f"or an IANA name, for example {ZONE_EXAMPLES}."
        )
    if len(suggestions) == 1:
        options = suggestions[0]
    else:
        options = ", ".join(suggestions[:-1]) + " or " + suggestions[-1]
    return f"I don't know the time zone {_quote(text)}. Did you mean {options}?"


def zone_offset(text: str) -> str:
    return (
        f"A fixed offset like {_quote(text)} doesn't follow daylight saving time, so your weeks "
        f"would drift. Send your city instead, for example {ZONE_EXAMPLES}."
    )
