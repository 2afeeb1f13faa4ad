"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and latency benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import json
import mimetypes
import os
import re
import select
import signal
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.e2e.flood_control import FloodControl, FloodView, TelegramLimits

__all__ = [
    "DEFAULT_TOKEN",
    "REPO_ROOT",
    "ApiError",
    "BotProcess",
    "FakeBot",
    "FakeBotApi",
    "RequestRecord",
    "TelegramLimits",
    "bot_env",
    "running_bot",
]

JSON = dict[str, Any]
_T = TypeVar("_T")

#: A distinctive default token, so tests can grep logs for it.
DEFAULT_TOKEN = "987654321:AAFake-TOKEN_for-e2e-tests-do-not-leak"

#: The repository root: the default working directory of bot subprocesses.
REPO_ROOT = Path(__file__).resolve().parents[2]

_TOKEN_RE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$")
_COMMAND_RE = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")

#: Update types delivered when ``allowed_updates`` is unset or empty (as on Telegram).
_DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_BLOCKED = "Forbidden: bot was blocked by the user"
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_DOWNLOAD = 20 * 1024 * 1024


class ApiError(Exception):
    """A Bot API error: becomes ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters


def _bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def _entities_error(message: str) -> ApiError:
    return _bad_request(f"can't parse entities: {message}")


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request the fake server answered."""

    method: str  # Bot API method as requested ("sendMessage"), or "file" for downloads
    path: str  # raw request path, token included
    token: str
    wall_time: float  # time.time() at arrival
    started: float  # time.perf_counter() at arrival
    duration: float  # wall seconds spent handling it, response write included
    cpu_time: float  # CPU seconds the fake's handler thread spent on it
    status: int  # HTTP status code (0: connection dropped on purpose)
    params: Mapping[str, Any]  # request parameters; uploads shown as "<upload name, N bytes>"


@dataclass
class _Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class _File:
    file_id: str
    unique_id: str
    path: str
    data: bytes | None  # None for files "sent" by URL
    name: str | None = None
    mime_type: str | None = None
    url: str | None = None


@dataclass
class _Update:
    update_id: int
    kind: str
    payload: JSON
    queued_at: float
    poll_waiting: bool = False  # a long poll was already waiting when it was queued
    delivered_at: float | None = None
    confirmed_at: float | None = None
    in_flight: bool = False  # a webhook request for it is open
    next_try: float = 0.0  # monotonic: when the webhook may try it again
    attempts: int = 0


@dataclass
class _Stored:
    json: JSON  # the Message as the Bot API would return it now
    from_bot: bool
    kind: str  # "text", "photo", "document"
    raw_text: str | None = None  # text/caption as the bot sent it (markup included)
    parse_mode: str | None = None
    markup: JSON | None = None


@dataclass
class _Failure:
    method: str  # lower case
    error_code: int | None
    description: str
    retry_after: int | None
    chat_id: int | None
    times: int
    disconnect: bool
    delay: float


@dataclass
class _BotState:
    token: str
    bot_id: int
    username: str
    first_name: str
    queue: list[_Update] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    next_update_id: int = 100_000
    allowed_updates: frozenset[str] = _DEFAULT_ALLOWED
    allowed_updates_raw: list[str] | None = None
    poll_generation: int = 0
    active_polls: int = 0
    get_updates_calls: int = 0
    conflicts: int = 0
    webhook: JSON | None = None
    users: dict[int, JSON] = field(default_factory=dict)
    chats: dict[int, JSON] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    messages: dict[tuple[int, int], _Stored] = field(default_factory=dict)
    sent: defaultdict[int, list[JSON]] = field(default_factory=lambda: defaultdict(list))
    edits: defaultdict[int, list[JSON]] = field(default_factory=lambda: defaultdict(list))
    deleted: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    chat_actions: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    callbacks: dict[str, JSON] = field(default_factory=dict)
    callback_answers: list[JSON] = field(default_factory=list)
    commands: dict[tuple[str, str], list[JSON]] = field(default_factory=dict)
    files: dict[str, _File] = field(default_factory=dict)
    files_by_path: dict[str, _File] = field(default_factory=dict)
    failures: list[_Failure] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    webhook_calls: list[JSON] = field(default_factory=list)
    # Where webhook deliveries go instead of the set URL (a load balancer's backends).
    webhook_targets: list[str] | None = None
    webhook_paused: bool = False
    webhook_log: list[JSON] = field(default_factory=list)
    webhook_turn: int = 0
    counter: int = 0

    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def next_id(self) -> int:
        self.counter += 1
        return self.counter


class _Params:
    """Request parameters from a query string, form, JSON or multipart body."""

    __slots__ = ("files", "raw")

    def __init__(self, raw: dict[str, Any], files: dict[str, _Upload]) -> None:
        self.raw = raw
        self.files = files

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list | bool) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            try:
                return int(float(str(value)))
            except ValueError:
                raise _bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def json(self, name: str, what: str | None = None) -> Any:
        value = self.raw.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise _bad_request(f"can't parse {what or name} JSON object") from None

    def loggable(self) -> dict[str, Any]:
        out = dict(self.raw)
        for name, up in self.files.items():
            out[name] = f"<upload {up.filename!r}, {len(up.data)} bytes>"
        return out


# --------------------------------------------------------------------------- text parsing


def _utf8_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[JSON]:
    """``bot_command`` entities with UTF-16 offsets, as Telegram computes them."""
    entities = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match.group()),
            }
        )
    return entities


_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "tg-time",
    }
)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>")
_HTML_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _parse_html(text: str) -> str:
    """Validate Telegram's HTML subset like the Bot API does; return the plain text."""
    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            match = _TAG_RE.match(text, i)
            offset = _utf8_offset(text, i)
            if match is None:
                name = re.match(r"</?([^\s<>]*)", text[i:])
                shown = name.group(1) if name else ""
                raise _entities_error(f'Unsupported start tag "{shown}" at byte offset {offset}')
            closing, name_, attrs = match.group(1), match.group(2).lower(), match.group(3) or ""
            if not closing:
                if name_ not in _HTML_TAGS:
                    raise _entities_error(
                        f'Unsupported start tag "{name_}" at byte offset {offset}'
                    )
                if name_ == "span" and "tg-spoiler" not in attrs:
                    raise _entities_error(
                        f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                    )
                stack.append(name_)
            else:
                if not stack:
                    raise _entities_error(f"Unexpected end tag at byte offset {offset}")
                top = stack.pop()
                if top != name_:
                    raise _entities_error(
                        f'Unmatched end tag at byte offset {offset}, expected "</{top}>", '
                        f'found "</{name_}>"'
                    )
            i = match.end()
            continue
        if ch == "&":
            entity = _HTML_ENTITY_RE.match(text, i)
            if entity is not None:
                out.append(html.unescape(entity.group()))
                i = entity.end()
                continue
        out.append(ch)
        i += 1
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


_MDV2_ENTITY_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
}
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def _reserved(ch: str) -> ApiError:
    return _entities_error(
        f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
    )


def _parse_markdown_v2(text: str) -> str:
    """Validate MarkdownV2 (escaping of reserved characters, closed entities); plain text."""
    out: list[str] = []
    open_: dict[str, int] = {}
    link_open: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 >= n:
                raise _reserved("\\")
            out.append(text[i + 1])
            i += 2
            continue
        if text.startswith("```", i) or ch == "`":
            fence = "```" if text.startswith("```", i) else "`"
            j = i + len(fence)
            while j < n and not text.startswith(fence, j):
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                kind = "Pre" if fence == "```" else "Code"
                raise _entities_error(
                    f"Can't find end of {kind} entity at byte offset {_utf8_offset(text, i)}"
                )
            body = text[i + len(fence) : j]
            if fence == "```" and "\n" in body:
                first, _, rest = body.partition("\n")
                body = rest if first and " " not in first else body
            out.append(re.sub(r"\\([`\\])", r"\1", body))
            i = j + len(fence)
            continue
        token = text[i : i + 2] if text.startswith(("__", "||"), i) else ch
        if token in _MDV2_ENTITY_NAMES:
            if token in open_:
                del open_[token]
            else:
                open_[token] = i
            i += len(token)
            continue
        if ch == "|":
            raise _reserved(ch)
        if ch == "[":
            link_open.append(i)
            i += 1
            continue
        if ch == "]":
            if not link_open or not text.startswith("(", i + 1):
                raise _reserved(ch)
            link_open.pop()
            j = i + 2
            while j < n and text[j] != ")":
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise _entities_error(
                    f"Can't find end of a URL at byte offset {_utf8_offset(text, i + 2)}"
                )
            i = j + 1
            continue
        if ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if ch in _MDV2_RESERVED:
            raise _reserved(ch)
        out.append(ch)
        i += 1
    if link_open:
        raise _entities_error(
            f"Can't find end of TextUrl entity at byte offset {_utf8_offset(text, link_open[0])}"
        )
    if open_:
        token, start = min(open_.items(), key=lambda item: item[1])
        raise _entities_error(
            f"Can't find end of {_MDV2_ENTITY_NAMES[token]} entity at byte offset "
            f"{_utf8_offset(text, start)}"
        )
    return "".join(out)


