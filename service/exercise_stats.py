"""/history, /prs and /chart: one exercise, named the way the parser reads names (aliases,
languages, typos), or every exercise for /prs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from core.calendar import WEEK, local_date, week_bounds, week_of
from core.catalogue import Catalogue
from core.insights import charts
from core.insights.bodyweight import BodyweightLog
from core.insights.stats.exercise import (
    HISTORY_SESSIONS,
    Session,
    exercise_records,
    latest_sessions,
    overview,
    per_week,
)
from core.insights.stats.progress import progress
from core.logbook import message_of
from core.model import Profile, SetRecord
from core.names import key, name_index
from core.notation.context import ExerciseKind
from core.replies import Button, Reply
from core.training.workouts import WORKOUT_GAP
from core.wording import answers as answer_words
from core.wording import history as words
from core.wording import records as record_words
from core.wording.stats import NOTHING_YET
from service import users
from service.exercises import catalogue_for
from service.services import Services
from storage.uow import UnitOfWork

HISTORY_WEEKS = 4  # the per-week lines of /history
OLDER_SETS = 400  # read back this far when the last weeks hold too few sessions
CHART_WEEKS = 52
STREAK_WEEKS = 26  # the PR streak looks this far back at most
BUTTONS = 6

ExerciseCommand = Callable[[Services, int, str], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class _Named:
    """Who asked, the catalogue their names are read with (the shipped one plus their own
    exercises), and the exercise the text named, or the reply saying it named none."""

    profile: Profile
    catalogue: Catalogue
    exercise: str | Reply


async def _named(svc: Services, uow: UnitOfWork, user_id: int, text: str, command: str) -> _Named:
    """The exercise `text` names, read like the parser reads it for this user: catalogue
    names and aliases in any language, plurals, typos, and the user's own exercises (typos
    too; never another user's); else a reply with suggestions as buttons."""
    profile = await users.contact(uow, user_id, svc.clock())
    catalogue = await catalogue_for(svc, uow, profile)
    typed = text.strip()
    index = name_index(catalogue)
    found = index.resolve(typed).exercise if typed else None
    if found is not None:
        return _Named(profile, catalogue, found)
    logged = await uow.stats.exercise_counts(profile.user_id)
    if not typed:
        if not logged:
            reply = Reply(words.which_exercise_new(command))
        else:
            buttons = _buttons(catalogue, command, logged)
            reply = Reply(words.which_exercise(command), buttons=buttons)
        return _Named(profile, catalogue, reply)
    # An id of the user's sets the catalogue no longer has (an exercise since removed).
    wanted = key(typed)
    for exercise, _ in logged:
        if exercise not in catalogue and key(exercise.replace("_", " ")) == wanted:
            return _Named(profile, catalogue, exercise)
    suggested = index.suggest(typed)
    names = [catalogue.name_of(x) for x in suggested]
    buttons = tuple(
        (Button(name, f"st:{command}:{x}"),) for name, x in zip(names, suggested, strict=True)
    )
    reply = Reply(words.unknown_exercise(typed, names, command), buttons=buttons)
    return _Named(profile, catalogue, reply)


def _buttons(
    catalogue: Catalogue, command: str, logged: list[tuple[str, int]]
) -> tuple[tuple[Button, ...], ...]:
    """The exercises trained most, two to a row."""
    chosen = [
        Button(catalogue.name_of(ex), f"st:{command}:{ex}")
        for ex, n in logged[:BUTTONS]
        if n and len(f"st:{command}:{ex}".encode()) <= 64
    ]
    return tuple(tuple(chosen[i : i + 2]) for i in range(0, len(chosen), 2))


def _not_logged(catalogue: Catalogue, exercise: str) -> Reply:
    name = catalogue.name_of(exercise)
    found = catalogue.get(exercise)
    # A line that logs this exercise as it is done (`dumbbell curl 20x10`, `pull-up 10`), not
    # a barbell's load on every exercise.
    example = ExerciseKind.of(found).example() if found else f"{name.lower()} 60x8"
    return Reply(words.not_logged(name, example))


# --- /history ---------------------------------------------------------------------------------


async def history_command(svc: Services, user_id: int, text: str = "") -> Reply:
    """`/history bench`: the last sessions of one exercise (newest first) and its weeks."""
    now = svc.clock()
    async with svc.uow() as uow:
        named = await _named(svc, uow, user_id, text, "history")
        profile, catalogue, exercise = named.profile, named.catalogue, named.exercise
        if isinstance(exercise, Reply):
            await uow.commit()
            return exercise
        zone, week_start, deloads = profile.timezone, profile.week_start, profile.deload_weeks
        this = week_of(now, zone, week_start)
        weeks = [this - WEEK * k for k in range(HISTORY_WEEKS - 1, -1, -1)]
        bounds = [week_bounds(w, zone)[0] for w in weeks] + [week_bounds(this, zone)[1]]
        since = bounds[0] - WORKOUT_GAP
        recent = await uow.stats.exercise_sets(profile.user_id, exercise, since=since)
        older: list[SetRecord] = []
        if len(latest_sessions(recent, deloads, zone, week_start)) < HISTORY_SESSIONS:
            older = await uow.stats.exercise_sets(
                profile.user_id, exercise, until=since, latest=OLDER_SETS
            )
        everything = [*older, *recent]
        found = latest_sessions(
            everything, deloads, zone, week_start, truncated=len(older) == OLDER_SETS
        )
        messages = {message_of(s.seq) for ses in found for s in ses.sets}
        titled = await uow.logbook.workout_titles(profile.user_id, messages)
        await uow.commit()
    if not everything:
        return _not_logged(catalogue, exercise)
    titles = [_title(ses, titled) for ses in found]
    lines = per_week(exercise, recent, bounds, weeks)
    today = local_date(now, zone)
    text = words.history_text(
        exercise, found, titles, lines, profile.unit, catalogue, zone, today, this
    )
    return Reply(text)


