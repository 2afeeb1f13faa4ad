"""Rule findings for a logged message: build the settings, load a bounded history, evaluate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from core.calendar import week_of
from core.model import Profile, SetRecord
from core.rules import Finding, RuleSettings, history_since
from service.services import Services
from service.windows import Window, empty_window
from storage.uow import UnitOfWork

# Findings a reply shows at most (rules.md §2), warnings first.
REPLY_FINDINGS = 2


def rule_settings(profile: Profile, at: datetime) -> RuleSettings:
    """The engine's view of a user for a message at `at` (is its week a deload week?)."""
    return RuleSettings.for_week(profile, week_of(at, profile.timezone, profile.week_start))


async def history_before(
    svc: Services,
    uow: UnitOfWork,
    profile: Profile,
    settings: RuleSettings,
    at: datetime,
    log_id: int | None = None,
) -> tuple[list[SetRecord], int | None]:
    """The rules window before a message at `at`, and the workout of its last set.

    A message's own sets are never its history (`log_id`: an edit or a re-delivery judges
    them as new). New messages read the user's cached window when it is current.
    """
    since = history_since(at, settings)
    until = at + timedelta(microseconds=1)  # sets of the same instant came first
    if log_id is not None:
        sets, workouts = await uow.logbook.window(profile.user_id, since, until, log_id)
        return sets, (workouts[-1] if workouts else None)
    window = svc.windows.get(profile.user_id, profile.sets_revision, since)
    if window is None:
        if profile.logged_sets:
            sets, workouts = await uow.logbook.window(profile.user_id, since)
            window = Window(profile.sets_revision, since, sets, workouts, [s.at for s in sets])
        else:  # a new account (or one that never logged a set) has nothing to read
            window = empty_window(profile.sets_revision)
        svc.windows.put(profile.user_id, window)
    return window.before(until)


def for_reply(findings: Sequence[Finding]) -> list[Finding]:
    """At most two per reply, warnings before infos, each rule once."""
    seen: set[str] = set()
    unique = []
    for f in sorted(findings, key=lambda f: (f.severity != "warn",)):
        if f.rule not in seen:
            seen.add(f.rule)
            unique.append(f)
    return unique[:REPLY_FINDINGS]
