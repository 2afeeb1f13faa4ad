"""Latency and burst-throughput harness: a bot subprocess long-polling the fake Bot API."""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.fake_bot_api import FakeBotApi, running_bot  # noqa: E402

ECHO_BOT = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
SEQUENTIAL_USER = 1_000_000
BURST_FIRST_USER = 1_000_001
NEW_USERS_FROM = 2_000_000  # the phase of first messages: one new user per message


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100, linear interpolation); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class ServerOverhead:
    """What the fake server itself costs (so it can be told apart from the bot)."""

    send_handle_us: float  # median CPU time the fake spends on one of the bot's send* requests
    delivery_ms: float  # median: update queued -> answer ready, for a long poll already waiting
    rtt_us: float  # median keep-alive round trip of a bare sendMessage, no bot involved
    rtt_per_s: float  # single-connection sendMessage rate of that bare client


@dataclass
class Result:
    """Figures from one :func:`measure` run (times in milliseconds unless named otherwise)."""

    command: list[str]
    startup_s: float
    latencies_ms: list[float]
    burst_messages: int
    burst_replies: int
    burst_seconds: float
    burst_latencies_ms: list[float]
    server: ServerOverhead
    burst_bot_cpu: float = float("nan")  # share of the burst the bot process was on a CPU
    burst_server_cpu: float = float("nan")  # share of the burst the fake spent handling requests
    sequential_cpu_ms: float = float("nan")  # bot CPU per message of the one-at-a-time phase
    sequential_window: tuple[float, float] = (0.0, 0.0)  # its perf_counter span
    # ms from queuing to the reply of each first message of a new user, one at a time
    first_contact_ms: list[float] = field(default_factory=list)
    bot_output_tail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99)

    @property
    def first_contact_median_ms(self) -> float:
        return percentile(self.first_contact_ms, 50)

    @property
    def burst_replies_per_s(self) -> float:
        return self.burst_replies / self.burst_seconds if self.burst_seconds > 0 else 0.0

    def summary(self) -> str:
        s = self.server
        return "\n".join(
            [
                f"command: {' '.join(self.command)}",
                f"startup until first getUpdates: {self.startup_s:.2f} s",
                f"sequential ({len(self.latencies_ms)} messages, one at a time, 1 user): "
                f"median {self.median_ms:.2f} ms, p95 {self.p95_ms:.2f} ms, "
                f"p99 {self.p99_ms:.2f} ms, max {max(self.latencies_ms, default=0):.2f} ms; "
                f"bot CPU {self.sequential_cpu_ms:.2f} ms per message",
                f"burst ({self.burst_messages} messages queued at once): "
                f"{self.burst_replies} replies in {self.burst_seconds:.3f} s = "
                f"{self.burst_replies_per_s:.0f} replies/s; time to reply "
                f"p50 {percentile(self.burst_latencies_ms, 50):.1f} ms, "
                f"p99 {percentile(self.burst_latencies_ms, 99):.1f} ms; CPU busy during "
                f"the burst: bot {self.burst_bot_cpu:.0%}, fake server {self.burst_server_cpu:.0%}",
                f"first message of a new user ({len(self.first_contact_ms)} users, one at a "
                f"time): median {self.first_contact_median_ms:.2f} ms, "
                f"p95 {percentile(self.first_contact_ms, 95):.2f} ms",
                f"fake server overhead: update wake-up {s.delivery_ms:.3f} ms (median), "
                f"send* handling {s.send_handle_us:.0f} us CPU (median); bare keep-alive "
                f"sendMessage round trip {s.rtt_us:.0f} us = {s.rtt_per_s:.0f} req/s",
            ]
        )


