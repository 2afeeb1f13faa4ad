"""What the bot sends, to any edge (Telegram, terminal) and from any use case (a reply, a
scheduled summary): text, buttons, an optional image with its caption, documents."""

from __future__ import annotations

from dataclasses import dataclass

from core.wording.chat import UNDO_LABEL


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # callback data, at most 64 bytes (Telegram's limit)


@dataclass(frozen=True, slots=True)
class Document:
    """A file to send with the text (an export)."""

    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """One outgoing message. The text goes first; an image follows with `caption`, unless the
    text is short enough to be its caption (the edge decides); documents come last."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    image: bytes | None = None  # PNG
    caption: str | None = None  # the image's caption when the text goes as its own message
    documents: tuple[Document, ...] = ()  # files, in this order (an export: log, bodyweight)
    alert: bool = False  # for button presses: show as a pop-up rather than a message
    new_message: bool = False  # for button presses: answer below, keep the pressed message

    @property
    def messages(self) -> int:
        """Chat messages this takes at most (what a paced fan-out counts)."""
        return 1 + (self.image is not None) + len(self.documents)


def undo_button(log_id: int) -> Button:
    return Button(UNDO_LABEL, f"undo:{log_id}")
