"""Hostile chat input from a seeded RNG: odd unicode, control and zero-width characters,
4 096-character lines, huge numbers, markup- and SQL-looking text, odd command arguments."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

MAX_TEXT = 4096

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
CONTROL = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029"]
BIDI = ["\u202e", "\u202d", "\u2066", "\u2067", "\u200f", "\u061c"]
ALPHABETS = [
    (0x0041, 0x007A),  # Latin
    (0x00C0, 0x024F),  # Latin extended
    (0x0400, 0x04FF),  # Cyrillic
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic (its own digits too)
    (0x0900, 0x097F),  # Devanagari
    (0x0300, 0x036F),  # combining marks
    (0x2070, 0x209F),  # superscripts and subscripts (²)
    (0x2150, 0x218F),  # number forms (Ⅻ, ½)
    (0x3040, 0x30FF),  # kana
    (0x4E00, 0x4FFF),  # CJK
    (0xFF10, 0xFF5A),  # full-width digits and letters
    (0x1F300, 0x1F6FF),  # emoji
    (0x1D400, 0x1D7FF),  # mathematical alphanumerics (𝟖)
]
EXERCISES = ["bench", "squat", "deadlift", "curls", "ohp", "pullups", "leg press", "row"]
MARKUP = [
    "<b>{s}</b>",
    "<script>alert(1)</script> {s}",
    "*{s}*",
    "_{s}_",
    "`{s}`",
    "```{s}```",
    "[{s}](http://127.0.0.1/x)",
    "&lt;{s}&gt; &amp;",
    "{s} <i>unclosed",
    "||{s}||",
    "~{s}~ \\*",
    "{s}'; DROP TABLE set_records; --",
    '{s}"); DELETE FROM users WHERE ("1"="1',
    "' OR 1=1 -- {s}",
    "{s} %s %d {{0}} ${{x}} $(reboot)",
    "\\x00 \\n {s} \\u0000",
]
HUGE = [
    "bench 1e308x8",
    "bench 1e99x1e99",
    "bench 99999999999999999999999999999x8",
    "bench 80x99999999999999999999",
    "squat 0.0000000001x5",
    "bench -80x8",
    "bench 80x-8",
    "bench NaNx8",
    "bench infx8",
    "bench 80x8x999999999",
    "deadlift 2**64x1",
    "bench 80.5.5x8",
    "bench 80,5x8",
    "bench 1_000x8",
    "bench 0x0",
    "bench 00000000000000000080x8",
    "bench ８０x８",
    "bench ٨٠x٨",
    "bench 𝟖𝟎x𝟖",
    "bench ⁸⁰x⁸",
    "bench ½x8",
    "bench 80x8 @99999",
    "bench 80x8 rir 1e9",
    "bench 80x8 @-1",
]
COMMANDS = [
    "/rules set x 1e99",
    "/rules set FAIL_HEAVY_COMPOUND 1e99",
    "/rules set FAIL_HEAVY_COMPOUND -1",
    "/rules off ../../etc",
    "/rules on ALL",
    "/rules <b>x</b>",
    "/timezone ../../etc",
    "/timezone ../../etc/passwd",
    "/timezone UTC+99",
    "/timezone Europe/../../../etc/shadow",
    "/timezone " + "A" * 300,
    "/timezone \u202eniltreB",
    "/tz 😀",
    "/summary 25:99",
    "/summary mon 7:60",
    "/summary funday 10:00",
    "/summary mon 99999999999:00",
    "/summary " + "x" * 1000,
    "/week 1e9",
    "/week last last last",
    "/deload 9999",
    "/deload -1",
    "/units ☃",
    "/units kg; DROP TABLE users",
    "/settings <b>",
    "/start " + "x" * 3000,
    "/help@some_other_bot",
    "/undo 5",
    "/undo -1",
    "/unknown_command_" + "z" * 20,
    "/" + "a" * 32,
]


def _random_text(rng: random.Random, length: int) -> str:
    out = []
    for _ in range(length):
        low, high = rng.choice(ALPHABETS)
        out.append(chr(rng.randint(low, high)))
        if rng.random() < 0.1:
            out.append(rng.choice([" ", "\n", *ZERO_WIDTH, *BIDI]))
    return "".join(out)


def _set_line(rng: random.Random) -> str:
    return f"{rng.choice(EXERCISES)} {rng.randint(1, 300)}x{rng.randint(1, 30)}"


def _salted(rng: random.Random) -> str:
    """A valid set line with zero-width, control or bidi characters mixed in."""
    line = list(_set_line(rng))
    for _ in range(rng.randint(1, 4)):
        line.insert(rng.randint(0, len(line)), rng.choice(ZERO_WIDTH + CONTROL + BIDI))
    return "".join(line)


def _long(rng: random.Random) -> str:
    kind = rng.randint(0, 4)
    if kind == 0:
        unit = _set_line(rng) + "\n"
        return (unit * (MAX_TEXT // len(unit) + 1))[:MAX_TEXT]
    if kind == 1:
        return "9" * MAX_TEXT
    if kind == 2:
        return _random_text(rng, MAX_TEXT)[:MAX_TEXT]
    if kind == 3:
        return ("bench 80x8 " + "#" + "note " * 900)[:MAX_TEXT]
    return (_set_line(rng) + ", ") * 5 + "8" * (MAX_TEXT - 200)


def _no_digit(rng: random.Random) -> str:
    words = ["bench", "squat", "heavy", "to failure", "F", "x", "kg", "rpe", "warmup", "lol"]
    text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.5:
        text = _random_text(rng, rng.randint(1, 40)) + " " + text
    return "".join(c for c in text if not c.isdigit()) or "bench"


GENERATORS: list[Callable[[random.Random], str]] = [
    lambda r: _random_text(r, r.randint(1, 200)),
    _salted,
    _long,
    lambda r: r.choice(HUGE),
    lambda r: r.choice(MARKUP).format(s=_set_line(r)),
    lambda r: r.choice(COMMANDS),
    _no_digit,
    lambda r: r.choice(ZERO_WIDTH) * r.randint(1, 20),
    lambda r: "\n".join(_set_line(r) for _ in range(r.randint(2, 60))),
]


def sendable(text: str) -> bool:
    """What a Telegram client can send: 1-4096 characters, not only whitespace."""
    return 1 <= len(text) <= MAX_TEXT and bool(text.strip())


def messages(seed: int, long_share: float | None = None) -> Iterator[str]:
    """Texts a client could send; `long_share` sets how many are 4 096-character lines."""
    rng = random.Random(seed)
    others = [g for g in GENERATORS if g is not _long]
    while True:
        if long_share is None:
            make = rng.choice(GENERATORS)
        else:
            make = _long if rng.random() < long_share else rng.choice(others)
        text = make(rng)[:MAX_TEXT]
        if sendable(text):
            yield text


def batch_lines(seed: int, count: int) -> Iterator[dict[str, object]]:
    """`tofailure parse --json --batch` requests, odd units and last exercises included."""
    rng = random.Random(seed)
    # Fewer 4 096-character lines than in chat (1 %): they are a parser's slowest input.
    texts = messages(seed + 1, long_share=0.01)
    for _ in range(count):
        request: dict[str, object] = {"text": next(texts)}
        roll = rng.random()
        if roll < 0.3:
            request["unit"] = rng.choice(["kg", "lb", "LB", "stone", "", "kg\u200b"])
        if roll > 0.7:
            request["last_exercise"] = rng.choice(
                ["bench_press", "back_squat", "../../etc", "", "x" * 500, "bench_press\x00"]
            )
        yield request
