"""What weigh-ins say: the ⚖️ line answering `bw 81.5`, /bw's trend, its chart's words, the
hint when there is none yet, and the undo of one."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.insights.bodyweight import AVERAGE_DAYS, Change, Trend
from core.model import BodyweightEntry, Unit, WeighIn
from core.units import format_weight, from_kg, to_kg
from core.wording import numbers as n

EXAMPLE = "bw 81.5"
_TENTH = Decimal("0.1")
# How far from the last weigh-in a new one may be before the other unit is suspected, and how
# close the other unit must bring it.
_FIFTH_BELOW, _FIFTH_ABOVE = Decimal("0.8"), Decimal("1.25")
_TENTH_BELOW, _TENTH_ABOVE = Decimal("0.9"), Decimal("1.1")

EMPTY = (
    "No weigh-ins yet. Type your bodyweight any time, like bw 81.5 (or bodyweight 180 lb): "
    "I keep one per day (the last of the day counts) and /bw shows how it moves."
)
CHART_TITLE = "Bodyweight"
CHART_DAILY = "weigh-ins"
CHART_AVERAGE = f"{AVERAGE_DAYS}-day average"


def typed(weight: Decimal, unit: Unit) -> str:
    """As typed: `81.5 kg`, `180 lb`."""
    return f"{format_weight(weight)} {unit.value}"


def _entry(entry: BodyweightEntry) -> str:
    return typed(entry.weight, entry.unit)


def _delta(amount: Decimal, unit: Unit) -> str:
    """`−0.7 kg`, `+1.2 lb`, `±0 kg`, to a tenth."""
    tenth = amount.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if tenth == 0:
        return f"±0 {unit.value}"
    sign = "+" if tenth > 0 else "−"
    return f"{sign}{format_weight(abs(tenth))} {unit.value}"


def _in_unit(entry: BodyweightEntry, unit: Unit) -> Decimal:
    return entry.weight if entry.unit is unit else from_kg(to_kg(entry.weight, entry.unit), unit)


def weigh_in_line(
    weigh_in: WeighIn,
    previous: BodyweightEntry | None,
    replaced: BodyweightEntry | None,
    today: date,
    day: date,
    *,
    implied: bool = True,
) -> str:
    """`⚖️ 81.5 kg — −0.7 kg since Mon 30 Nov`: the weight as typed and the change since the
    last earlier day with a weigh-in, in the unit typed; `replaced`: that day's earlier one.
    `implied`: the unit may be the user's default rather than typed (`bw 81.5kg` never is
    questioned: that is how a questioned one is corrected)."""
    head = f"⚖️ {typed(weigh_in.weight, weigh_in.unit)}"
    if weigh_in.note:
        head += f" ({weigh_in.note})"
    if previous is not None:
        change = weigh_in.weight - _in_unit(previous, weigh_in.unit)
        text = f"{head} — {_delta(change, weigh_in.unit)} since {n.day(previous.day, today)}"
    elif replaced is None:
        text = f"{head} — your first weigh-in. Weigh in any day; /bw shows the trend."
    else:
        text = head
    if replaced is not None:
        when = "today" if day == today else f"on {n.day(day, today)}"
        text += f"\n(replaces the {_entry(replaced)} you weighed earlier {when}: one per day)"
    last = previous or replaced
    if implied and last is not None and _other_unit_meant(weigh_in, last):
        other = weigh_in.unit.other
        text += (
            f"\n⚠️ {typed(weigh_in.weight, weigh_in.unit)} is far from your last weigh-in "
            f"({_entry(last)}): {other.value}? ↩ Undo takes it back; then send it again with "
            f"the unit, e.g. bw {format_weight(weigh_in.weight)}{other.value}."
        )
    return text


def _other_unit_meant(weigh_in: WeighIn, last: BodyweightEntry) -> bool:
    """A weigh-in a fifth or more away from the last one that the other unit would put
    within a tenth of it (`bw 81.5` after `bw 180` in lb): the unit, not the scale."""
    last_kg = to_kg(last.weight, last.unit)
    if last_kg <= 0:
        return False
    as_typed = to_kg(weigh_in.weight, weigh_in.unit) / last_kg
    as_other = to_kg(weigh_in.weight, weigh_in.unit.other) / last_kg
    return not _FIFTH_BELOW <= as_typed <= _FIFTH_ABOVE and _TENTH_BELOW <= as_other <= _TENTH_ABOVE


def _change(c: Change, unit: Unit) -> str:
    return f"{_delta(Decimal(str(n.in_unit(c.kg, unit))), unit)} over {n.count(c.days, 'day')}"


def trend_text(t: Trend, unit: Unit, today: date) -> str:
    """/bw: the latest weigh-in, its changes, the week's average and the last weigh-ins."""
    latest = t.latest
    lines = [f"⚖️ Bodyweight: {_entry(latest)} on {n.day(latest.day, today)}"]
    if t.changes:
        lines.append("Change: " + " · ".join(_change(c, unit) for c in t.changes))
    elif t.first is not None:
        lines.append(f"Change: {_change(t.first, unit)} (since your first weigh-in)")
    if t.average_kg is not None:
        lines.append(f"{AVERAGE_DAYS}-day average: {n.mass(t.average_kg, unit)}")
    shown = (
        "Last weigh-in:" if len(t.recent) == 1 else f"Last {n.count(len(t.recent), 'weigh-in')}:"
    )
    lines += ["", shown]
    for entry in t.recent:
        note = f" · {entry.note}" if entry.note else ""
        lines.append(f"{n.day(entry.day, today)}: {_entry(entry)}{note}")
    lines += ["", f"Weigh in any day: {EXAMPLE} (the last one of a day counts)."]
    return "\n".join(lines)


def chart_axis(unit: Unit) -> str:
    return f"bodyweight ({unit.value})"


def undone(weigh_in: WeighIn, *, removed: bool = True) -> str:
    """The weigh-in an undo removed (or, `removed=False`, would remove)."""
    shown = f"the weigh-in {typed(weigh_in.weight, weigh_in.unit)}"
    return f"↩️ Removed {shown}" if removed else shown
