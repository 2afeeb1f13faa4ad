"""PTB's Bot API request interface over aiohttp: httpx's timeouts and errors, a sixth of its CPU."""

from __future__ import annotations

import logging
import re
import ssl
from urllib.parse import urlsplit
from urllib.request import getproxies

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

# Why not PTB's default HTTPXRequest: a sendMessage costs the bot 3-6x the CPU through
# httpx/httpcore/anyio (locks, cancel scopes, and at each request's start and end a poll of
# every pooled socket), most of a reply's CPU; bench/bot_api_client.py measures both. PTB
# documents BaseRequest for this.


# Connections to the Bot API for everything but getUpdates. Telegram takes ~30 messages/s per
# bot, so a handful in flight carry the whole budget. A request that finds all busy waits up to
# POOL_WAIT_S.
SEND_CONNECTIONS = 8
POOL_WAIT_S = 20.0
# getUpdates' own read timeout; PTB adds the long poll's length to it.
UPDATES_READ_TIMEOUT_S = 30.0


def bot_api_requests() -> tuple[AiohttpRequest, AiohttpRequest]:
    """The bot's two clients: one for its sends, one for getUpdates' long poll."""
    return (
        AiohttpRequest(SEND_CONNECTIONS, pool_timeout=POOL_WAIT_S),
        AiohttpRequest(1, read_timeout=UPDATES_READ_TIMEOUT_S),
    )


class AiohttpRequest(BaseRequest):
    """One aiohttp session with its own connection pool; timeouts as PTB's HTTPXRequest has them.

    aiohttp has no write timeout: a request with files gets a total bound instead (its media
    write timeout plus the others, ~50 s in the bot: charts and CSV files, not videos), and one
    without files needs none beyond the read timeout (it fits in the socket's buffer). Its
    connect timeout covers the wait for a pooled connection too, so a new connection may take
    the pool timeout plus the connect timeout."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_no_proxy",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        # Made in initialize(): an aiohttp session belongs to the running event loop, and the
        # Application is built before run_polling starts its loop.
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._no_proxy = ""

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        # HTTP(S)_PROXY, ALL_PROXY and NO_PROXY, read once (as httpx reads them by default);
        # not aiohttp's trust_env, which also reads ~/.netrc, in a thread, at every request.
        found = getproxies()
        self._proxies = {}
        for scheme in ("http", "https", "all"):
            proxy = found.get(scheme)
            if not proxy:
                continue
            proxy = proxy if "://" in proxy else f"http://{proxy}"  # as httpx reads it
            if proxy.startswith(("http://", "https://")):
                self._proxies[scheme] = proxy
            else:
                log.warning("%s_PROXY is not an http(s) proxy: not used", scheme.upper())
        self._no_proxy = found.get("no", "")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                # certifi's certificates, as httpx used: the same trust on a host without them.
                connector=aiohttp.TCPConnector(
                    limit=self._pool_size,
                    limit_per_host=0,
                    ssl=ssl.create_default_context(cafile=certifi.where()),
                ),
                timeout=aiohttp.ClientTimeout(total=None),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        has_files = request_data is not None and request_data.contains_files
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write = self._media_write_timeout if has_files else self._write_timeout
        else:
            write = write_timeout
        timeout = aiohttp.ClientTimeout(
            total=_sum(write, read, connect, pool) if has_files else None,
            # aiohttp's connect covers waiting for a pooled connection and opening a new one.
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        data: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            data = request_data.json_parameters
            if has_files:
                # Names as they are (UTF-8), as httpx sent them: quoted, Telegram shows %20.
                form = aiohttp.FormData(data, quote_fields=False)
                for name, (filename, content, mime_type) in request_data.multipart_data.items():
                    form.add_field(name, content, filename=filename, content_type=mime_type)
                data = form
        try:
            proxy = self._proxy_for(url) if self._proxies else None
            async with session.request(
                method, url, data=data, timeout=timeout, proxy=proxy
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's own are TimeoutErrors too (Python 3.11+)
            if isinstance(err, aiohttp.ConnectionTimeoutError):
                raise TimedOut(
                    "Timed out waiting for a connection to the Bot API: the request was not sent"
                ) from err
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # The class name helps when the message is empty; the token is cut out of any URL
            # in it (a delivery's error is stored, not only logged).
            raise NetworkError(f"aiohttp.{type(err).__name__}: {_without_token(err)}") from err

    def _proxy_for(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.hostname is None:
            return None
        if self._no_proxy and _bypassed(parts.hostname.lower(), self._no_proxy):
            return None
        return self._proxies.get(parts.scheme) or self._proxies.get("all")


def _bypassed(host: str, no_proxy: str) -> bool:
    """NO_PROXY as curl and httpx read it: `*`, or hosts and domains (a leading dot or not)."""
    for entry in no_proxy.split(","):
        name = entry.strip().lower().lstrip(".").rsplit(":", 1)[0]
        if name == "*" or (name and (host == name or host.endswith("." + name))):
            return True
    return False


def _sum(*timeouts: float | None) -> float | None:
    """A bound made of several: none if any part has none."""
    if any(t is None for t in timeouts):
        return None
    return sum(t for t in timeouts if t is not None)


# The token's place in a Bot API URL: /bot<token>/method and /file/bot<token>/path.
_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+")


def _without_token(err: BaseException) -> str:
    return _TOKEN_IN_URL.sub("/bot…", str(err))
