"""The send budget's arithmetic: Telegram's windows hold, replies go before summaries."""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.send_budget import (
    BULK,
    INTERACTIVE,
    Bucket,
    Limits,
    LocalBuckets,
    Priority,
    Rate,
    Target,
    penalize,
    take,
)

LIMITS = Limits.telegram(30)


def peak(times: list[float], window: float) -> int:
    ordered, best, start = sorted(times), 0, 0
    for end, t in enumerate(ordered):
        while t - ordered[start] >= window - 1e-9:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass(order=True)
class _Ask:
    at: float
    seq: int
    chat: int = field(compare=False)
    priority: Priority = field(compare=False)
    arrived: float = field(compare=False)


def simulate(
    budget: LocalBuckets, arrivals: list[tuple[float, int, Priority]]
) -> list[tuple[float, float, int, Priority]]:
    """Each message asks at its arrival, and again after each wait, until its tokens are taken.

    Bulk messages queue in arrival order and only the first one asks (as in bot.send_budget).
    Returns (arrived, sent, chat, priority) per message, in the order sent.
    """
    asks = [_Ask(at, k, chat, prio, at) for k, (at, chat, prio) in enumerate(arrivals)]
    bulk = deque(sorted((a for a in asks if a.priority is BULK), key=lambda a: a.seq))
    queue = [a for a in asks if a.priority is INTERACTIVE]
    if bulk:
        queue.append(bulk.popleft())
    heapq.heapify(queue)
    sent = []
    while queue:
        ask = heapq.heappop(queue)
        grant = budget.take(Target(ask.chat), ask.at, ask.priority)
        if not grant.granted:
            ask.at += grant.wait + 1e-6
            heapq.heappush(queue, ask)
            continue
        sent.append((ask.arrived, ask.at, ask.chat, ask.priority))
        if ask.priority is BULK and bulk:
            following = bulk.popleft()
            following.at = max(following.at, ask.at)
            heapq.heappush(queue, following)
    return sent


def test_telegram_limits_fit_in_telegrams_windows() -> None:
    assert LIMITS.overall.window(1.0) == pytest.approx(24)  # 20 % left for network jitter
    assert LIMITS.group.window(60.0) == pytest.approx(16)
    assert LIMITS.chat.per_second == 1.0 and LIMITS.chat.burst >= 2
    for rate in (4, 10, 20, 30, 100):
        assert Limits.telegram(rate).overall.window(1.0) <= rate + 1e-9
    for rate in (20, 30, 100):
        assert Limits.telegram(rate).overall.window(1.0) <= 0.8 * rate + 1e-9
    with pytest.raises(ValueError):
        Limits.telegram(0)


def test_a_flood_of_summaries_never_exceeds_the_limit_in_any_second() -> None:
    # 3 000 summaries to 3 000 chats, all due at once: 21/s after the first burst.
    sent = simulate(LocalBuckets(LIMITS), [(0.0, 10_000 + k, BULK) for k in range(3000)])
    times = [s for _, s, _, _ in sent]
    assert len(times) == 3000
    assert peak(times, 1.0) <= 24
    assert max(times) == pytest.approx((3000 - 2) / LIMITS.overall.per_second, rel=0.01)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 5, allow_nan=False),
            st.integers(-3, 6),  # a few private chats and groups, so their buckets matter
            st.sampled_from([INTERACTIVE, BULK]),
        ),
        max_size=300,
    )
)
def test_any_mix_of_messages_respects_every_window(
    arrivals: list[tuple[float, int, Priority]],
) -> None:
    sent = simulate(LocalBuckets(LIMITS), sorted(arrivals, key=lambda a: a[0]))
    assert len(sent) == len(arrivals)
    assert peak([s for _, s, _, _ in sent], 1.0) <= 24
    for chat in {c for _, _, c, _ in sent}:
        times = [s for _, s, c, _ in sent if c == chat]
        # The chat bucket: at most its burst at once, then one a second.
        for window in (1.0, 5.0):
            assert peak(times, window) <= LIMITS.chat.burst + window * LIMITS.chat.per_second
        if chat < 0:
            assert peak(times, 60.0) <= 20


