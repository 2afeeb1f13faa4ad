"""Fixtures for end-to-end tests: a started fake Telegram Bot API server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.fake_bot_api import FakeBotApi


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    """A fake Bot API on a free 127.0.0.1 port (token ``fake_api.token``), stopped afterwards."""
    with FakeBotApi() as api:
        yield api