def settle(
    api: FakeBotApi, chat_ids: Sequence[int], quiet: float = 0.2, timeout: float = 10.0
) -> None:
    """Wait until the bot sent nothing to ``chat_ids`` for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        count = sum(api.bot_message_count(c) for c in chat_ids)
        if count == last:
            return
        last = count
        time.sleep(quiet)


def send_prelude(
    api: FakeBotApi, user_ids: Sequence[int], prelude: Sequence[str], timeout: float
) -> None:
    """Each user sends each prelude text (e.g. "/start") and gets its answer, unmeasured."""
    for text in prelude:
        mids = api.user_sends_many([(uid, text) for uid in user_ids])
        for uid, mid in zip(user_ids, mids, strict=True):
            api.wait_for_bot_messages(uid, 1, timeout, after=mid)
    if prelude:
        settle(api, user_ids)


def run_sequential(
    api: FakeBotApi,
    messages: Callable[[int], str],
    count: int,
    *,
    user_id: int = SEQUENTIAL_USER,
    start: int = 0,
    replies_per_message: int = 1,
    timeout: float = 15.0,
    wait_idle: bool = True,
) -> list[float]:
    """Send ``count`` messages one at a time; ms from queuing each to its first reply.

    With ``wait_idle`` each message waits (up to 1 s) until the bot is back in a long poll, as
    a human's next message would; otherwise it goes out the instant the previous reply lands.
    """
    latencies = []
    for i in range(start, start + count):
        text = messages(i)
        if wait_idle:
            with suppress(TimeoutError):
                api.wait_for(api.polling_now, 1.0)
        queued = time.perf_counter()
        mid = api.user_sends(user_id, text)
        replies = api.wait_for_bot_messages(user_id, replies_per_message, timeout, after=mid)
        latencies.append((replies[0]["time"] - queued) * 1000.0)
    return latencies


def run_first_contacts(
    api: FakeBotApi,
    messages: Callable[[int], str],
    count: int,
    *,
    start: int = 0,
    replies_per_message: int = 1,
    timeout: float = 15.0,
) -> list[float]:
    """``count`` new users send their first message, one at a time (a bot's first
    impression: nothing of theirs is known or cached yet); ms from queuing to the reply."""
    latencies = []
    for k in range(count):
        latencies += run_sequential(
            api,
            messages,
            1,
            user_id=NEW_USERS_FROM + k,
            start=start + k,
            replies_per_message=replies_per_message,
            timeout=timeout,
        )
    return latencies


def run_burst(
    api: FakeBotApi,
    messages: Callable[[int], str],
    users: Sequence[int],
    per_user: int,
    *,
    start: int = 0,
    replies_per_message: int = 1,
    timeout: float = 60.0,
) -> tuple[float, int, list[float]]:
    """Queue ``per_user`` messages from each user at once (interleaved).

    Returns seconds until the last expected reply arrived, the replies counted, and per
    message the ms from queuing to its reply (the n-th reply in a chat answers its n-th message).
    """
    batch = [
        (uid, messages(start + r * len(users) + k))
        for r in range(per_user)
        for k, uid in enumerate(users)
    ]
    expected = per_user * replies_per_message
    queued = time.perf_counter()
    mids = api.user_sends_many(batch)
    first = {uid: mid for (uid, _), mid in reversed(list(zip(batch, mids, strict=True)))}
    api.wait_for(
        lambda: all(api.bot_message_count(u, after=first[u] - 1) >= expected for u in users),
        timeout,
        lambda: (
            f"{expected} replies in each of {len(users)} chats; got "
            f"{sum(api.bot_message_count(u, after=first[u] - 1) for u in users)} in all"
        ),
    )
    latencies: list[float] = []
    last = queued
    for uid in users:
        replies = api.bot_messages(uid, after=first[uid] - 1)[:expected]
        last = max([last, *(r["time"] for r in replies)])
        latencies.extend((r["time"] - queued) * 1000.0 for r in replies[::replies_per_message])
    return last - queued, len(users) * expected, latencies


def server_round_trip(api: FakeBotApi, count: int = 1000) -> tuple[float, float]:
    """Median µs and rate of bare keep-alive sendMessage calls on a separate token."""
    other = api.add_bot(f"{api.bot_id + 1}:BENCH-round-trip-{time.monotonic_ns()}")
    other.add_chat(1)
    conn = http.client.HTTPConnection("127.0.0.1", api.port)
    path = f"/bot{other.token}/sendMessage"
    body = b"chat_id=1&text=ping"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    times = []
    try:
        began = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            response.read()
            times.append(time.perf_counter() - t0)
        total = time.perf_counter() - began
    finally:
        conn.close()
    return statistics.median(times) * 1e6, count / total


def overhead(api: FakeBotApi, since: float, until: float) -> ServerOverhead:
    """The fake's own costs over the window ``since``..``until`` (perf_counter)."""
    sends = [
        r.cpu_time
        for r in api.requests_log()
        if since <= r.started < until
        and r.method.lower() in ("sendmessage", "sendphoto", "senddocument")
    ]
    wake = [
        u["delivered_at"] - u["queued_at"]
        for u in api.update_log()
        if u["delivered_at"] is not None and u["poll_waiting"] and since <= u["queued_at"] < until
    ]
    rtt_us, rtt_rate = server_round_trip(api)
    return ServerOverhead(
        send_handle_us=statistics.median(sends) * 1e6 if sends else float("nan"),
        delivery_ms=statistics.median(wake) * 1000 if wake else float("nan"),
        rtt_us=rtt_us,
        rtt_per_s=rtt_rate,
    )


