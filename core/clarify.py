"""One-tap answers to a message that did not log (notation.md §11 N1): each reading, the close
exercise names, a new exercise of one's own, the load of the last session.

A choice is the message rewritten so that it reads one way only (a candidate line in place of
the line asked about, a catalogue name in place of the unknown one), together with what that
text reads as. Its label is made from that reading, so a button says exactly what it logs, and
its key hashes the text and the reading, so a tap can only log what was offered.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.catalogue import Catalogue
from core.echo import format_sets_counted
from core.model import SetEntry, SetRecord, Unit
from core.parser import NotALog, ParsedSets, ParseError, ParseResult, parse_sets
from core.units import format_weight
from core.wording import clarify as words

READING, LOAD, EXERCISE, NEW = "reading", "load", "exercise", "new"
_TO_GIVE = re.compile(r"\?(kg|lb)")  # a load still to give in a candidate (`3x12 @ ?kg`)
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"


@dataclass(frozen=True, slots=True)
class Context:
    """How a message is read: the user's unit, the exercise before it, the user's catalogue."""

    unit: Unit
    last_exercise: str | None
    catalogue: Catalogue

    def parse(self, text: str, catalogue: Catalogue | None = None) -> ParseResult:
        used = catalogue if catalogue is not None else self.catalogue
        return parse_sets(text, self.unit, self.last_exercise, used)


@dataclass(frozen=True, slots=True)
class LastLoad:
    """The load of the last session of an exercise (`100 kg`)."""

    weight: Decimal
    unit: Unit

    def typed(self) -> str:
        return f"{format_weight(self.weight)}{self.unit.value}"

    def shown(self) -> str:
        return f"{format_weight(self.weight)} {self.unit.value}"


@dataclass(frozen=True, slots=True)
class NewExercise:
    """The exercise a tap would make (the name as typed) and the catalogue it would make."""

    typed: str
    catalogue: Catalogue


@dataclass(frozen=True, slots=True)
class Choice:
    """One button: the message as it logs with this choice, and what that text reads as (the
    sets it logs, or the next question of a message with more than one)."""

    kind: str
    label: str
    text: str
    result: ParsedSets | ParseError
    name: str | None = None  # NEW: the exercise to make first, as typed

    @property
    def key(self) -> str:
        """Short, and equal only for the same text read the same way."""
        raw = f"{self.kind}\0{self.name}\0{self.text}\0{self.result!r}"
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Question:
    """The reply to a message that did not log: the error's text, and the buttons under it."""

    text: str
    choices: tuple[Choice, ...]


def usual_load(session: Sequence[SetRecord]) -> LastLoad | None:
    """The load of a session's working sets with reps: the one most sets used (the heavier on a
    tie), so `3×5` after a top set and back-offs offers the back-off load it repeats."""
    counts = Counter(
        (s.weight, s.unit)
        for s in session
        if not s.warmup and not s.bodyweight and s.reps is not None and s.weight > 0
    )
    if not counts:
        return None
    (weight, unit), _ = max(counts.items(), key=lambda item: (item[1], item[0][0]))
    return LastLoad(weight, unit)


def _lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def _with_line(text: str, number: int, line: str) -> str:
    lines = _lines(text)
    lines[number - 1] = line
    return "\n".join(lines)


def _to_give(error: ParseError) -> str | None:
    """The candidate (or the N3.5 line) with a load still to give, if any."""
    found = [c for c in error.candidates if _TO_GIVE.search(c)]
    if error.fill is not None:
        found.append(error.fill)
    return found[0] if found else None


def load_wanted(ctx: Context, text: str, error: ParseError) -> str | None:
    """The exercise of the line whose load the message left out, or None."""
    line = _to_give(error)
    if line is None or error.line is None:
        return None
    probe = _TO_GIVE.sub(lambda m: f"1{m.group(1)}", line, count=1)
    _, sets = _settled(ctx, _placed(ctx, text, error.line, probe), error.line, None)
    return next((s.exercise for s in sets if s.line == error.line), None)


