"""How the bot is started: --help prints usage and never opens the chat, the installed
`tofailure` command works, and a Bot API out of reach ends with one line, not a traceback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
# The console script pip installed next to this interpreter (.venv/bin/tofailure).
TOFAILURE = Path(sys.executable).with_name("tofailure")
TOKEN = "123456:AAE-secret-token-nobody-may-see"


def start(command: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **env})
    return subprocess.run(
        command,
        input="bench 80x8\n",  # what the chat would log, were it opened
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "bot", "--help"], ["./run.sh", "--help"], [str(TOFAILURE), "-h"]],
    ids=["python -m bot", "run.sh", "tofailure"],
)
def test_help_prints_usage_and_never_opens_the_chat(command: list[str], tmp_path: Path) -> None:
    done = start(command, tmp_path, TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("usage: tofailure")
    for word in ("parse", "check", "export", "import", "run"):
        assert f"\n    {word} " in out  # each command with its line
    for setting in Settings.model_fields:  # every setting the bot reads
        assert setting.upper() in out, setting
    assert "local chat (no TELEGRAM_BOT_TOKEN set)" not in out  # the chat's banner
    assert not (tmp_path / "x.db").exists()  # no database opened


def test_an_unknown_option_is_refused_without_opening_the_chat(tmp_path: Path) -> None:
    done = start([sys.executable, "-m", "bot", "--version"], tmp_path, TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 2
    assert "usage: tofailure" in done.stderr and "unrecognized arguments" in done.stderr
    assert "local chat" not in done.stdout and not (tmp_path / "x.db").exists()


def test_the_installed_tofailure_command_parses(tmp_path: Path) -> None:
    done = start([str(TOFAILURE), "parse", "--json", "bench 80x8 F"], tmp_path)
    assert done.returncode == 0, done.stderr
    [one] = json.loads(done.stdout)["sets"]
    assert (one["exercise"], one["weight"], one["reps"]) == ("bench_press", 80.0, 8)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "mode",
    [{}, {"TOFAILURE_WEBHOOK_URL": "https://bot.example.com/telegram"}, {"TOFAILURE_POLLING": "0"}],
    ids=["polling", "webhook", "scheduler only"],
)
def test_telegram_out_of_reach_ends_with_one_line(mode: dict[str, str], tmp_path: Path) -> None:
    port = _closed_port()
    done = start(
        [sys.executable, "-m", "bot"],
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot",
        TOFAILURE_WEBHOOK_PORT=str(_closed_port()),
        **mode,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert f"Can't reach Telegram at http://127.0.0.1:{port} (" in last
    assert "check your network or TELEGRAM_BASE_URL" in last
    assert "Traceback" not in done.stderr and done.stderr.count(" ERROR ") == 1
    assert TOKEN not in done.stdout + done.stderr
    assert TOKEN.split(":")[1] not in done.stdout + done.stderr
