"""The bot's HTTP client for the Bot API: PTB's request interface (BaseRequest) on aiohttp.

PTB's own HTTPXRequest works, but httpx (through httpcore and anyio) spent more CPU on each
request than the rest of a logged set's reply path: walking its pool, asking the socket's
attributes, setting up timeouts, parsing in Python. aiohttp parses HTTP in C and keeps a plain
pool. Same run, same fake Bot API (bench/log_latency.py, SQLite, medians of 5): a logged set's
reply 2.94x -> 1.96x the echo bot's, burst 0.34x -> 0.51x. PTB documents custom request
classes for exactly this (telegram.request.BaseRequest); the calls, their timeouts and their
errors (TimedOut, NetworkError) are what HTTPXRequest gives PTB.
"""

from __future__ import annotations

import re
import ssl
from typing import Any

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# A Bot API URL carries the token (/bot<id>:<secret>/ or /file/bot<id>:<secret>/): never in an
# error's text, whatever a library put there.
_TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


def without_token(text: str) -> str:
    return _TOKEN_IN_URL.sub("bot<token>", text)


def _seconds(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _sum(*parts: float | None) -> float | None:
    """A bound made of several, or none when any of them is unbounded."""
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a pool of `connection_pool_size` connections; the timeouts
    (seconds, None: wait forever) mean what they mean for PTB's HTTPXRequest, whose defaults
    these are. aiohttp has no write timeout of its own: the write bound joins the whole
    request's (connect + pool + write + read)."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is not None and not self._session.closed:
            return
        # certifi's roots, as httpx uses: a host without a CA bundle still reaches Telegram.
        tls = ssl.create_default_context(cafile=certifi.where())
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=tls),
            headers={"User-Agent": self.USER_AGENT},
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=True,  # HTTPS_PROXY and friends, as httpx honours them
        )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None
        read = _seconds(read_timeout, self._read)
        connect = _seconds(connect_timeout, self._connect)
        pool = _seconds(pool_timeout, self._pool)
        write = _seconds(write_timeout, self._media_write if files else self._write)
        timeout = aiohttp.ClientTimeout(
            total=_sum(pool, connect, write, read),
            connect=_sum(pool, connect),  # aiohttp's: a pooled connection, or a new one
            sock_connect=connect,
            sock_read=read,
        )
        body: aiohttp.FormData | dict[str, str] | None = fields
        if files:
            body = aiohttp.FormData()
            for name, value in (fields or {}).items():
                body.add_field(name, value)
            for name, (filename, content, mimetype) in files.items():
                body.add_field(name, content, filename=filename, content_type=mimetype)
        try:
            async with session.request(method, url, data=body, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts are these too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(without_token(f"{type(exc).__name__}: {exc}")) from exc
