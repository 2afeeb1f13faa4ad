"""The reliability suite: every test records its figures, printed at the end of the run
(whether or not pytest captures output) and written to .reliability-results.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import figures


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not figures.RESULTS:
        return
    terminalreporter.section("reliability figures")
    for name, values in figures.RESULTS:
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        terminalreporter.write_line(f"{name}: {shown}")
    path = Path(str(config.rootpath)) / ".reliability-results.json"
    path.write_text(json.dumps([{"test": n, **v} for n, v in figures.RESULTS], indent=1) + "\n")