def measure(
    command: list[str],
    env: dict[str, str],
    messages: Callable[[int], str],
    *,
    sequential: int = 300,
    warmup: int = 20,
    burst_users: int = 20,
    burst_per_user: int = 10,
    first_contacts: int = 50,
    replies_per_message: int = 1,
    prelude: Sequence[str] = (),
    cwd: Path | str | None = ROOT,
    startup_timeout: float = 60.0,
    reply_timeout: float = 15.0,
    wait_idle: bool = True,
) -> Result:
    """Run ``command`` against a fresh fake Bot API and measure it.

    ``env`` is added to the bot's environment (on top of TELEGRAM_BOT_TOKEN, TELEGRAM_BASE_URL,
    TELEGRAM_BASE_FILE_URL). ``messages(i)`` gives the i-th text: indexes ``0..warmup-1`` warm
    up, then ``sequential`` are timed one at a time from one user, then
    ``burst_users * burst_per_user`` are queued at once from ``burst_users`` users, then
    ``first_contacts`` new users send one message each, one at a time. Each user but those
    new ones first sends ``prelude`` (e.g. ``("/start",)``), unmeasured. A bot that answers
    every message with k messages needs ``replies_per_message=k``; latency is to the first.
    """
    with FakeBotApi() as api:
        began = time.perf_counter()
        with running_bot(api, command, env, cwd=cwd, startup_timeout=startup_timeout) as bot:
            startup = time.perf_counter() - began
            users = list(range(BURST_FIRST_USER, BURST_FIRST_USER + burst_users))
            send_prelude(api, [SEQUENTIAL_USER, *users], prelude, reply_timeout)
            run_sequential(
                api,
                messages,
                warmup,
                replies_per_message=replies_per_message,
                timeout=reply_timeout,
            )
            settle(api, [SEQUENTIAL_USER], quiet=0.1)
            timed_from = time.perf_counter()
            sequential_cpu = bot.cpu_seconds()
            latencies = run_sequential(
                api,
                messages,
                sequential,
                start=warmup,
                replies_per_message=replies_per_message,
                timeout=reply_timeout,
                wait_idle=wait_idle,
            )
            settle(api, [SEQUENTIAL_USER], quiet=0.1)
            timed_until = time.perf_counter()
            bot_cpu = bot.cpu_seconds()
            sequential_cpu = bot_cpu - sequential_cpu
            seconds, replies, burst_latencies = run_burst(
                api,
                messages,
                users,
                burst_per_user,
                start=warmup + sequential,
                replies_per_message=replies_per_message,
                timeout=max(60.0, reply_timeout),
            )
            bot_cpu = bot.cpu_seconds() - bot_cpu
            burst_end = timed_until + seconds
            settle(api, users, quiet=0.1)
            first_contact = run_first_contacts(
                api,
                messages,
                first_contacts,
                start=warmup + sequential + burst_users * burst_per_user,
                replies_per_message=replies_per_message,
                timeout=reply_timeout,
            )
            server_cpu = sum(
                r.cpu_time for r in api.requests_log() if timed_until <= r.started <= burst_end
            )
            server = overhead(api, timed_from, timed_until)
            output = bot.output()
        return Result(
            command=list(command),
            startup_s=startup,
            latencies_ms=latencies,
            burst_messages=burst_users * burst_per_user,
            burst_replies=replies,
            burst_seconds=seconds,
            burst_latencies_ms=burst_latencies,
            server=server,
            burst_bot_cpu=bot_cpu / seconds if seconds > 0 else float("nan"),
            burst_server_cpu=server_cpu / seconds if seconds > 0 else float("nan"),
            sequential_cpu_ms=sequential_cpu * 1000.0 / max(1, sequential),
            sequential_window=(timed_from, timed_until),
            first_contact_ms=first_contact,
            bot_output_tail=output[-4000:],
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", type=int, default=500, help="timed one-at-a-time messages")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--users", type=int, default=20, help="burst: distinct users")
    parser.add_argument("--per-user", type=int, default=10, help="burst: messages per user")
    parser.add_argument("command", nargs="*", help="bot command (default: the bare echo bot)")
    args = parser.parse_args(argv)
    result = measure(
        args.command or ECHO_BOT,
        {},
        lambda i: f"bench message {i}",
        sequential=args.sequential,
        warmup=args.warmup,
        burst_users=args.users,
        burst_per_user=args.per_user,
    )
    print(result.summary())


if __name__ == "__main__":
    main()
