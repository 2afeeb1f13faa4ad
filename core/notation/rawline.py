"""Forms read from a line's raw text before tokens (notation.md §11): labels, dates, weigh-ins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.model import Unit
from core.notation import vocab

# N8: set labels and list prefixes at the start of a line. `warm-up set(s)` marks the line.
_WARM_LABEL = re.compile(r"\s*warm[\s-]?ups?\s+sets?\b\s*[:\-–—]?", re.I)
_LABEL = re.compile(
    r"""\s*(?:
      set\s*[0-9]+(?:\s*[:\-–—.)]|\s+(?=[0-9+\-]|bw\b)|\s*$)
    | [0-9]+(?:st|nd|rd|th)\s+set\b\s*[:\-–—]?
    | (?:last|another|top)\s+set\b\s*[:\-–—]?
    | (?:sets|reps)\s*:
    | [0-9]{1,2}\)
    | [0-9]{1,2}\.(?=\s+[^\W\d_])
    | [-*•](?=\s)
    | •
    )""",
    re.I | re.X,
)
# N13 dates: `12/05`, `12.05.2024`, `2024-01-15`; a part with a leading zero or a year makes it one.
_DATE = re.compile(
    r"(?<![0-9./,-])(?:([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"|([0-9]{1,2})([./])([0-9]{1,2})(?:\5([0-9]{2,4}))?)(?![0-9./,]|[^\W\d_])"
)
_PROGRAM = re.compile(r"(?<![0-9/])5\s*/\s*3\s*/\s*1(?![0-9/])")
# N12: a weigh-in keyword, one number with an optional unit, and words without digits (its note).
_WEIGH_IN = re.compile(
    r"""\s*(?:bw|body\s*weight|weight|weigh[\s-]?in|weighed\s+in(?:\s+at)?|вес|
        peso(?:\s+corporal)?|gewicht)
    \s*[:=\-–]?\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\W\d_]+)?\.?(?:(?:\s+|\s*[#,(])([^0-9]*))?""",
    re.I | re.X,
)


# Cheap first looks for the caller, so most lines (`bench 80x8`) skip the patterns below.
LABEL_STARTS = ("set", "rep", "las", "ano", "top", "war")
WEIGH_STARTS = ("bw", "bo", "we", "ве", "pe", "ge")


def strip_label(line: str) -> tuple[str, bool]:
    """The line with its set label blanked (spaces keep positions); whether it said warm-up."""
    warm = _WARM_LABEL.match(line)
    if warm is not None and line[warm.end() :].strip():
        return " " * warm.end() + line[warm.end() :], True
    label = _LABEL.match(line)
    if label is None or not line[label.end() :].strip():
        return line, False
    return " " * label.end() + line[label.end() :], False


_NUMBER_ROLE_AFTER = re.compile(r"\s*(?:[xх×*@]|kg|kgs|lb|lbs|кг|kilos?|pounds?|#)", re.I)
_NUMBER_ROLE_BEFORE = re.compile(r"(?:[xх×*@]|at|for)\s*$", re.I)


def blank_dates(line: str) -> tuple[str, bool]:
    """The line with its dates blanked out, and whether it had one (N13)."""
    found = False
    out = line
    for match in _DATE.finditer(line):
        if _is_date(match) and (
            match.group(1) is not None  # `2024-01-15` is never a load
            or (
                _NUMBER_ROLE_AFTER.match(line, match.end()) is None
                and _NUMBER_ROLE_BEFORE.search(line, 0, match.start()) is None
            )
        ):
            found = True
            out = out[: match.start()] + " " * (match.end() - match.start()) + out[match.end() :]
    return out, found


def _is_date(match: re.Match[str]) -> bool:
    if match.group(1) is not None:
        return int(match.group(1)) >= 1900 and 1 <= int(match.group(2)) <= 12
    day, month, year = match.group(4), match.group(6), match.group(7)
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return False
    if year is not None:
        return (len(year) == 4 and int(year) >= 1900) or len(year) == 2
    # `12/05`: a part with a leading zero (`12/5` could be two sets).
    return (len(day) == 2 and day[0] == "0") or (len(month) == 2 and month[0] == "0")


def has_program(line: str) -> bool:
    """`5/3/1`: a program's name, never three sets (N13)."""
    return "/" in line and _PROGRAM.search(line) is not None


@dataclass(frozen=True, slots=True)
class WeighInText:
    """A weigh-in line as typed: the number, its unit if written, and the words after it."""

    value: Decimal
    unit: Unit | None
    note: str | None
    plain_integer: bool  # no unit and no decimals: could be reps after `bw` (N12)


def read_weigh_in(line: str) -> WeighInText | None:
    """N12: `bw 81.5`, `bodyweight 82kg this morning`, `Weight: 203`, `weighed in at 82.5kg`."""
    match = _WEIGH_IN.fullmatch(line)
    if match is None:
        return None
    number, unit_word, words = match.group(1), match.group(2), match.group(3)
    unit = None
    if unit_word is not None:
        unit = vocab.UNITS.get(vocab.fold(unit_word))
        if unit is None:
            # Not a unit: a word right after the number begins the note (`bw 81.5today`).
            words = f"{unit_word} {words or ''}"
    note = (words or "").strip(" \t#/,()-–—") or None
    return WeighInText(
        Decimal(number.replace(",", ".")), unit, note, unit is None and number.isdigit()
    )
