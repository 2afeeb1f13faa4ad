"""What every edge (Telegram, terminal) renders: reply text plus optional buttons, image or file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # callback data, at most 64 bytes (Telegram's limit)


@dataclass(frozen=True, slots=True)
class Document:
    """A file sent with a reply (an export): Telegram sends it as a document, the terminal
    chat saves it and says where."""

    filename: str
    data: bytes
    mime_type: str = "text/csv"


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    image: bytes | None = None  # PNG, sent as a photo with `text` as caption
    alert: bool = False  # for button presses: show as a pop-up rather than a message
    document: Document | None = None  # sent with `text` as its caption


def undo_button(log_id: int) -> Button:
    return Button("↩️ Undo", f"undo:{log_id}")
