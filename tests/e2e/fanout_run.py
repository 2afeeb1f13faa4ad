"""Several real bot instances fanning out weekly summaries against the fake Bot API, measured.

Used by tests/e2e/test_send_budget.py (short) and bench/send_budget.py (full size): N
`python -m bot` processes (one polling, the others TOFAILURE_POLLING=false) on one PostgreSQL
database and (optionally) one Redis, `users` summaries due at once, Telegram's flood limits
enforced by the fake, and a few people logging sets meanwhile, one message a second each.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as wall

from sqlalchemy import insert

from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.rows import ScheduleRow, UserRow
from storage.uow import UnitOfWorkFactory
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi, bot_env, running_bot
from tests.e2e.flood_control import FloodControl, TelegramLimits, peak_in_window
from tests.e2e.test_two_bots import scratch_database
from tests.service import seed
from tests.service.seed import entry

BOT = [sys.executable, "-m", "bot"]
FIRST_USER = 1_000_000
CHATTERS = 5  # people logging sets during the fan-out
CHATTER_PAUSE_S = 1.0  # between one person's messages: human pace, within 1 message/s/chat
WITH_SETS_EVERY = 20  # every 20th user trained this week: a real summary with a chart


@dataclass
class FanoutResult:
    instances: int
    users: int
    shared: bool  # whether the instances shared a Redis budget
    delivered: int = 0  # users who got their summary
    duplicates: int = 0  # messages a user got twice
    sends: int = 0  # messages accepted by the fake (summaries, charts, replies)
    refused_429: int = 0  # HTTP 429 answers of any method
    refused_by: dict[str, int] = field(default_factory=dict)  # the fake's limit that refused
    peak_1s: int = 0  # most messages accepted in any 1 s window
    attempted_peak_1s: int = 0  # most messages sent in any 1 s window, refused ones included
    fanout_seconds: float = 0.0  # first to last summary message
    fanout_messages: int = 0  # messages accepted meanwhile (summaries, charts, replies)
    reply_delays: list[float] = field(default_factory=list)  # during the fan-out, seconds
    errors: list[str] = field(default_factory=list)  # tracebacks in the bots' output
    fallbacks: int = 0  # times an instance found Redis not answering and went local
    retried: int = 0  # 429s the bots logged as retried

    @property
    def throughput(self) -> float:
        """Summaries delivered per second of fan-out."""
        return self.delivered / self.fanout_seconds if self.fanout_seconds else 0.0

    @property
    def message_rate(self) -> float:
        """Messages per second during the fan-out: what the budget paces."""
        return self.fanout_messages / self.fanout_seconds if self.fanout_seconds else 0.0

    def delay(self, share: float) -> float:
        ordered = sorted(self.reply_delays)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def summary(self) -> str:
        budget = "one Redis budget" if self.shared else "no shared budget"
        return (
            f"{self.instances} instances, {budget}, {self.users} summaries: delivered "
            f"{self.delivered}, duplicates {self.duplicates}; {self.sends} messages accepted, "
            f"peak {self.peak_1s} in any 1 s ({self.attempted_peak_1s} tried), "
            f"{self.refused_429} HTTP 429 {self.refused_by}; Redis fallbacks {self.fallbacks}; "
            f"fan-out {self.fanout_seconds:.1f} s ({self.throughput:.1f} summaries/s, "
            f"{self.message_rate:.1f} messages/s); "
            f"replies to people during it: {len(self.reply_delays)}, "
            f"median {self.delay(0.5) * 1000:.0f} ms, p95 {self.delay(0.95) * 1000:.0f} ms, "
            f"max {self.delay(1.0) * 1000:.0f} ms"
        )


async def _seed(url: str, users: list[int], chatters: list[int]) -> None:
    engine = make_engine(url)
    await migrate(engine)
    now = datetime.now(UTC)
    due = now - timedelta(minutes=1)
    later = now + timedelta(days=6)
    rows = [
        {"id": u, "unit": "kg", "timezone": "UTC", "week_start": "monday",
         "deload_every_weeks": 6, "rules_off": [], "thresholds": {}, "created_at": due,
         "updated_at": due}
        for u in users + chatters
    ]  # fmt: skip
    schedules = [
        {"user_id": u, "kind": "summary", "weekday": 6, "local_time": wall(18), "zone": "UTC",
         "enabled": True, "next_run_at": due if u in set(users) else later, "updated_at": due}
        for u in users + chatters
    ]  # fmt: skip
    async with engine.begin() as conn:
        for k in range(0, len(rows), 1000):
            await conn.execute(insert(UserRow), rows[k : k + 1000])
            await conn.execute(insert(ScheduleRow), schedules[k : k + 1000])
    svc = Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=lambda: due)
    monday = (now - timedelta(days=now.weekday())).replace(hour=7, minute=0)
    for user in users[::WITH_SETS_EVERY]:
        at = max(monday, now - timedelta(hours=2))
        await seed.log(svc, user, at, entry("bench_press", 80, 8), entry("dumbbell_curl", 16, 12))
    await engine.dispose()


def _chat(
    api: FakeBotApi, user: int, stop: threading.Event, out: list[tuple[float, float]]
) -> None:
    k = 0
    while not stop.is_set():
        asked = time.perf_counter()
        mid = api.user_sends(user, f"bench {60 + k % 20}x{5 + k % 4}")
        try:
            reply = api.wait_for_reply(user, mid, timeout=30)
        except TimeoutError:
            out.append((asked, float("inf")))
            return
        out.append((asked, reply["time"]))
        k += 1
        stop.wait(CHATTER_PAUSE_S)


def _wait_for_everyone(api: FakeBotApi, users: list[int], timeout: float) -> None:
    """Until every user got a message (polled: a predicate over thousands of chats would run
    on every server event, under the fake's lock)."""
    waiting, deadline = set(users), time.monotonic() + timeout
    while waiting:
        waiting = {u for u in waiting if not api.bot_message_count(u)}
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(waiting)} of {len(users)} summaries never arrived")
        time.sleep(1.0)


