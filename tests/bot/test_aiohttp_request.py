"""The Bot API client over aiohttp: what PTB's Bot gets from it (replies, uploads, errors)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.aiohttp_request import AiohttpRequest
from tests.e2e.fake_bot_api import DEFAULT_TOKEN, FakeBotApi

CHAT = 4242


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as fake:
        fake.user_sends(CHAT, "hi")  # the chat exists, as Telegram needs
        yield fake


def _png(width: int, height: int) -> bytes:
    """A real grey PNG (the fake Bot API opens what it is sent as a photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + bytes([i % 256] * width) for i in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def bot_on(base_url: str, request: AiohttpRequest, token: str = DEFAULT_TOKEN) -> Bot:
    return Bot(token, base_url=base_url, request=request, get_updates_request=AiohttpRequest())


async def test_a_message_and_a_chart_reach_the_chat(api: FakeBotApi) -> None:
    async with bot_on(api.base_url, AiohttpRequest(4)) as bot:
        sent = await bot.send_message(CHAT, "Bench Press 80 kg × 8 ✅ <b>&</b>")
        png = _png(64, 48)
        await bot.send_photo(CHAT, InputFile(png, filename="bench.png"), caption="Bench e1RM")
        await bot.send_document(CHAT, InputFile(b"date,exercise\n", filename="tofailure.csv"))
    assert sent.text == "Bench Press 80 kg × 8 ✅ <b>&</b>"
    photo, document = api.bot_messages(CHAT)[1:]
    assert photo["photo"] == png and photo["caption"] == "Bench e1RM"
    assert document["document"] == b"date,exercise\n" and document["filename"] == "tofailure.csv"


async def test_an_update_and_its_file_come_whole(api: FakeBotApi) -> None:
    content = b"Date,Workout Name,Exercise Name\n" * 500
    api.user_sends_document(CHAT, "strong.csv", content)
    bot = Bot(
        DEFAULT_TOKEN,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=AiohttpRequest(2),
        get_updates_request=AiohttpRequest(1, read_timeout=2),
    )
    async with bot:
        updates = await bot.get_updates(timeout=1)
        document = updates[-1].message.document if updates[-1].message else None
        assert document is not None and document.file_name == "strong.csv"
        file = await bot.get_file(document.file_id)
        assert bytes(await file.download_as_bytearray()) == content


async def test_telegrams_refusal_is_the_bot_api_error(api: FakeBotApi) -> None:
    async with bot_on(api.base_url, AiohttpRequest(1)) as bot:
        with pytest.raises(NetworkError, match=r"[Cc]hat not found"):
            await bot.send_message(999_999_999, "to nobody")


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_an_unreachable_api_is_a_network_error_without_the_token() -> None:
    base = f"http://127.0.0.1:{_unused_port()}/bot"
    async with AiohttpRequest(1) as request:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"{base}{DEFAULT_TOKEN}/getMe")
    assert not isinstance(raised.value, TimedOut)
    assert raised.value.message.startswith("aiohttp.ClientConnectorError")
    assert DEFAULT_TOKEN not in raised.value.message


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and reads, never answers: a Bot API that hangs."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/bot{DEFAULT_TOKEN}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


async def test_a_hanging_api_times_out_at_the_read_timeout(silent_server: str) -> None:
    async with AiohttpRequest(1, read_timeout=0.3) as request:
        began = time.monotonic()
        with pytest.raises(TimedOut):
            await request.post(f"{silent_server}/sendMessage", None)
        assert 0.25 <= time.monotonic() - began < 3
        # A longer timeout asked for one call (getUpdates' long poll) is honoured.
        began = time.monotonic()
        with pytest.raises(TimedOut):
            await request.post(f"{silent_server}/getUpdates", None, read_timeout=0.8)
        assert time.monotonic() - began >= 0.75


