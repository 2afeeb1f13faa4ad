"""/bw's words: one weigh-in reads in the singular, several in the plural."""

from datetime import UTC, date, datetime
from decimal import Decimal

from core.insights.bodyweight import trend
from core.model import BodyweightEntry, Unit
from core.wording.bodyweight import trend_text


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
