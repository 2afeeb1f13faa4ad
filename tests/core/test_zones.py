"""Time-zone input: cities and any-case IANA names resolve, typos get suggestions."""

from __future__ import annotations

from datetime import time
from zoneinfo import available_timezones

import pytest

from core.schedule import WeeklySlot
from core.zones import COMMON_ZONES, TimezoneError, resolve_timezone

SUN = 6
ZONES = sorted(available_timezones() - {"localtime", "posixrules", "Factory"})


# --- Typed zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("Europe/Berlin", "Europe/Berlin"),
        (" EUROPE / BERLIN ", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("new-york", "America/New_York"),
        ("sao paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("port au prince", "America/Port-au-Prince"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("Indianapolis", "America/Indiana/Indianapolis"),
        ("istanbul", "Europe/Istanbul"),
        ("singapore", "Asia/Singapore"),
        ("pago pago", "Pacific/Pago_Pago"),
        ("Etc/GMT-3", "Etc/GMT-3"),
        ("US/Eastern", "US/Eastern"),
    ],
)
def test_resolve_timezone(text: str, zone: str) -> None:
    assert resolve_timezone(text) == zone


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Berln", "Europe/Berlin"),
        ("new yrok", "America/New_York"),
        ("Sidney", "Australia/Sydney"),
        ("moskow", "Europe/Moscow"),
        ("Europe/Berlinn", "Europe/Berlin"),
        ("Germany/Berlin", "Europe/Berlin"),
    ],
)
def test_typo_gets_close_suggestions(text: str, first: str) -> None:
    error = resolve_timezone(text)
    assert isinstance(error, TimezoneError)
    assert 1 <= len(error.suggestions) <= 3
    assert error.suggestions[0] == first
    assert first in error.message
    assert all(name in available_timezones() for name in error.suggestions)


@pytest.mark.parametrize("text", ["", "   ", "qqqq", "x" * 5000])
def test_unknown_zone_without_suggestions(text: str) -> None:
    error = resolve_timezone(text)
    assert isinstance(error, TimezoneError)
    assert error.suggestions == ()
    assert "Europe/Berlin" in error.message
    assert len(error.message) < 250


@pytest.mark.parametrize(
    ("text", "zone"),
    [("EST", "America/New_York"), ("pdt", "America/Los_Angeles"), ("CST", "America/Chicago")],
)
def test_north_american_clock_names_follow_daylight_saving(text: str, zone: str) -> None:
    """A tester in New York typed EST and got the database's fixed UTC-5, while GMT+3 is
    refused for ignoring daylight saving."""
    assert resolve_timezone(text) == zone


@pytest.mark.parametrize("text", ["UTC+3", "gmt-5", "+05:30", "UTC −4"])
def test_bare_offsets_are_refused_because_they_ignore_dst(text: str) -> None:
    error = resolve_timezone(text)
    assert isinstance(error, TimezoneError)
    assert "daylight saving" in error.message


def test_common_zones_are_valid_and_resolve_to_themselves() -> None:
    assert 10 <= len(COMMON_ZONES) <= 14
    assert len(set(COMMON_ZONES)) == len(COMMON_ZONES)
    for zone in COMMON_ZONES:
        assert resolve_timezone(zone) == zone
        WeeklySlot(SUN, time(18), zone)


def test_zone_index_is_built_once() -> None:
    from core.zones import _zone_index

    assert _zone_index() is _zone_index()


def test_every_database_zone_resolves_to_an_equivalent_zone() -> None:
    for zone in ZONES:
        found = resolve_timezone(zone)
        assert isinstance(found, str)
        assert found == zone or "/" not in zone  # bare legacy names may prefer the city zone