async def test_all_connections_busy_is_a_timeout_that_sent_nothing(silent_server: str) -> None:
    async with AiohttpRequest(1, read_timeout=5, pool_timeout=0.2, connect_timeout=0.1) as request:
        hanging = asyncio.ensure_future(request.post(f"{silent_server}/sendMessage"))
        try:
            await asyncio.sleep(0.1)  # it holds the one connection
            with pytest.raises(TimedOut, match="not sent"):
                await request.post(f"{silent_server}/sendMessage")
        finally:
            hanging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await hanging


async def test_it_serves_again_after_a_shutdown_and_refuses_before_start(api: FakeBotApi) -> None:
    request = AiohttpRequest(1)
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{api.base_url}{DEFAULT_TOKEN}/getMe")
    for _ in range(2):
        await request.initialize()
        me = await request.post(f"{api.base_url}{DEFAULT_TOKEN}/getMe")
        assert isinstance(me, dict) and me["is_bot"] is True
        await request.shutdown()


async def test_a_malformed_base_url_is_named_without_the_token() -> None:
    async with AiohttpRequest(1) as request:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"http://127.0.0.1:99999/bot{DEFAULT_TOKEN}/getMe")
    assert "127.0.0.1:99999" in raised.value.message
    assert DEFAULT_TOKEN not in raised.value.message


async def test_requests_go_through_the_proxy_the_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As with PTB's default client (httpx): HTTP(S)_PROXY (a bare host:port too) and NO_PROXY,
    read once at start."""
    proxy = socket.create_server(("127.0.0.1", 0))
    proxy.settimeout(5)
    monkeypatch.setenv("HTTP_PROXY", f"127.0.0.1:{proxy.getsockname()[1]}")
    monkeypatch.setenv("NO_PROXY", "localhost,.internal.example")
    request = AiohttpRequest(1, read_timeout=0.3)
    await request.initialize()
    monkeypatch.delenv("HTTP_PROXY")  # read at start: no longer asked per request
    asking = asyncio.ensure_future(request.post("http://api.telegram.example/botT:K/getMe"))
    try:
        conn, _ = await asyncio.to_thread(proxy.accept)
        with conn:
            line = (await asyncio.to_thread(conn.recv, 4096)).split(b"\r\n", 1)[0]
        with pytest.raises(NetworkError):
            await asking
        # A host NO_PROXY names is asked directly (and is not there).
        with pytest.raises(NetworkError, match="ClientConnector"):
            await request.post("http://bot.internal.example:9/botT:K/getMe")
    finally:
        asking.cancel()
        with contextlib.suppress(asyncio.CancelledError, NetworkError):
            await asking
        await request.shutdown()
        proxy.close()
    assert line == b"POST http://api.telegram.example/botT:K/getMe HTTP/1.1"


async def test_a_file_name_reaches_telegram_as_written(api: FakeBotApi) -> None:
    async with bot_on(api.base_url, AiohttpRequest(1)) as bot:
        await bot.send_document(CHAT, InputFile(b"x,y\n", filename="Übungen März 2026.csv"))
    assert api.bot_messages(CHAT)[-1]["filename"] == "Übungen März 2026.csv"


async def test_a_bot_whose_start_failed_can_start_again(api: FakeBotApi, tmp_path: Path) -> None:
    from bot.app import build_services
    from bot.config import Settings
    from bot.durable import DurableBot
    from bot.outage import Outage

    services, engine = build_services(
        Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}", _env_file=None)
    )
    bot = DurableBot(
        api.token,
        services=services,
        outage=Outage(),
        base_url=api.base_url,
        request=AiohttpRequest(1),
        get_updates_request=AiohttpRequest(1),
    )
    api.fail_next("getMe", disconnect=True)
    with pytest.raises(NetworkError):
        await bot.initialize()
    await bot.initialize()  # Telegram is back
    try:
        assert (await bot.send_message(CHAT, "back")).text == "back"
    finally:
        await bot.shutdown()
        await engine.dispose()
