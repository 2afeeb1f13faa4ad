"""The fake Bot API's Telegram flood limits: refused like Telegram, counted for rate checks."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.flood_control import FloodControl, TelegramLimits, peak_in_window

pytestmark = pytest.mark.e2e


def send(
    client: httpx.Client, api: FakeBotApi, chat: int | str, method: str = "sendMessage"
) -> Any:
    params: dict[str, Any] = {"chat_id": chat}
    if method == "sendMessage":
        params["text"] = "hi"
    elif method == "sendChatAction":
        params["action"] = "typing"
    response = client.post(f"{api.base_url}{api.token}/{method}", json=params)
    return response.status_code, response.json()


def test_without_limits_everything_passes_and_is_counted() -> None:
    with FakeBotApi(strict_chats=False) as api, httpx.Client() as client:
        codes = [send(client, api, 7)[0] for _ in range(40)]
        assert codes == [200] * 40
        assert len(api.send_times()) == 40 and api.peak_send_rate() == 40
        assert api.flood_refusals() == 0


def test_the_31st_message_within_a_second_gets_429_with_retry_after() -> None:
    with FakeBotApi(strict_chats=False, limits=TelegramLimits()) as api, httpx.Client() as c:
        started = time.perf_counter()
        answers = [send(c, api, 1000 + k) for k in range(31)]  # 31 chats: only overall counts
        if time.perf_counter() - started >= 1.0:
            pytest.skip("the machine was too slow to send 31 messages within a second")
        assert [code for code, _ in answers[:30]] == [200] * 30
        code, body = answers[30]
        assert code == 429 and body["error_code"] == 429
        assert body["description"] == "Too Many Requests: retry after 1"
        assert body["parameters"] == {"retry_after": 1}
        assert api.flood_refusals() == 1 and api.peak_send_rate() == 30
        assert api.bot_message_count(1030) == 0  # refused: not delivered


def test_one_chat_allows_a_short_burst_then_one_message_a_second() -> None:
    with FakeBotApi(strict_chats=False, limits=TelegramLimits()) as api, httpx.Client() as c:
        codes = [send(c, api, 42)[0] for _ in range(6)]
        assert codes == [200] * 5 + [429]
        assert api.flood_refusals_by_limit() == {"chat": 1}
        assert send(c, api, 43)[0] == 200  # another chat is not affected
        assert send(c, api, 42, "sendChatAction")[0] == 200  # not a message
        time.sleep(1.05)
        assert [send(c, api, 42)[0] for _ in range(2)] == [200, 429]


def test_a_group_gets_twenty_messages_a_minute() -> None:
    limits = TelegramLimits(chat_burst=100)  # isolate the group limit from the chat bucket
    with FakeBotApi(strict_chats=False, limits=limits) as api, httpx.Client() as client:
        codes = [send(client, api, -100123)[0] for _ in range(21)]
        assert codes == [200] * 20 + [429]
        code, body = send(client, api, -100123)
        assert code == 429 and body["parameters"]["retry_after"] in range(58, 61)


def test_arrivals_out_of_order_are_checked_against_every_window_they_fall_in() -> None:
    flood = FloodControl(TelegramLimits(overall_per_second=3, chat_burst=100))
    for t in (10.0, 10.5, 10.9):
        assert flood.check("t", t, t) is None
        flood.accept("t", t, t)
    assert flood.check("t", 1, 10.95) == 1  # [10.0, 11.0) is full
    assert flood.check("t", 1, 11.0) is None  # 10.0 has left its second
    flood.accept("t", 1, 11.0)
    # A request that arrived at 10.2 but is handled after 11.0 joins a full second.
    assert flood.check("t", 2, 10.2) == 1
    assert peak_in_window([t for t, _ in flood.accepted["t"]]) == 3


def test_peak_in_window_counts_half_open_windows() -> None:
    assert peak_in_window([]) == 0
    assert peak_in_window([0.0, 0.5, 0.999, 1.0, 1.5]) == 3
    assert peak_in_window([0.0, 0.1, 0.2], window=0.15) == 2
