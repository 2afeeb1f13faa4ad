"""The terminal chat as a person uses it: in a terminal (pastes, Ctrl-C, Ctrl-D), or quit while
it waits for input that never comes."""

from __future__ import annotations

import sqlite3
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.live_chat import LiveChat

BANNER_END = r"Ctrl-D or Ctrl-C quits\.\n"


@pytest.fixture
def chats() -> Iterator[list[LiveChat]]:
    started: list[LiveChat] = []
    yield started
    for chat in started:
        chat.stop()


def sets(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM set_records").fetchone()[0])


def test_ctrl_c_quits_at_once_while_it_waits_for_input(
    tmp_path: Path, chats: list[LiveChat]
) -> None:
    chat = LiveChat(tmp_path / "c.db", tmp_path)
    chats.append(chat)
    chat.expect(BANNER_END)
    chat.send("bench 80x8\n")
    chat.expect(r"Bench Press 80 kg × 8")
    chat.interrupt()  # stdin stays open: nothing else would end it
    status, stderr = chat.wait(timeout=30)
    assert status == 0
    assert chat.output.rstrip().endswith("Bye — your log is saved.")
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert sets(tmp_path / "c.db") == 1


def test_in_a_terminal_pastes_are_one_message_and_ctrl_c_restores_it(
    tmp_path: Path, chats: list[LiveChat]
) -> None:
    db = tmp_path / "t.db"
    chat = LiveChat(db, tmp_path, tty=True)
    chats.append(chat)
    chat.expect(r"lines pasted at once are one message \(press Enter to send it\)\.\n" + BANNER_END)
    chat.expect(r"you> ")
    # A marked paste (bracketed paste, as terminals send it) without its last line break: the
    # person finishes the last line and presses Enter; it is all one message.
    chat.send("\x1b[200~Push day\nbench 90x8\nbench 95x8\x1b[201~")
    chat.send(" F\n")
    logged = chat.expect(r"(?s)bot> (.*?)\nyou> ").group(1)
    assert "Bench Press 90 kg × 8" in logged and "Bench Press 95 kg × 8 F" in logged
    # A paste the terminal did not mark: lines arriving at once; the message waits for Enter.
    chat.send("squat 100x5\nsquat 105x5\n")
    chat.expect(r"\.\.\.> ")
    chat.send("\n")
    logged = chat.expect(r"(?s)bot> (.*?)\nyou> ").group(1)
    assert "Back Squat 100 kg × 5" in logged and "Back Squat 105 kg × 5" in logged
    # Typed lines: one message each, and a line ending in \ goes on.
    chat.send("deadlift 140x5 \\\n")
    chat.expect(r"\.\.\.> ")
    chat.send("150x3\n")
    logged = chat.expect(r"(?s)bot> (.*?)\nyou> ").group(1)
    assert "Deadlift 140 kg × 5" in logged and "Deadlift 150 kg × 3" in logged
    chat.send("\x03")  # Ctrl-C, as the terminal sends it
    status, stderr = chat.wait(timeout=30)
    assert status == 0, stderr
    assert chat.output.rstrip().endswith("Bye — your log is saved.")
    assert "Traceback" not in stderr
    assert chat.output.count("bot> ") == 3 and sets(db) == 6
    # The terminal is as it was: pastes unmarked again, control keys echoed as before.
    assert chat.output.count("\x1b[?2004h") == chat.output.count("\x1b[?2004l") == 1
    assert termios.tcgetattr(chat.terminal)[3] == chat.saved[3]


def test_ctrl_d_in_a_terminal_quits(tmp_path: Path, chats: list[LiveChat]) -> None:
    chat = LiveChat(tmp_path / "d.db", tmp_path, tty=True)
    chats.append(chat)
    chat.expect(BANNER_END)
    chat.expect(r"you> ")
    chat.send("\x04")
    status, stderr = chat.wait(timeout=30)
    assert status == 0 and "Traceback" not in stderr
    assert chat.output.rstrip().endswith("Bye — your log is saved.")