def _parse_markdown(text: str) -> str:
    """Validate legacy Markdown (every ``*``, ``_``, `` ` `` closed); return plain text."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
            continue
        fence = "```" if text.startswith("```", i) else ch
        if fence in ("```", "*", "_", "`"):
            j = text.find(fence, i + len(fence))
            if j < 0:
                raise _entities_error(
                    f"Can't find end of the entity starting at byte offset {_utf8_offset(text, i)}"
                )
            out.append(text[i + len(fence) : j])
            i = j + len(fence)
            continue
        if ch == "[":
            close = text.find("](", i)
            end = text.find(")", close) if close >= 0 else -1
            if close >= 0 and end >= 0:
                out.append(text[i + 1 : close])
                i = end + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _render(text: str, parse_mode: str | None) -> str:
    """The plain text Telegram would store for ``text`` sent with ``parse_mode``."""
    if not parse_mode:
        return text
    mode = parse_mode.lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise _bad_request("unsupported parse_mode")


def _validate_markup(markup: Any) -> JSON:
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    actions = (
        "callback_data",
        "url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "web_app",
        "login_url",
        "pay",
        "callback_game",
        "copy_text",
    )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise _bad_request("can't parse inline keyboard button: Text must be a String")
            if not button["text"]:
                raise _bad_request("BUTTON_TEXT_INVALID")
            if not any(k in button for k in actions):
                raise _bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not (1 <= len(str(data).encode("utf-8")) <= 64):
                raise _bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise _bad_request(f"inline keyboard button URL '{url}' is invalid")
    return markup


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of an image, or ``None`` when Pillow is unavailable."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            image.verify()
    except Exception:
        raise _bad_request("IMAGE_PROCESS_FAILED") from None
    width, height = int(size[0]), int(size[1])
    if width + height > 10_000 or max(width, height) > 20 * max(1, min(width, height)):
        raise _bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


# --------------------------------------------------------------------------- HTTP plumbing


def _parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, Any], dict[str, _Upload]]:
    match = re.search(r'boundary=(?:"([^"]+)"|([^;\s]+))', content_type)
    if match is None:
        raise _bad_request("multipart body without boundary")
    boundary = (match.group(1) or match.group(2)).encode("latin-1")
    params: dict[str, Any] = {}
    files: dict[str, _Upload] = {}
    for part in (b"\r\n" + body).split(b"\r\n--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, sep, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            continue
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "surrogateescape").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = _disposition_param(disposition, "name")
        if name is None:
            continue
        filename = _disposition_param(disposition, "filename")
        if filename is None:
            params[name] = content.decode("utf-8", "replace")
        else:
            ctype = headers.get("content-type") or "application/octet-stream"
            files[name] = _Upload(filename, ctype, content)
    return params, files


def _disposition_param(disposition: str, key: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{key}="((?:[^"\\]|\\.)*)"', disposition)
    if match is None:
        match = re.search(rf"(?:^|;)\s*{key}=([^;\s]+)", disposition)
        return match.group(1) if match else None
    # httpx escapes '"' as %22 and '\' as '\\' (HTML5 form encoding)
    return match.group(1).replace("%22", '"').replace("\\\\", "\\")


def _read_body(handler: _Handler) -> bytes:
    if "chunked" in handler.headers.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        while True:
            size_line = handler.rfile.readline(65537)
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline(65537)
    length = int(handler.headers.get("content-length") or 0)
    return handler.rfile.read(length) if length > 0 else b""


def _parse_request(handler: _Handler, query: str) -> _Params:
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, _Upload] = {}
    body = _read_body(handler)
    if body:
        ctype = handler.headers.get("content-type", "")
        lowered = ctype.lower()
        if lowered.startswith("multipart/form-data"):
            params, files = _parse_multipart(body, ctype)
            raw.update(params)
        elif lowered.startswith("application/json"):
            try:
                data = json.loads(body)
            except ValueError:
                raise _bad_request("can't parse JSON request body") from None
            if isinstance(data, dict):
                raw.update(data)
        else:
            raw.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return _Params(raw, files)


class _HTTPServer(socketserver.ThreadingTCPServer):
    """One thread per connection; HTTP/1.1 keep-alive, as httpx (PTB) uses it."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, core: _Core) -> None:
        self.core = core
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(socketserver.StreamRequestHandler):
    """A minimal HTTP/1.1 server loop.

    http.server's BaseHTTPRequestHandler parses headers with the email package, which more
    than doubles the fake's CPU time per request; this parses just what the Bot API needs.
    """

    disable_nagle_algorithm = True
    server_version = "FakeBotApi/1.0"
    server: _HTTPServer

    command = ""
    path = ""
    headers: dict[str, str]
    close_connection = False

    def setup(self) -> None:
        super().setup()
        self.headers = {}
        with self.server.sockets_lock:
            self.server.open_sockets.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            with self.server.sockets_lock:
                self.server.open_sockets.discard(self.connection)

    def handle(self) -> None:
        while not self.close_connection:
            try:
                if not self.read_request():
                    return
            except (OSError, ValueError):
                return
            self.server.core.handle(self)

    def read_request(self) -> bool:
        line = self.rfile.readline(65537)
        while line in (b"\r\n", b"\n"):  # tolerate stray blank lines between requests
            line = self.rfile.readline(65537)
        if not line:
            return False
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self.close_connection = True
            self.respond(400, b'{"ok":false,"error_code":400,"description":"Bad Request"}')
            return False
        self.command, self.path, version = parts
        headers: dict[str, str] = {}
        while True:
            raw = self.rfile.readline(65537)
            if raw in (b"\r\n", b"\n", b""):
                break
            key, _, value = raw.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        self.headers = headers
        connection = headers.get("connection", "").lower()
        self.close_connection = connection == "close" or (
            version == "HTTP/1.0" and connection != "keep-alive"
        )
        if headers.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def client_gone(self) -> bool:
        """Whether the client closed its end (e.g. a cancelled long poll)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True
        return peeked == b""

    def respond(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:  # e.g. a made-up code given to fail_next()
            reason = "Error"
        head = (
            f"HTTP/1.1 {status} {reason}\r\n"
            f"Server: {self.server_version}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(payload)}\r\n"
        )
        if self.close_connection:
            head += "Connection: close\r\n"
        try:
            self.wfile.write(head.encode("latin-1") + b"\r\n" + payload)
        except OSError:
            self.close_connection = True


def _clone(obj: _T) -> _T:
    """Copy nested dicts/lists (JSON data) fast; bytes and scalars are shared."""
    if isinstance(obj, dict):
        return {k: _clone(v) for k, v in obj.items()}  # type: ignore[return-value]
    if isinstance(obj, list):
        return [_clone(v) for v in obj]  # type: ignore[return-value]
    return obj


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error_payload(err: ApiError) -> bytes:
    body: JSON = {"ok": False, "error_code": err.code, "description": err.description}
    if err.parameters:
        body["parameters"] = err.parameters
    return _dump(body)


@dataclass
class _Ctx:
    state: _BotState
    params: _Params
    handler: _Handler
    method: str
    started: float


# --------------------------------------------------------------------------- the server core


class _Core:
    """Shared state, locking and the Bot API method implementations."""

    def __init__(self, *, strict_chats: bool) -> None:
        self.cond = threading.Condition(threading.RLock())
        self.states: dict[str, _BotState] = {}
        self.requests: list[RequestRecord] = []
        self.strict_chats = strict_chats
        self.stopping = False
        self.flood = FloodControl()  # counts sends; refuses like Telegram once given limits
        self.methods: dict[str, Callable[[_Ctx], Any]] = {
            "getme": self.get_me,
            "logout": self.ok,
            "close": self.ok,
            "getupdates": self.get_updates,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "sendmessage": self.send_message,
            "sendphoto": self.send_photo,
            "senddocument": self.send_document,
            "sendchataction": self.send_chat_action,
            "editmessagetext": self.edit_message_text,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "editmessagecaption": self.edit_message_caption,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "getfile": self.get_file,
        }

    # ----------------------------------------------------------------- request entry point

    def handle(self, handler: _Handler) -> None:
        started = time.perf_counter()
        cpu = time.thread_time()
        wall = time.time()
        split = urlsplit(handler.path)
        path = unquote(split.path)  # PTB percent-encodes file URLs (the token's ':' too)
        token, method, status = "", "", 200
        params = _Params({}, {})
        try:
            params = _parse_request(handler, split.query)
            if path.startswith("/file/bot"):
                token, _, file_path = path[len("/file/bot") :].partition("/")
                method = "file"
                status = self.download(handler, token, file_path)
                return
            if not path.startswith("/bot"):
                raise ApiError(404, "Not Found")
            token, sep, method = path[len("/bot") :].partition("/")
            if not sep or not method or "/" in method:
                raise ApiError(404, "Not Found")
            with self.cond:
                state = self.states.get(token)
            if state is None or not _TOKEN_RE.match(token):
                raise ApiError(401, "Unauthorized")
            status = self.call(handler, state, method, params, started)
        except ApiError as err:
            status = err.code
            handler.respond(err.code, _error_payload(err))
        except Exception as exc:  # a bug in the fake: answer 500, keep serving
            status = 500
            handler.close_connection = True  # the request stream may be out of step
            handler.respond(500, _error_payload(ApiError(500, f"Internal Server Error: {exc!r}")))
        finally:
            record = RequestRecord(
                method=method,
                path=handler.path,
                token=token,
                wall_time=wall,
                started=started,
                duration=time.perf_counter() - started,
                cpu_time=time.thread_time() - cpu,
                status=status,
                params=params.loggable(),
            )
            with self.cond:
                self.requests.append(record)
                self.cond.notify_all()

    def call(
        self, handler: _Handler, state: _BotState, method: str, params: _Params, started: float
    ) -> int:
        name = method.lower()
        with self.cond:
            failure = self.take_failure(state, name, params)
        if failure is not None:
            if failure.delay:
                time.sleep(failure.delay)
            if failure.disconnect:
                handler.close_connection = True
                return 0
            if failure.error_code is not None:
                parameters = (
                    {"retry_after": failure.retry_after}
                    if failure.retry_after is not None
                    else None
                )
                raise ApiError(failure.error_code, failure.description, parameters)
        impl = self.methods.get(name)
        if impl is None:
            raise ApiError(404, "Not Found: method not found")
        ctx = _Ctx(state, params, handler, method, started)
        with self.cond:
            counted = self.flood_admit(state, name, params, started)
            payload = _dump({"ok": True, "result": impl(ctx)})
            if counted is not None:
                self.flood.accept(*counted)
            self.cond.notify_all()
        handler.respond(200, payload)
        return 200

    def flood_admit(
        self, state: _BotState, name: str, params: _Params, arrived: float
    ) -> tuple[str, int | str, float] | None:
        """Telegram's flood limits (tests/e2e/flood_control.py) at the request's arrival time
        (as Telegram would see it, before this process parsed it or waited for its lock): a
        429, or what to count."""
        if not FloodControl.counted(name):
            return None
        try:
            chat: int | str | None = params.integer("chat_id")
        except ApiError:
            chat = params.text("chat_id")
        if chat is None:
            return None
        retry_after = self.flood.check(state.token, chat, arrived)
        if retry_after is not None:
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        return state.token, chat, arrived

    def take_failure(self, state: _BotState, name: str, params: _Params) -> _Failure | None:
        for failure in state.failures:
            if failure.method != name:
                continue
            if failure.chat_id is not None:
                try:
                    chat_id = params.integer("chat_id")
                except ApiError:
                    chat_id = None
                if chat_id != failure.chat_id:
                    continue
            failure.times -= 1
            if failure.times <= 0:
                state.failures.remove(failure)
            return failure
        return None

    def download(self, handler: _Handler, token: str, file_path: str) -> int:
        with self.cond:
            state = self.states.get(token)
            if state is None:
                raise ApiError(401, "Unauthorized")
            file = state.files_by_path.get(file_path)
        if file is None or file.data is None:
            raise ApiError(404, "Not Found")
        handler.respond(200, file.data, file.mime_type or "application/octet-stream")
        return 200

    # ----------------------------------------------------------------- shared helpers

    def push(self, state: _BotState, kind: str, payload: JSON) -> int:
        update = _Update(
            state.next_update_id, kind, payload, time.perf_counter(), state.active_polls > 0
        )
        state.next_update_id += 1
        state.queue.append(update)
        state.updates.append(update)
        self.cond.notify_all()
        return update.update_id

    def ensure_user(
        self,
        state: _BotState,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> tuple[JSON, JSON]:
        user = state.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
            if language_code is None:
                language_code = "en"
            state.users[user_id] = user
        for key, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        chat: JSON = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        state.chats[user_id] = chat
        return dict(user), dict(chat)

    def next_message_id(self, state: _BotState, chat_id: int) -> int:
        mid = state.next_message_id.get(chat_id, 0) + 1
        state.next_message_id[chat_id] = mid
        return mid

    def chat(self, ctx: _Ctx, *, check_blocked: bool = True) -> int:
        state, params = ctx.state, ctx.params
        raw = params.text("chat_id")
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        if raw.startswith("@"):
            found = [
                cid
                for cid, chat in state.chats.items()
                if str(chat.get("username", "")).lower() == raw[1:].lower()
            ]
            if not found:
                raise _bad_request("chat not found")
            chat_id = found[0]
        else:
            try:
                chat_id = int(raw)
            except ValueError:
                raise _bad_request("chat not found") from None
        if chat_id not in state.chats:
            if self.strict_chats:
                raise _bad_request("chat not found")
            self.ensure_user(state, chat_id)
        if check_blocked and chat_id in state.blocked:
            raise ApiError(403, _BLOCKED)
        return chat_id

    def markup(self, params: _Params) -> JSON | None:
        if params.raw.get("reply_markup") in (None, ""):
            return None
        return _validate_markup(params.json("reply_markup", "reply keyboard markup"))

    def reply_to(self, ctx: _Ctx, chat_id: int) -> JSON | None:
        params = ctx.params
        reply = params.json("reply_parameters")
        target: int | None
        allow_missing = params.flag("allow_sending_without_reply")
        if isinstance(reply, dict):
            target = int(reply["message_id"]) if "message_id" in reply else None
            allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
        else:
            target = params.integer("reply_to_message_id")
        if target is None:
            return None
        stored = ctx.state.messages.get((chat_id, target))
        if stored is None:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        replied = dict(stored.json)
        replied.pop("reply_to_message", None)
        return replied

    def new_bot_message(self, ctx: _Ctx, chat_id: int) -> JSON:
        state = ctx.state
        message: JSON = {
            "message_id": self.next_message_id(state, chat_id),
            "from": state.bot_user(),
            "chat": dict(state.chats[chat_id]),
            "date": int(time.time()),
        }
        reply = self.reply_to(ctx, chat_id)
        if reply is not None:
            message["reply_to_message"] = reply
        return message

    def record_sent(
        self, ctx: _Ctx, chat_id: int, stored: _Stored, extra: JSON | None = None
    ) -> None:
        message = stored.json
        ctx.state.messages[(chat_id, message["message_id"])] = stored
        record: JSON = {
            "method": ctx.method,
            "chat_id": chat_id,
            "message_id": message["message_id"],
            "text": stored.raw_text,
            "plain_text": message.get("text", message.get("caption")),
            "parse_mode": stored.parse_mode,
            "reply_markup": stored.markup,
            "photo": None,
            "document": None,
            "time": ctx.started,
            "params": ctx.params.loggable(),
            "message": dict(message),
        }
        if extra:
            record.update(extra)
        ctx.state.sent[chat_id].append(record)

    def text_param(self, params: _Params, name: str, limit: int, *, required: bool) -> str | None:
        text = params.text(name)
        if text is None or not text.strip():
            if required:
                raise _bad_request("message text is empty")
            return None
        plain = _render(text, params.text("parse_mode"))
        if required and not plain.strip():
            raise _bad_request("text must be non-empty")
        if len(plain) > limit:
            raise _bad_request("message is too long" if required else "message caption is too long")
        return text

    def media_file(self, ctx: _Ctx, field_name: str, kind: str) -> _File:
        state, params = ctx.state, ctx.params
        upload = params.files.get(field_name)
        value = params.text(field_name)
        if upload is None and value and value.startswith("attach://"):
            upload = params.files.get(value[len("attach://") :])
        if upload is not None:
            folder = "photos" if kind == "photo" else "documents"
            ext = re.search(r"\.\w{1,8}$", upload.filename)
            suffix = ".jpg" if kind == "photo" else (ext.group() if ext else "")
            return self.store_file(
                state,
                upload.data,
                f"{folder}/file_{state.next_id()}{suffix}",
                name=upload.filename,
                mime_type=upload.content_type,
            )
        if not value:
            raise _bad_request(f"there is no {kind} in the request")
        if value in state.files:
            return state.files[value]
        if re.match(r"^https?://", value):
            folder = "photos" if kind == "photo" else "documents"
            file = self.store_file(state, None, f"{folder}/file_{state.next_id()}", url=value)
            return file
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def store_file(
        self,
        state: _BotState,
        data: bytes | None,
        path: str,
        *,
        name: str | None = None,
        mime_type: str | None = None,
        url: str | None = None,
    ) -> _File:
        n = state.next_id()
        file = _File(
            file_id=f"BQACAgIAAx{state.bot_id:x}{n:08d}Fake",
            unique_id=f"AgAD{n:06d}",
            path=path,
            data=data,
            name=name,
            mime_type=mime_type,
            url=url,
        )
        state.files[file.file_id] = file
        state.files_by_path[path] = file
        return file

    def edit_target(self, ctx: _Ctx) -> tuple[int, _Stored] | None:
        """The message an edit method addresses, or ``None`` for inline messages."""
        params = ctx.params
        if params.text("inline_message_id"):
            return None
        chat_id = self.chat(ctx)
        message_id = params.integer("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        stored = ctx.state.messages.get((chat_id, message_id))
        if stored is None:
            raise _bad_request("message to edit not found")
        if not stored.from_bot:
            raise _bad_request("message can't be edited")
        return chat_id, stored

    def record_edit(self, ctx: _Ctx, chat_id: int | None, stored: _Stored | None) -> None:
        params = ctx.params
        record: JSON = {
            "method": ctx.method,
            "chat_id": chat_id,
            "message_id": stored.json["message_id"] if stored else None,
            "inline_message_id": params.text("inline_message_id"),
            "text": params.text("text") if "text" in params.raw else params.text("caption"),
            "parse_mode": params.text("parse_mode"),
            "reply_markup": stored.markup if stored else self.markup(params),
            "time": ctx.started,
            "params": params.loggable(),
            "message": dict(stored.json) if stored else None,
        }
        ctx.state.edits[chat_id if chat_id is not None else 0].append(record)

    @staticmethod
    def apply_markup(stored: _Stored, markup: JSON | None) -> None:
        inline = markup if markup and "inline_keyboard" in markup else None
        stored.markup = inline
        if inline:
            stored.json["reply_markup"] = inline
        else:
            stored.json.pop("reply_markup", None)

    # ----------------------------------------------------------------- Bot API methods

    def ok(self, ctx: _Ctx) -> bool:
        return True

    def get_me(self, ctx: _Ctx) -> JSON:
        return {
            **ctx.state.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def get_updates(self, ctx: _Ctx) -> list[JSON]:
        state, params = ctx.state, ctx.params
        if state.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.integer("offset") or 0
        limit = min(100, max(1, params.integer("limit") or 100))
        timeout = max(0.0, params.number("timeout") or 0.0)
        allowed = params.json("allowed_updates")
        if allowed is not None:
            self.set_allowed(state, allowed)
        state.get_updates_calls += 1
        state.poll_generation += 1
        generation = state.poll_generation
        self.cond.notify_all()  # an older long poll of this token ends with 409
        self.confirm(state, offset)
        deadline = time.monotonic() + timeout
        state.active_polls += 1
        try:
            while True:
                if state.poll_generation != generation:
                    if not ctx.handler.client_gone():
                        state.conflicts += 1
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                    )
                ready = self.deliverable(state, limit)
                if ready or self.stopping:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.cond.wait(remaining)
        finally:
            state.active_polls -= 1
        now = time.perf_counter()
        for update in ready:
            if update.delivered_at is None:
                update.delivered_at = now
        return [{"update_id": u.update_id, u.kind: u.payload} for u in ready]

    @staticmethod
    def set_allowed(state: _BotState, allowed: Any) -> None:
        if not isinstance(allowed, list):
            raise _bad_request("can't parse allowed updates JSON object")
        state.allowed_updates_raw = [str(kind) for kind in allowed]
        state.allowed_updates = (
            frozenset(state.allowed_updates_raw) if allowed else _DEFAULT_ALLOWED
        )

    @staticmethod
    def confirm(state: _BotState, offset: int) -> None:
        if offset == 0 or not state.queue:
            return
        now = time.perf_counter()
        if offset > 0:
            keep = [u for u in state.queue if u.update_id >= offset]
        else:
            keep = state.queue[offset:]
        keep_ids = {u.update_id for u in keep}
        for update in state.queue:
            if update.update_id not in keep_ids:
                update.confirmed_at = now
        state.queue = keep

    @staticmethod
    def deliverable(state: _BotState, limit: int) -> list[_Update]:
        if any(u.kind not in state.allowed_updates for u in state.queue):
            now = time.perf_counter()
            for update in state.queue:
                if update.kind not in state.allowed_updates:
                    update.confirmed_at = now  # Telegram never sends it: gone
            state.queue = [u for u in state.queue if u.kind in state.allowed_updates]
        return state.queue[:limit]

    def set_webhook(self, ctx: _Ctx) -> bool:
        state, params = ctx.state, ctx.params
        url = params.text("url") or ""
        call: JSON = {
            "url": url,
            "secret_token": params.text("secret_token"),
            "max_connections": params.integer("max_connections"),
            "ip_address": params.text("ip_address"),
            "drop_pending_updates": params.flag("drop_pending_updates"),
            "allowed_updates": params.json("allowed_updates"),
            "has_custom_certificate": "certificate" in params.files,
        }
        state.webhook_calls.append(call)
        if url and not re.match(r"^https?://", url):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if call["allowed_updates"] is not None:
            self.set_allowed(state, call["allowed_updates"])
        if call["drop_pending_updates"]:
            self.drop_pending(state)
        state.webhook = call if url else None
        return True

    def delete_webhook(self, ctx: _Ctx) -> bool:
        ctx.state.webhook_calls.append(
            {"url": "", "drop_pending_updates": ctx.params.flag("drop_pending_updates")}
        )
        ctx.state.webhook = None
        if ctx.params.flag("drop_pending_updates"):
            self.drop_pending(ctx.state)
        return True

    @staticmethod
    def drop_pending(state: _BotState) -> None:
        now = time.perf_counter()
        for update in state.queue:
            update.confirmed_at = now
        state.queue = []

    def get_webhook_info(self, ctx: _Ctx) -> JSON:
        state = ctx.state
        hook = state.webhook or {}
        info: JSON = {
            "url": hook.get("url", ""),
            "has_custom_certificate": bool(hook.get("has_custom_certificate")),
            "pending_update_count": len(state.queue),
        }
        if hook.get("max_connections"):
            info["max_connections"] = hook["max_connections"]
        if hook.get("ip_address"):
            info["ip_address"] = hook["ip_address"]
        if state.allowed_updates_raw is not None and hook:
            info["allowed_updates"] = list(state.allowed_updates_raw)
        return info

    def send_message(self, ctx: _Ctx) -> JSON:
        params = ctx.params
        chat_id = self.chat(ctx)
        text = self.text_param(params, "text", _MAX_TEXT, required=True)
        assert text is not None
        parse_mode = params.text("parse_mode")
        markup = self.markup(params)
        message = self.new_bot_message(ctx, chat_id)
        message["text"] = _render(text, parse_mode)
        entities = params.json("entities")
        if isinstance(entities, list) and entities:
            message["entities"] = entities
        stored = _Stored(message, True, "text", text, parse_mode, None)
        self.apply_markup(stored, markup)
        self.record_sent(ctx, chat_id, stored, {"reply_markup": markup})
        return message

    def send_photo(self, ctx: _Ctx) -> JSON:
        return self.send_media(ctx, "photo")

    def send_document(self, ctx: _Ctx) -> JSON:
        return self.send_media(ctx, "document")

    def send_media(self, ctx: _Ctx, kind: str) -> JSON:
        params = ctx.params
        chat_id = self.chat(ctx)
        caption = self.text_param(params, "caption", _MAX_CAPTION, required=False)
        parse_mode = params.text("parse_mode")
        markup = self.markup(params)
        file = self.media_file(ctx, kind, kind)
        message = self.new_bot_message(ctx, chat_id)
        size = len(file.data) if file.data is not None else 0
        if kind == "photo":
            dims = _image_size(file.data) if file.data is not None else None
            width, height = dims or (0, 0)
            message["photo"] = [
                {
                    "file_id": file.file_id,
                    "file_unique_id": file.unique_id,
                    "width": width,
                    "height": height,
                    "file_size": size,
                }
            ]
        else:
            document: JSON = {"file_id": file.file_id, "file_unique_id": file.unique_id}
            if file.name:
                document["file_name"] = file.name
            mime = file.mime_type or (mimetypes.guess_type(file.name or "")[0])
            if mime:
                document["mime_type"] = mime
            document["file_size"] = size
            message["document"] = document
        if caption is not None:
            message["caption"] = _render(caption, parse_mode)
        stored = _Stored(message, True, kind, caption, parse_mode, None)
        self.apply_markup(stored, markup)
        self.record_sent(
            ctx,
            chat_id,
            stored,
            {
                kind: file.data,
                "reply_markup": markup,
                "caption": caption,
                "filename": file.name,
                "mime_type": file.mime_type,
                "file_id": file.file_id,
                "url": file.url,
            },
        )
        return message

    def send_chat_action(self, ctx: _Ctx) -> bool:
        chat_id = self.chat(ctx)
        action = ctx.params.text("action") or ""
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        ctx.state.chat_actions[chat_id].append(action)
        return True

    def edit_message_text(self, ctx: _Ctx) -> JSON | bool:
        params = ctx.params
        text = self.text_param(params, "text", _MAX_TEXT, required=True)
        assert text is not None
        parse_mode = params.text("parse_mode")
        markup = self.markup(params)
        target = self.edit_target(ctx)
        if target is None:
            self.record_edit(ctx, None, None)
            return True
        chat_id, stored = target
        if stored.kind != "text":
            raise _bad_request("there is no text in the message to edit")
        plain = _render(text, parse_mode)
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if plain == stored.json.get("text") and new_markup == stored.markup:
            raise _bad_request(_NOT_MODIFIED)
        stored.json["text"] = plain
        stored.json.pop("entities", None)
        stored.raw_text, stored.parse_mode = text, parse_mode
        stored.json["edit_date"] = int(time.time())
        self.apply_markup(stored, markup)  # no reply_markup: the keyboard goes, as on Telegram
        self.record_edit(ctx, chat_id, stored)
        return stored.json

    def edit_message_caption(self, ctx: _Ctx) -> JSON | bool:
        params = ctx.params
        caption = self.text_param(params, "caption", _MAX_CAPTION, required=False)
        parse_mode = params.text("parse_mode")
        markup = self.markup(params)
        target = self.edit_target(ctx)
        if target is None:
            self.record_edit(ctx, None, None)
            return True
        chat_id, stored = target
        if stored.kind == "text":
            raise _bad_request("there is no caption in the message to edit")
        plain = _render(caption, parse_mode) if caption is not None else None
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if plain == stored.json.get("caption") and new_markup == stored.markup:
            raise _bad_request(_NOT_MODIFIED)
        if plain is None:
            stored.json.pop("caption", None)
        else:
            stored.json["caption"] = plain
        stored.raw_text, stored.parse_mode = caption, parse_mode
        stored.json["edit_date"] = int(time.time())
        self.apply_markup(stored, markup)
        self.record_edit(ctx, chat_id, stored)
        return stored.json

    def edit_message_reply_markup(self, ctx: _Ctx) -> JSON | bool:
        markup = self.markup(ctx.params)
        target = self.edit_target(ctx)
        if target is None:
            self.record_edit(ctx, None, None)
            return True
        chat_id, stored = target
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if new_markup == stored.markup:
            raise _bad_request(_NOT_MODIFIED)
        stored.json["edit_date"] = int(time.time())
        self.apply_markup(stored, markup)
        self.record_edit(ctx, chat_id, stored)
        return stored.json

    def delete_message(self, ctx: _Ctx) -> bool:
        chat_id = self.chat(ctx, check_blocked=False)
        message_id = ctx.params.integer("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        if ctx.state.messages.pop((chat_id, message_id), None) is None:
            raise _bad_request("message to delete not found")
        ctx.state.deleted[chat_id].append(message_id)
        return True

    def answer_callback_query(self, ctx: _Ctx) -> bool:
        params = ctx.params
        query_id = params.text("callback_query_id") or ""
        query = ctx.state.callbacks.get(query_id)
        if query is None or query["answered"]:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.text("text")
        if text is not None and len(text) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        query["answered"] = True
        ctx.state.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": text,
                "show_alert": params.flag("show_alert"),
                "url": params.text("url"),
                "cache_time": params.integer("cache_time"),
                "user_id": query["user_id"],
                "message_id": query["message_id"],
                "data": query["data"],
                "time": ctx.started,
            }
        )
        return True

    @staticmethod
    def commands_key(scope: Any, language_code: str | None) -> tuple[str, str]:
        if scope is None or scope == "":
            scope = {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise _bad_request("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), language_code or ""

    def set_my_commands(self, ctx: _Ctx) -> bool:
        params = ctx.params
        commands = params.json("commands", "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = str(command.get("command", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad_request("BOT_COMMAND_INVALID")
            description = str(command.get("description", ""))
            if not 1 <= len(description) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self.commands_key(params.json("scope"), params.text("language_code"))
        ctx.state.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def get_my_commands(self, ctx: _Ctx) -> list[JSON]:
        key = self.commands_key(ctx.params.json("scope"), ctx.params.text("language_code"))
        return list(ctx.state.commands.get(key, []))

    def delete_my_commands(self, ctx: _Ctx) -> bool:
        key = self.commands_key(ctx.params.json("scope"), ctx.params.text("language_code"))
        ctx.state.commands.pop(key, None)
        return True

    def get_file(self, ctx: _Ctx) -> JSON:
        file = ctx.state.files.get(ctx.params.text("file_id") or "")
        if file is None:
            raise _bad_request("invalid file_id")
        size = len(file.data) if file.data is not None else 0
        if size > _MAX_DOWNLOAD:
            raise _bad_request("file is too big")
        return {
            "file_id": file.file_id,
            "file_unique_id": file.unique_id,
            "file_size": size,
            "file_path": file.path,
        }


# --------------------------------------------------------------------------- test-facing API


def _update_chat(kind: str, payload: JSON) -> int | None:
    if kind == "callback_query":
        message = payload.get("message") or {}
        chat = message.get("chat") or payload.get("from") or {}
    else:
        chat = payload.get("chat") or {}
    chat_id = chat.get("id")
    return chat_id if isinstance(chat_id, int) else None


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host == "::1" or host.startswith("127.")


class _WebhookDelivery:
    """Telegram's side of a webhook: POST each queued update to the bot, like Telegram does.

    One chat's updates go one at a time (the next only after the previous got its answer),
    different chats' at once up to ``max_connections``; any answer but 2xx, or no connection,
    means trying the same update again later with a growing delay. Only loopback URLs are
    ever called.
    """

    RETRY_FIRST_S = 0.1
    RETRY_MAX_S = 1.0
    TIMEOUT_S = 30.0

    def __init__(self, core: _Core) -> None:
        self._core = core
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="fake-webhook", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._core.cond:
            self._stopped = True
            self._core.cond.notify_all()
        self._thread.join(5)

    def _run(self) -> None:
        with self._core.cond:
            while not self._stopped:
                wait = 0.5
                for state in list(self._core.states.values()):
                    wait = min(wait, self._dispatch(state))
                self._core.cond.wait(max(wait, 0.005))

    def _dispatch(self, state: _BotState) -> float:
        hook = state.webhook
        if hook is None or state.webhook_paused or not hook.get("url"):
            return 0.5
        targets = state.webhook_targets or [hook["url"]]
        if not all(_loopback(t) for t in targets):
            return 0.5
        limit = hook.get("max_connections") or 40
        in_flight = [u for u in state.queue if u.in_flight]
        busy = {_update_chat(u.kind, u.payload) for u in in_flight}
        now = time.monotonic()
        wait = 0.5
        for update in state.queue:
            if len(in_flight) >= limit:
                break
            chat = _update_chat(update.kind, update.payload)
            if update.in_flight or (chat is not None and chat in busy):
                continue
            if update.kind not in state.allowed_updates:
                continue
            busy.add(chat)  # later updates of this chat wait for this one, in order
            if update.next_try > now:
                wait = min(wait, update.next_try - now)
                continue
            target = targets[state.webhook_turn % len(targets)]
            state.webhook_turn += 1
            update.in_flight = True
            in_flight.append(update)
            body = _dump({"update_id": update.update_id, update.kind: update.payload})
            threading.Thread(
                target=self._post,
                args=(state, update, target, body, hook.get("secret_token")),
                daemon=True,
            ).start()
        return wait

    def _post(
        self, state: _BotState, update: _Update, target: str, body: bytes, secret: str | None
    ) -> None:
        import http.client

        split = urlsplit(target)
        status = 0
        try:
            conn = http.client.HTTPConnection(
                split.hostname or "127.0.0.1", split.port or 80, timeout=self.TIMEOUT_S
            )
            headers = {"Content-Type": "application/json"}
            if secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            conn.request("POST", split.path or "/", body=body, headers=headers)
            status = conn.getresponse().status
            conn.close()
        except (OSError, http.client.HTTPException):
            status = 0
        with self._core.cond:
            update.in_flight = False
            update.attempts += 1
            now = time.perf_counter()
            state.webhook_log.append(
                {"update_id": update.update_id, "target": target, "status": status, "time": now}
            )
            if 200 <= status < 300:
                if update.delivered_at is None:
                    update.delivered_at = now
                update.confirmed_at = now
                state.queue = [u for u in state.queue if u is not update]
            else:
                delay = min(self.RETRY_MAX_S, self.RETRY_FIRST_S * 2 ** (update.attempts - 1))
                update.next_try = time.monotonic() + delay
            self._core.cond.notify_all()


class FakeBot(FloodView):
    """The test-facing view of one bot token's state. All methods are thread-safe."""

    def __init__(self, core: _Core, state: _BotState, api: FakeBotApi) -> None:
        self._core = core
        self._state = state
        self._api = api

    # ----------------------------------------------------------------- identity

    @property
    def token(self) -> str:
        return self._state.token

    @property
    def bot_id(self) -> int:
        return self._state.bot_id

    @property
    def bot_username(self) -> str:
        return self._state.username

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: requests go to ``{base_url}{token}/{method}``."""
        return self._server().base_url

    @property
    def base_file_url(self) -> str:
        """PTB's ``base_file_url``: downloads go to ``{base_file_url}{token}/{file_path}``."""
        return self._server().base_file_url

    def env(self) -> dict[str, str]:
        """Environment for a bot subprocess: token, base URL and file base URL."""
        return {
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_BASE_URL": self.base_url,
            "TELEGRAM_BASE_FILE_URL": self.base_file_url,
        }

    def _server(self) -> FakeBotApi:
        return self._api

    # ----------------------------------------------------------------- users act

    def add_chat(
        self, user_id: int, *, first_name: str | None = None, username: str | None = None
    ) -> None:
        """Make a private chat known, as if the user had started the bot some time ago."""
        with self._core.cond:
            self._core.ensure_user(self._state, user_id, first_name=first_name, username=username)

    def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        reply_to: int | None = None,
        date: int | None = None,
    ) -> int:
        """Queue a private text message from ``user_id`` (chat id = user id); its message_id."""
        with self._core.cond:
            return self._user_message(
                user_id,
                {"text": text},
                text,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
                reply_to=reply_to,
                date=date,
            )

    def user_sends_many(self, messages: Iterable[tuple[int, str]]) -> list[int]:
        """Queue several ``(user_id, text)`` messages at once (one wake-up); their ids."""
        with self._core.cond:
            return [self._user_message(uid, {"text": text}, text) for uid, text in messages]

    def user_sends_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        first_name: str | None = None,
    ) -> int:
        """Queue a message with a document the bot can fetch via getFile + download."""
        with self._core.cond:
            state = self._state
            ext = re.search(r"\.\w{1,8}$", filename)
            file = self._core.store_file(
                state,
                bytes(data),
                f"documents/file_{state.next_id()}{ext.group() if ext else ''}",
                name=filename,
                mime_type=mime_type or mimetypes.guess_type(filename)[0],
            )
            document: JSON = {
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_name": filename,
                "file_size": len(data),
            }
            if file.mime_type:
                document["mime_type"] = file.mime_type
            fields: JSON = {"document": document}
            if caption is not None:
                fields["caption"] = caption
            return self._user_message(
                user_id, fields, caption or "", first_name=first_name, entity_key="caption"
            )

    def _user_message(
        self,
        user_id: int,
        fields: JSON,
        text: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        reply_to: int | None = None,
        date: int | None = None,
        entity_key: str = "text",
    ) -> int:
        if "text" in fields and not (1 <= len(text) <= _MAX_TEXT and text.strip()):
            raise ValueError(f"Telegram clients cannot send a text of {len(text)} characters")
        core, state = self._core, self._state
        user, chat = core.ensure_user(
            state,
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        message: JSON = {
            "message_id": core.next_message_id(state, user_id),
            "from": user,
            "chat": chat,
            "date": int(time.time()) if date is None else date,
            **fields,
        }
        entities = _command_entities(text)
        if entities:
            message["entities" if entity_key == "text" else "caption_entities"] = entities
        if reply_to is not None:
            replied = state.messages.get((user_id, reply_to))
            if replied is None:
                raise ValueError(f"no message {reply_to} in chat {user_id} to reply to")
            inner = dict(replied.json)
            inner.pop("reply_to_message", None)
            message["reply_to_message"] = inner
        kind = "document" if "document" in fields else "text"
        state.messages[(user_id, message["message_id"])] = _Stored(message, False, kind, text)
        core.push(state, "message", dict(message))
        return int(message["message_id"])

    def user_edits(
        self, user_id: int, message_id: int, new_text: str, *, edit_date: int | None = None
    ) -> int:
        """Queue an ``edited_message`` update for a text the user sent; the update_id."""
        with self._core.cond:
            stored = self._state.messages.get((user_id, message_id))
            if stored is None or stored.from_bot or stored.kind != "text":
                raise ValueError(f"user {user_id} has no text message {message_id} to edit")
            message = stored.json
            message["text"] = new_text
            message.pop("entities", None)
            entities = _command_entities(new_text)
            if entities:
                message["entities"] = entities
            message["edit_date"] = max(
                int(time.time()) if edit_date is None else edit_date, int(message["date"])
            )
            stored.raw_text = new_text
            return self._core.push(self._state, "edited_message", dict(message))

    def user_presses(
        self,
        user_id: int,
        bot_message_id: int,
        callback_data: str,
        *,
        require_button: bool = True,
    ) -> str:
        """Queue a ``callback_query`` for a button on a bot message; the callback query id.

        With ``require_button`` the message must currently carry an inline button with that
        ``callback_data`` (a real user can only press what is shown).
        """
        with self._core.cond:
            state = self._state
            stored = state.messages.get((user_id, bot_message_id))
            if stored is None or not stored.from_bot:
                raise ValueError(f"no bot message {bot_message_id} in chat {user_id}")
            if require_button:
                shown = [
                    b.get("callback_data")
                    for row in (stored.markup or {}).get("inline_keyboard", [])
                    for b in row
                ]
                if callback_data not in shown:
                    raise ValueError(
                        f"message {bot_message_id} has no button with callback_data "
                        f"{callback_data!r}; it shows {shown!r}"
                    )
            user, _ = self._core.ensure_user(state, user_id)
            query_id = f"{state.bot_id % 100_000}{state.next_id():012d}"
            state.callbacks[query_id] = {
                "user_id": user_id,
                "message_id": bot_message_id,
                "data": callback_data,
                "answered": False,
            }
            payload: JSON = {
                "id": query_id,
                "from": user,
                "message": dict(stored.json),
                "chat_instance": str(-(abs(user_id) * 7919 + state.bot_id)),
                "data": callback_data,
            }
            self._core.push(state, "callback_query", payload)
            return query_id

    def user_presses_button(self, user_id: int, bot_message_id: int, label: str) -> str:
        """Press the inline button whose text is ``label``; the callback query id."""
        with self._core.cond:
            stored = self._state.messages.get((user_id, bot_message_id))
            rows = (stored.markup or {}).get("inline_keyboard", []) if stored else []
            for row in rows:
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        return self.user_presses(user_id, bot_message_id, button["callback_data"])
            labels = [b.get("text") for row in rows for b in row]
        raise ValueError(f"message {bot_message_id} has no callback button {label!r}: {labels!r}")

    def push_update(self, kind: str, payload: JSON) -> int:
        """Queue an arbitrary update (``{"update_id": ..., kind: payload}``); its update_id."""
        with self._core.cond:
            return self._core.push(self._state, kind, _clone(payload))

    # ----------------------------------------------------------------- failure injection

    def block_chat(self, chat_id: int, *, notify: bool = False) -> None:
        """From now on, sending to ``chat_id`` fails: 403 "Forbidden: bot was blocked by the user".

        With ``notify`` a ``my_chat_member`` update (status "kicked") is queued, as Telegram does.
        """
        with self._core.cond:
            state = self._state
            state.blocked.add(chat_id)
            if notify:
                user, chat = self._core.ensure_user(state, chat_id)
                bot = state.bot_user()
                self._core.push(
                    state,
                    "my_chat_member",
                    {
                        "chat": chat,
                        "from": user,
                        "date": int(time.time()),
                        "old_chat_member": {"status": "member", "user": bot},
                        "new_chat_member": {
                            "status": "kicked",
                            "user": bot,
                            "until_date": 0,
                        },
                    },
                )

    def unblock_chat(self, chat_id: int) -> None:
        with self._core.cond:
            self._state.blocked.discard(chat_id)

    def fail_next(
        self,
        method: str,
        error_code: int | None = 429,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
        times: int = 1,
        disconnect: bool = False,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally: to ``chat_id``) fail.

        ``error_code=429`` answers "Too Many Requests: retry after N" with
        ``parameters.retry_after`` (default 1 s). ``disconnect=True`` drops the connection without
        an answer (PTB raises NetworkError); ``delay`` sleeps first (use it for timeouts).
        """
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(error_code or 0, "Error")
        failure = _Failure(
            method=method.lower(),
            error_code=None if disconnect else error_code,
            description=description,
            retry_after=retry_after if error_code == 429 else None,
            chat_id=chat_id,
            times=times,
            disconnect=disconnect,
            delay=delay,
        )
        with self._core.cond:
            self._state.failures.append(failure)

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` normally, but ``seconds`` late."""
        with self._core.cond:
            self._state.failures.append(
                _Failure(method.lower(), None, "", None, None, times, False, seconds)
            )

    # ----------------------------------------------------------------- what the bot did

    def bot_messages(self, chat_id: int, *, after: int | None = None) -> list[JSON]:
        """Messages/photos/documents the bot sent to ``chat_id`` (ids > ``after``), in order.

        Each: method, chat_id, message_id, text (as sent; caption for media), plain_text,
        parse_mode, reply_markup (dict), photo/document bytes, caption, filename, time
        (perf_counter at arrival), params (raw), message (the Message JSON returned).
        """
        with self._core.cond:
            return [
                _clone(m)
                for m in self._state.sent.get(chat_id, [])
                if after is None or m["message_id"] > after
            ]

    def bot_message_count(self, chat_id: int, *, after: int | None = None) -> int:
        with self._core.cond:
            sent = self._state.sent.get(chat_id, [])
            if after is None:
                return len(sent)
            return sum(1 for m in sent if m["message_id"] > after)

    def wait_for_bot_messages(
        self, chat_id: int, count: int = 1, timeout: float = 10.0, *, after: int | None = None
    ) -> list[JSON]:
        """Block until the bot sent ``count`` messages to ``chat_id`` (ids > ``after``); all."""
        self.wait_for(
            lambda: self.bot_message_count(chat_id, after=after) >= count,
            timeout,
            lambda: (
                f"{count} bot message(s) in chat {chat_id} after {after}; got "
                f"{[m['text'] for m in self.bot_messages(chat_id, after=after)]!r}"
            ),
        )
        return self.bot_messages(chat_id, after=after)

    def wait_for_reply(self, chat_id: int, after: int, timeout: float = 10.0) -> JSON:
        """The first bot message in ``chat_id`` after message ``after`` (e.g. the user's)."""
        return self.wait_for_bot_messages(chat_id, 1, timeout, after=after)[0]

    def current_message(self, chat_id: int, message_id: int) -> JSON | None:
        """A message as it is now (edits applied), or ``None`` if unknown or deleted."""
        with self._core.cond:
            stored = self._state.messages.get((chat_id, message_id))
            return _clone(stored.json) if stored else None

    def edits(self, chat_id: int) -> list[JSON]:
        """editMessageText/ReplyMarkup/Caption calls that succeeded for ``chat_id``."""
        with self._core.cond:
            return [_clone(e) for e in self._state.edits.get(chat_id, [])]

    def wait_for_edits(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[JSON]:
        self.wait_for(
            lambda: len(self.edits(chat_id)) >= count,
            timeout,
            lambda: f"{count} edit(s) in chat {chat_id}; got {len(self.edits(chat_id))}",
        )
        return self.edits(chat_id)

    def deleted_messages(self, chat_id: int) -> list[int]:
        with self._core.cond:
            return list(self._state.deleted.get(chat_id, []))

    def chat_actions(self, chat_id: int) -> list[str]:
        with self._core.cond:
            return list(self._state.chat_actions.get(chat_id, []))

    def callback_answers(self) -> list[JSON]:
        """answerCallbackQuery calls: callback_query_id, text, show_alert, url, data, ..."""
        with self._core.cond:
            return [_clone(a) for a in self._state.callback_answers]

    def unanswered_callbacks(self) -> list[str]:
        with self._core.cond:
            return [qid for qid, q in self._state.callbacks.items() if not q["answered"]]

    def wait_for_callback_answer(self, callback_id: str, timeout: float = 10.0) -> JSON:
        def find() -> JSON | None:
            return next(
                (a for a in self.callback_answers() if a["callback_query_id"] == callback_id),
                None,
            )

        self.wait_for(lambda: find() is not None, timeout, f"answer to callback {callback_id}")
        answer = find()
        assert answer is not None
        return answer

    def commands_set(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The commands currently set for ``scope`` (default scope) and language."""
        with self._core.cond:
            key = _Core.commands_key(scope, language_code)
            return _clone(self._state.commands.get(key, []))

    def webhook_info(self) -> JSON | None:
        """The webhook currently set (url, secret_token, ...) or ``None``."""
        with self._core.cond:
            hook = self._state.webhook
            return _clone(hook) if hook else None

    def webhook_calls(self) -> list[JSON]:
        with self._core.cond:
            return [_clone(c) for c in self._state.webhook_calls]

    def requests_log(self, method: str | None = None) -> list[RequestRecord]:
        """Requests made with this token (optionally only one method, case-insensitive)."""
        with self._core.cond:
            return [
                r
                for r in self._core.requests
                if r.token == self.token and (method is None or r.method.lower() == method.lower())
            ]

    def update_log(self) -> list[JSON]:
        """Every update queued: update_id, type, poll_waiting, queued/delivered/confirmed_at."""
        with self._core.cond:
            return [
                {
                    "update_id": u.update_id,
                    "type": u.kind,
                    "queued_at": u.queued_at,
                    "poll_waiting": u.poll_waiting,
                    "delivered_at": u.delivered_at,
                    "confirmed_at": u.confirmed_at,
                }
                for u in self._state.updates
            ]

    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._core.cond:
            return len(self._state.queue)

    def polling_now(self) -> bool:
        """Whether a getUpdates long poll of this token is waiting right now (bot idle)."""
        with self._core.cond:
            return self._state.active_polls > 0

    def get_updates_calls(self) -> int:
        with self._core.cond:
            return self._state.get_updates_calls

    def conflicts(self) -> int:
        """Long polls ended by a concurrent getUpdates of a live client (two bot instances)."""
        with self._core.cond:
            return self._state.conflicts

    # ----------------------------------------------------------------- webhook delivery

    def set_webhook_targets(self, urls: Sequence[str] | None) -> None:
        """Deliver webhook updates to these URLs in turn (a load balancer's backends) instead
        of the URL the bot set; ``None`` goes back to the set URL. Loopback addresses only."""
        with self._core.cond:
            self._state.webhook_targets = list(urls) if urls is not None else None
            self._core.cond.notify_all()

    def pause_webhook(self, paused: bool = True) -> None:
        """Hold webhook deliveries (updates stay queued) until called with ``False``."""
        with self._core.cond:
            self._state.webhook_paused = paused
            self._core.cond.notify_all()

    def take_updates(self) -> list[JSON]:
        """Remove and return every queued update (``{"update_id": ..., kind: payload}``), as a
        test that POSTs them to the bot itself needs them."""
        with self._core.cond:
            now = time.perf_counter()
            taken = [u for u in self._state.queue if not u.in_flight]
            for update in taken:
                update.delivered_at = update.confirmed_at = now
            self._state.queue = [u for u in self._state.queue if u.in_flight]
            return [{"update_id": u.update_id, u.kind: _clone(u.payload)} for u in taken]

    def webhook_log(self) -> list[JSON]:
        """Every webhook request: update_id, target, status (0: no connection), time."""
        with self._core.cond:
            return [dict(entry) for entry in self._state.webhook_log]

    # ----------------------------------------------------------------- waiting

    def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 10.0,
        what: str | Callable[[], str] = "condition",
    ) -> None:
        """Block until ``predicate()`` (re-checked on every server event) holds or time out."""
        deadline = time.monotonic() + timeout
        with self._core.cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    described = what() if callable(what) else what
                    raise TimeoutError(f"timed out after {timeout}s waiting for {described}")
                self._core.cond.wait(min(remaining, 0.5))

    def wait_until_polling(self, timeout: float = 10.0, *, calls: int = 1) -> None:
        """Block until this token made ``calls`` getUpdates requests in total (the bot is up).

        To wait for a restarted bot, pass ``calls=api.get_updates_calls() + 1`` taken before.
        """
        self.wait_for(
            lambda: self._state.get_updates_calls >= calls, timeout, f"{calls} getUpdates call(s)"
        )

    async def wait_for_async(
        self,
        predicate: Callable[[], bool],
        timeout: float = 10.0,
        what: str | Callable[[], str] = "condition",
    ) -> None:
        """:meth:`wait_for` without blocking the event loop (for in-process PTB tests)."""
        await asyncio.to_thread(self.wait_for, predicate, timeout, what)

    async def wait_for_bot_messages_async(
        self, chat_id: int, count: int = 1, timeout: float = 10.0, *, after: int | None = None
    ) -> list[JSON]:
        return await _in_thread(
            lambda: self.wait_for_bot_messages(chat_id, count, timeout, after=after)
        )

    async def wait_for_reply_async(self, chat_id: int, after: int, timeout: float = 10.0) -> JSON:
        return await _in_thread(lambda: self.wait_for_reply(chat_id, after, timeout))

    async def wait_for_edits_async(
        self, chat_id: int, count: int = 1, timeout: float = 10.0
    ) -> list[JSON]:
        return await _in_thread(lambda: self.wait_for_edits(chat_id, count, timeout))

    async def wait_for_callback_answer_async(self, callback_id: str, timeout: float = 10.0) -> JSON:
        return await _in_thread(lambda: self.wait_for_callback_answer(callback_id, timeout))

    async def wait_until_polling_async(self, timeout: float = 10.0, *, calls: int = 1) -> None:
        await _in_thread(lambda: self.wait_until_polling(timeout, calls=calls))


async def _in_thread(fn: Callable[[], _T]) -> _T:
    return await asyncio.to_thread(fn)


class FakeBotApi(FakeBot):
    """The fake Bot API server; itself the :class:`FakeBot` view of its primary token.

    ``with FakeBotApi() as api:`` starts it on a free port of 127.0.0.1. ``strict_chats``
    answers "chat not found" for chats no user has written from (see :meth:`add_chat`).
    ``limits`` enforces Telegram's flood limits (429 with ``retry_after``; see
    ``tests/e2e/flood_control.py``); without them sends are only counted (:meth:`send_times`).
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "tofailure_test_bot",
        bot_first_name: str = "ToFailure (test)",
        strict_chats: bool = True,
        limits: TelegramLimits | None = None,
    ) -> None:
        core = _Core(strict_chats=strict_chats)
        core.flood.limits = limits
        state = self._new_state(token, bot_username, bot_first_name)
        core.states[token] = state
        super().__init__(core, state, self)
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._webhooks: _WebhookDelivery | None = None

    @staticmethod
    def _new_state(token: str, username: str, first_name: str) -> _BotState:
        if not _TOKEN_RE.match(token):
            raise ValueError(f"not a Bot API token: {token!r}")
        return _BotState(
            token=token, bot_id=int(token.split(":")[0]), username=username, first_name=first_name
        )

    def add_bot(
        self, token: str, *, bot_username: str | None = None, bot_first_name: str = "Other bot"
    ) -> FakeBot:
        """Accept another token with its own, separate state; its test-facing view."""
        state = self._new_state(
            token, bot_username or f"bot{token.split(':')[0]}_bot", bot_first_name
        )
        with self._core.cond:
            if token in self._core.states:
                raise ValueError("token already served")
            self._core.states[token] = state
        return FakeBot(self._core, state, self)

    @property
    def port(self) -> int:
        if self._http is None:
            raise RuntimeError("FakeBotApi is not started")
        return int(self._http.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def all_requests(self) -> list[RequestRecord]:
        """Every request, whatever token (wrong ones included)."""
        with self._core.cond:
            return list(self._core.requests)

    def start(self) -> Self:
        if self._http is not None:
            raise RuntimeError("already started")
        self._http = _HTTPServer(self._core)
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-bot-api",
            daemon=True,
        )
        self._thread.start()
        self._webhooks = _WebhookDelivery(self._core)
        self._webhooks.start()
        return self

    def stop(self) -> None:
        http, thread = self._http, self._thread
        if http is None:
            return
        with self._core.cond:
            self._core.stopping = True
            self._core.cond.notify_all()
        if self._webhooks is not None:
            self._webhooks.stop()
        http.shutdown()
        with http.sockets_lock:
            sockets = list(http.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        http.server_close()
        if thread is not None:
            thread.join(5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# --------------------------------------------------------------------------- bot subprocesses


class BotProcess:
    """A bot command running as a subprocess, stdout and stderr captured together."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        cwd: Path | str | None = None,
    ) -> None:
        self.command = list(command)
        self._output: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - see close()
        self._final: str | None = None
        self.proc = subprocess.Popen(
            self.command,
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def output(self) -> str:
        """Everything the bot printed so far (stdout and stderr)."""
        if self._final is not None:
            return self._final
        self._output.flush()
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def cpu_seconds(self) -> float:
        """User + system CPU time the bot process used so far (Linux /proc; NaN elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return float("nan")

    def close(self) -> None:
        """Stop the bot and release the capture file (:meth:`output` keeps working)."""
        self.stop()
        if self._final is None:
            self._final = self.output()
            self._output.close()

    def stop(self, timeout: float = 10.0) -> int:
        """SIGINT (PTB's graceful stop), then SIGKILL after ``timeout``; the exit code."""
        if self.alive():
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def bot_env(api: FakeBotApi, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The bot's environment: ours, unbuffered, the fake's URLs and token, then ``extra``."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **api.env(), **(extra or {})}


@contextmanager
def running_bot(
    api: FakeBotApi,
    command: Sequence[str],
    env: Mapping[str, str] | None = None,
    *,
    cwd: Path | str | None = REPO_ROOT,
    startup_timeout: float = 60.0,
) -> Iterator[BotProcess]:
    """Start ``command`` against ``api``, wait until it calls getUpdates, stop it afterwards.

    ``env`` goes on top of :func:`bot_env`. Raises with the bot's output if it exits or does
    not poll within ``startup_timeout``. On exit the bot gets SIGINT (PTB stops gracefully).
    """
    calls = api.get_updates_calls() + 1
    bot = BotProcess(command, bot_env(api, env), cwd)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                api.wait_until_polling(0.1, calls=calls)
                break
            except TimeoutError:
                if not bot.alive():
                    raise RuntimeError(
                        f"bot exited with {bot.proc.returncode} before polling:\n{bot.output()}"
                    ) from None
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"bot did not call getUpdates within {startup_timeout}s:\n{bot.output()}"
                    ) from None
        yield bot
    finally:
        bot.close()
