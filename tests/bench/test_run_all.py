"""`bench/run_all.py --short` (the CI smoke of every benchmark): each benchmark in bench/ runs
and gives its figures as numbers in the one table. Nothing here asserts a speed: the figures
live in the table, the targets in its "met?" column."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.run_all import POSTGRES, REDIS, service_url

ROOT = Path(__file__).resolve().parents[2]
# What in bench/ is not a benchmark; every other script must be in the table.
HELPERS = {
    "__init__.py",
    "figures.py",
    "run_all.py",
    "echo_bot.py",
    "durable_echo_bot.py",
    "plumbing_echo_bot.py",
    "latency_harness.py",
    "timed_bot.py",
}
NEEDS = {"summaries.py": (POSTGRES,), "send_budget.py": (POSTGRES, REDIS)}

pytestmark = [pytest.mark.bench, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """The printed table and the JSON of one short run of every benchmark."""
    out = tmp_path_factory.mktemp("bench") / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--short", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=540,
        cwd=ROOT,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr[-5000:]
    return done.stdout, json.loads(out.read_text())


def benchmarks() -> list[str]:
    return sorted(p.name for p in (ROOT / "bench").glob("*.py") if p.name not in HELPERS)


def test_the_table_has_a_row_for_every_benchmark(smoke: tuple[str, dict[str, Any]]) -> None:
    printed, _ = smoke
    rows = [line.split("|")[1:-1] for line in printed.splitlines() if line.startswith("| ")]
    assert [c.strip() for c in rows[0]] == ["benchmark", "what", "figure", "target", "met?"]
    named = [cells[0].strip().strip("`") for cells in rows[1:] if cells[0].strip()]
    assert sorted(named) == benchmarks()
    assert printed.startswith("- Machine: ") and " cores, " in printed.splitlines()[0]


def test_every_figure_is_a_number(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    ran = [b for b in data["benchmarks"] if b["status"] == "ok"]
    assert ran, "nothing ran"
    for bench in ran:
        assert bench["figures"], f"{bench['script']} gave no figures"
        for figure in bench["figures"]:
            numbers = [figure["value"]] + [figure[k] for k in ("baseline", "target") if figure[k]]
            assert all(isinstance(n, int | float) and math.isfinite(n) for n in numbers), figure
            assert figure["what"] and figure["unit"] is not None, figure


def test_a_benchmark_is_skipped_only_without_its_service(
    smoke: tuple[str, dict[str, Any]],
) -> None:
    _, data = smoke
    for bench in data["benchmarks"]:
        if bench["status"] == "skipped":
            assert any(service_url(s) is None for s in NEEDS[bench["script"]]), bench
            assert "not set" in bench["reason"]
        else:
            assert bench["status"] == "ok", bench
    if service_url(POSTGRES):  # with PostgreSQL, each of these measures it too
        for script in ("log_latency.py", "stats.py", "data_io.py", "summaries.py"):
            figures = next(b["figures"] for b in data["benchmarks"] if b["script"] == script)
            assert any("PostgreSQL" in f["what"] for f in figures), script
