"""A whole message (notation.md §3, §11 N7): lines, context, not-a-log, title, notes, weigh-in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.catalogue import Catalogue
from core.model import SET_FIELDS, SetEntry, Unit, WeighIn
from core.names import NameIndex
from core.notation import classify as c
from core.notation import vocab
from core.notation.classify import Context, Env, Line
from core.notation.context import ExerciseKind, ParseFailure
from core.notation.rawline import WeighInText
from core.notation.sets import LineSets, SetDraft
from core.notation.tokens import OTHER, WORD
from core.plausibility import WEIGH_IN
from core.wording import parse_errors as say

MAX_CHARS = 4096
_ASCII_DIGIT = re.compile(r"[0-9]")


class NotLog(Exception):
    """Raised internally when the message is not a log at all."""


class MessageFailure(Exception):
    """A ParseFailure placed on its line."""

    def __init__(self, failure: ParseFailure, line: int | None) -> None:
        super().__init__(failure.code)
        self.failure = failure
        self.line = line


@dataclass(slots=True)
class MessageLog:
    """What a log message holds: its sets, the workout's title (N7) and a weigh-in (N12)."""

    sets: list[SetEntry]
    title: str | None
    weigh_in: WeighIn | None


def parse_message(
    text: str, unit: Unit, last_exercise: str | None, catalogue: Catalogue, index: NameIndex
) -> MessageLog:
    """The log of a message; raises NotLog or MessageFailure."""
    if len(text) > MAX_CHARS:
        raise MessageFailure(ParseFailure("text_too_long", say.text_too_long()), None)
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    stripped = text.strip()
    # `//` opens a note, so only a single slash is a bot command.
    if not stripped or (stripped.startswith("/") and not stripped.startswith("//")):
        raise NotLog
    if _ASCII_DIGIT.search(text) is None:
        raise NotLog
    env = _env(catalogue, index, unit)
    context = _context(last_exercise, catalogue) if last_exercise else None
    lines: list[Line] = []
    named = logs = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = c.classify(number, raw.rstrip("\r"), env, context)
        lines.append(line)
        kind = line.kind
        if kind in _LOG_KINDS:
            logs = True
        if (kind == c.SET or kind == c.HEADER) and line.name:
            found = c.resolve(line, index).exercise
            if found is not None:
                context = _context(found, catalogue)
                named = named or kind == c.SET
    if not logs or (not named and _is_question(lines)):
        raise NotLog
    return _read(lines, unit, last_exercise, catalogue, index)


_LOG_KINDS = frozenset({c.SET, c.WEIGH, c.WEIGH_ASK})


@lru_cache(maxsize=64)
def _env(catalogue: Catalogue, index: NameIndex, unit: Unit) -> Env:
    def weigh_in(weigh: WeighInText) -> bool:
        return WEIGH_IN.holds(weigh.value, weigh.unit or unit)

    return Env(index, weigh_in)


@lru_cache(maxsize=2048)
def _context(exercise_id: str, catalogue: Catalogue) -> Context:
    found = catalogue.get(exercise_id)
    if found is None:
        return Context(False, False)
    return Context(found.is_timed, found.is_bodyweight)


def _is_question(lines: list[Line]) -> bool:
    """§3 rule 5: ends with `?` (notes aside) or starts with a question word."""
    content = [line for line in lines if line.tokens and line.kind != c.NOTE]
    if not content:
        return False
    last = content[-1].tokens[-1]
    if last.kind == OTHER and last.text == "?":
        return True
    first = content[0].tokens[0]
    return first.kind == WORD and first.low in vocab.QUESTION_WORDS


def _next_content(lines: list[Line], i: int) -> Line | None:
    for line in lines[i + 1 :]:
        if line.kind not in (c.BLANK, c.NOTE):
            return line
    return None


def _is_continuation(line: Line | None) -> bool:
    return line is not None and line.kind == c.SET and not line.name


@lru_cache(maxsize=2048)
def _kind(exercise_id: str, catalogue: Catalogue, typed: str | None) -> ExerciseKind:
    exercise = catalogue.get(exercise_id)
    if exercise is None:
        # A custom exercise from the lifter's history: nothing known, read as a weighted lift.
        return ExerciseKind(exercise_id, (typed or exercise_id.replace("_", " ")).strip().lower())
    return ExerciseKind.of(exercise, typed, catalogue.plausible(exercise_id))


