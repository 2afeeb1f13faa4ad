"""CPU per Bot API request: PTB's default client (httpx) vs ToFailure's (aiohttp), same fake API.

Usage: .venv/bin/python bench/bot_api_client.py [--requests 2000] [--rounds 3]
Each round sends `--requests` sendMessage calls through PTB's request interface (`post`, as the
Bot does: form-encoded parameters, the JSON answer parsed), once one at a time and once with 20
in flight on the bot's 8 connections (a burst of chats), first on PTB's HTTPXRequest, then on
bot/aiohttp_request.py's AiohttpRequest. The figure is the client's own CPU per request (the
event loop's thread; the fake Bot API runs in other threads), the median over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bench import figures
from bot.aiohttp_request import POOL_WAIT_S, SEND_CONNECTIONS, bot_api_requests
from tests.e2e.fake_bot_api import DEFAULT_TOKEN, FakeBotApi

CHATS = 20


def message(i: int) -> RequestData:
    return RequestData(
        [
            RequestParameter("chat_id", 1000 + i % CHATS, None),
            RequestParameter("text", f"✅ Bench Press 80 kg × {i % 12 + 1}", None),
        ]
    )


async def cpu_per_request(request: BaseRequest, url: str, count: int, in_flight: int) -> float:
    """ms of this thread's CPU per request."""
    slots = asyncio.Semaphore(in_flight)

    async def one(i: int) -> None:
        async with slots:
            await request.post(url, message(i))

    async with request:
        await asyncio.gather(*(one(i) for i in range(20)))  # connections open, code warm
        began = time.thread_time()
        await asyncio.gather(*(one(i) for i in range(count)))
        return (time.thread_time() - began) * 1000.0 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    figures.add_argument(parser)
    args = parser.parse_args()
    clients = {  # both with the bot's pool (bot/aiohttp_request.py)
        "httpx": lambda: HTTPXRequest(
            connection_pool_size=SEND_CONNECTIONS, pool_timeout=POOL_WAIT_S
        ),
        "aiohttp": lambda: bot_api_requests()[0],
    }
    found: list[figures.Figure] = []
    with FakeBotApi() as api:
        api.user_sends_many([(1000 + k, "hi") for k in range(CHATS)])  # the chats exist
        url = f"{api.base_url}{DEFAULT_TOKEN}/sendMessage"
        for in_flight in (1, CHATS):
            cpu: dict[str, list[float]] = {name: [] for name in clients}
            for _ in range(args.rounds):
                for name, make in clients.items():
                    cpu[name].append(
                        asyncio.run(cpu_per_request(make(), url, args.requests, in_flight))
                    )
            httpx, aiohttp = (statistics.median(cpu[n]) for n in ("httpx", "aiohttp"))
            shape = (
                "one at a time"
                if in_flight == 1
                else f"{in_flight} in flight on {SEND_CONNECTIONS} connections"
            )
            print(
                f"sendMessage, {shape}: client CPU per request httpx {httpx:.3f} ms, "
                f"aiohttp {aiohttp:.3f} ms ({aiohttp / httpx:.2f}x); rounds "
                + ", ".join(
                    f"{a:.3f}/{h:.3f}" for h, a in zip(cpu["httpx"], cpu["aiohttp"], strict=True)
                )
            )
            found.append(
                figures.Figure(
                    f"Bot API client CPU per sendMessage, {shape} ({args.requests} requests, "
                    f"median of {args.rounds} rounds): aiohttp (ours) vs PTB's default httpx",
                    "median",
                    aiohttp,
                    "ms",
                    httpx,
                )
            )
    figures.write(args.figures, found)


if __name__ == "__main__":
    main()
