"""/bw's words: one weigh-in reads in the singular, several in the plural."""

from datetime import UTC, date, datetime
from decimal import Decimal

from core.insights.bodyweight import trend
from core.model import BodyweightEntry, Unit, WeighIn
from core.wording.bodyweight import trend_text, weigh_in_line


def _entry(day: int, kg: str) -> BodyweightEntry:
    return BodyweightEntry(
        date(2026, 12, day), Decimal(kg), Unit.KG, datetime(2026, 12, day, 7, tzinfo=UTC)
    )


def test_one_weigh_in_is_the_last_weigh_in() -> None:
    found = trend([_entry(7, "81.5")])
    assert found is not None
    lines = trend_text(found, Unit.KG, date(2026, 12, 7)).splitlines()
    assert "Last weigh-in:" in lines
    assert not any("1 weigh-in" in line for line in lines)


def test_several_weigh_ins_are_counted() -> None:
    found = trend([_entry(5, "82"), _entry(6, "81.8"), _entry(7, "81.5")])
    assert found is not None
    assert "Last 3 weigh-ins:" in trend_text(found, Unit.KG, date(2026, 12, 7)).splitlines()


def _in_lb(day: int, lb: str) -> BodyweightEntry:
    return BodyweightEntry(
        date(2026, 12, day), Decimal(lb), Unit.LB, datetime(2026, 12, day, 7, tzinfo=UTC)
    )


def test_a_weigh_in_that_fits_the_other_unit_is_questioned() -> None:
    # A tester in lb typed `bw 181.5` one day and `bw 81,5` the next (meaning kg): it was kept
    # as 81.5 lb, a 100 lb drop overnight, without a word.
    today = date(2026, 12, 7)
    kg_meant = weigh_in_line(WeighIn(Decimal("81.5"), Unit.LB, None, 1), _in_lb(6, "180"),
                             None, today, today)  # fmt: skip
    assert "⚠️ 81.5 lb is far from your last weigh-in (180 lb): kg?" in kg_meant
    assert "e.g. bw 81.5kg" in kg_meant
    lb_meant = weigh_in_line(WeighIn(Decimal("176"), Unit.KG, None, 1), None, _entry(7, "80"),
                             today, today)  # fmt: skip
    assert "far from your last weigh-in (80 kg): lb?" in lb_meant
    # The correction, with its unit typed, is not questioned back (its last entry, the
    # questioned one of the same day, would look like the other unit's).
    fixed = weigh_in_line(WeighIn(Decimal("81.5"), Unit.KG, None, 1), _in_lb(6, "180"),
                          _in_lb(7, "81.5"), today, today, implied=False)  # fmt: skip
    assert "⚠️" not in fixed and "+" not in fixed.split("since")[0]
    # A real change, or a number no unit explains, gets no question.
    for weight in ("176", "150", "300"):
        line = weigh_in_line(WeighIn(Decimal(weight), Unit.LB, None, 1), _in_lb(6, "180"),
                             None, today, today)  # fmt: skip
        assert "⚠️" not in line, weight