def run_fanout(
    *,
    users: int,
    instances: int = 3,
    redis_url: str | None,
    rate_limit: float = 30,
    tick_seconds: float = 1.0,
    timeout: float = 600.0,
) -> FanoutResult:
    """Fan out `users` summaries with `instances` bot processes; the figures.

    The database is a scratch one on the server of TOFAILURE_TEST_POSTGRES_URL.
    """
    summary_users = list(range(FIRST_USER, FIRST_USER + users))
    chatters = list(range(FIRST_USER - CHATTERS, FIRST_USER))
    result = FanoutResult(instances, users, shared=redis_url is not None)
    # A bot id of its own: the Redis keys of parallel runs never meet.
    token = f"{7_000_000_000 + uuid.uuid4().int % 10**9}:AAFake-fanout-token"
    with (
        scratch_database() as url,
        FakeBotApi(token, strict_chats=False, limits=TelegramLimits()) as api,
    ):
        asyncio.run(_seed(url, summary_users, chatters))
        env = {
            "DATABASE_URL": url,
            "TOFAILURE_TICK_SECONDS": str(tick_seconds),
            "TOFAILURE_RATE_LIMIT": str(rate_limit),
            "TOFAILURE_REDIS_URL": redis_url or "",
        }
        workers = [
            BotProcess(BOT, bot_env(api, {**env, "TOFAILURE_POLLING": "false"}))
            for _ in range(instances - 1)
        ]
        stop = threading.Event()
        replies: list[tuple[float, float]] = []
        try:
            with running_bot(api, BOT, env) as polling:
                threads = [
                    threading.Thread(target=_chat, args=(api, u, stop, replies), daemon=True)
                    for u in chatters
                ]
                for t in threads:
                    t.start()
                _wait_for_everyone(api, summary_users, timeout)
                time.sleep(2 * tick_seconds)  # later ticks: nothing is sent again
                stop.set()
                for t in threads:
                    t.join(35)
            outputs = [polling.output()]
        finally:
            stop.set()
            for w in workers:
                w.close()
        outputs += [w.output() for w in workers]
        _measure(api, result, summary_users, replies, outputs)
    return result


def _measure(
    api: FakeBotApi,
    result: FanoutResult,
    users: list[int],
    replies: list[tuple[float, float]],
    outputs: list[str],
) -> None:
    summary_times: list[float] = []
    for user in users:
        messages = api.bot_messages(user)
        result.delivered += bool(messages)
        texts = Counter(m["text"] for m in messages)
        result.duplicates += sum(n - 1 for n in texts.values())
        summary_times += [m["time"] for m in messages]
    times = api.send_times()
    result.sends = len(times)
    result.peak_1s = peak_in_window(times, 1.0)
    requests = api.requests_log()
    result.refused_429 = sum(1 for r in requests if r.status == 429)
    tried = [
        r.started for r in requests if FloodControl.counted(r.method) and r.status in (200, 429)
    ]
    result.attempted_peak_1s = peak_in_window(tried, 1.0)
    result.refused_by = api.flood_refusals_by_limit()
    first, last = min(summary_times), max(summary_times)
    result.fanout_seconds = last - first
    result.fanout_messages = sum(1 for t in times if first <= t <= last)
    result.reply_delays = [sent - asked for asked, sent in replies if first <= asked <= last]
    result.errors = [out for out in outputs if "Traceback" in out]
    result.fallbacks = sum(out.count("is not answering") for out in outputs)
    result.retried = sum(out.count("Telegram says retry after") for out in outputs)
