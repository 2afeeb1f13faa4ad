"""What every edge (Telegram, terminal) renders: reply text plus optional buttons and image."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # callback data, at most 64 bytes (Telegram's limit)


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    image: bytes | None = None  # PNG, sent as a photo with `text` as caption
    alert: bool = False  # for button presses: show as a pop-up rather than a message


def undo_button(log_id: int) -> Button:
    return Button("↩️ Undo", f"undo:{log_id}")
