"""Rule findings for a logged message: build the settings, load a bounded history, evaluate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from core.model import Profile, SetEntry, SetRecord
from core.rules import Finding, RuleSettings, history_since
from core.training import week_of
from storage.convert import sequence
from storage.uow import UnitOfWork

# Findings a reply shows at most (rules.md §2), warnings first.
REPLY_FINDINGS = 2


def rule_settings(profile: Profile, at: datetime) -> RuleSettings:
    """The engine's view of a user at the time of a set: is that week a deload week?"""
    base = RuleSettings(timezone=profile.timezone, week_start=profile.week_start)
    current = week_of(at, base.zone, profile.week_start)
    return RuleSettings(
        timezone=profile.timezone,
        unit=profile.unit,
        deload_week=current in profile.deload_weeks,
        week_start=profile.week_start,
        deload_every_weeks=profile.deload_every_weeks,
        past_deload_weeks=tuple(w for w in profile.deload_weeks if w < current),
        rules_off=profile.rules_off,
        thresholds=profile.thresholds,
    )


def as_records(
    entries: Sequence[SetEntry], at: datetime, log_id: int | None = None
) -> list[SetRecord]:
    first = sequence(log_id, 0) if log_id is not None else 0
    return [
        SetRecord(
            at=at,
            exercise=e.exercise,
            weight=e.weight,
            unit=e.unit,
            reps=e.reps,
            failure=e.failure,
            rpe=e.rpe,
            rir=e.rir,
            warmup=e.warmup,
            bodyweight=e.bodyweight,
            seconds=e.seconds,
            drop=e.drop,
            note=e.note,
            seq=first + position,
        )
        for position, e in enumerate(entries)
    ]


async def history_before(
    uow: UnitOfWork, profile: Profile, settings: RuleSettings, at: datetime, log_id: int | None
) -> tuple[list[SetRecord], int | None]:
    """The bounded window the rules need, up to the message's instant, its own sets excluded
    (an edit or a re-delivery judges the message's sets as new, never as their own history);
    with the workout id of its last set."""
    return await uow.logbook.window(
        profile.user_id,
        history_since(at, settings),
        at + timedelta(microseconds=1),
        exclude_log_id=log_id,
    )


def for_reply(findings: Sequence[Finding]) -> list[Finding]:
    """At most two per reply, warnings before infos, each rule once."""
    seen: set[str] = set()
    unique = []
    for f in sorted(findings, key=lambda f: (f.severity != "warn",)):
        if f.rule not in seen:
            seen.add(f.rule)
            unique.append(f)
    return unique[:REPLY_FINDINGS]
