"""What our buttons carry: callback data of at most 64 bytes, ids as database keys."""

from __future__ import annotations

import re

# Ids in our buttons are database keys: ASCII digits within a signed 64-bit integer.
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1
MAX_DATA = 64  # bytes: Telegram's limit for the callback data of a button we send


def button_id(value: str) -> int | None:
    """The id in a button's data, or None when no button of ours could carry it.

    `str.isdigit` also accepts "²" or Arabic-Indic digits, which `int` refuses or reads as
    another number; and a 30-digit id overflows every integer column.
    """
    if not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