def _title(ses: Session, named: Mapping[int, str]) -> str | None:
    """The title of the workout a session was part of (its first set's with one)."""
    return next((named[m] for s in ses.sets if (m := message_of(s.seq)) in named), None)


# --- /prs -------------------------------------------------------------------------------------


async def prs_command(
    svc: Services,
    user_id: int,
    text: str = "",
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    exercises: Sequence[str] | None = None,
    when: str | None = None,
) -> Reply:
    """`/prs`: every exercise's best e1RM and heaviest set; `/prs bench`: one in detail; for a
    question, the best sets in [since, until) (of `exercises`, a muscle group's), `when`
    naming that time."""
    now = svc.clock()
    async with svc.uow() as uow:
        if not text.strip():
            profile = await users.contact(uow, user_id, now)
            catalogue = await catalogue_for(svc, uow, profile)
            bests = overview(
                await uow.stats.bests(
                    profile.user_id, since=since, before=until, exercises=exercises
                )
            )
            await uow.commit()
            if not bests:
                return Reply(NOTHING_YET if when is None else answer_words.nothing("records", when))
            return Reply(record_words.overview_text(bests, profile.unit, catalogue, when))
        named = await _named(svc, uow, user_id, text, "prs")
        profile, catalogue, exercise = named.profile, named.catalogue, named.exercise
        if isinstance(exercise, Reply):
            await uow.commit()
            return exercise
        zone, week_start = profile.timezone, profile.week_start
        streak_since = week_bounds(week_of(now, zone, week_start) - WEEK * STREAK_WEEKS, zone)[0]
        shapes = await uow.stats.shapes(profile.user_id, exercise, since=since, until=until)
        times = (
            await uow.stats.times(profile.user_id, streak_since, now, exercise=exercise)
            if shapes and since is None
            else []
        )
        await uow.commit()
    trained = {week_of(t, zone, week_start) for t in times}
    found = exercise_records(exercise, shapes, trained, profile.deload_weeks, zone, week_start)
    if found is None:
        if when is not None:
            return Reply(answer_words.nothing(catalogue.name_of(exercise), when))
        return _not_logged(catalogue, exercise)
    today = local_date(now, zone)
    return Reply(record_words.records_text(found, profile.unit, catalogue, zone, today, when))


# --- /chart -----------------------------------------------------------------------------------


async def chart_command(
    svc: Services,
    user_id: int,
    text: str = "",
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    when: str | None = None,
) -> Reply:
    """`/chart bench`: best e1RM per session and reps to failure at its main loads, the last
    year (or [since, until), for a question about a time range named `when`)."""
    now = svc.clock()
    async with svc.uow() as uow:
        named = await _named(svc, uow, user_id, text, "chart")
        profile, catalogue, exercise = named.profile, named.catalogue, named.exercise
        if isinstance(exercise, Reply):
            await uow.commit()
            return exercise
        sets = await uow.stats.exercise_sets(
            profile.user_id,
            exercise,
            since=since or now - WEEK * CHART_WEEKS,
            until=until,
            working=True,
        )
        ever = sets or await uow.stats.exercise_sets(profile.user_id, exercise, latest=1)
        # Bodyweight sets count the bodyweight in their e1RM (pull-ups, dips): the weigh-ins.
        body = (
            BodyweightLog(await uow.bodyweight.days(profile.user_id))
            if any(s.bodyweight for s in sets)
            else None
        )
        await uow.commit()
    zone = profile.timezone
    found = progress(exercise, sets, profile.deload_weeks, zone, profile.week_start, body)
    name = catalogue.name_of(exercise)
    if found is None:
        # Never an empty chart: a hint instead.
        if not ever:
            return _not_logged(catalogue, exercise)
        if when is not None:
            return Reply(answer_words.nothing(name, when))
        return Reply(words.nothing_to_chart(name))
    today = local_date(now, zone)
    caption = words.chart_caption(found, profile.unit, catalogue, zone, today)
    # Off the event loop: drawing takes a CPU for a few hundred milliseconds.
    image = await svc.charts.draw(charts.progress_png, found, profile.unit, name, zone)
    return Reply(caption, image=image)


COMMANDS: dict[str, ExerciseCommand] = {
    "history": history_command,
    "prs": prs_command,
    "chart": chart_command,
}


async def press(svc: Services, user_id: int, value: str) -> Reply | None:
    """A suggestion button (`history:bench_press`): that command for that exercise (an id
    resolves like a typed name)."""
    command, _, exercise = value.partition(":")
    run = COMMANDS.get(command)
    if run is None or not exercise:
        return None
    return await run(svc, user_id, exercise)