def _settled(
    ctx: Context, text: str, line: int, catalogue: Catalogue | None
) -> tuple[ParseResult, tuple[SetEntry, ...]]:
    """What `text` reads as, and the sets read through line `line` even when a later line asks
    a question of its own (then the lines before that one are read alone)."""
    result = ctx.parse(text, catalogue)
    if isinstance(result, ParsedSets):
        return result, result.sets
    if isinstance(result, ParseError) and result.line is not None and result.line > line:
        head = "\n".join(_lines(text)[: result.line - 1])
        before = ctx.parse(head, catalogue)
        if isinstance(before, ParsedSets):
            return result, before.sets
    return result, ()


def _same_sets(a: Sequence[SetEntry], b: Sequence[SetEntry]) -> bool:
    """The same sets, wherever they stand and whatever note they carry."""

    def fields(s: SetEntry) -> tuple[object, ...]:
        return (s.exercise, s.weight, s.unit, s.bodyweight, s.reps, s.seconds, s.failure)

    def more(s: SetEntry) -> tuple[object, ...]:
        return (s.rpe, s.rir, s.warmup, s.drop)

    return [(fields(s), more(s)) for s in a] == [(fields(s), more(s)) for s in b]


def _placed(ctx: Context, text: str, line: int, candidate: str) -> str:
    """The message with `candidate` in place of line `line`. A candidate names its exercise;
    under a header (`Curls:` above `3x12`) the name would leave the header without sets, so
    there the candidate goes in without its name, if it then logs the same sets."""
    placed = _with_line(text, line, candidate)
    found = ctx.parse(placed)
    if not isinstance(found, ParseError) or found.line is None or found.line >= line:
        return placed
    alone = ctx.parse(candidate)
    if not isinstance(alone, ParsedSets):
        return placed
    words = candidate.split(" ")
    for cut in range(1, min(len(words), 5)):
        bare = _with_line(text, line, " ".join(words[cut:]))
        _, sets = _settled(ctx, bare, line, None)
        if sets and _same_sets([s for s in sets if s.line == line], alone.sets):
            return bare
    return placed


def _block(sets: Sequence[SetEntry], line: int, exercise: str) -> list[SetEntry]:
    """The sets of `exercise` from line `line` on, up to the next exercise."""
    out: list[SetEntry] = []
    for s in sets:
        if s.line < line:
            continue
        if s.exercise != exercise:
            break
        out.append(s)
    return out


def _reading(ctx: Context, kind: str, text: str, line: int, named: bool) -> Choice | None:
    """A candidate line in place of line `line`: the sets (or weigh-in) it logs there, with
    the exercise's name when the question is which exercise they are (`named`)."""
    result, sets = _settled(ctx, text, line, None)
    if isinstance(result, NotALog) or (isinstance(result, ParseError) and not sets):
        return None
    mine = [s for s in sets if s.line == line]
    if mine:
        label = format_sets_counted(mine, ctx.catalogue)
        exercises = {s.exercise for s in mine}
        if named and len(exercises) == 1:
            label = words.exercise_label(ctx.catalogue.name_of(mine[0].exercise), label)
    elif isinstance(result, ParsedSets) and result.bodyweight is not None:
        label = words.weigh_in_label(result.bodyweight)
    else:
        return None
    return Choice(kind, label, text, result)


def _rename(line: str, typed: str, name: str) -> str | None:
    """The line with the typed name replaced by `name` (None if it is not found as typed)."""
    pattern = r"\s+".join(re.escape(w) for w in typed.split())
    found = re.search(pattern, line, re.IGNORECASE) if pattern else None
    if found is None:
        return None
    return line[: found.start()] + name + line[found.end() :]


def _named(
    ctx: Context,
    kind: str,
    text: str,
    line: int,
    exercise: str | None,
    new: NewExercise | None = None,
) -> Choice | None:
    """The message with the exercise of line `line` decided: its sets there, or the exercise
    alone when a question about that line's numbers follows (the new exercise is made even
    when its numbers then need fixing)."""
    catalogue = new.catalogue if new is not None else ctx.catalogue
    result, sets = _settled(ctx, text, line, catalogue)
    if isinstance(result, NotALog):
        return None
    if isinstance(result, ParseError):
        if result.line is None or result.line < line:
            return None
        if result.line == line and new is None and not (result.candidates or result.fill):
            return None  # `farmer's walk 60x20`: the name fits, the numbers don't; no button
    if exercise is None:  # the new exercise: whatever the line now resolves to
        exercise = next((s.exercise for s in sets if s.line >= line), None)
    block = _block(sets, line, exercise) if exercise is not None else []
    if isinstance(result, ParsedSets) and not block:
        return None  # the name resolved to another exercise: never log what it doesn't say
    counted = format_sets_counted(block, catalogue)
    if new is not None:
        return Choice(kind, words.new_label(new.typed, counted), text, result, new.typed)
    assert exercise is not None
    return Choice(kind, words.exercise_label(catalogue.name_of(exercise), counted), text, result)


