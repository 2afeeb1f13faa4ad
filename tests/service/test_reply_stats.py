"""The logging reply's last-time and 🏆 lines, through the real logging path on SQLite and
PostgreSQL: against the rules window, against history older than it, after edits, and with
the per-process cache in and out of play."""

from __future__ import annotations

from datetime import timedelta

from service.profile import set_unit
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text
from tests.clock import Clock
from tests.service import seed
from tests.service.seed import entry

ALICE, BOB = 3001, 3002
_ids = iter(range(1, 10**6))


def msg(clock: Clock, text: str, user: int = ALICE, message_id: int | None = None) -> IncomingText:
    mid = message_id if message_id is not None else next(_ids)
    return IncomingText(user_id=user, chat_id=user, message_id=mid, text=text, sent_at=clock())


async def say(svc: Services, clock: Clock, text: str, user: int = ALICE) -> list[str]:
    return (await new_text(svc, msg(clock, text, user))).text.splitlines()


async def test_last_time_and_pr_lines(svc: Services, clock: Clock) -> None:
    assert await say(svc, clock, "bench 80x8, 7 F") == [
        "✅ Bench Press 80 kg × 8, 7 F",
        "Bench Press today: 2 sets, 1 to failure",
        "Weights without a unit are kilograms (kg). Lifting in pounds? Tap “It was lb” to read "
        "this message again in lb; the next ones follow.",  # the account's first log
    ]  # the first log of an exercise: nothing to compare, no PR
    clock.advance(days=3)
    lines = await say(svc, clock, "bench 80x8")
    assert lines[2] == "last time 80 kg × 8, 7 F"
    lines = await say(svc, clock, "bench 80x8 F")
    assert lines[2] == "last time 80 kg × 7 F → +1 rep to failure"
    # 80 × 8 F (e1RM 99.3) only ties 80 × 8 of last time (no RIR: counted as 0): no PR
    assert len(lines) == 3
    lines = await say(svc, clock, "bench 80x9 F")
    assert lines[2] == "last time 80 kg × 7 F → +2 reps to failure"  # compared with set 2 then
    assert lines[3] == "🏆 e1RM PR on Bench Press: 102.9 kg (was 99.3 kg)"  # 80×36/28
    lines = await say(svc, clock, "bench 50x12 w")
    assert len(lines) == 2  # a warm-up: no line of either kind


async def test_at_most_one_line_of_each_and_typed_weights(svc: Services, clock: Clock) -> None:
    await say(svc, clock, "bench 100x5")
    clock.advance(days=2)
    lines = await say(svc, clock, "bench 225lb x 6, 6\nsquat 60x5")
    assert sum(line.startswith("🏆") for line in lines) == 1
    assert sum(line.startswith("last time") for line in lines) <= 1
    assert "🏆 e1RM PR on Bench Press: 118.5 kg (was 112.5 kg)" in lines  # 102.06×36/31


async def test_history_older_than_the_rules_window(svc: Services, clock: Clock) -> None:
    """A lift last trained half a year ago: the reply still finds that session and its PRs
    (two indexed queries; nothing older is in the rules window)."""
    old = clock() - timedelta(days=200)
    await seed.user(svc, ALICE)
    await seed.log(svc, ALICE, old, entry("deadlift", 180, 3), entry("deadlift", 180, 2))
    lines = await say(svc, clock, "deadlift 170x3")
    assert lines[2] == "last time 180 kg × 3, 2"
    assert not any(line.startswith("🏆") for line in lines)
    lines = await say(svc, clock, "deadlift 185x3")
    assert lines[2] == "last time 180 kg × 3, 2"
    assert "🏆 e1RM PR on Deadlift: 195.9 kg (was 190.6 kg)" in lines  # 185×36/34, 180×36/34


async def test_a_fresh_process_and_an_edit_agree(svc: Services, clock: Clock) -> None:
    await say(svc, clock, "bench 100x5 F")
    clock.advance(days=2)
    first = msg(clock, "bench 100x6 F")
    reply = await new_text(svc, first)
    assert "🏆 e1RM PR on Bench Press: 116.1 kg (was 112.5 kg)" in reply.text
    # The same PR line without the cached window (another instance), and after an edit the
    # edited set is compared with what came before it, never with itself.
    other = Services(uow=svc.uow, clock=clock)
    again = await new_text(other, first)
    assert again.text == reply.text
    edited = await edited_text(svc, msg(clock, "bench 100x7 F", message_id=first.message_id))
    assert edited is not None
    assert "🏆 e1RM PR on Bench Press: 120 kg (was 112.5 kg)" in edited.text
    assert "last time 100 kg × 5 F → +2 reps to failure" in edited.text


