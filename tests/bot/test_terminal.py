"""The token-less terminal chat, driven by a program (stdin is not a TTY)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def chat(db: Path, lines: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite:///{db}", "TELEGRAM_BOT_TOKEN": ""})
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=cwd,
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


def replies(out: str) -> list[str]:
    """The bot's answers, one string each (the lines after a `bot> `, indent removed)."""
    blocks = out.split("bot> ")[1:]
    return [b.split("\nBye")[0].replace("\n     ", "\n").strip() for b in blocks]


def test_controls_answer_and_lines_ending_in_backslash_are_one_message(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    lines = ["b1", "/edit", "bench 80x8 \\", "85x6", "b7", "/edit", "/help", "b2"]
    done = chat(db, lines, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "End a line with \\ to go on with the next line" in done.stdout  # the banner says
    none, usage, logged, b7, edit, helped, b2 = replies(done.stdout)
    assert none == "There is no button b1 — the last reply had no buttons."
    assert usage.startswith("/edit TEXT replaces your last message, e.g. /edit bench 80x8 F")
    # Two lines, one message: one answer with both sets and one Undo for both.
    assert "Bench Press 80 kg × 8" in logged and "Bench Press 85 kg × 6" in logged
    assert logged.count("Undo") == 1
    assert b7 == "There is no button b7 — the last reply had b1–b2."  # Undo, It was lb
    assert "(“bench 80x8 / 85x6”)" in edit and "e.g. /edit bench 80x8 F" in edit
    assert "🖥 In this terminal" in helped and "b1, b2" in helped and "Ctrl-C" in helped
    assert helped.index("/undo") < helped.index("In this terminal")  # after the bot's own help
    assert b2 == "There is no button b2 — the last reply had no buttons."
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM set_records").fetchone() == (2,)


def test_charts_and_exports_are_saved_to_files_the_reply_names(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    lines = ["bench 80x8 F", "squat 100x5x3", "/chart bench", "/volume", "/week", "/export"]
    done = chat(db, lines, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "not shown" not in out
    stamp = r"\d{8}-\d{4}"
    for name in ("chart-bench", "volume", "week"):
        found = re.search(rf"\[chart saved to (data/charts/{name}-{stamp}\.png)\]", out)
        assert found, (name, out)
        assert (tmp_path / found.group(1)).read_bytes().startswith(b"\x89PNG")
    exported = re.search(r"\[export saved to (data/exports/tofailure-[-\d]+\.csv)\]", out)
    assert exported, out
    assert "Bench Press,bench_press,80,kg" in (tmp_path / exported.group(1)).read_text("utf-8-sig")


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


def test_a_button_that_is_not_there_leaves_the_real_ones_pressable(tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    done = chat(db, ["dips 8x12", "b9", "b3"])
    assert done.returncode == 0, done.stderr
    asked, missing, tapped = replies(done.stdout)
    assert "[b3] +8 kg × 12" in asked
    assert missing == "There is no button b9 — the last reply had b1–b3."
    assert "✅ Dip +8 kg × 12" in tapped
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT exercise, weight, reps FROM set_records").fetchall() == [
            ("dip", 8, 12)
        ]
