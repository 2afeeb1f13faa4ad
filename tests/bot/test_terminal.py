"""The token-less terminal chat, driven by a program (stdin is not a TTY)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def chat(db: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite:///{db}", "TELEGRAM_BOT_TOKEN": ""})
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_terminal_chat_logs_through_the_same_services(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    done = chat(db, ["/start", "b1", "Berlin", "bench 80x8 F", "85x6", "deadlift 200x3 F", "hi"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Time zone set to Europe/Berlin" in out
    assert "Bench Press 80 kg × 8 F" in out and "Bench Press 85 kg × 6" in out
    assert "⚠️" in out and "Deadlift" in out  # the heavy-compound warning
    assert "I log sets" in out  # "hi" gets the hint, not a stored set
    assert "Bye" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM set_records").fetchone() == (3,)


def test_terminal_chat_edit_undo_and_restart_keep_the_log(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    first = chat(db, ["squat 100x5", "/edit squat 100x6", "bench 60x10", "b1"])
    assert "Corrected" in first.stdout and "Removed" in first.stdout
    second = chat(db, ["/undo", "/undo"])  # a new process on the same file
    assert "Back Squat 100 kg × 6" in second.stdout
    assert "nothing to undo" in second.stdout.lower()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM set_records").fetchone() == (0,)


def test_end_of_input_quits_cleanly(tmp_path: Path) -> None:
    done = chat(tmp_path / "x.db", [])
    assert done.returncode == 0 and "Bye" in done.stdout
    assert "Traceback" not in done.stderr


def test_terminal_chat_answers_questions_with_b1_b2(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    lines = ["dips 8x12", "b3", "zercher carry 60x20", "b2", "zercher cary 70x15"]
    done = chat(db, [*lines, "squat 100x5", "squat 3x5", "b1"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "[b1] 8 sets × 12  [b2] 12 sets × 8  [b3] +8 kg × 12" in out
    assert "✅ Dip +8 kg × 12" in out
    assert "[b2] ➕ new exercise “zercher carry” · 60 kg × 20" in out
    assert "✅ Zercher Carry 60 kg × 20" in out and "✅ Zercher Carry 70 kg × 15" in out
    assert "[b1] 3 sets × 5 @ 100 kg" in out
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT exercise, weight, reps FROM set_records ORDER BY logged_at, id"
        ).fetchall()
    assert rows == [
        ("dip", 8, 12),
        ("custom_zercher_carry", 60, 20),
        ("custom_zercher_carry", 70, 15),
        ("back_squat", 100, 5),
        *[("back_squat", 100, 5)] * 3,
    ]
