"""A text message from a chat, reduced to what the use cases need (Telegram or the terminal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IncomingText:
    """A chat message reduced to what the use cases need (from Telegram or the terminal)."""

    user_id: int
    chat_id: int
    message_id: int
    text: str
    sent_at: datetime
    first_name: str | None = None
