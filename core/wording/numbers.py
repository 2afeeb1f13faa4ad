"""How numbers, days, masses and counts read in every reply (one place, so they agree)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.model import Unit
from core.units import KG_PER_LB_FLOAT, format_weight, from_kg, to_kg

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day(d: date, today: date | None = None) -> str:
    """`Mon 2 Mar`; with `today`, a day in another year gets its year (`Mon 3 Mar 2025`)."""
    text = f"{WEEKDAYS[d.weekday()]} {d.day} {d:%b}"
    return text if today is None or d.year == today.year else f"{text} {d.year}"


def num(x: float) -> str:
    """At most one decimal, none when whole: `102.5`, `100`."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def whole(x: float) -> str:
    """Rounded, thousands apart: `12 340`."""
    return f"{round(x):,}".replace(",", " ")


def in_unit(kg: float, unit: Unit) -> float:
    return kg if unit is Unit.KG else kg / KG_PER_LB_FLOAT


def mass(kg: float, unit: Unit) -> str:
    """A computed mass (e1RM) in the user's unit: `102.5 kg`."""
    return f"{num(in_unit(kg, unit))} {unit.value}"


def load(weight: Decimal, typed: Unit, *, bodyweight: bool = False) -> str:
    """A load as the lifter typed it, never converted: `225 lb`, `BW+20 kg`, `bodyweight`."""
    shown = f"{format_weight(weight)} {typed.value}"
    if not bodyweight:
        return shown
    return "bodyweight" if weight == 0 else f"BW{'+' if weight > 0 else ''}{shown}"


def about(kg: Decimal, unit: Unit) -> str:
    """A converted load, rounded as a lifter would say it: whole units from 10 up, else to
    the half (`102 kg`, `4.5 kg`, `220 lb`)."""
    value = float(from_kg(kg, unit))
    rounded = round(value) if abs(value) >= 10 else round(value * 2) / 2
    return f"{num(rounded)} {unit.value}"


def converted(weight: Decimal, typed: Unit, unit: Unit) -> str:
    """` (102 kg)` after a load typed in the other unit than the user's, else nothing."""
    if typed is unit or weight == 0:
        return ""
    return f" ({about(to_kg(weight, typed), unit)})"


def signed(x: float) -> str:
    return "=" if x == 0 else f"{'+' if x > 0 else '−'}{num(abs(x))}"


def pct(f: int, n: int) -> str:
    return f"{round(100 * f / n)} %" if n else "0 %"


def count(n: float, one: str, many: str | None = None, *, zero: str | None = None) -> str:
    """Every counted noun in every reply: `1 set`, `2 sets`, `0 sets`, `12 340 sets`, `1.5 reps`;
    `many` for irregular plurals (`1 set is`, `2 sets are`), `zero` to say none in words
    (`no sets yet`)."""
    if n == 0 and zero is not None:
        return zero
    shown = whole(n) if n == int(n) else num(n)  # half reps (RIR in 0.5 steps): `1.5 reps`
    return f"{shown} {one if n == 1 else (many or one + 's')}"


def muscle(name: str) -> str:
    return name.replace("_", " ").capitalize()


def duration(seconds: float) -> str:
    """`45 s`, `2:30 min`."""
    s = round(seconds)
    return f"{s} s" if s < 60 else f"{s // 60}:{s % 60:02d} min"
