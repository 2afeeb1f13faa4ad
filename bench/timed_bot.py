"""`python -m bot` (or the echo bot) with in-process timers around each step of the reply path.

Run by `bench/log_latency.py --breakdown`: each wrapped step records (name, start, wall
seconds, process CPU seconds); at exit they go as JSON lines to $TOFAILURE_BENCH_SPANS. The
start is `time.perf_counter()` (CLOCK_MONOTONIC, the same clock in the harness), so the
harness keeps only the spans of its one-at-a-time phase, where steps never overlap and a
step's process CPU is its own (the aiosqlite thread included).
"""

from __future__ import annotations

import atexit
import functools
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SPANS: list[tuple[str, float, float, float]] = []

# (module, attribute path, span name): what the reply path of a logged set goes through.
OURS = [
    ("telegram.ext", "ExtBot.get_updates", "1 getUpdates (HTTP + JSON -> Update)"),
    ("service.inbox", "store", "2 inbox intake write"),
    ("bot.durable", "DurableApplication.process_update", "3 process_update (all of it)"),
    ("bot.handlers.texts", "on_text", "4 handler"),
    ("bot.handlers.texts", "new_text", "5 use case (parse, rules, one transaction)"),
    ("service.users", "contact", "5a user + deload weeks"),
    ("service.texts", "read", "5b read: window, parse"),
    ("storage.repositories", "Logbook.add_message", "5c insert message + sets"),
    ("service.log_sets", "logged_reply", "5d reply text: tally, last time, PR, rules"),
    ("storage.uow", "UnitOfWork.commit", "5e commit"),
    ("bot.handlers.texts", "send", "6 send the reply (HTTP)"),
    ("service.inbox", "mark_answered", "7 answered-mark write"),
]
ECHO = [
    ("telegram.ext", "ExtBot.get_updates", "1 getUpdates (HTTP + JSON -> Update)"),
    ("telegram.ext", "Application.process_update", "3 process_update (all of it)"),
    ("telegram", "Message.reply_text", "6 send the reply (HTTP)"),
]


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        began, cpu = time.perf_counter(), time.process_time()
        try:
            return await func(*args, **kwargs)
        finally:
            SPANS.append((name, began, time.perf_counter() - began, time.process_time() - cpu))

    return wrapper


def install(targets: list[tuple[str, str, str]]) -> None:
    for module_name, path, name in targets:
        owner: Any = importlib.import_module(module_name)
        *parents, attribute = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        setattr(owner, attribute, _timed(name, getattr(owner, attribute)))


def dump() -> None:
    target = os.environ.get("TOFAILURE_BENCH_SPANS")
    if not target:
        return
    with open(target, "w", encoding="utf-8") as out:
        for name, began, wall, cpu in SPANS:
            out.write(json.dumps([name, began, wall, cpu]) + "\n")


def profile_after(path: str, after: int) -> None:
    import cProfile

    from telegram.ext import Application

    profiler = cProfile.Profile(time.process_time)
    seen = 0
    process_update = Application.process_update

    async def counting(self: Any, update: object) -> None:
        nonlocal seen
        seen += 1
        if seen == after + 1:
            profiler.enable()
        await process_update(self, update)

    Application.process_update = counting  # type: ignore[method-assign]
    atexit.register(lambda: (profiler.disable(), profiler.dump_stats(path)))


def time_gc() -> None:
    """Each garbage collection as a span ("gc genN"), to see what it costs in the reply path."""
    import gc

    started: list[tuple[float, float]] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append((time.perf_counter(), time.process_time()))
        elif started:
            began, cpu = started.pop()
            SPANS.append(
                (f"gc gen{info['generation']}", began, time.perf_counter() - began,
                 time.process_time() - cpu)
            )  # fmt: skip

    gc.callbacks.append(callback)


def main() -> None:
    atexit.register(dump)
    time_gc()
    if profile_to := os.environ.get("TOFAILURE_BENCH_CPROFILE"):
        # CPU time (waiting is not cost), from the update numbered ..._AFTER on (e.g. the
        # burst's first), so start-up and imports stay out of it.
        profile_after(profile_to, int(os.environ.get("TOFAILURE_BENCH_CPROFILE_AFTER", "0")))
    if sys.argv[1:] == ["echo"]:
        install(ECHO)
        import echo_bot  # type: ignore[import-not-found]

        echo_bot.main()
        return
    install(OURS)
    from bot.__main__ import main as bot_main

    sys.exit(bot_main())


if __name__ == "__main__":
    main()
