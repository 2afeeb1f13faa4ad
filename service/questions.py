"""Plain-words questions (`how much did I squat last week?`): the grammar reads them, the stats
answer them over the range the user named, in their time zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from core.calendar import WEEK, local_date, week_bounds, week_of, zone_info
from core.catalogue import Catalogue
from core.insights.stats.answers import amounts, group_exercises, workouts
from core.insights.stats.weeks import sessions_between
from core.insights.tally import tally_periods
from core.model import Profile
from core.questions import (
    Everything,
    ExerciseSubject,
    Intent,
    MuscleSubject,
    NotAQuestion,
    PeriodKind,
    Question,
    Unclear,
    parse_question,
)
from core.replies import Reply
from core.rules import RuleSettings
from core.training.workouts import WORKOUT_GAP
from core.wording import answers as words
from core.wording import chat as chat_words
from core.wording import questions as question_words
from service import deload, exercise_stats, stats, users
from service.exercises import catalogue_for
from service.services import Services
from storage.uow import UnitOfWork

# Where "all time" starts for a query (nobody logged a set before it).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TREND_WEEKS = 8
LATEST_SETS = 400  # enough for the five latest workouts a history answer shows


async def reply_to(
    svc: Services, user_id: int, text: str, catalogue: Catalogue | None = None
) -> Reply:
    """The answer to a text that is no log: a question answered, a hint for one the grammar
    could not read, or the usual "I log sets" for plain chat.

    Names are read with the user's catalogue (the shipped one plus their own exercises, typos
    too), the same one the parser logs with, so a name that logs is a name that can be asked
    about; nobody else's exercises are in it. `catalogue`: the user's, when the caller has it.
    """
    if catalogue is None:
        async with svc.uow() as uow:
            user = await users.contact(uow, user_id, svc.clock())
            catalogue = await catalogue_for(svc, uow, user)
            await uow.commit()
    asked = parse_question(text, catalogue)
    if isinstance(asked, NotAQuestion):
        return Reply(chat_words.NOT_A_LOG)
    if isinstance(asked, Unclear):
        return Reply(question_words.hint(asked, catalogue))
    return await answer(svc, user_id, asked, catalogue)


def _what(q: Question, catalogue: Catalogue) -> str:
    if isinstance(q.subject, ExerciseSubject):
        return catalogue.name_of(q.subject.exercise)
    if isinstance(q.subject, MuscleSubject):
        return question_words.group_label(q.subject.group)
    return ""


async def answer(
    svc: Services, user_id: int, q: Question, catalogue: Catalogue | None = None
) -> Reply:
    """One question, answered from the stored sets in the range it names (`catalogue`: the
    user's, which the question was read with; the shipped one when not given)."""
    catalogue = catalogue or svc.catalogue
    if q.intent is Intent.DELOAD:  # whether one is due, the plan and the buttons: /deload's
        return await deload.deload_command(svc, user_id, "")
    subject = q.subject
    # The commands already answer the whole-history questions about one exercise.
    if isinstance(subject, ExerciseSubject) and q.period.kind is PeriodKind.ALL_TIME:
        if q.intent is Intent.TREND:
            return await exercise_stats.chart_command(svc, user_id, subject.exercise)
        if q.intent is Intent.HISTORY:
            return await exercise_stats.history_command(svc, user_id, subject.exercise)
    if (
        isinstance(subject, Everything)
        and q.intent is Intent.MUSCLE
        and q.period.kind is PeriodKind.THIS_WEEK
    ):
        return await stats.volume_command(svc, user_id, "")
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        await uow.commit()
    start, end = q.date_range(local_date(now, user.timezone), user.week_start).bounds(
        zone_info(user.timezone)
    )
    when = None if q.period.kind is PeriodKind.ALL_TIME else question_words.period_label(q.period)
    if q.intent is Intent.BEST:  # the records set in that time
        if isinstance(subject, ExerciseSubject):
            return await exercise_stats.prs_command(
                svc, user_id, subject.exercise, since=start, until=end, when=when
            )
        group = (
            group_exercises(subject.muscles, catalogue)
            if isinstance(subject, MuscleSubject)
            else None
        )
        return await exercise_stats.prs_command(
            svc, user_id, "", since=start, until=end, exercises=group, when=when
        )
    if q.intent is Intent.TREND and isinstance(subject, ExerciseSubject):
        return await exercise_stats.chart_command(
            svc, user_id, subject.exercise, since=start, until=end, when=when
        )
    async with svc.uow() as uow:
        reply = await _answer(uow, user, catalogue, q, now)
        await uow.commit()
    return reply


async def _answer(
    uow: UnitOfWork, user: Profile, catalogue: Catalogue, q: Question, now: datetime
) -> Reply:
    zone = user.timezone
    today = local_date(now, zone)
    start, end = q.date_range(today, user.week_start).bounds(zone_info(zone))
    since = start or EPOCH
    what, when = _what(q, catalogue), question_words.period_label(q.period)
    if q.period.kind is PeriodKind.ALL_TIME:
        when = "so far"
    exercise: str | None = None
    exercises: Sequence[str] | None = None
    if isinstance(q.subject, ExerciseSubject):
        exercise = q.subject.exercise
    elif isinstance(q.subject, MuscleSubject):
        exercises = group_exercises(q.subject.muscles, catalogue)
        if not exercises:
            return Reply(words.no_exercises(what))
    uid = user.user_id
    if q.intent in (Intent.LAST, Intent.HISTORY):
        sets = await uow.stats.exercise_sets(
            uid, exercise, exercises=exercises, since=start, until=end, latest=LATEST_SETS
        )
        found = workouts(sets, user.deload_weeks, zone, user.week_start)
        if len(sets) == LATEST_SETS and len(found) > 1:
            found = found[:-1]  # the oldest may be cut off
        if not found:
            return Reply(words.nothing(what, when))
        if q.intent is Intent.LAST:
            return Reply(words.last_time(what, found[0], catalogue, zone, today))
        return Reply(words.history(what, when, found, catalogue, zone, today))
    if q.intent is Intent.COUNT:
        times = await uow.stats.times(uid, since - WORKOUT_GAP, end, exercise, exercises)
        count = sessions_between(times, since, end)
        return Reply(words.count(what, when, count, exercise is not None))
    if q.intent is Intent.TREND:
        return await _weekly_sets(uow, user, what, exercise, exercises, now)
    groups, chains = await uow.stats.groups(uid, [since, end], exercise, exercises)
    tallies = tally_periods([since, end], groups, chains).period(0)
    times = await uow.stats.times(uid, since - WORKOUT_GAP, end, exercise, exercises)
    muscles = q.subject.muscles if isinstance(q.subject, MuscleSubject) else None
    got = amounts(tallies, sessions_between(times, since, end), catalogue, muscles)
    if not got.working_sets:
        return Reply(words.nothing(what, when))
    if q.intent is Intent.FAILURE:
        settings = RuleSettings.for_week(user, week_of(now, zone, user.week_start))
        return Reply(
            words.failure(what, when, got, settings.int_threshold("min_failure_sets_week"))
        )
    if q.intent is Intent.MUSCLE:
        return Reply(words.muscles(what, when, got))
    # VOLUME: how much, and the sets each muscle got
    return Reply(words.amounts(what, when, got, user.unit, exercise is None))


async def _weekly_sets(
    uow: UnitOfWork,
    user: Profile,
    what: str,
    exercise: str | None,
    exercises: Sequence[str] | None,
    now: datetime,
) -> Reply:
    """Progress of a muscle group or of everything: working sets per week, 8 weeks."""
    zone = user.timezone
    this = week_of(now, zone, user.week_start)
    weeks = [this - WEEK * k for k in range(TREND_WEEKS - 1, -1, -1)]
    bounds = [week_bounds(w, zone)[0] for w in weeks] + [week_bounds(this, zone)[1]]
    groups, chains = await uow.stats.groups(user.user_id, bounds, exercise, exercises)
    tallies = tally_periods(bounds, groups, chains)
    counted = [
        (w, sum(t.working_sets for t in tallies.period(k).values())) for k, w in enumerate(weeks)
    ]
    if not any(k for _, k in counted):
        return Reply(words.nothing(what, "in the last 8 weeks"))
    return Reply(words.weekly_sets(what, counted))
