"""The one sender: what reaches a chat, in which order, with which caption and buttons."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import NetworkError

from bot.render import MAX_CAPTION, MAX_TEXT, Chat, send
from core.replies import Button, Document, Reply

PNG = b"\x89PNG fake"
BUTTONS = ((Button("↩️ Undo", "undo:1"),),)


class Recorder:
    """A chat that records each call as (kind, first argument, keyword arguments)."""

    def __init__(self, fail_photo: bool = False) -> None:
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []
        self.fail_photo = fail_photo

    def chat(self) -> Chat:
        async def text(value: str, **kw: Any) -> None:
            self.calls.append(("text", value, kw))

        async def photo(value: bytes, **kw: Any) -> None:
            if self.fail_photo:
                raise NetworkError("timed out")
            self.calls.append(("photo", value, kw))

        async def document(value: bytes, **kw: Any) -> None:
            self.calls.append(("document", value, kw))

        return Chat(text, photo, document)


async def test_a_short_text_is_the_image_caption_with_the_buttons() -> None:
    out = Recorder()
    await send(out.chat(), Reply("summary", buttons=BUTTONS, image=PNG, caption="chart"))
    [(kind, value, kw)] = out.calls
    assert (kind, value, kw["caption"]) == ("photo", PNG, "summary")
    assert kw["reply_markup"].inline_keyboard[0][0].callback_data == "undo:1"


async def test_a_long_text_goes_first_then_the_image_with_its_own_caption() -> None:
    text = "\n".join("x" * 99 for _ in range(60))  # over the caption and the message limit
    assert len(text) > MAX_TEXT > MAX_CAPTION
    out = Recorder()
    await send(out.chat(), Reply(text, buttons=BUTTONS, image=PNG, caption="chart"))
    kinds = [kind for kind, _, _ in out.calls]
    assert kinds == ["text", "text", "photo"]
    assert "\n".join(value for kind, value, _ in out.calls if kind == "text") == text
    assert out.calls[0][2]["reply_markup"] is None  # buttons on the last chunk of the text
    assert out.calls[1][2]["reply_markup"] is not None
    assert out.calls[2][2] == {"caption": "chart"}


async def test_a_lost_image_after_its_text_is_not_an_error() -> None:
    out = Recorder(fail_photo=True)
    await send(out.chat(), Reply("y" * (MAX_CAPTION + 1), image=PNG, caption="chart"))
    assert [kind for kind, _, _ in out.calls] == ["text"]


async def test_an_image_that_fails_before_any_text_raises() -> None:
    with pytest.raises(NetworkError):
        await send(Recorder(fail_photo=True).chat(), Reply("short", image=PNG))


async def test_documents_follow_the_text_in_order_with_their_file_names() -> None:
    out = Recorder()
    files = (Document("log.csv", b"a,b\n"), Document("bodyweight.csv", b"c\n"))
    await send(out.chat(), Reply("your export", documents=files))
    assert [(kind, value) for kind, value, _ in out.calls] == [
        ("text", "your export"),
        ("document", b"a,b\n"),
        ("document", b"c\n"),
    ]
    assert [kw for _, _, kw in out.calls[1:]] == [
        {"filename": "log.csv"},
        {"filename": "bodyweight.csv"},
    ]