def _unknown(name: str, catalogue: Catalogue, index: NameIndex) -> ParseFailure:
    suggestions = index.suggest(name)
    names = [catalogue.name_of(s) for s in suggestions]
    first = catalogue.get(suggestions[0]) if suggestions else None
    example = ExerciseKind.of(first).example() if first is not None else "bench 80x8"
    message = say.unknown_exercise(name, names, example)
    return ParseFailure("unknown_exercise", message, suggestions, name=name)


class _Reader:
    """Reads the classified lines in order into sets, title, notes and a weigh-in."""

    # Defaults on the class: most messages are one set line and never change these.
    current: ExerciseKind | None = None
    header_notes: tuple[tuple[int, int, str], ...] = ()
    warm_block = False
    weigh_in: WeighIn | None = None

    def __init__(
        self, unit: Unit, last_exercise: str | None, catalogue: Catalogue, index: NameIndex
    ) -> None:
        self.unit, self.last_exercise = unit, last_exercise
        self.catalogue, self.index = catalogue, index
        self.produced: list[tuple[Line, str, list[SetDraft]]] = []
        self.notes: dict[int, list[tuple[int, int, str]]] = {}
        self.title: list[str] = []

    def line(self, lines: list[Line], i: int) -> None:
        line = lines[i]
        kind = line.kind
        if kind == c.SET:
            self._set_line(line)
        elif kind == c.BLANK:
            self.warm_block = False
        elif kind == c.WARM_HEADER:
            self.warm_block = True
        elif kind == c.HEADER:
            self._header(line, _next_content(lines, i))
        elif kind == c.NO_DIGIT and line.name and _is_continuation(_next_content(lines, i)):
            raise _unknown(line.name, self.catalogue, self.index)
        elif kind in (c.NO_DIGIT, c.TEXT):
            self.warm_block = False
            self._text(line)
        elif kind in (c.WEIGH, c.WEIGH_ASK):
            self._weigh(line)

    def _header(self, line: Line, after: Line | None) -> None:
        assert line.resolution is not None and line.resolution.exercise is not None
        kind = _kind(line.resolution.exercise, self.catalogue, line.name)
        if not _is_continuation(after):
            raise ParseFailure("incomplete_set", say.header_without_sets(line.raw, kind.example()))
        self.current = kind
        self.warm_block = False
        self.header_notes = tuple((line.number, n.start, n.text) for n in line.notes)

    def _text(self, line: Line) -> None:
        # N7: text before the first set line is the title; after it, a note of the line above.
        text = line.raw.strip()
        if not self.produced:
            self.title.append(text)
        else:
            target = self.produced[-1][0].number
            self.notes[target].append((line.number, 0, text))

    def _weigh(self, line: Line) -> None:
        weigh = line.weigh
        assert weigh is not None
        quoted = line.text.strip()
        if line.kind == c.WEIGH_ASK:
            name = self.current.name if self.current is not None else None
            if name is None and self.last_exercise:
                name = _kind(self.last_exercise, self.catalogue, None).name
            reps = f"{name} {weigh.value}" if name else f"bw x {weigh.value}"
            weigh_line = f"bw {weigh.value}{self.unit.value}"
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_weigh_in(quoted, str(weigh.value), [reps, weigh_line]),
                candidates=(reps, weigh_line),
            )
        if self.weigh_in is not None:
            raise ParseFailure(
                "unexpected_text", say.second_weigh_in(quoted, f"bw {self.weigh_in.weight}")
            )
        self.weigh_in = WeighIn(weigh.value, weigh.unit or self.unit, weigh.note, line.number)

    def _name_in_words(self, line: Line) -> ParseFailure | None:
        """Ask (never store) when the exercise is named only in the words before the sets."""
        found = c.name_before_break(line, self.index)
        if found is None:
            return None
        name, begin = found
        sets = line.text[line.tokens[begin].start :].strip()
        words = line.text[: line.tokens[begin].start].strip()
        candidate = f"{name} {sets} # {words}"
        try:  # offered only when it logs: a question must have an answer that works
            if not parse_message(candidate, self.unit, None, self.catalogue, self.index).sets:
                return None
        except (NotLog, MessageFailure):
            return None
        return ParseFailure(
            "ambiguous", say.name_in_words(sets, name, candidate), candidates=(candidate,)
        )

    def _set_line(self, line: Line) -> None:
        if line.name_junk is not None:
            quoted = c.join(line.tokens, line.name_junk, line.start)
            raise ParseFailure(
                "unexpected_text", say.unexpected_text(quoted, f"bench 80x8 # {quoted}")
            )
        if line.dated:
            quoted = line.raw.strip()
            raise ParseFailure("unexpected_text", say.dated_line(quoted, "bench 80x8"))
        if line.name:
            resolved = c.resolve(line, self.index).exercise
            if resolved is None:
                raise self._name_in_words(line) or _unknown(line.name, self.catalogue, self.index)
            self.current = _kind(resolved, self.catalogue, line.name)
            self.header_notes = ()
            # The line's own text before its sets (worked out only for a question), or the name
            # when it came after the sets (`50 push-ups`).
            prefix = line.name if line.stop < len(line.tokens) else None
        else:
            if self.current is None:
                if not self.last_exercise:
                    quoted = c.join(line.tokens, 0, len(line.tokens))
                    raise ParseFailure(
                        "no_exercise", say.no_exercise(quoted, _with_bench(quoted, self))
                    )
                self.current = _kind(self.last_exercise, self.catalogue, None)
            prefix = f"{self.current.name} " if self.current.known else ""
        reader = LineSets(
            line.text,
            line.tokens,
            (line.start, line.stop),
            self.current,
            self.unit,
            prefix,
            (line.warm_all or self.warm_block, line.warm_name),
            (line.notes, line.cut),
        )
        drafts = reader.parse()
        notes = self.notes[line.number] = []
        if self.header_notes and not line.name:
            notes.extend(self.header_notes)
        if line.notes:
            notes.extend((line.number, n.start, n.text) for n in line.notes)
        if line.lead is not None and line.lead[1]:
            notes.append((line.number, *line.lead))
        if reader.trailing is not None and reader.trailing[1]:
            notes.append((line.number, *reader.trailing))
        self.produced.append((line, self.current.id, drafts))


