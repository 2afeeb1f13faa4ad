"""The stats commands on SQLite and PostgreSQL: right numbers from stored sets, hints where
there is nothing, suggestions for unknown names, charts as PNGs, one user's numbers only."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from core.calendar import week_bounds
from core.insights.tally import Tallies, tally_periods
from core.model import Unit
from core.replies import Reply
from core.training.sets import sort_canonical
from service import commands
from service.commands import press
from service.services import Services
from tests.service import seed
from tests.service.seed import entry

ALICE, BOB = 2001, 2002
PNG = b"\x89PNG\r\n\x1a\n"
# The clock of tests/service/conftest.py: Monday 2 March 2026, 09:00 UTC.
LAST_MONDAY = datetime(2026, 2, 23, 17, 0, tzinfo=UTC)


def utc(day: int, hour: float, month: int = 2) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC) + timedelta(hours=hour)


async def ask(svc: Services, user: int, command: str, args: str = "") -> Reply:
    """What /command args answers, through the one command table."""
    return await commands.run(svc, f"/{command}", commands.Command(user, user, 1, args))


async def run(svc: Services, user: int, command: str, args: str = "") -> str:
    return (await ask(svc, user, command, args)).text


async def alice_trains(svc: Services) -> None:
    """Two weeks of Alice in Berlin (UTC+1): bench and curls last week, bench this week."""
    await seed.user(svc, ALICE, "Europe/Berlin")
    await seed.log(
        svc,
        ALICE,
        utc(23, 17),
        entry("bench_press", 60, 10, warmup=True),
        entry("bench_press", 100, 5),
        entry("bench_press", 100, 5),
        entry("bench_press", 100, 4, failure=True),
    )
    await seed.log(
        svc,
        ALICE,
        utc(23, 17.5),
        entry("dumbbell_curl", 20, 10),
        entry("dumbbell_curl", 15, 8, drop=True, failure=True),
        entry("dumbbell_curl", 10, 6, drop=True, failure=True),
    )
    await seed.log(
        svc, ALICE, utc(26, 23.5), entry("bench_press", 100, 6, failure=True)
    )  # 00:30 on Friday 27 Feb in Berlin
    await seed.log(
        svc,
        ALICE,
        utc(2, 7, month=3),  # this week: Monday 08:00 in Berlin
        entry("bench_press", 225, 5, unit=Unit.LB),
        entry("bench_press", 100, 7, failure=True),
    )


async def test_stats_compares_this_week_with_last(svc: Services) -> None:
    await alice_trains(svc)
    text = await run(svc, ALICE, "stats")
    assert "This week so far (Mon 2 Mar) vs last week" in text
    # last week: Monday's bench and curls are one workout, Thursday night another
    assert "1 session (last week 2)" in text
    # last week: bench 3 + 1, curls one drop chain = 5 working sets, 3 failure sets
    assert "2 working sets (last week 5)" in text
    assert "Failure: 1 of 2 sets (last week 3 of 5 sets)" in text  # under 6: no share
    # 225 lb × 5 = 510 kg, 100 × 7 = 700: 1 210 kg; last week 1 400 + 600 + 200 + 120 + 60
    assert "Tonnage 1 210 kg (last week 2 380 kg)" in text
    assert "🏆 PRs this week: Bench Press e1RM" in text


async def test_history_shows_sessions_in_the_users_zone_as_typed(svc: Services) -> None:
    await alice_trains(svc)
    text = await run(svc, ALICE, "history", "bench")
    lines = text.splitlines()
    assert lines[0] == "📖 Bench Press: last 3 sessions"
    assert lines[1] == "Mon 2 Mar: 225 lb × 5 · 100 kg × 7 F"
    assert lines[2] == "Fri 27 Feb: 100 kg × 6 F"
    assert lines[3] == "Mon 23 Feb: 60 kg × 10 w · 100 kg × 5, 5, 4 F"
    assert "This week: 1 · 2 · 12 · 1 210 kg" in text
    assert "Last week: 2 · 4 · 20 · 2 000 kg" in text


async def test_history_resolves_aliases_languages_and_typos(svc: Services) -> None:
    await alice_trains(svc)
    for typed in ("bench press", "BP", "benchpress", "bench pres", "жим лёжа"):
        assert (await run(svc, ALICE, "history", typed)).startswith("📖 Bench Press"), typed


async def test_unknown_names_get_suggestion_buttons_that_work(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, ALICE, "history", "zercher carry")
    assert reply.text.startswith("I don't know “zercher carry”. Did you mean")
    data = [b.data for row in reply.buttons for b in row]
    assert "st:history:farmers_walk" in data
    pressed = await press(svc, ALICE, "st:history:bench_press")
    assert pressed is not None and pressed.text.startswith("📖 Bench Press")


async def test_no_exercise_lists_the_most_trained_as_buttons(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, ALICE, "chart", "")
    assert "For example /chart bench" in reply.text
    assert [b.data for row in reply.buttons for b in row] == [
        "st:chart:bench_press",
        "st:chart:dumbbell_curl",
    ]


async def test_never_logged_gets_a_hint_never_an_empty_chart(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, ALICE, "chart", "deadlift")
    assert reply.image is None
    assert "You haven't logged Deadlift yet" in reply.text and "deadlift 80x8" in reply.text
    # The example is how that exercise is logged (a tester got `dumbbell curl 60x8`).
    curls = await ask(svc, ALICE, "history", "hammer curl")
    assert "Log it like hammer curl 20x10," in curls.text
    assert "Log it like pull-up 10," in (await ask(svc, ALICE, "prs", "pullups")).text
    await seed.user(svc, BOB)
    for command in ("stats", "volume", "failure", "prs"):
        empty = await ask(svc, BOB, command)
        assert empty.image is None and "bench 80x8 F" in empty.text, command


async def test_chart_is_a_png_with_the_numbers_in_its_caption(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, ALICE, "chart", "bench")
    assert reply.image is not None and reply.image.startswith(PNG)
    # sessions: 100×5 (no RIR: a lower bound, r 5) = 112.5 kg beats 100×4 F = 109.09;
    # then 100×6 F = 116.13; 100×7 F = 120
    assert reply.text.startswith("Bench Press: 3 sessions since Mon 23 Feb.")
    assert "112.5 kg → 120 kg (+7 %)" in reply.text
    assert "At 100 kg: 4 → 6 → 7" not in reply.text and "At 100 kg: 4 → 7 reps" in reply.text
    assert reply.text.endswith("Red marks: sets to failure.")  # the sessions of 100×6 F, 100×7 F


async def test_a_chart_without_red_marks_does_not_promise_them(svc: Services) -> None:
    """A tester's bench chart: a failure set that was not a session's best drew no red mark,
    while the caption said "Red marks: sets to failure"."""
    await seed.user(svc, ALICE)
    monday = datetime(2026, 2, 23, 18, tzinfo=UTC)
    await seed.workout(
        svc, ALICE, monday, entry("bench_press", 100, 5), entry("bench_press", 90, 4, failure=True)
    )
    reply = await ask(svc, ALICE, "chart", "bench")
    assert reply.image is not None and "Red marks" not in reply.text


async def test_prs_overview_and_one_exercise(svc: Services) -> None:
    await alice_trains(svc)
    text = await run(svc, ALICE, "prs")
    assert "Bench Press: e1RM 120 kg · heaviest 225 lb × 5" in text
    assert "Dumbbell Curl: e1RM 26.7 kg · heaviest 20 kg × 10" in text  # 20×36/27
    text = await run(svc, ALICE, "prs", "bench")
    assert "Best e1RM: 120 kg from 100 kg × 7 F on Mon 2 Mar" in text
    assert "Heaviest: 225 lb × 5 on Mon 2 Mar" in text
    assert "  100 kg × 7 F on Mon 2 Mar" in text  # most reps at 100 kg
    assert "6 working sets from Mon 23 Feb to Mon 2 Mar" in text


async def test_volume_and_failure_count_a_drop_chain_once(svc: Services) -> None:
    await alice_trains(svc)
    reply = await ask(svc, ALICE, "failure", "")
    assert reply.image is not None and reply.image.startswith(PNG)
    assert "Last week: 3 of 5 sets" in reply.text
    assert "This week: 1 of 2 sets" in reply.text
    assert "Most often: Bench Press 3 of 6 · Dumbbell Curl 1 of 1" in reply.text
    reply = await ask(svc, ALICE, "volume", "")
    assert reply.image is not None and reply.image.startswith(PNG)
    assert "Chest 2 (last week 4)" in reply.text
    assert "Biceps 0 (last week 1)" in reply.text


async def test_two_users_never_see_each_others_numbers(svc: Services) -> None:
    await alice_trains(svc)
    await seed.user(svc, BOB)
    await seed.log(svc, BOB, utc(2, 8, month=3), entry("bench_press", 40, 12))
    bob = await run(svc, BOB, "history", "bench")
    assert "40 kg × 12" in bob and "100 kg" not in bob and "225 lb" not in bob
    assert "Bench Press: e1RM" not in await run(svc, BOB, "prs")  # 40×12: no e1RM
    assert "1 working set (last week 0)" in await run(svc, BOB, "stats")
    alice = await run(svc, ALICE, "history", "bench")
    assert "40 kg × 12" not in alice


async def test_a_custom_exercise_is_found_by_its_name(svc: Services) -> None:
    await seed.user(svc, ALICE)
    await seed.log(svc, ALICE, utc(27, 10), entry("zercher_carry", 60, 20))
    text = await run(svc, ALICE, "history", "Zercher Carry")
    assert text.startswith("📖 Zercher Carry: last session\n")


async def test_storage_counts_match_the_sets_they_count(svc: Services) -> None:
    """Storage's GROUP BY plus the whole chain messages give exactly what counting every set
    in order gives, for a random mix of effort markers, units, warm-ups and drop chains."""
    await seed.user(svc, ALICE, "America/New_York")
    rng = random.Random(5)
    start = utc(9, 12)
    for k in range(40):
        at = start + timedelta(hours=rng.choice([1, 4, 20, 30]) * (k + 1) / 3)
        entries = []
        for _ in range(rng.randint(1, 4)):
            drop = bool(entries) and rng.random() < 0.2
            entries.append(
                entry(
                    rng.choice(["bench_press", "dumbbell_curl", "pull_up"]),
                    rng.choice([0, 20, 100, -10]),
                    rng.choice([5, 8, 12]),
                    failure=rng.random() < 0.3,
                    rir=rng.choice([None, 0, 2]),
                    warmup=not drop and rng.random() < 0.15,
                    drop=drop,
                    unit=rng.choice([Unit.KG, Unit.LB]),
                )
            )
        await seed.log(svc, ALICE, at, *entries)
    weeks = [datetime(2026, 2, 9).date() + timedelta(weeks=k) for k in range(3)]
    bounds = [week_bounds(w, "America/New_York")[0] for w in weeks]
    bounds.append(week_bounds(weeks[-1], "America/New_York")[1])
    async with svc.uow() as uow:
        groups, chains = await uow.stats.groups(ALICE, bounds)
        everything, _ = await uow.logbook.window(ALICE, bounds[0], bounds[-1])
    counted = tally_periods(bounds, groups, chains)
    exact = Tallies()
    ordered = sort_canonical(everything)
    for k in range(3):
        span = [i for i, s in enumerate(ordered) if bounds[k] <= s.at < bounds[k + 1]]
        exact.add_sets(k, ordered, span)
    for k in range(3):
        mine, theirs = counted.period(k), exact.period(k)
        assert mine.keys() == theirs.keys()
        for ex in mine:
            a, b = mine[ex], theirs[ex]
            assert (a.working_sets, a.failure_sets, a.reps) == (
                b.working_sets,
                b.failure_sets,
                b.reps,
            )
            assert abs(a.tonnage_kg - b.tonnage_kg) < 1e-6
    assert chains, "the mix has drop chains"


async def test_charts_drawn_in_worker_processes_are_the_same_pictures(svc: Services) -> None:
    """TOFAILURE_CHART_WORKERS > 0: every kind of chart travels to a worker process and back
    (its inputs pickled), and the user gets exactly the picture a thread would have drawn."""
    from dataclasses import replace

    from service import summary
    from service.charts import ChartPool

    await alice_trains(svc)
    pool = ChartPool(1)
    pooled = replace(svc, charts=pool)
    try:
        for command, args in (("chart", "bench"), ("volume", ""), ("failure", "")):
            in_thread = await ask(svc, ALICE, command, args)
            in_worker = await ask(pooled, ALICE, command, args)
            assert in_worker.image is not None and in_worker.image.startswith(PNG), command
            assert in_worker == in_thread, command
        week_in_worker = await summary.week(pooled, ALICE, "last")
        assert week_in_worker == await summary.week(svc, ALICE, "last")
        assert week_in_worker.image is not None and week_in_worker.image.startswith(PNG)
    finally:
        pool.close()
