"""Data in and out at the local edges: the terminal chat saves /export under data/exports and
imports with /import PATH; operators use `tofailure export` and `tofailure import`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.paths import DATA

STRONG = DATA / "imports" / "real" / "strong_statistics_strong.csv"


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite:///{db}", "TELEGRAM_BOT_TOKEN": ""})
    return env


def chat(db: Path, folder: Path, lines: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=folder,
        env=_env(db),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def tofailure(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=_env(db),
        timeout=120,
    )


def count(db: Path, user: int) -> int:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT count(*) FROM set_records WHERE user_id = ?", (user,))
        return int(found.fetchone()[0])


def test_the_terminal_saves_an_export_and_imports_a_path(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    out = chat(db, tmp_path, ["bench 80x8 F", "/export", "/export"])
    saved = sorted((tmp_path / "data" / "exports").glob("tofailure-*.csv"))
    assert len(saved) == 2 and saved[0].name != saved[1].name  # never over another file
    for path in saved:  # named as the reply says, relative to where the chat runs
        assert f"[export saved to {path.relative_to(tmp_path)}]" in out
    assert ",Bench Press,bench_press,80,kg,,8,,concentric," in saved[0].read_text("utf-8-sig")
    out = chat(db, tmp_path, ["/import", f"/import {STRONG}", "b1"])
    assert "/import PATH" in out  # a bare /import says how
    assert "Strong export" in out and "Imported 210 sets" in out
    assert count(db, 1) == 211


def test_operators_export_and_import_a_users_log(tmp_path: Path) -> None:
    db = tmp_path / "ops.db"
    preview = tofailure(db, "import", "--user", "42", str(STRONG))
    assert preview.returncode == 0 and "250 sets in 15 workouts" in preview.stdout
    assert "--yes" in preview.stdout and count(db, 42) == 0  # a preview stores nothing
    done = tofailure(db, "import", "--user", "42", "--yes", "--custom", str(STRONG))
    assert done.returncode == 0 and "Imported 250 sets" in done.stdout
    assert count(db, 42) == 250
    out = tmp_path / "42.csv"
    exported = tofailure(db, "export", "--user", "42", "--out", str(out))
    assert exported.returncode == 0 and "Wrote 250 sets" in exported.stderr
    assert len(out.read_text("utf-8-sig").splitlines()) == 251
    again = tofailure(db, "import", "--user", "42", "--yes", str(out))
    assert "nothing to import" in again.stdout and count(db, 42) == 250
    nobody = tofailure(db, "export", "--user", "43", "--out", str(tmp_path / "43.csv"))
    assert nobody.returncode == 1 and "No user with Telegram id 43" in nobody.stderr
    bad = tofailure(db, "import", "--user", "42", str(tmp_path / "missing.csv"))
    assert bad.returncode == 1 and "no file at that path" in bad.stdout