async def test_a_pound_user_sees_kilogram_sets_as_typed(svc: Services, clock: Clock) -> None:
    await say(svc, clock, "bench 100kg x 5")
    await set_unit(svc, ALICE, "lb")
    clock.advance(days=2)
    lines = await say(svc, clock, "bench 230x5")  # pounds now
    assert lines[2] == "last time 100 kg × 5"
    assert lines[3] == "🏆 e1RM PR on Bench Press: 258.8 lb (was 248 lb)"  # 112.5 kg


async def test_users_never_compare_with_each_other(svc: Services, clock: Clock) -> None:
    await say(svc, clock, "bench 140x5", user=BOB)
    clock.advance(days=1)
    await say(svc, clock, "bench 60x5")
    clock.advance(days=1)
    lines = await say(svc, clock, "bench 62.5x5")
    assert lines[2] == "last time 60 kg × 5"
    # against Alice's 60 × 5 (67.5 kg), never Bob's 140 × 5
    assert lines[3] == "🏆 e1RM PR on Bench Press: 70.3 kg (was 67.5 kg)"


async def test_a_load_far_above_every_earlier_one_is_doubted_not_celebrated(
    svc: Services, clock: Clock
) -> None:
    """`3x5x175` that went on with bench after a 80 kg bench session, a kg user's `405x1`
    deadlift: no 🏆 but what is wrong and the fix. Stored all the same (Undo takes it back)."""
    await say(svc, clock, "bench 80x8, 8\ndeadlift 180x5")
    clock.advance(days=2)
    await say(svc, clock, "bench 82.5x8")
    lines = await say(svc, clock, "3x5x175")
    assert lines[0] == "✅ Bench Press 175 kg × 5, 5, 5"
    assert not any(line.startswith("🏆") for line in lines)
    assert lines[-1] == (
        "⚠️ 175 kg is far above your heaviest Bench Press so far (82.5 kg): another "
        "exercise, or lb? ↩ Undo takes it back; then send it again with the name or the unit, "
        "e.g. `squat 175x5` or `175x5 lb`."
    )
    lines = await say(svc, clock, "deadlift 405x1")
    assert "⚠️ 405 kg is far above your heaviest Deadlift so far (180 kg)" in lines[-1]
    assert "`squat 405x1` or `405x1 lb`" in lines[-1]


async def test_a_big_but_possible_jump_and_a_first_session_ramp_are_not_doubted(
    svc: Services, clock: Clock
) -> None:
    # A first session ramping from the empty bar: nothing to compare with yet.
    lines = await say(svc, clock, "squat 20x10, 60x5, 100x5")
    assert not any(line.startswith("⚠️") for line in lines)
    clock.advance(days=3)
    # 1.4x the heaviest before (a long-untested max), and +45 % but only +18 kg (light lifts).
    lines = await say(svc, clock, "squat 140x1")
    assert "🏆 e1RM PR on Back Squat: 140 kg (was 112.5 kg)" in lines
    await say(svc, clock, "curls 40x8")
    clock.advance(days=3)
    lines = await say(svc, clock, "curls 58x8")
    assert not any(line.startswith("⚠️") for line in lines)
    # Same day, after the warning's load was kept: the next set there is not doubted again.
    await say(svc, clock, "squat 300x1")
    lines = await say(svc, clock, "squat 300x1")
    assert not any(line.startswith("⚠️") for line in lines)


async def test_a_lb_user_is_told_in_lb_and_offered_kg(svc: Services, clock: Clock) -> None:
    await set_unit(svc, ALICE, "lb")
    await say(svc, clock, "bench 185x5")
    clock.advance(days=2)
    lines = await say(svc, clock, "bench 315x5")
    assert lines[-1].startswith("⚠️ 315 lb is far above your heaviest Bench Press so far (185 lb)")
    assert lines[-1].endswith("e.g. `squat 315x5` or `315x5 kg`.")
