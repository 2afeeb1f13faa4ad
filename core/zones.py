"""Time-zone input: what a user types (a city, any-case IANA name) resolved to an IANA zone."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from core.wording import schedule as wording

# The zones offered as buttons when the bot asks for one.
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)


@dataclass(frozen=True, slots=True)
class TimezoneError:
    """Why a typed zone was not understood, with up to 3 zone names to offer as buttons."""

    message: str
    suggestions: tuple[str, ...] = ()


# Areas whose last name part is a place; US/, Canada/, Etc/ and the like name regions or offsets.
_GEOGRAPHIC = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)
# Machine-local or placeholder entries that available_timezones() may list.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
# Same city in two areas at the same depth: the tz database's own zone wins over the alias.
_CITY_TIES = {"istanbul": "Europe/Istanbul", "nicosia": "Asia/Nicosia"}
# North American clock names people type for their zone. The database's EST, MST and HST are
# fixed offsets (no daylight saving): someone in New York who types EST means New York's
# clock, which is EDT half the year, and a fixed -5 would move their summaries by an hour.
_CLOCK_NAMES = {
    **dict.fromkeys(("est", "edt"), "America/New_York"),
    **dict.fromkeys(("cst", "cdt"), "America/Chicago"),
    **dict.fromkeys(("mst", "mdt"), "America/Denver"),
    **dict.fromkeys(("pst", "pdt"), "America/Los_Angeles"),
    **dict.fromkeys(("akst", "akdt"), "America/Anchorage"),
    "hst": "Pacific/Honolulu",
}
_OFFSET = re.compile(r"(?:utc|gmt)?\s*[+\-−]\s*\d{1,2}(?:[:.]?\d{2})?|(?:utc|gmt)\s*\d{1,2}")
_KEY_MAX = 64


def _key(text: str) -> str:
    """Case, accents, spaces, `-`/`_` and punctuation folded: `São Paulo` -> `sao_paulo`."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = re.sub(r"['.’]", "", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"[\s_-]+", "_", text)


@dataclass(frozen=True, slots=True)
class _ZoneIndex:
    names: dict[str, str]
    cities: dict[str, str]


@cache
def _zone_index() -> _ZoneIndex:
    names: dict[str, str] = {}
    cities: dict[str, list[str]] = {}
    for name in sorted(available_timezones() - _NOT_ZONES):
        names[_key(name)] = name
        area, _, place = name.rpartition("/")
        if area.split("/")[0] in _GEOGRAPHIC:
            cities.setdefault(_key(place), []).append(name)
    # Deeper names are the current ones (America/Argentina/Buenos_Aires over America/Buenos_Aires).
    best = {
        city: _CITY_TIES.get(city, max(found, key=lambda n: n.count("/")))
        for city, found in cities.items()
    }
    return _ZoneIndex(names, best)


def _suggest(key: str, index: _ZoneIndex) -> tuple[str, ...]:
    scored: list[tuple[float, str]] = []
    for probe, table in ((key, index.names), (key.rpartition("/")[2], index.cities)):
        for match in difflib.get_close_matches(probe, table, n=3, cutoff=0.7):
            ratio = difflib.SequenceMatcher(None, probe, match).ratio()
            scored.append((ratio, table[match]))
    suggestions: list[str] = []
    for _, name in sorted(scored, key=lambda item: -item[0]):
        if name not in suggestions:
            suggestions.append(name)
    return tuple(suggestions[:3])


def resolve_timezone(text: str) -> str | TimezoneError:
    """An IANA zone name from what a user typed: any case, or a city of the zone database.

    `europe/berlin`, `Berlin`, `new york`, `New_York`, `sao paulo`, `UTC` all resolve, and `EST`
    to New York's clock (daylight saving included). A typo gets up to 3 suggestions; a bare
    offset (`UTC+3`) is refused because it ignores DST.
    """
    key = _key(text)
    if not key:
        return TimezoneError(wording.zone_empty())
    clock = _CLOCK_NAMES.get(key)
    if clock is not None:
        return clock
    index = _zone_index()
    # A bare word is a city first: `singapore` is Asia/Singapore, not the legacy alias.
    found = index.names.get(key) if "/" in key else index.cities.get(key, index.names.get(key))
    if found is not None:
        return found
    if _OFFSET.fullmatch(text.strip().lower()):
        return TimezoneError(wording.zone_offset(text.strip()))
    suggestions = _suggest(key, index) if len(key) <= _KEY_MAX else ()
    return TimezoneError(wording.zone_unknown(text.strip(), suggestions), suggestions)
