"""Reading one cell: numbers with float noise or a decimal comma, whole counts, efforts, dates."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from core.model import Unit
from core.transfer.model import MAX_CELL_CHARS, ProblemCode

TEN = Decimal(10)
_NOISE = Decimal("0.001")  # exports written through floats: 102.05999999999999 is 102.06
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_HEVY_TIME = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?")
_SHOWN_CHARS = 40  # of a bad cell, quoted back in a problem
_UNITS = {"kg": Unit.KG, "kgs": Unit.KG, "lb": Unit.LB, "lbs": Unit.LB}


class CellError(Exception):
    """A cell that cannot be read; the row reader turns it into a RowProblem with the line."""

    def __init__(self, code: ProblemCode, field: str, value: str, allowed: str = "") -> None:
        super().__init__(code.value, field, value)
        self.code = code
        self.field = field
        self.value = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
        self.allowed = allowed


def text(cell: str, field: str) -> str:
    if len(cell) > MAX_CELL_CHARS:
        raise CellError(ProblemCode.TOO_LONG, field, cell[:40], f"{MAX_CELL_CHARS} characters")
    return cell.strip()


def decimal(cell: str, field: str) -> Decimal | None:
    """A finite number or None for an empty cell; `82,5` is read as 82.5."""
    s = cell.strip()
    if not s:
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        value = _decimal_comma(s, field)
    if not value.is_finite():
        raise CellError(ProblemCode.BAD_NUMBER, field, s)
    return value


def _decimal_comma(s: str, field: str) -> Decimal:
    if s.count(",") == 1 and "." not in s:
        try:
            return Decimal(s.replace(",", "."))
        except InvalidOperation:
            pass
    raise CellError(ProblemCode.BAD_NUMBER, field, s)


def denoise(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        return value.quantize(_NOISE)
    return value


def whole(cell: str, field: str, high: int) -> int | None:
    """A count 0..high (`13.0` is 13), or None for an empty cell."""
    s = cell.strip()
    if s.isdigit():
        n = int(s)
    else:
        value = decimal(s, field)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise CellError(ProblemCode.NOT_WHOLE, field, s)
        n = int(value)
    if not 0 <= n <= high:
        raise CellError(ProblemCode.OUT_OF_RANGE, field, s, f"0–{high}")
    return n


def effort(cell: str, field: str, low: Decimal) -> Decimal | None:
    """RPE (1–10) or RIR (0–10) in half steps, or None for an empty cell."""
    value = decimal(cell, field)
    if value is None:
        return None
    if not low <= value <= TEN:
        raise CellError(ProblemCode.OUT_OF_RANGE, field, cell.strip(), f"{low}–10")
    if (value * 2) % 1:
        raise CellError(ProblemCode.BAD_STEP, field, cell.strip(), "half steps like 8 or 8.5")
    return value


def unit(cell: str, field: str, default: Unit | None) -> Unit:
    s = cell.strip().casefold()
    found = _UNITS.get(s)
    if found is not None:
        return found
    if not s and default is not None:
        return default
    raise CellError(ProblemCode.BAD_UNIT, field, cell.strip(), "kg or lb")


def local_time(cell: str, field: str, zone: tzinfo) -> datetime:
    """`2026-03-02 18:04:11` (Strong, ISO) read in the user's zone; an offset, if any, wins."""
    s = cell.strip()
    try:
        moment = datetime.fromisoformat(s)
    except ValueError:
        raise CellError(ProblemCode.BAD_DATE, field, s, "2026-03-02 18:04:11") from None
    return _placed(moment, zone)


def hevy_time(cell: str, field: str, zone: tzinfo) -> datetime:
    """`15 Sep 2025, 07:48` (Hevy; English months whatever the process locale), else ISO."""
    s = cell.strip()
    m = _HEVY_TIME.fullmatch(s)
    if m is None:
        try:
            return _placed(datetime.fromisoformat(s), zone)
        except ValueError:
            raise CellError(ProblemCode.BAD_DATE, field, s, "15 Sep 2025, 07:48") from None
    day, month_name, year, hour, minute, second = m.groups()
    month = _MONTHS.get(month_name.casefold())
    try:
        if month is None:
            raise ValueError(month_name)
        moment = datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:
        raise CellError(ProblemCode.BAD_DATE, field, s, "15 Sep 2025, 07:48") from None
    return moment


def _placed(moment: datetime, zone: tzinfo) -> datetime:
    # Wall-clock times without an offset are the user's local time. A time repeated by a DST
    # change takes its first occurrence (fold=0); one skipped by it takes the offset before it.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)
