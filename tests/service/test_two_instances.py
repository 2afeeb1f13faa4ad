"""Two bot processes on one PostgreSQL database, ticking together over 1 000 due users."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as wall
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from core.deliveries import SENT
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.rows import DeliveryRow, ScheduleRow, UserRow
from storage.uow import UnitOfWorkFactory
from tests.dbs import POSTGRES_ENV, postgres_schema, postgres_url
from tests.service import seed
from tests.service.seed import entry

USERS = 1000
NOW = datetime(2026, 3, 8, 18, 5, tzinfo=UTC)  # Sunday, five minutes after everyone is due
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]


async def _seed(schema: str) -> None:
    engine = make_engine(postgres_url(), connect_args={"server_settings": {"search_path": schema}})
    await migrate(engine)
    due = NOW - timedelta(minutes=5)
    users = [
        {"id": 10_000 + k, "unit": "kg", "timezone": "UTC", "week_start": "monday",
         "deload_every_weeks": 6, "rules_off": [], "thresholds": {}, "created_at": due,
         "updated_at": due}
        for k in range(USERS)
    ]  # fmt: skip
    schedules = [
        {"user_id": u["id"], "kind": "summary", "weekday": 6, "local_time": wall(18),
         "zone": "UTC", "enabled": True, "next_run_at": due, "updated_at": due}
        for u in users
    ]  # fmt: skip
    async with engine.begin() as conn:
        await conn.execute(insert(UserRow), users)
        await conn.execute(insert(ScheduleRow), schedules)
    svc = Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=lambda: due)
    for k in range(0, USERS, 20):  # every 20th user trained this week: a real summary
        await seed.log(svc, 10_000 + k, NOW - timedelta(days=3), entry("bench_press", 80, 8))
    await engine.dispose()


async def _ledger(schema: str) -> tuple[int, int, int]:
    engine = make_engine(postgres_url(), connect_args={"server_settings": {"search_path": schema}})
    async with engine.connect() as conn:
        sent = await conn.scalar(
            select(func.count()).select_from(DeliveryRow).where(DeliveryRow.status == SENT)
        )
        rows = await conn.scalar(select(func.count()).select_from(DeliveryRow))
        still_due = await conn.scalar(
            select(func.count()).select_from(ScheduleRow).where(ScheduleRow.next_run_at <= NOW)
        )
    await engine.dispose()
    return int(sent or 0), int(rows or 0), int(still_due or 0)


async def test_two_processes_deliver_each_summary_exactly_once(tmp_path: Path) -> None:
    async with postgres_schema() as schema:
        await _seed(schema)
        start = time.time() + 2.0  # both processes are up and connected by then
        outs = [tmp_path / f"worker{k}.json" for k in range(2)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        argv = [sys.executable, "-m", "tests.service.tick_worker", postgres_url(), schema]
        procs = [
            subprocess.Popen([*argv, NOW.isoformat(), str(start), str(out)], cwd=ROOT, env=env)
            for out in outs
        ]
        began = time.monotonic()
        codes = await asyncio.gather(*(asyncio.to_thread(p.wait, 60) for p in procs))
        assert codes == [0, 0]
        took = time.monotonic() - began
        results = [json.loads(out.read_text()) for out in outs]
        sent = [chat for r in results for chat in r["sent"]]
        delivered, duplicates = len(set(sent)), len(sent) - len(set(sent))
        missed = USERS - delivered
        ledger_sent, ledger_rows, still_due = await _ledger(schema)
        print(
            f"\ntwo instances, {USERS} due users: delivered {delivered}, duplicates {duplicates},"
            f" missed {missed}; per process {[len(r['sent']) for r in results]}, "
            f"conflicts {[r['conflicts'] for r in results]}, ticks {[r['ticks'] for r in results]},"
            f" {took:.1f} s with process start,"
            f" ticking {[round(r['seconds'], 1) for r in results]} s"
            f" (cpu {[round(r['cpu'], 1) for r in results]} s)"
        )
        assert (delivered, duplicates, missed) == (USERS, 0, 0)
        assert (ledger_sent, ledger_rows, still_due) == (USERS, USERS, 0)
        assert all(r["sent"] for r in results), "both instances should have shared the work"
