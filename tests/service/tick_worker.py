"""One bot instance's scheduler loop, as a separate OS process, for the two-instance test.

python -m tests.service.tick_worker URL SCHEMA NOW START OUT: waits for the wall-clock START
(so both processes begin together), ticks with its own engine at the fixed time NOW until
nothing more is due, and writes the chats it sent to (JSON) to OUT.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from core.replies import Reply
from service.deliveries import TickConfig, tick
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.uow import UnitOfWorkFactory

# Small batches so the two instances interleave many times over 1 000 users.
CONFIG = TickConfig(batch=25, max_per_tick=200, rate=None, concurrency=8, charts=False)
IDLE_TICKS_TO_STOP = 3


async def run(url: str, schema: str, now: datetime, start: float, out: Path) -> None:
    engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
    svc = Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=lambda: now)
    sent: list[int] = []

    async def send(chat_id: int, _reply: Reply) -> None:
        await asyncio.sleep(0.002)  # a Bot API round trip, so sends overlap the other process
        sent.append(chat_id)

    async with engine.connect():  # connect before the start signal, not after it
        pass
    time.sleep(max(0.0, start - time.time()))
    began, cpu = time.monotonic(), time.process_time()
    ticks = conflicts = idle = 0
    while idle < IDLE_TICKS_TO_STOP:
        report = await tick(svc, send, CONFIG)
        ticks += 1
        conflicts += report.conflicts
        idle = idle + 1 if report.claimed == 0 else 0
        await asyncio.sleep(0.02)
    await engine.dispose()
    took, cpu = time.monotonic() - began, time.process_time() - cpu
    report = {"sent": sent, "ticks": ticks, "conflicts": conflicts, "seconds": took, "cpu": cpu}
    out.write_text(json.dumps(report))


if __name__ == "__main__":
    url, schema, now, start, out = sys.argv[1:6]
    asyncio.run(run(url, schema, datetime.fromisoformat(now), float(start), Path(out)))
