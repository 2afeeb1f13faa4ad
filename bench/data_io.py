"""Import and export end to end through the service, on SQLite and PostgreSQL: rows/s and peak
memory at two sizes each (flat = streaming works all the way to the database and back).

Run: .venv/bin/python bench/data_io.py [--rounds 3] [--import-rows 20000 80000]
     [--export-sets 50000 100000] [--postgres postgresql://postgres@127.0.0.1:5432/test]

Import: a generated Strong export (bench/transfer.py's generator: warm-ups, F and D rows, RPE,
notes, Note rows, cardio, 40 exercise titles, some unknown ones kept as own exercises) on disk,
previewed (`/import PATH`: one pass that asks the database what is new) and confirmed (the
button: the second pass storing everything in one transaction), each round as a new user.
Export: `write_log` of a user with that many sets (stored by importing a generated file) to a
sink that only counts bytes, page by page from the database.
Speed runs without tracemalloc; peak memory comes from a separate run under tracemalloc
(Python allocations during the pass). Medians of the rounds; the machine is shared, so the
fastest round is printed too, and "cpu" is rows per CPU second of this process (what an idle
machine would give; PostgreSQL's own server time is not in it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench import figures
from bench.transfer import HEADER, CountingSink, strong_rows
from service import exports, imports
from service.commands import press
from service.files import LocalFiles
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

NOW = datetime(2100, 1, 1, tzinfo=UTC)  # after every generated workout


@asynccontextmanager
async def database(backend: str, postgres: str | None, folder: Path) -> AsyncIterator[Services]:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        schema = None
    else:
        assert postgres is not None
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(postgres)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(postgres, connect_args={"server_settings": {"search_path": schema}})
    try:
        await migrate(engine)
        uow = UnitOfWorkFactory(make_session_factory(engine))
        yield Services(uow=uow, clock=lambda: NOW, files=LocalFiles())
    finally:
        await engine.dispose()
        if schema is not None:
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()


def strong_file(rows: int, folder: Path) -> Path:
    path = folder / f"strong_{rows}.csv"
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(HEADER)
            f.writelines(strong_rows(rows))
    return path


_users = iter(range(10_000, 10**9))


@dataclass(frozen=True)
class Timed:
    preview: float  # wall seconds
    confirm: float
    preview_cpu: float  # CPU seconds of this process (all threads; not PostgreSQL's server)
    confirm_cpu: float


async def import_once(svc: Services, path: Path) -> Timed:
    """Preview and confirm a file for a new user (unknown names kept as own exercises)."""
    user = next(_users)
    c0, t0 = time.process_time(), time.perf_counter()
    preview = await imports.import_command(svc, user, str(path))
    c1, t1 = time.process_time(), time.perf_counter()
    custom = next(b.data for row in preview.buttons for b in row if ":custom:" in b.data)
    done = await press(svc, user, custom)
    c2, t2 = time.process_time(), time.perf_counter()
    assert done is not None and done.text.startswith("Imported"), done
    return Timed(t1 - t0, t2 - t1, c1 - c0, c2 - c1)


async def export_once(svc: Services, user: int) -> int:
    done = await exports.write_log(svc, user, CountingSink())  # type: ignore[arg-type]
    return done.sets


async def peak(run: Callable[[], Awaitable[object]]) -> float:
    """Peak MiB of Python allocations while `run` runs (tracemalloc; slow, so separate)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    await run()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


async def bench_backend(
    backend: str, args: argparse.Namespace, folder: Path
) -> list[figures.Figure]:
    imported: list[tuple[int, float, float]] = []
    exported: list[tuple[int, float, float]] = []
    both: list[tuple[int, float, float]] = []
    async with database(backend, args.postgres, folder) as svc:
        await import_once(svc, strong_file(500, folder))  # warm: catalogue, name index, SQL
        for rows in args.import_rows:
            path = strong_file(rows, folder)
            runs = [await import_once(svc, path) for _ in range(args.rounds)]
            memory = await peak(lambda p=path: import_once(svc, p))
            size = path.stat().st_size / 2**20

            def rate(seconds: list[float], rows: int = rows) -> str:
                return f"{rows / statistics.median(seconds):>7,.0f}"

            print(
                f"{backend:10} import {rows:>7,} rows ({size:4.1f} MiB): "
                f"preview {rate([r.preview for r in runs])} rows/s "
                f"(cpu {rate([r.preview_cpu for r in runs])}), "
                f"confirm {rate([r.confirm for r in runs])} rows/s "
                f"(best {rows / min(r.confirm for r in runs):,.0f}, "
                f"cpu {rate([r.confirm_cpu for r in runs])}), "
                f"both {rate([r.preview + r.confirm for r in runs])} rows/s; "
                f"peak {memory:5.2f} MiB",
                flush=True,
            )
            imported.append((rows, rows / statistics.median([r.confirm for r in runs]), memory))
            both.append((rows, rows / statistics.median([r.preview + r.confirm for r in runs]), 0))
        for sets in args.export_sets:
            # The user: a generated file imported; its unknown names are kept, so every row
            # but the skipped ones (Note rows, cardio) is a set. Enough rows for `sets` sets.
            user = next(_users)
            path = strong_file(int(sets * 1.12) + 100, folder)
            preview = await imports.import_command(svc, user, str(path))
            custom = next(b.data for row in preview.buttons for b in row if ":custom:" in b.data)
            await press(svc, user, custom)
            rates, cpu = [], []
            for _ in range(args.rounds):
                c0, t0 = time.process_time(), time.perf_counter()
                written = await export_once(svc, user)
                rates.append(written / (time.perf_counter() - t0))
                cpu.append(written / (time.process_time() - c0))
            memory = await peak(lambda u=user: export_once(svc, u))
            print(
                f"{backend:10} export {written:>7,} sets:            "
                f"{statistics.median(rates):>9,.0f} sets/s (best {max(rates):,.0f}, "
                f"cpu {statistics.median(cpu):,.0f}); peak {memory:5.2f} MiB",
                flush=True,
            )
            exported.append((written, statistics.median(rates), memory))
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]
    confirm = figures.streamed(
        f"import, {name}: confirm (one transaction)", "rows", imported, 20_000
    )
    whole = (
        f"import, {name}: preview + confirm (the whole trip), {figures.number(both[-1][0])} rows"
    )
    return [
        confirm[0],
        figures.Figure(whole, "median", both[-1][1], "rows/s"),
        confirm[1],
        *figures.streamed(f"/export, {name}", "sets", exported, None),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rows", type=int, nargs="+", default=[20_000, 80_000])
    parser.add_argument("--export-sets", type=int, nargs="+", default=[50_000, 100_000])
    parser.add_argument("--postgres", default=os.environ.get("TOFAILURE_TEST_POSTGRES_URL"))
    figures.add_argument(parser)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print(f"python {platform.python_version()}; {args.rounds} rounds, medians")
    backends = ["sqlite", *(["postgresql"] if args.postgres else [])]
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            found += await bench_backend(backend, args, Path(tmp))
    print(f"load at the end: {os.getloadavg()[0]:.1f}")
    figures.write(args.figures, found)


if __name__ == "__main__":
    asyncio.run(main())