def _read(
    lines: list[Line], unit: Unit, last_exercise: str | None, catalogue: Catalogue, index: NameIndex
) -> MessageLog:
    reader = _Reader(unit, last_exercise, catalogue, index)
    for i, line in enumerate(lines):
        try:
            reader.line(lines, i)
        except ParseFailure as failure:
            raise MessageFailure(failure, line.number) from None
    if len(lines) > 1 and any(line.kind == c.NOTE for line in lines):
        _attach_note_lines(lines, [line.number for line, _, _ in reader.produced], reader.notes)
    entries: list[SetEntry] = []
    for line, exercise_id, drafts in reader.produced:
        found = reader.notes[line.number]
        note = "; ".join(text for _, _, text in sorted(found)) if found else None
        number = line.number
        for d in drafts:
            entries.append(_entry(d, exercise_id, note, number))
    title = "; ".join(reader.title) if reader.title else None
    return MessageLog(entries, title, reader.weigh_in)


def _attach_note_lines(
    lines: list[Line], set_lines: list[int], attached: dict[int, list[tuple[int, int, str]]]
) -> None:
    """A note line belongs to the nearest set line above it, else to the first one below (§3)."""
    for line in lines:
        if line.kind != c.NOTE or not line.notes or not set_lines:
            continue
        above = [n for n in set_lines if n < line.number]
        target = above[-1] if above else set_lines[0]
        attached[target].extend((line.number, 0, note.text) for note in line.notes)


# What a draft carries of a set: every set field but the two the message decides.
_DRAFTED = tuple(name for name in SET_FIELDS if name not in ("exercise", "note"))


def _entry(d: SetDraft, exercise_id: str, note: str | None, line: int) -> SetEntry:
    drafted = {name: getattr(d, name) for name in _DRAFTED}
    return SetEntry(exercise=exercise_id, note=note, line=line, **drafted)


def _with_bench(sets: str, reader: _Reader) -> str:
    """`bench` + what was typed when that logs, else a plain example."""
    candidate = f"bench {sets}"
    try:
        found = parse_message(candidate, Unit.KG, None, reader.catalogue, reader.index)
    except (NotLog, MessageFailure):
        return "bench 80x8"
    return candidate if found.sets else "bench 80x8"