def test_replies_go_before_a_running_fan_out() -> None:
    # 1 500 summaries queued at t=0 keep the budget saturated for a minute; meanwhile 50 people
    # write, one every second, each in their own chat.
    arrivals = [(0.0, 100_000 + k, BULK) for k in range(1500)]
    arrivals += [(1.0 + k, k + 1, INTERACTIVE) for k in range(50)]
    sent = simulate(LocalBuckets(LIMITS), sorted(arrivals, key=lambda a: a[0]))
    delays = [s - a for a, s, _, p in sent if p is INTERACTIVE]
    assert max(delays) <= 1.5 / LIMITS.overall.per_second  # the next token, at worst
    bulk = sorted(s for _, s, _, p in sent if p is BULK)
    assert peak([s for _, s, _, _ in sent], 1.0) <= 30
    # The fan-out only yields what the replies took: about 50 tokens over the minute.
    assert bulk[-1] == pytest.approx((1500 + 50 - 2) / LIMITS.overall.per_second, rel=0.02)


def test_bulk_leaves_the_reserve_for_a_reply() -> None:
    rates = [Rate(10.0, 3.0, reserve=1.0)]
    state: list[Bucket | None] = [None]
    grants = []
    for _ in range(3):
        grant = take(state, rates, 0.0, BULK)
        grants.append(grant.granted)
        if grant.granted:
            state = list(grant.states)
    assert grants == [True, True, False]  # the third would empty the bucket
    assert take(state, rates, 0.0, BULK).wait == pytest.approx(0.1)
    assert take(state, rates, 0.0, INTERACTIVE).granted  # a reply takes the reserved token


def test_take_is_all_or_nothing() -> None:
    budget = LocalBuckets(Limits.telegram(100))  # an overall burst of 10
    for _ in range(3):
        assert budget.take(Target(5), 0.0, INTERACTIVE).granted
    grant = budget.take(Target(5), 0.0, INTERACTIVE)
    assert not grant.granted and grant.limited_by == 1  # the chat's bucket
    assert grant.wait == pytest.approx(1.0)
    # The refused message took nothing from the overall bucket: the 4th token is still there.
    assert budget.take(Target(6), 0.0, INTERACTIVE).granted


def test_a_429_holds_the_bucket_back_for_the_time_asked() -> None:
    rate = LIMITS.overall
    state = penalize(None, rate, 10.0, seconds=3.0)
    assert take([state], [rate], 10.0).wait == pytest.approx(3.0)
    assert take([state], [rate], 13.0).granted
    budget = LocalBuckets(LIMITS)
    budget.penalize(Target(7), 0.0, 2.0)
    assert budget.take(Target(8), 1.0, INTERACTIVE).wait == pytest.approx(1.0)  # overall held
    assert budget.take(Target(8), 2.0, INTERACTIVE).granted


def test_the_fallback_splits_the_overall_rate_only() -> None:
    split = LIMITS.shared_by(3)
    assert split.overall.per_second == pytest.approx(LIMITS.overall.per_second / 3)
    assert split.chat == LIMITS.chat and split.group == LIMITS.group
    assert LIMITS.shared_by(0) == LIMITS


def test_groups_use_their_own_bucket_and_channels_by_username() -> None:
    assert Target(5).bucket_names() == ("all", "chat:5")
    assert Target(-100).bucket_names() == ("all", "chat:-100", "group:-100")
    assert Target("@news").is_group


def test_local_buckets_forget_only_full_buckets() -> None:
    budget = LocalBuckets(Limits.telegram(300))  # an overall burst of 30
    budget.MAX_BUCKETS = 10  # type: ignore[misc]
    for chat in range(1, 10):
        assert budget.take(Target(chat), 0.0, INTERACTIVE).granted
    assert len(budget) == 10  # overall + 9 chats
    assert budget.take(Target(99), 0.5, INTERACTIVE).granted
    assert len(budget) == 11  # none full yet: all kept
    budget.take(Target(98), 100.0, INTERACTIVE)  # all refilled by then: forgotten
    assert len(budget) == 2


def test_a_drained_budget_starts_from_nothing() -> None:
    budget = LocalBuckets(LIMITS)
    budget.drain(10.0)
    grant = budget.take(Target(1), 10.0, INTERACTIVE)
    assert grant.wait == pytest.approx(1 / LIMITS.overall.per_second)


def test_an_unusable_bucket_is_refused() -> None:
    with pytest.raises(ValueError):
        Rate(1.0, 2.0, reserve=2.0)
    with pytest.raises(ValueError):
        Rate(0.0, 2.0)
