"""The terminal chat's loop with a clock the test moves: `/summary now` and the scheduler's own
summary reach the local user, chart saved to a file, and never another user's."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.terminal import run_terminal
from service import commands
from service.files import LocalFiles
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory
from tests.clock import Clock

WEDNESDAY_9 = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
SUMMARY_RUN = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # "wed 10:00" in Berlin


@dataclass
class Running:
    svc: Services
    clock: Clock
    out: io.StringIO
    write: int
    task: asyncio.Task[None]
    seen: int = 0

    async def expect(self, text: str, timeout: float = 60) -> str:
        """The output from the last match up to `text` (waits for it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (at := self.out.getvalue().find(text, self.seen)) < 0:
            assert loop.time() < deadline, f"no {text!r} in {self.out.getvalue()[self.seen :]}"
            assert not self.task.done(), self.out.getvalue()
            await asyncio.sleep(0.02)
        before = self.out.getvalue()[self.seen : at + len(text)]
        self.seen = at + len(text)
        return before

    def close_input(self) -> None:
        """Ctrl-D."""
        if self.write >= 0:
            os.close(self.write)
            self.write = -1

    async def say(self, line: str, answer: str) -> str:
        os.write(self.write, f"{line}\n".encode())
        return await self.expect(answer)


@pytest.fixture
async def terminal(tmp_path: Path) -> AsyncIterator[Running]:
    clock = Clock(WEDNESDAY_9)
    engine = make_engine(f"sqlite:///{tmp_path / 'local.db'}")
    await migrate(engine)
    sessions = UnitOfWorkFactory(make_session_factory(engine))
    svc = Services(uow=sessions, clock=clock, files=LocalFiles())
    read, write = os.pipe()
    out = io.StringIO()
    with open(read, encoding="utf-8") as stdin:
        chat = run_terminal(svc, 1, stdin, out, folder=tmp_path / "data", tick_seconds=0.05)
        running = Running(svc, clock, out, write, asyncio.create_task(chat))
        await running.expect("Ctrl-D or Ctrl-C quits.")
        yield running
        running.close_input()
        await asyncio.wait_for(running.task, 60)
    await engine.dispose()


async def _command(svc: Services, user: int, word: str, args: str, message: int) -> str:
    return (await commands.run(svc, word, commands.Command(user, user, message, args))).text


def _text(reply: str) -> str:
    """A reply without its chart line."""
    return "\n".join(line for line in reply.splitlines() if "[chart saved to" not in line)


async def test_summary_now_is_what_the_scheduler_then_sends(terminal: Running) -> None:
    svc, clock = terminal.svc, terminal.clock
    # Another user of the same database, whose summary is due at the same time.
    await _command(svc, 2, "/timezone", "Europe/Berlin", 1)
    await _command(svc, 2, "/summary", "wed 10:00", 2)
    await terminal.say("/timezone Europe/Berlin", "Time zone set to Europe/Berlin")
    await terminal.say("bench 80x8 F", "Undo")
    await terminal.say("bench 80x7 F", "Undo")
    await terminal.say("squat 100x5x3", "Undo")
    asked = await terminal.say("/summary now", ".png]")
    chart = Path(asked.split("[chart saved to ")[-1].split("]")[0])
    # Named by the time on this machine, as files are.
    assert chart.name == f"summary-now-{WEDNESDAY_9.astimezone():%Y%m%d-%H%M}.png"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "Week Mon 2 Mar – Sun 8 Mar" in asked and "5 working sets" in asked
    await terminal.say("/summary wed 10:00", "Next: Wed 4 Mar 10:00")
    clock.advance(hours=2)
    sent = await terminal.expect(".png]")  # the scheduler's, with nothing typed
    scheduled = sent.split("bot> ", 1)[1]
    assert f"summary-{clock.now.astimezone():%Y%m%d-%H%M}.png]" in scheduled
    assert _text(scheduled).split() == _text(asked.split("bot> ", 1)[1]).split()
    terminal.close_input()
    await terminal.expect("Bye — your log is saved.")
    async with svc.uow() as uow:
        mine = {s.kind: s for s in await uow.schedules.for_user(1)}
        theirs = {s.kind: s for s in await uow.schedules.for_user(2)}
    assert mine["summary"].next_run_at is not None and mine["summary"].next_run_at > clock.now
    # The terminal runs its own user's schedules only: the other user's is still due.
    assert theirs["summary"].next_run_at == SUMMARY_RUN
