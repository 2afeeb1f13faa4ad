"""Rule settings and the threshold table of rules.md §1 as data, validated, never clamped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.calendar import WEEK_STARTS, first_weekday
from core.model import Profile, Unit
from core.rules.registry import RULE_IDS
from core.wording import thresholds as words


class ThresholdError(ValueError):
    """An unknown threshold key or a value outside its range (the message says which)."""


class SettingsError(ValueError):
    """A rule setting that cannot be used (time zone, week start, deload cycle, rule id)."""


@dataclass(frozen=True, slots=True)
class Threshold:
    key: str
    default: float
    low: float
    high: float
    integer: bool
    user_settable: bool
    evidence: str


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "max_failure_sets_per_workout", 2, 1, 10, True, True,
        'product default from the source articles ("1-2 per workout")',
    ),
    Threshold("heavy_max_reps", 5, 1, 8, True, True, "1-5 rep range of the source articles"),
    Threshold(
        "heavy_pct_e1rm", 0.85, 0.70, 0.95, False, True, "about 5-6RM by Brzycki; product default"
    ),
    Threshold("max_failure_share", 0.30, 0.10, 0.90, False, True, "product default"),
    Threshold(
        "min_failure_sets_week", 6, 1, 50, True, True, "product default (no alarms on tiny weeks)"
    ),
    Threshold("share_streak_weeks", 3, 2, 8, True, True, "product default"),
    Threshold("deload_suggest_min_exercises", 2, 1, 5, True, True, "product default"),
)  # fmt: skip
THRESHOLD_BY_KEY: Mapping[str, Threshold] = {t.key: t for t in THRESHOLDS}
DEFAULT_DELOAD_EVERY_WEEKS = 6
DELOAD_EVERY_RANGE = (3, 12)  # or 0 = only fatigue-triggered deloads


def validate_threshold(key: str, value: object) -> float:
    """The value as a float if `key` is a known threshold and `value` is in its range.

    Raises ThresholdError with a message a user can act on; never clamps.
    """
    spec = THRESHOLD_BY_KEY.get(key)
    if spec is None:
        raise ThresholdError(words.unknown(key, (t.key for t in THRESHOLDS)))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThresholdError(words.not_a_number(key, value))
    number = float(value)
    if number != number:  # NaN
        raise ThresholdError(words.not_a_number(key, value))
    if spec.integer and not number.is_integer():
        raise ThresholdError(words.not_whole(key, value))
    if not spec.low <= number <= spec.high:
        raise ThresholdError(words.out_of_range(key, spec.low, spec.high, number))
    return number


def validate_deload_every_weeks(value: object) -> int:
    """0 (planned deloads off) or a whole number of weeks in 3..12."""
    low, high = DELOAD_EVERY_RANGE
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (value == 0 or low <= value <= high)
    ):
        raise SettingsError(
            f"deload_every_weeks must be 0 (off) or a whole number from {low} to {high}, "
            f"got {value!r}."
        )
    return value


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Everything the engine needs besides the sets. Thresholds hold only user overrides."""

    timezone: str = "UTC"
    unit: Unit = Unit.KG
    deload_week: bool = False
    week_start: str = "monday"
    deload_every_weeks: int = DEFAULT_DELOAD_EVERY_WEEKS
    past_deload_weeks: tuple[date, ...] = ()
    rules_off: frozenset[str] = field(default_factory=frozenset)
    thresholds: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise SettingsError(f"Unknown time zone {self.timezone!r}.") from exc
        if self.week_start not in WEEK_STARTS:
            raise SettingsError(f"week_start must be monday or sunday, got {self.week_start!r}.")
        validate_deload_every_weeks(self.deload_every_weeks)
        first_day = first_weekday(self.week_start)
        for d in self.past_deload_weeks:
            if d.weekday() != first_day:
                raise SettingsError(
                    f"Deload week {d.isoformat()} is not a {self.week_start}: weeks are named "
                    "by their first day."
                )
        unknown = sorted(set(self.rules_off) - RULE_IDS)
        if unknown:
            raise SettingsError(f"Unknown rule id(s): {', '.join(unknown)}.")
        seen: set[str] = set()
        for key, value in self.thresholds:
            validate_threshold(key, value)
            if key in seen:
                raise ThresholdError(words.given_twice(key))
            seen.add(key)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # ZoneInfo caches instances per key

    def threshold(self, key: str) -> float:
        """The user's value, else the default (KeyError for unknown keys)."""
        for k, v in self.thresholds:
            if k == key:
                return v
        return THRESHOLD_BY_KEY[key].default

    def int_threshold(self, key: str) -> int:
        return int(self.threshold(key))

    def share_limit(self) -> Fraction:
        """max_failure_share as an exact rational (0.30 is 3/10, not a binary float)."""
        return Fraction(str(self.threshold("max_failure_share")))

    @classmethod
    def build(
        cls,
        *,
        timezone: str = "UTC",
        unit: Unit | str = Unit.KG,
        deload_week: bool = False,
        week_start: str = "monday",
        deload_every_weeks: int = DEFAULT_DELOAD_EVERY_WEEKS,
        past_deload_weeks: Iterable[date] = (),
        rules_off: Iterable[str] = (),
        thresholds: Mapping[str, float] | Iterable[tuple[str, float]] = (),
    ) -> RuleSettings:
        """Convenience constructor from plain values (sorted, validated)."""
        items = thresholds.items() if isinstance(thresholds, Mapping) else thresholds
        return cls(
            timezone=timezone,
            unit=Unit(unit),
            deload_week=deload_week,
            week_start=week_start,
            deload_every_weeks=deload_every_weeks,
            past_deload_weeks=tuple(sorted(set(past_deload_weeks))),
            rules_off=frozenset(rules_off),
            thresholds=tuple(sorted((k, validate_threshold(k, v)) for k, v in items)),
        )

    @classmethod
    def for_week(cls, profile: Profile, week: date) -> RuleSettings:
        """A stored profile's settings for sets (or a summary) in the local week `week`."""
        return cls.from_profile(
            profile,
            deload_week=week in profile.deload_weeks,
            past_deload_weeks=profile.deload_weeks,
        )

    @classmethod
    def from_profile(
        cls, profile: Profile, *, deload_week: bool, past_deload_weeks: Iterable[date] = ()
    ) -> RuleSettings:
        """The settings of a stored profile plus the deload weeks storage knows."""
        return cls.build(
            timezone=profile.timezone,
            unit=profile.unit,
            deload_week=deload_week,
            week_start=profile.week_start,
            deload_every_weeks=profile.deload_every_weeks,
            past_deload_weeks=past_deload_weeks,
            rules_off=profile.rules_off,
            thresholds=profile.thresholds,
        )
