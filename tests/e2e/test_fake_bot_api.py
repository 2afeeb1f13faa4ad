"""The fake Bot API, driven by a real python-telegram-bot Application in-process."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from PIL import Image
from telegram import BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup
from telegram import Update as TgUpdate
from telegram.constants import ChatAction, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.e2e.fake_bot_api import REPO_ROOT, FakeBotApi, running_bot

App = Application[Any, Any, Any, Any, Any, Any]
Ctx = ContextTypes.DEFAULT_TYPE


def png(width: int = 4, height: int = 3) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def builder(
    api: FakeBotApi, token: str | None = None
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    return (
        Application.builder()
        .token(token or api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
    )


class EchoBot:
    """An Application with echo, /start, /menu, /photo, documents, edits and buttons."""

    def __init__(self, api: FakeBotApi, *, rate_limiter: AIORateLimiter | None = None) -> None:
        b = builder(api)
        if rate_limiter is not None:
            b = b.rate_limiter(rate_limiter)
        self.app: App = b.build()
        self.errors: list[BaseException] = []
        self.sent_ids: list[int] = []
        self.updates: list[TgUpdate] = []
        self.app.add_handler(CommandHandler("start", self.start))
        self.app.add_handler(CommandHandler("menu", self.menu))
        self.app.add_handler(CommandHandler("photo", self.photo))
        self.app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, self.edited))
        self.app.add_handler(MessageHandler(filters.Document.ALL, self.document))
        self.app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.echo))
        self.app.add_handler(CallbackQueryHandler(self.pressed))
        self.app.add_error_handler(self.error)

    async def echo(self, update: TgUpdate, context: Ctx) -> None:
        assert update.message is not None and update.message.text is not None
        self.updates.append(update)
        sent = await update.message.reply_text(update.message.text)
        self.sent_ids.append(sent.message_id)

    async def start(self, update: TgUpdate, context: Ctx) -> None:
        assert update.message is not None
        await update.message.reply_text(f"started args={context.args}")

    async def menu(self, update: TgUpdate, context: Ctx) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Squat", callback_data="ex:squat")],
                [InlineKeyboardButton("Bench", callback_data="ex:bench")],
            ]
        )
        await update.message.reply_text("Pick one", reply_markup=keyboard)

    async def pressed(self, update: TgUpdate, context: Ctx) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer(f"got {query.data}")
        await query.edit_message_text(f"chose {query.data.removeprefix('ex:')}")

    async def edited(self, update: TgUpdate, context: Ctx) -> None:
        message = update.edited_message
        assert message is not None and message.edit_date is not None
        self.updates.append(update)
        await message.reply_text(f"edited: {message.text}")

    async def photo(self, update: TgUpdate, context: Ctx) -> None:
        assert update.message is not None
        await update.message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
        await update.message.reply_photo(png(), caption="your <b>chart</b>", parse_mode="HTML")

    async def document(self, update: TgUpdate, context: Ctx) -> None:
        message = update.message
        assert message is not None and message.document is not None
        file = await message.document.get_file()
        buf = io.BytesIO()
        await file.download_to_memory(buf)
        data = buf.getvalue()
        await message.reply_text(
            f"{message.document.file_name}: {hashlib.sha256(data).hexdigest()}"
        )
        await message.reply_document(data[::-1], filename="reversed.bin")

    async def error(self, update: object, context: Ctx) -> None:
        assert context.error is not None
        self.errors.append(context.error)

    @asynccontextmanager
    async def running(self, **polling: Any) -> AsyncIterator[App]:
        async with self.app:
            await self.app.start()
            assert self.app.updater is not None
            await self.app.updater.start_polling(
                poll_interval=0, timeout=dt.timedelta(seconds=1), **polling
            )
            try:
                yield self.app
            finally:
                await self.app.updater.stop()
                await self.app.stop()


async def raw(
    api: FakeBotApi, method: str, token: str | None = None, **params: Any
) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{api.base_url}{token or api.token}/{method}", data=params)


# --------------------------------------------------------------------------- round trips


async def test_text_round_trips_with_fresh_message_ids(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running():
        first = fake_api.user_sends(11, "squat 100x5", first_name="Ann")
        reply = await fake_api.wait_for_reply_async(11, first)
        second = fake_api.user_sends(11, "bench 80x8 ✓ 🏋️")
        reply2 = await fake_api.wait_for_reply_async(11, second)

    assert reply["text"] == "squat 100x5" and reply["method"] == "sendMessage"
    assert reply2["text"] == "bench 80x8 ✓ 🏋️"
    assert first < reply["message_id"] < second < reply2["message_id"]
    assert bot.sent_ids == [reply["message_id"], reply2["message_id"]]  # PTB parsed our Message
    user = bot.updates[0].effective_user
    assert user is not None and (user.id, user.first_name) == (11, "Ann")
    assert reply["message"]["from"]["is_bot"] is True
    assert reply["message"]["chat"] == {"id": 11, "type": "private", "first_name": "Ann"}
    assert bot.errors == []


async def test_commands_carry_entities_for_command_handler(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running():
        mid = fake_api.user_sends(5, "/start deep-link")
        assert (await fake_api.wait_for_reply_async(5, mid))["text"] == "started args=['deep-link']"
        mid = fake_api.user_sends(5, f"/start@{fake_api.bot_username}")
        assert (await fake_api.wait_for_reply_async(5, mid))["text"] == "started args=[]"
    assert bot.errors == []


async def test_user_edit_arrives_as_edited_message(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running():
        mid = fake_api.user_sends(3, "deadlift 180x3")
        await fake_api.wait_for_reply_async(3, mid)
        fake_api.user_edits(3, mid, "deadlift 190x3")
        replies = await fake_api.wait_for_bot_messages_async(3, 2, after=mid)
    assert replies[1]["text"] == "edited: deadlift 190x3"
    edited = bot.updates[1].edited_message
    assert edited is not None and edited.message_id == mid and edited.edit_date is not None
    with pytest.raises(ValueError, match="no text message"):
        fake_api.user_edits(3, replies[0]["message_id"], "not the user's")


async def test_button_press_is_answered_and_edit_drops_keyboard(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running():
        mid = fake_api.user_sends(8, "/menu")
        menu = await fake_api.wait_for_reply_async(8, mid)
        buttons = menu["reply_markup"]["inline_keyboard"]
        assert [row[0]["callback_data"] for row in buttons] == ["ex:squat", "ex:bench"]
        query_id = fake_api.user_presses_button(8, menu["message_id"], "Bench")
        answer = await fake_api.wait_for_callback_answer_async(query_id)
        edits = await fake_api.wait_for_edits_async(8)

    assert (answer["text"], answer["data"], answer["message_id"]) == (
        "got ex:bench",
        "ex:bench",
        menu["message_id"],
    )
    assert edits[0]["method"] == "editMessageText" and edits[0]["text"] == "chose bench"
    now = fake_api.current_message(8, menu["message_id"])
    assert now is not None and now["text"] == "chose bench" and "reply_markup" not in now
    assert fake_api.unanswered_callbacks() == []
    with pytest.raises(ValueError, match="no button"):  # the keyboard is gone now
        fake_api.user_presses(8, menu["message_id"], "ex:squat")


async def test_confirmed_updates_are_not_redelivered(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running():
        mids = [fake_api.user_sends(4, f"set {i}") for i in range(3)]
        await fake_api.wait_for_bot_messages_async(4, 3)
    assert fake_api.pending_updates() == 0  # the shutdown getUpdates confirmed them
    offsets = [r.params.get("offset") for r in fake_api.requests_log("getUpdates")]
    assert offsets[-1] == str(fake_api.update_log()[-1]["update_id"] + 1)

    again = EchoBot(fake_api)
    calls = fake_api.get_updates_calls() + 1
    async with again.running():
        await fake_api.wait_until_polling_async(calls=calls)
        await asyncio.sleep(0.3)
        assert fake_api.bot_message_count(4) == 3  # nothing answered twice
        late = fake_api.user_sends(4, "set 3")
        await fake_api.wait_for_reply_async(4, late)
    assert [m["text"] for m in fake_api.bot_messages(4)] == [f"set {i}" for i in range(4)]
    assert mids == sorted(mids) and again.errors == []
    assert fake_api.conflicts() == 0  # PTB's cancelled long poll is not a second instance


async def test_get_updates_offsets_and_negative_offset(fake_api: FakeBotApi) -> None:
    for i in range(3):
        fake_api.user_sends(1, f"m{i}")
    first = (await raw(fake_api, "getUpdates")).json()["result"]
    again = (await raw(fake_api, "getUpdates")).json()["result"]
    assert [u["message"]["text"] for u in first] == ["m0", "m1", "m2"] and again == first
    ids = [u["update_id"] for u in first]
    assert ids == list(range(ids[0], ids[0] + 3))
    rest = (await raw(fake_api, "getUpdates", offset=ids[1])).json()["result"]
    assert [u["update_id"] for u in rest] == ids[1:]
    limited = (await raw(fake_api, "getUpdates", offset=-1)).json()["result"]
    assert [u["update_id"] for u in limited] == ids[2:]
    done = (await raw(fake_api, "getUpdates", offset=ids[2] + 1)).json()
    assert done == {"ok": True, "result": []} and fake_api.pending_updates() == 0


async def test_long_poll_blocks_until_an_update_or_timeout(fake_api: FakeBotApi) -> None:
    began = time.monotonic()
    empty = (await raw(fake_api, "getUpdates", timeout=0.5)).json()
    assert empty["result"] == [] and time.monotonic() - began >= 0.45

    async def queue_later() -> None:
        await asyncio.sleep(0.2)
        fake_api.user_sends(2, "late")

    began = time.monotonic()
    poll, _ = await asyncio.gather(raw(fake_api, "getUpdates", timeout=5), queue_later())
    elapsed = time.monotonic() - began
    assert [u["message"]["text"] for u in poll.json()["result"]] == ["late"]
    assert 0.15 < elapsed < 2


async def test_allowed_updates_filter_and_persist(fake_api: FakeBotApi) -> None:
    fake_api.add_chat(9)
    sent = (
        await raw(
            fake_api,
            "sendMessage",
            chat_id=9,
            text="x",
            reply_markup='{"inline_keyboard":[[{"text":"ok","callback_data":"ok"}]]}',
        )
    ).json()
    fake_api.user_sends(9, "ignored")
    fake_api.user_presses(9, sent["result"]["message_id"], "ok")
    got = (await raw(fake_api, "getUpdates", allowed_updates='["callback_query"]')).json()
    assert [set(u) - {"update_id"} for u in got["result"]] == [{"callback_query"}]
    fake_api.user_sends(9, "still ignored: the setting persists")
    offset = got["result"][0]["update_id"] + 1
    assert (await raw(fake_api, "getUpdates", offset=offset)).json()["result"] == []


async def test_second_poller_ends_the_first_with_conflict(fake_api: FakeBotApi) -> None:
    async def poll() -> httpx.Response:
        return await raw(fake_api, "getUpdates", timeout=3)

    first = asyncio.create_task(poll())
    await fake_api.wait_until_polling_async()
    second = asyncio.create_task(poll())
    response = await asyncio.wait_for(first, 2)
    assert response.status_code == 409
    assert response.json()["description"].startswith("Conflict: terminated by other getUpdates")
    fake_api.user_sends(1, "wake the second")
    assert (await second).json()["result"][0]["message"]["text"] == "wake the second"
    assert fake_api.conflicts() == 1


# --------------------------------------------------------------------------- files


async def test_send_photo_multipart_bytes_are_captured(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    async with bot.running() as app:
        mid = fake_api.user_sends(6, "/photo")
        sent = await fake_api.wait_for_reply_async(6, mid)
        photo = sent["message"]["photo"][-1]
        file = await app.bot.get_file(photo["file_id"])
        downloaded = bytes(await file.download_as_bytearray())
        with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
            await app.bot.send_photo(6, b"definitely not an image", filename="x.png")

    assert sent["method"] == "sendPhoto" and sent["photo"] == png() == downloaded
    assert sent["text"] == "your <b>chart</b>" and sent["message"]["caption"] == "your chart"
    assert (photo["width"], photo["height"], photo["file_size"]) == (4, 3, len(png()))
    assert fake_api.chat_actions(6) == ["upload_photo"]
    assert bot.errors == []


async def test_user_document_downloads_and_bot_document_is_captured(fake_api: FakeBotApi) -> None:
    data = bytes(range(256)) * 40
    bot = EchoBot(fake_api)
    async with bot.running():
        mid = fake_api.user_sends_document(12, 'log é "1".csv', data)
        text, document = await fake_api.wait_for_bot_messages_async(12, 2, after=mid)
    assert text["text"] == f'log é "1".csv: {hashlib.sha256(data).hexdigest()}'
    assert document["method"] == "sendDocument" and document["document"] == data[::-1]
    assert document["filename"] == "reversed.bin"
    assert document["message"]["document"]["file_size"] == len(data)
    assert bot.errors == []


# --------------------------------------------------------------------------- failures


# PTB warns that RetryAfter.retry_after will become a timedelta; not our concern here.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_retry_after_is_honoured_by_aio_rate_limiter(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api, rate_limiter=AIORateLimiter(max_retries=2))
    fake_api.fail_next("sendMessage", error_code=429, retry_after=1)
    async with bot.running():
        began = time.monotonic()
        mid = fake_api.user_sends(21, "under flood control")
        reply = await fake_api.wait_for_reply_async(21, mid, timeout=5)
        waited = time.monotonic() - began
    assert reply["text"] == "under flood control"
    assert [r.status for r in fake_api.requests_log("sendMessage")] == [429, 200]
    assert waited >= 1.0 and bot.errors == []


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_without_rate_limiter_reaches_error_handler(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    fake_api.fail_next("sendMessage", error_code=429, retry_after=7)
    async with bot.running():
        fake_api.user_sends(22, "x")
        await fake_api.wait_for_async(lambda: bool(bot.errors), 5)
    assert isinstance(bot.errors[0], RetryAfter) and "Retry in 7" in str(bot.errors[0])
    response = fake_api.requests_log("sendMessage")[0]
    assert response.status == 429


async def test_blocked_chat_is_forbidden_until_unblocked(fake_api: FakeBotApi) -> None:
    bot = EchoBot(fake_api)
    fake_api.block_chat(31)
    async with bot.running():
        fake_api.user_sends(31, "anyone there?")
        await fake_api.wait_for_async(lambda: bool(bot.errors), 5)
        fake_api.unblock_chat(31)
        mid = fake_api.user_sends(31, "now?")
        await fake_api.wait_for_reply_async(31, mid)
    assert isinstance(bot.errors[0], Forbidden)
    assert bot.errors[0].message == "Forbidden: bot was blocked by the user"
    assert [m["text"] for m in fake_api.bot_messages(31)] == ["now?"]


async def test_unknown_chat_unknown_method_and_wrong_token(fake_api: FakeBotApi) -> None:
    async with builder(fake_api).build() as app:
        with pytest.raises(BadRequest, match="Chat not found"):
            await app.bot.send_message(555, "hi")
        fake_api.add_chat(555)
        assert (await app.bot.send_message(555, "hi")).chat.id == 555
        with pytest.raises(TelegramError, match="not found"):
            await app.bot.do_api_request("sendTelepathy")

    unknown = await raw(fake_api, "sendTelepathy")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }
    wrong = await raw(fake_api, "getMe", token="123:WRONG")
    assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
    with pytest.raises(InvalidToken):
        async with builder(fake_api, "123:WRONG").build():
            pass


async def test_dropped_connection_and_slow_answer(fake_api: FakeBotApi) -> None:
    app = builder(fake_api).read_timeout(0.3).build()
    async with app:
        fake_api.fail_next("getMe", disconnect=True)
        with pytest.raises(NetworkError):
            await app.bot.get_me()
        fake_api.delay_next("getMe", 0.8)
        with pytest.raises(TimedOut):
            await app.bot.get_me()
        assert (await app.bot.get_me()).username == fake_api.bot_username


# --------------------------------------------------------------------------- other methods


async def test_commands_set_get_delete(fake_api: FakeBotApi) -> None:
    async with builder(fake_api).build() as app:
        await app.bot.set_my_commands([BotCommand("log", "Log a set"), BotCommand("undo", "Undo")])
        await app.bot.set_my_commands(
            [BotCommand("log", "Satz eintragen")], scope=BotCommandScopeChat(7), language_code="de"
        )
        assert [c.command for c in await app.bot.get_my_commands()] == ["log", "undo"]
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([BotCommand("Log", "uppercase is not allowed")])
        assert fake_api.commands_set() == [
            {"command": "log", "description": "Log a set"},
            {"command": "undo", "description": "Undo"},
        ]
        scoped = fake_api.commands_set({"type": "chat", "chat_id": 7}, "de")
        assert scoped == [{"command": "log", "description": "Satz eintragen"}]
        await app.bot.delete_my_commands()
        assert fake_api.commands_set() == [] and await app.bot.get_my_commands() == ()


async def test_webhook_is_recorded_and_blocks_polling(fake_api: FakeBotApi) -> None:
    fake_api.user_sends(1, "pending")
    async with builder(fake_api).build() as app:
        await app.bot.set_webhook("https://bot.example/hook", secret_token="s3cret")
        info = await app.bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == ("https://bot.example/hook", 1)
        conflict = await raw(fake_api, "getUpdates")
        assert conflict.status_code == 409
        hook = fake_api.webhook_info()
        assert hook is not None and hook["secret_token"] == "s3cret"
        await app.bot.delete_webhook(drop_pending_updates=True)
        assert fake_api.webhook_info() is None and fake_api.pending_updates() == 0
        assert (await app.bot.get_webhook_info()).url == ""


async def test_parse_modes_are_validated_like_telegram(fake_api: FakeBotApi) -> None:
    fake_api.add_chat(40)
    async with builder(fake_api).build() as app:
        ok = await app.bot.send_message(40, "<b>100</b> kg &amp; more", parse_mode=ParseMode.HTML)
        assert ok.text == "100 kg & more"
        for text in ("5 < 6", "<b>open", "<br>", "<b><i>x</b></i>"):
            with pytest.raises(BadRequest, match="Can't parse entities"):
                await app.bot.send_message(40, text, parse_mode=ParseMode.HTML)
        assert (await app.bot.send_message(40, "Done\\!", parse_mode="MarkdownV2")).text == "Done!"
        for text in ("Done.", "*bold", "80-90 kg", "bench_press"):
            with pytest.raises(BadRequest, match="Can't parse entities"):
                await app.bot.send_message(40, text, parse_mode=ParseMode.MARKDOWN_V2)
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await app.bot.send_message(40, "bench_press 100", parse_mode=ParseMode.MARKDOWN)
        with pytest.raises(BadRequest, match="too long"):
            await app.bot.send_message(40, "x" * 4097)
    assert fake_api.bot_messages(40)[0]["plain_text"] == "100 kg & more"


async def test_edits_not_modified_missing_and_markup(fake_api: FakeBotApi) -> None:
    fake_api.add_chat(50)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Undo", callback_data="undo")]])
    async with builder(fake_api).build() as app:
        msg = await app.bot.send_message(50, "logged", reply_markup=keyboard)
        with pytest.raises(BadRequest, match="not modified"):
            await app.bot.edit_message_text("logged", 50, msg.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="not found"):
            await app.bot.edit_message_text("x", 50, 999)
        await app.bot.edit_message_reply_markup(50, msg.message_id, reply_markup=None)
        assert await app.bot.delete_message(50, msg.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await app.bot.delete_message(50, msg.message_id)
    assert [e["method"] for e in fake_api.edits(50)] == ["editMessageReplyMarkup"]
    assert fake_api.deleted_messages(50) == [msg.message_id]
    with pytest.raises(ValueError):
        fake_api.user_presses(50, msg.message_id, "undo")


async def test_tokens_have_separate_state(fake_api: FakeBotApi) -> None:
    other = fake_api.add_bot("42:OTHER-bot")
    other.user_sends(1, "to the other bot")
    assert fake_api.pending_updates() == 0 and other.pending_updates() == 1
    mine = (await raw(fake_api, "getUpdates")).json()["result"]
    theirs = (await raw(fake_api, "getUpdates", token=other.token)).json()["result"]
    assert mine == [] and theirs[0]["message"]["text"] == "to the other bot"
    me = (await raw(fake_api, "getMe", token=other.token)).json()["result"]
    assert me["id"] == 42 and me["is_bot"] is True
    # A request is logged just after its response is written, so the client can be first.
    other.wait_for(lambda: len(other.requests_log()) >= 2, what="both requests logged")
    assert [r.method for r in other.requests_log()] == ["getUpdates", "getMe"]
    assert all(other.token in r.path for r in other.requests_log())


async def test_sync_waits_time_out_with_what_arrived(fake_api: FakeBotApi) -> None:
    fake_api.add_chat(60)
    await raw(fake_api, "sendMessage", chat_id=60, text="only one")
    with pytest.raises(TimeoutError, match="only one"):
        fake_api.wait_for_bot_messages(60, 2, timeout=0.2)
    assert fake_api.env()["TELEGRAM_BASE_URL"] == fake_api.base_url


# --------------------------------------------------------------------------- a bot subprocess


@pytest.mark.e2e
def test_echo_bot_subprocess_round_trip(fake_api: FakeBotApi) -> None:
    """The pattern for ``python -m bot``: env from the fake, sync waits, SIGINT on exit."""
    command = [sys.executable, str(REPO_ROOT / "bench" / "echo_bot.py")]
    with running_bot(fake_api, command, {"EXTRA_SETTING": "1"}) as bot:
        mids = [fake_api.user_sends(70 + i, f"hello {i}") for i in range(3)]
        replies = [fake_api.wait_for_reply(70 + i, mid) for i, mid in enumerate(mids)]
    assert [r["text"] for r in replies] == ["hello 0", "hello 1", "hello 2"]
    assert bot.proc.returncode == 0, bot.output()
    assert fake_api.pending_updates() == 0  # confirmed on graceful shutdown
    assert fake_api.token not in bot.output()
    assert fake_api.token.split(":")[1] not in bot.output()


class _Receiver:
    """A tiny webhook endpoint on 127.0.0.1: answers each POST with the next planned status."""

    def __init__(self, statuses: list[int]) -> None:
        import http.server
        import threading

        self.planned = list(statuses)
        self.got: list[tuple[float, dict[str, Any], str | None, int]] = []
        self.open = 0
        self.most_open = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                import json

                with lock:
                    receiver.open += 1
                    receiver.most_open = max(receiver.most_open, receiver.open)
                time.sleep(0.05)  # a handler that takes a moment
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with lock:
                    status = receiver.planned.pop(0) if receiver.planned else 200
                    secret = self.headers.get("X-Telegram-Bot-Api-Secret-Token")
                    receiver.got.append((time.monotonic(), body, secret, status))
                    receiver.open -= 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/telegram"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


async def test_webhook_delivery_retries_and_keeps_each_chat_in_order(
    fake_api: FakeBotApi,
) -> None:
    receiver = _Receiver([500, 503])  # the first two requests fail: Telegram tries again
    try:
        async with builder(fake_api).build() as app:
            await app.bot.set_webhook(receiver.url, secret_token="s3cret-token")
        for user in (1, 2, 3):
            for n in range(3):
                fake_api.user_sends(user, f"bench {80 + n}x8")
        await fake_api.wait_for_async(lambda: fake_api.pending_updates() == 0, 20)
        ok = [(t, body) for t, body, _, status in receiver.got if status == 200]
        assert len(ok) == 9 and len(receiver.got) == 11
        assert {secret for _, _, secret, _ in receiver.got} == {"s3cret-token"}
        for user in (1, 2, 3):
            texts = [b["message"]["text"] for _, b in ok if b["message"]["chat"]["id"] == user]
            assert texts == ["bench 80x8", "bench 81x8", "bench 82x8"]  # one chat, in order
        assert receiver.most_open >= 2  # different chats at once
        failed = [e for e in fake_api.webhook_log() if e["status"] != 200]
        assert len(failed) == 2
    finally:
        receiver.close()


async def test_webhook_delivery_never_leaves_the_machine(fake_api: FakeBotApi) -> None:
    async with builder(fake_api).build() as app:
        await app.bot.set_webhook("https://bot.example/hook")
    fake_api.user_sends(1, "bench 80x8")
    time.sleep(0.3)
    assert fake_api.webhook_log() == [] and fake_api.pending_updates() == 1
