"""The Bot API client on aiohttp: what PTB sends arrives whole, and failures are PTB's errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import BodyPartReader, web
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.aiohttp_request import AiohttpRequest

TOKEN = "123456:SECRET-token_part"
ME = {"id": 123456, "is_bot": True, "first_name": "ToFailure", "username": "tofailure_bot"}
CHAT = {"id": 42, "type": "private", "first_name": "Ann"}

Handler = Callable[[web.Request], Awaitable[web.Response]]


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def message(text: str | None = None, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"message_id": 7, "date": 1_700_000_000, "chat": CHAT, **extra}
    if text is not None:
        found["text"] = text
    return found


class FakeApi:
    """A Bot API on 127.0.0.1 that records what each method received."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}
        self.extra: dict[str, Handler] = {}
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method in self.extra:
            return await self.extra[method](request)
        if method == "getMe":
            return ok(ME)
        if request.content_type == "multipart/form-data":
            parts: dict[str, Any] = {}
            reader = await request.multipart()
            async for part in reader:
                assert isinstance(part, BodyPartReader) and part.name is not None
                parts[part.name] = (part.filename, await part.read())
            self.received[method] = parts
            photo = {"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}
            return ok(message(photo=[photo]))
        fields = dict(await request.post())
        self.received[method] = fields
        return ok(message(str(fields.get("text", ""))))


async def download(_: web.Request) -> web.Response:
    return web.Response(body=b"\x00csv,bytes\xff")


@pytest.fixture
async def api() -> AsyncIterator[FakeApi]:
    fake = FakeApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", fake.handle)
    app.router.add_get("/file/bot{token}/{path}", download)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.url = f"http://127.0.0.1:{port}"
    yield fake
    await runner.cleanup()


def bot_at(url: str, request: AiohttpRequest | None = None) -> Bot:
    return Bot(
        TOKEN,
        base_url=f"{url}/bot",
        base_file_url=f"{url}/file/bot",
        request=request or AiohttpRequest(connection_pool_size=2),
        get_updates_request=AiohttpRequest(),
    )


async def test_a_text_with_buttons_arrives_whole_and_the_sent_message_comes_back(
    api: FakeApi,
) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    text = "Bench Press 80 kg × 8 💪 — «F» & <b>"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("↩ Undo", callback_data="undo:9")]])
    async with bot_at(api.url) as bot:
        sent = await bot.send_message(42, text, reply_markup=markup)
    assert sent.text == text and sent.chat_id == 42
    got = api.received["sendMessage"]
    assert got["text"] == text and got["chat_id"] == "42"
    assert json.loads(got["reply_markup"])["inline_keyboard"][0][0]["callback_data"] == "undo:9"


async def test_a_chart_is_uploaded_byte_for_byte_with_its_caption(api: FakeApi) -> None:
    png = bytes(range(256)) * 40
    async with bot_at(api.url) as bot:
        await bot.send_photo(42, png, caption="Bench e1RM 📈", filename="bench.png")
    got = api.received["sendPhoto"]
    filename, content = got["photo"]
    assert content == png and filename == "bench.png"
    assert got["caption"] == (None, "Bench e1RM 📈".encode())


async def test_a_file_to_import_downloads_as_bytes(api: FakeApi) -> None:
    async with bot_at(api.url) as bot:
        data = await bot.request.retrieve(f"{api.url}/file/bot{TOKEN}/export.csv")
    assert data == b"\x00csv,bytes\xff"


async def test_flood_control_reaches_ptb_as_retry_after(api: FakeApi) -> None:
    async def flood(_: web.Request) -> web.Response:
        body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3"}
        return web.json_response({**body, "parameters": {"retry_after": 3}}, status=429)

    api.extra["sendMessage"] = flood
    async with bot_at(api.url) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(42, "bench 80x8")
    assert "Retry in 3" in caught.value.message


async def test_a_server_slower_than_the_read_timeout_is_timed_out(api: FakeApi) -> None:
    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return ok(message("late"))

    api.extra["sendMessage"] = slow
    async with bot_at(api.url, AiohttpRequest(read_timeout=0.2)) as bot:
        loop = asyncio.get_running_loop()
        began = loop.time()
        with pytest.raises(TimedOut):
            await bot.send_message(42, "bench 80x8")
    assert loop.time() - began < 1.5


async def test_an_unreachable_api_is_a_network_error_that_never_shows_the_token() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()  # nothing listens on the port now
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(caught.value, TimedOut)
    assert "SECRET" not in str(caught.value) and f"127.0.0.1:{port}" in str(caught.value)


def test_a_token_in_an_error_text_is_masked() -> None:
    from bot.aiohttp_request import without_token

    text = f"InvalidURL: https://api.telegram.org/bot{TOKEN}/getMe and /file/bot{TOKEN}/x"
    assert "SECRET" not in without_token(text)
    assert without_token(text).count("bot<token>") == 2


async def test_a_request_after_shutdown_is_refused_and_initialize_opens_it_again(
    api: FakeApi,
) -> None:
    request = AiohttpRequest()
    await request.initialize()
    await request.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{api.url}/bot{TOKEN}/getMe")
    await request.initialize()
    try:
        me = await request.post(f"{api.url}/bot{TOKEN}/getMe")
        assert isinstance(me, dict) and me["username"] == "tofailure_bot"
    finally:
        await request.shutdown()
