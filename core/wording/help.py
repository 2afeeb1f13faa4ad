"""/help and the Telegram command menu: one line per command of the command table, grouped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.wording.chat import LOG_EXAMPLE

# The groups of /help, in the order they are shown.
LOGGING, STATS, SETTINGS, DATA = "logging", "stats", "settings", "data"


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    example: str


GROUPS = {
    LOGGING: Group(
        "📝 Logging",
        "Example: /exercise add zercher carry quads, then log it like any set: zercher carry 60x20",
    ),
    STATS: Group(
        "📈 Your numbers",
        "Example: /history bench — or just ask: what's my best bench? (what can I ask?)",
    ),
    SETTINGS: Group("⚙️ Settings", "Example: /summary mon 07:30 (your weekly summary then)"),
    DATA: Group(
        "💾 Your data",
        "Example: send a CSV file from Strong, Hevy or /export to import it (I show what's in "
        "it first)",
    ),
}

# One line per command: what /help says after it, and the description in Telegram's menu.
LINES = {
    "start": "how to log, kg or lb, your time zone",
    "help": "every command, one line each",
    "undo": "remove the last logged message",
    "exercise": "your own exercises: add, rename, merge",
    "exercises": "list your own exercises",
    "stats": "this week at a glance against last week",
    "history": "last sessions of an exercise and its weeks",
    "prs": "your records (/prs bench: one exercise)",
    "chart": "e1RM and reps to failure over time, e.g. /chart bench",
    "bw": "your bodyweight trend (log one with bw 81.5)",
    "volume": "sets per muscle group this week vs last",
    "failure": "failure sets and share, last 8 weeks",
    "week": "this week's summary (/week last: the previous week)",
    "settings": "your unit, time zone and deload cycle",
    "units": "kg or lb, e.g. /units lb",
    "timezone": "your time zone, e.g. /timezone Berlin",
    "summary": "when your weekly summary comes (/summary now: send it now, off: never)",
    "deload": "a deload week: the plan first (/deload now, next, off)",
    "rules": "warnings and their thresholds",
    "export": "your whole log and weigh-ins as CSV files",
    "import": "bring in a Strong, Hevy or ToFailure CSV file",
    "forget": "delete everything I store about you",
}

LOGGING_HOW = (
    "Just type your sets — no command needed:\n"
    f"  {LOG_EXAMPLE}   (80 kg, 8 reps, to failure)\n"
    "  squat 100x5x3   (3 sets of 5) · pullups 10, 8, 6 · 85x6   (same exercise again)\n"
    "  bw 81.5   (your bodyweight, one a day: /bw shows the trend)\n"
    "A line of text above your sets (Push day 🔥) names the workout. "
    "Add @8 for RPE, rir 2 for reps in reserve, w for a warm-up, # for a note. "
    "Edit your message to correct it."
)


@dataclass(frozen=True, slots=True)
class Listed:
    """A command as /help lists it: its word, its other words, its group."""

    name: str
    aliases: tuple[str, ...]
    group: str


def line(name: str) -> str:
    """A command's one line (a command without one still shows, by its name)."""
    return LINES.get(name, "")


def _entry(c: Listed) -> str:
    also = f" (also {', '.join('/' + a for a in c.aliases)})" if c.aliases else ""
    text = line(c.name)
    return f"/{c.name}{also} — {text}" if text else f"/{c.name}{also}"


def help_text(commands: Sequence[Listed], extra: str | None = None) -> str:
    """Every command of the table under its group, each group with an example; `extra` is
    a section of the chat's own (the terminal's controls)."""
    sections = [LOGGING_HOW]
    groups = list(GROUPS) + sorted({c.group for c in commands} - set(GROUPS))
    for key in groups:
        members = [_entry(c) for c in commands if c.group == key]
        if not members:
            continue
        group = GROUPS.get(key)
        head = [group.title] if group else []
        tail = [group.example] if group else []
        sections.append("\n".join([*head, *members, *tail]))
    if extra:
        sections.append(extra)
    return "\n\n".join(sections)


def menu_description(name: str) -> str:
    """Telegram's menu: the same line, capitalised (3 to 256 characters)."""
    text = line(name) or f"/{name}"
    return (text[:1].upper() + text[1:])[:256]