def choices(
    ctx: Context,
    text: str,
    error: ParseError,
    last_load: LastLoad | None = None,
    new: NewExercise | None = None,
) -> tuple[Choice, ...]:
    """Every one-tap answer to `error` in `text`; `last_load` fills a load left out, `new` is
    the catalogue with the unknown name made an exercise of one's own."""
    line = error.line
    if line is None:
        return ()
    found: list[Choice | None] = []
    asked = error.candidates if error.code == "ambiguous" else ()
    if error.fill is not None:
        asked = (error.fill,)
    # One candidate asks "is it this?" (a name in the words, a drop that goes up), a weigh-in
    # candidate "reps or bodyweight?": there the label names the exercise too.
    named = error.fill is None and (
        len(asked) == 1 or any(c.lstrip().lower().startswith("bw ") for c in asked)
    )
    for candidate in asked:
        kind = READING
        if _TO_GIVE.search(candidate):
            if last_load is None:
                continue
            candidate = _TO_GIVE.sub(last_load.typed(), candidate, count=1)
            kind = LOAD
        found.append(_reading(ctx, kind, _placed(ctx, text, line, candidate), line, named))
    if error.code == "unknown_exercise" and error.name:
        original = _lines(text)[line - 1]
        for exercise in error.suggestions:
            renamed = _rename(original, error.name, ctx.catalogue.name_of(exercise))
            if renamed is not None:
                changed = _with_line(text, line, renamed)
                found.append(_named(ctx, EXERCISE, changed, line, exercise))
        if new is not None:
            found.append(_named(ctx, NEW, text, line, None, new))
    made = [c for c in found if c is not None]
    labels = Counter(c.label for c in made)
    # Two buttons that read alike would not say which is which: neither is offered.
    return tuple(c for c in made if labels[c.label] == 1)


def question(
    text: str,
    error: ParseError,
    offered: Sequence[Choice],
    last_load: LastLoad | None,
    *,
    kept: bool = False,
) -> str:
    """The error's words with the examples the buttons log, and what a tap does."""
    if not offered:
        return no_buttons(text, error)
    line = error.line or 1
    quoted = _lines(text)[line - 1]
    kinds = {c.kind for c in offered}
    if error.code == "unknown_exercise":
        tap = words.tap_exercise(error.name or quoted, EXERCISE in kinds, NEW in kinds)
        body = f"{error.message}\n{tap}"
    elif error.fill is not None and last_load is not None:
        filled = _TO_GIVE.sub(last_load.typed(), error.fill, count=1)
        body = words.missing_load(quoted, last_load.shown(), filled)
    else:
        tap = words.TAP_READING if len(offered) > 1 else words.TAP_ONLY_READING
        body = f"{_examples(error.message, error, last_load)}\n{tap}"
    several = sum(1 for ln in _lines(text) if ln.strip()) > 1
    if kept:
        return f"{body}\n{words.KEPT}"
    return f"{body}\n{words.NOTHING_YET}" if several else body


def no_buttons(text: str, error: ParseError) -> str:
    """An error with nothing to tap; on a message of several lines it says that the other
    lines are not logged either (a user would think them stored)."""
    several = sum(1 for ln in _lines(text) if ln.strip()) > 1
    return f"{error.message}\n{words.NOTHING_LOGGED}" if several else error.message


def _examples(message: str, error: ParseError, last_load: LastLoad | None) -> str:
    """The message with its example load (`@ 60kg`) for the load left out made the one its
    button logs, so a typed example and a button never disagree."""
    to_give = _to_give(error)
    found = _TO_GIVE.search(to_give) if to_give is not None else None
    if to_give is None or found is None or last_load is None:
        return message
    before, after = to_give[: found.start()], to_give[found.end() :]
    pattern = re.escape(before) + _NUMBER + re.escape(found.group(1) + after)
    filled = before + last_load.typed() + after
    return re.sub(pattern, lambda _: filled, message, count=1)
