"""How the stats read: plurals, shares only from the rule's minimum of sets, sets as typed
(a 225 lb set stays 225 lb in a kg user's reply), computed values in the user's unit; and the
charts are PNGs drawn without pyplot."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from fractions import Fraction

from core.catalogue import load_catalogue
from core.insights import charts
from core.insights.records import ALL_KINDS, RecordBook
from core.insights.stats.exercise import latest_sessions, per_week
from core.insights.stats.last_time import last_time
from core.insights.stats.progress import progress
from core.insights.stats.weeks import failure_view, glance, volume, week_stats
from core.insights.tally import Tallies
from core.model import SetRecord, Unit
from core.wording.history import history_text, last_time_line
from core.wording.records import pr_line
from core.wording.stats import failure_text, glance_text, volume_text
from tests.core.stats_helpers import at, session

CAT = load_catalogue()
MON = date(2026, 3, 2)


def stats_of(week: date, sets: list[SetRecord], sessions: int | None = 1, deload: bool = False):  # type: ignore[no-untyped-def]
    t = Tallies()
    t.add_sets(0, sets, range(len(sets)))
    return week_stats(week, t.period(0), sessions, deload, CAT)


def test_glance_plurals_share_and_typed_prs() -> None:
    this = stats_of(
        MON + timedelta(weeks=1),
        session(at(9), "bench_press", (225, 5, {"unit": Unit.LB, "f": True})),
    )
    last = stats_of(MON, [], sessions=0)
    book = RecordBook(kinds=ALL_KINDS)
    old = session(at(2), "bench_press", (100, 5, {}))
    book.feed(old, 0)
    prs = book.feed(session(at(9), "bench_press", (225, 5, {"unit": Unit.LB, "f": True})), 0)
    text = glance_text(glance(this, last, date(2026, 3, 11), prs), Unit.KG, 6, CAT)
    assert "1 session (last week 0)" in text
    assert "1 working set (last week 0)" in text and "5 reps" in text
    assert "Failure: 1 of 1 set (last week no sets)" in text  # no share under 6 sets
    assert "%" not in text.split("Failure:")[1].split("\n")[0]
    # one PR per exercise, the best: the e1RM one
    assert "🏆 PRs this week: Bench Press e1RM 114.8 kg" in text
    assert "This week so far (Mon 9 Mar – Wed 11 Mar)" in text


def test_pr_lines_read_as_typed_and_in_the_users_unit() -> None:
    book = RecordBook(kinds=ALL_KINDS)
    book.feed(session(at(2), "bench_press", (100, 5, {})), 0)
    [e1rm, heaviest] = book.feed(session(at(9), "bench_press", (225, 5, {"unit": Unit.LB})), 0)
    assert pr_line(e1rm, Unit.KG, CAT) == "🏆 e1RM PR on Bench Press: 114.8 kg (was 112.5 kg)"
    assert pr_line(heaviest, Unit.KG, CAT) == "🏆 Heaviest Bench Press yet: 225 lb × 5 (was 100 kg)"
    assert pr_line(e1rm, Unit.LB, CAT).endswith("253.1 lb (was 248 lb)")
    book.feed(session(at(2), "pull_up", (0, 8, {"bodyweight": True})), 0)
    [reps] = book.feed(session(at(9), "pull_up", (0, 10, {"bodyweight": True})), 0)
    assert pr_line(reps, Unit.KG, CAT) == "🏆 Rep PR on Pull-Up: 10 reps at bw (was 8)"
    # The first added load on a bodyweight move beats bodyweight alone, not "0 kg".
    heavier = book.feed(session(at(16), "pull_up", (10, 6, {"bodyweight": True})), 0)
    [first_load] = [pr for pr in heavier if pr_line(pr, Unit.KG, CAT).startswith("🏆 Heaviest")]
    assert pr_line(first_load, Unit.KG, CAT) == (
        "🏆 Heaviest Pull-Up yet: +10 kg × 6 (was bodyweight alone)"
    )


def test_last_time_lines() -> None:
    before = session(at(2), "bench_press", (80, 8, {}), (80, 7, {"f": True}))
    today = session(at(5), "bench_press", (80, 8, {}), (80, 8, {"f": True}))
    lt = last_time(before, today, today[1])
    assert lt is not None
    assert last_time_line(lt, CAT) == "last time 80 kg × 7 F → +1 rep to failure"
    lt = last_time(before, today[:1], today[0])
    # no reps to failure known for 80 × 8: the last session's sets at that load
    assert lt is not None and last_time_line(lt, CAT) == "last time 80 kg × 8, 7 F"
    other = session(at(5), "bench_press", (85, 6, {}))
    lt = last_time(before, other, other[0])
    assert lt is not None and last_time_line(lt, CAT) == "last time 80 kg × 8, 7 F"


def test_history_text_dates_in_the_users_zone() -> None:
    # 23:30 UTC on Monday is already Tuesday in Berlin
    sets = session(
        at(2, 23.5),
        "bench_press",
        (60, 10, {"warmup": True}),
        (225, 5, {"unit": Unit.LB}),
        (100, 5, {"f": True}),
    )
    found = latest_sessions(sets, {MON}, "Europe/Berlin", "monday")
    weeks = per_week("bench_press", sets, [at(2, -1), at(9, -1)], [MON])
    text = history_text(
        "bench_press", found, [None], weeks, Unit.KG, CAT, "Europe/Berlin", date(2026, 3, 4), MON
    )
    assert "📖 Bench Press: last session\n" in text
    assert "Tue 3 Mar: 60 kg × 10 w · 225 lb × 5 · 100 kg × 5 F · deload week" in text
    assert "This week: 1 · 2 · 10 · 1 010 kg" in text


def test_history_text_shows_the_workout_title_and_the_notes() -> None:
    sets = session(
        at(2, 17),
        "bench_press",
        (80, 8, {"note": "felt easy"}),
        (85, 6, {"note": "felt easy"}),
        (85, 5, {"note": "left shoulder"}),
    )
    found = latest_sessions(sets, set(), "UTC", "monday")
    text = history_text(
        "bench_press", found, ["Push day 🔥"], [], Unit.KG, CAT, "UTC", date(2026, 3, 4), MON
    )
    assert text.splitlines()[1:3] == [
        "Mon 2 Mar · Push day 🔥: 80 kg × 8 · 85 kg × 6, 5",
        "   📝 felt easy; left shoulder",
    ]


def test_volume_and_failure_texts() -> None:
    this = stats_of(MON + timedelta(weeks=1), session(at(9), "dumbbell_curl", (12, 10, {})))
    last = stats_of(
        MON, session(at(2), "bench_press", *[(100, 5, {"f": k == 0}) for k in range(6)])
    )
    text = volume_text(volume(this, last), date(2026, 3, 10))
    assert text.splitlines()[1:4] == [
        "Biceps 1 (last week 0)",
        "Forearms 0.5 (last week 0)",
        "Chest 0 (last week 6)",
    ]
    view = failure_view([last, this], Fraction(3, 10), 6, {}, CAT)
    text = failure_text(view, CAT)
    assert "Last week: 1 of 6 sets, 17 %" in text
    assert "This week: 0 of 1 set" in text and "This week: 0 of 1 set," not in text


def test_charts_are_pngs_without_pyplot() -> None:
    sets = [
        *session(at(2), "bench_press", (100, 5, {"f": True})),
        *session(at(9), "bench_press", (100, 6, {"f": True})),
    ]
    p = progress("bench_press", sets, {MON + timedelta(weeks=1)}, "UTC", "monday")
    assert p is not None
    png = charts.png(charts.progress_chart(p, Unit.LB, "Bench Press", "UTC"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    this = stats_of(MON + timedelta(weeks=1), sets[1:])
    last = stats_of(MON, sets[:1])
    assert charts.png(charts.volume_chart(volume(this, last), "t")).startswith(b"\x89PNG")
    view = failure_view([last, this], Fraction(3, 10), 1, {}, CAT)
    assert charts.png(charts.failure_chart(view, "t")).startswith(b"\x89PNG")
    assert "matplotlib.pyplot" not in sys.modules
