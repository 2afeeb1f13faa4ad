"""/stats, /volume and /failure: weeks counted by storage, composed in the core, charts drawn
off the event loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.calendar import WEEK, local_date, week_bounds, week_of
from core.catalogue import Catalogue
from core.insights import charts
from core.insights.records import ALL_KINDS, RecordBook
from core.insights.stats.weeks import (
    FAILURE_WEEKS,
    WeekStats,
    failure_view,
    glance,
    sessions_between,
    volume,
    week_stats,
)
from core.insights.tally import ExerciseTally, merged, tally_periods
from core.model import Profile
from core.replies import Reply
from core.rules import RuleSettings
from core.training.sets import sort_canonical
from core.training.workouts import WORKOUT_GAP
from core.wording import stats as words
from service import users
from service.exercises import catalogue_for
from service.services import Services
from storage.uow import UnitOfWork


async def _weeks(
    uow: UnitOfWork,
    profile: Profile,
    weeks: Sequence[date],
    *,
    sessions: bool,
) -> tuple[list[dict[str, ExerciseTally]], list[int | None]]:
    """Tallies of consecutive weeks (oldest first) and, when asked, their session counts."""
    zone = profile.timezone
    bounds = [week_bounds(w, zone)[0] for w in weeks] + [week_bounds(weeks[-1], zone)[1]]
    groups, chains = await uow.stats.groups(profile.user_id, bounds)
    tallies = tally_periods(bounds, groups, chains)
    counts: list[int | None] = [None] * len(weeks)
    if sessions:
        times = await uow.stats.times(profile.user_id, bounds[0] - WORKOUT_GAP, bounds[-1])
        counts = [sessions_between(times, bounds[k], bounds[k + 1]) for k in range(len(weeks))]
    return [tallies.period(k) for k in range(len(weeks))], counts


def _stats(
    catalogue: Catalogue,
    profile: Profile,
    weeks: Sequence[date],
    tallies: Sequence[dict[str, ExerciseTally]],
    sessions: Sequence[int | None],
) -> list[WeekStats]:
    deloads = set(profile.deload_weeks)
    return [
        week_stats(w, t, s, w in deloads, catalogue)
        for w, t, s in zip(weeks, tallies, sessions, strict=True)
    ]


def _settings(profile: Profile, week: date) -> RuleSettings:
    return RuleSettings.for_week(profile, week)


async def stats_command(svc: Services, user_id: int, _args: str = "") -> Reply:
    """This week so far against the whole of last week, with this week's PRs."""
    now = svc.clock()
    async with svc.uow() as uow:
        profile = await users.contact(uow, user_id, now)
        catalogue = await catalogue_for(svc, uow, profile)
        this = week_of(now, profile.timezone, profile.week_start)
        weeks = [this - WEEK, this]
        start = week_bounds(this, profile.timezone)[0]
        tallies, sessions = await _weeks(uow, profile, weeks, sessions=True)
        trained = sorted(ex for ex, t in tallies[1].items() if t.working_sets)
        prs = []
        if trained:
            # PRs of the week: its distinct working sets against every set before it.
            shapes = await uow.stats.shapes(profile.user_id, since=start, exercises=trained)
            prior = await uow.stats.bests(profile.user_id, before=start, exercises=trained)
            book = RecordBook(prior, kinds=ALL_KINDS)
            ordered = sort_canonical(s.first for s in shapes)
            for i in range(len(ordered)):
                prs.extend(book.feed(ordered, i))
        await uow.commit()
    last_week, this_week = _stats(catalogue, profile, weeks, tallies, sessions)
    if not last_week.working_sets and not this_week.working_sets:
        return Reply(words.NOTHING_RECENT)
    view = glance(this_week, last_week, local_date(now, profile.timezone), prs)
    min_sets = _settings(profile, this).int_threshold("min_failure_sets_week")
    return Reply(words.glance_text(view, profile.unit, min_sets, catalogue))


@dataclass(frozen=True, slots=True)
class _Recent:
    profile: Profile
    catalogue: Catalogue  # the user's: the shipped one plus their own exercises
    now: datetime
    week: date  # the current week
    stats: list[WeekStats]  # oldest first, the current week last
    tallies: list[dict[str, ExerciseTally]]


async def _recent_weeks(svc: Services, user_id: int, count: int) -> _Recent:
    """The last `count` weeks, the current one included, counted in one transaction."""
    now = svc.clock()
    async with svc.uow() as uow:
        profile = await users.contact(uow, user_id, now)
        catalogue = await catalogue_for(svc, uow, profile)
        this = week_of(now, profile.timezone, profile.week_start)
        weeks = [this - WEEK * k for k in range(count - 1, -1, -1)]
        tallies, sessions = await _weeks(uow, profile, weeks, sessions=False)
        await uow.commit()
    stats = _stats(catalogue, profile, weeks, tallies, sessions)
    return _Recent(profile, catalogue, now, this, stats, tallies)


async def volume_command(svc: Services, user_id: int, _args: str = "") -> Reply:
    """Sets per muscle group this week against last week, as text and a chart."""
    recent = await _recent_weeks(svc, user_id, 2)
    last_week, this_week = recent.stats
    if not last_week.working_sets and not this_week.working_sets:
        return Reply(words.NO_VOLUME)
    view = volume(this_week, last_week)
    text = words.volume_text(view, local_date(recent.now, recent.profile.timezone))
    if not view.rows:
        return Reply(text)
    caption = words.volume_caption(view)
    image = await svc.charts.draw(charts.volume_png, view, caption)
    return Reply(text, image=image, caption=caption)


async def failure_command(svc: Services, user_id: int, _args: str = "") -> Reply:
    """Failure sets and share per week over the last 8 weeks, as text and a chart."""
    recent = await _recent_weeks(svc, user_id, FAILURE_WEEKS)
    if not any(w.working_sets for w in recent.stats):
        return Reply(words.NO_FAILURE_WEEKS)
    settings = _settings(recent.profile, recent.week)
    view = failure_view(
        recent.stats,
        settings.share_limit(),
        settings.int_threshold("min_failure_sets_week"),
        merged(recent.tallies),
        recent.catalogue,
    )
    text = words.failure_text(view, recent.catalogue)
    caption = words.failure_caption(view)
    image = await svc.charts.draw(charts.failure_png, view, caption)
    return Reply(text, image=image, caption=caption)
