"""Build weekly summaries and deload reminders for many users: batched loads, pure composition."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from core.calendar import WEEK, local_date, week_bounds
from core.catalogue import Catalogue
from core.custom_exercises import CustomExercise, user_catalogue
from core.deliveries import REMINDER, covered_week
from core.insights import charts
from core.insights.records import PriorBest
from core.insights.summary.build import build_summary, window_since
from core.insights.summary.model import Nudge, WeekSummary
from core.insights.window import WeekWindow
from core.model import Profile, SetRecord
from core.replies import Reply
from core.rules import RuleSettings
from core.wording import summaries as words
from service.charts import ChartPool
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Composed:
    """What a build produced; `reminded` is the reminder week a summary's advice covered."""

    reply: Reply | None  # None: nothing to send (a reminder that does not apply)
    reminded: date | None = None
    chart: WeekSummary | None = None  # the reply's chart, still to draw (compose_async does)


@dataclass(frozen=True, slots=True)
class Request:
    user_id: int
    kind: str
    run_at: datetime | None = None  # the scheduled run; on demand (/week), the time asked
    week: date | None = None  # on demand: the week to report


@dataclass(slots=True)
class Inputs:
    profile: Profile
    window: list[SetRecord]
    prior: list[PriorBest]  # bests of every set before prior_until
    prior_until: datetime | None = None
    own: tuple[CustomExercise, ...] = ()  # the user's own exercises


def week_for(request: Request, profile: Profile) -> date:
    """The week a summary reports, or the week a reminder is about."""
    if request.week is not None:
        return request.week
    assert request.run_at is not None
    return covered_week(request.kind, request.run_at, profile.timezone, profile.week_start)


def _window_week(request: Request, profile: Profile) -> date:
    # A reminder reads the week before the one it is about (§4: its last working set).
    week = week_for(request, profile)
    return week - WEEK if request.kind == REMINDER else week


async def load(uow: UnitOfWork, requests: Sequence[Request]) -> dict[int, Inputs]:
    """Profiles, set windows and prior bests of a batch of users: three indexed queries."""
    history = uow.weekly
    profiles = await history.profiles(sorted({r.user_id for r in requests}))
    spans: list[tuple[datetime, datetime, datetime]] = []
    for r in requests:
        profile = profiles.get(r.user_id)
        if profile is not None:
            week = _window_week(r, profile)
            start, end = week_bounds(week, profile.timezone)
            spans.append((window_since(profile, week), start, end))
    if not spans:
        return {}
    # One window for the batch: a user whose own window starts later just gets more history,
    # which the builders ignore. Prior bests reach the earliest week start of the batch, so a
    # summary only re-reads the hours between that and its own week start for its PRs.
    since, until = min(a for a, _, _ in spans), max(c for _, _, c in spans)
    bests_until = min(b for _, b, _ in spans)
    ids = sorted(profiles)
    sets = await history.sets(ids, since, until)
    prior = await history.prior_bests(ids, bests_until)
    makers = [u for u in ids if profiles[u].exercises_revision is not None]
    own = await uow.exercises.of_users(makers)
    return {
        u: Inputs(profiles[u], sets[u], prior[u], bests_until, tuple(own.get(u, ()))) for u in ids
    }


def compose(
    request: Request, inputs: Inputs, catalogue: Catalogue, *, chart: bool = True
) -> Composed:
    """The message for one request, its chart (with `chart`) still to draw. Pure and
    CPU-bound: run it with asyncio.to_thread."""
    profile = inputs.profile
    catalogue = user_catalogue(catalogue, inputs.own)
    week = week_for(request, profile)
    every = profile.deload_every_weeks
    if request.kind == REMINDER:
        settings = RuleSettings.for_week(profile, week - WEEK)
        signal = WeekWindow(inputs.window, settings).deload_signal(week)
        if signal is None:
            return Composed(None)
        text = words.reminder(signal, catalogue, every, _reached(request, week, profile))
        return Composed(Reply(text))
    summary = build_summary(
        profile, catalogue, week, inputs.window, inputs.prior, inputs.prior_until
    )
    if isinstance(summary, Nudge):
        return Composed(Reply(words.nudge(week)))
    later = _reached(request, week + WEEK, profile)
    text = words.summary_text(summary, catalogue, every, read_later=later)
    caption = words.chart_caption(week) if chart else None
    reminded = week + WEEK if summary.advice.signal is not None else None
    return Composed(Reply(text, caption=caption), reminded, summary if chart else None)


def _reached(request: Request, week: date, profile: Profile) -> bool:
    """Whether `week` has begun at the request's time (then it is "this week", not "next")."""
    at = request.run_at
    return at is not None and local_date(at, profile.timezone) >= week


async def compose_async(
    request: Request,
    inputs: Inputs,
    catalogue: Catalogue,
    pool: ChartPool,
    *,
    chart: bool = True,
) -> Composed:
    """The message with its chart drawn. Off the event loop (rules evaluation in a thread,
    the chart in `pool`'s processes): a fan-out must not delay chat replies."""
    composed = await asyncio.to_thread(compose, request, inputs, catalogue, chart=chart)
    if composed.chart is None or composed.reply is None:
        return composed
    image = await pool.draw(charts.week_png, composed.chart)
    return replace(composed, reply=replace(composed.reply, image=image), chart=None)
