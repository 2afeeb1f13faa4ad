"""Reading the sets of one line (notation.md §5.2, §6, §11): groups, lists, chains, notes."""

from __future__ import annotations

from core.notation import heads as h
from core.notation import loads as ld
from core.notation import vocab
from core.notation.bare import HOLD, TIME
from core.notation.base import MAX_SETS, TEN, SetDraft
from core.notation.context import ParseFailure
from core.notation.effort import EffortMarks, part_of
from core.notation.forms import BUILDERS
from core.notation.markers import parse_marker
from core.notation.tokens import (
    ARROW,
    AT,
    COLON,
    COMMA,
    COUNT,
    DASH,
    DUAL,
    LB_HASH,
    MARK,
    MSS,
    NUM,
    OTHER,
    PLUS,
    RIR,
    RPE,
    SEMI,
    SEP,
    SLASH,
    TIMES,
    WORD,
    Tok,
)
from core.plausibility import hold_ok
from core.units import to_kg
from core.wording import parse_errors as say

__all__ = ["LineSets", "SetDraft"]

_DIGIT_KINDS = frozenset({NUM, MSS, COUNT, DUAL})


class LineSets(EffortMarks):
    """Parses the sets part of one line, left to right; raises ParseFailure at the first problem."""

    def parse(self) -> list[SetDraft]:
        t, i, first, stop = self.t, self.start, True, self.stop
        if self.ex.timed and not self.ex.hold:
            for k in range(i, stop - 1):  # N13: `40m` on a carry is a distance, not supported
                if t[k].kind == NUM and t[k + 1].low == "m" and not t[k + 1].gap:
                    raise self._unexpected(k)
        while i < stop:
            after_space = False
            if not first:
                if t[i].kind in (COMMA, SEMI) and i + 1 < stop and ld.starts_group(t, i + 1):
                    i += 1
                elif _joiner(t[i]) and i + 1 < stop and ld.starts_group(t, i + 1):
                    i += 1  # N16: `bench 80x8 and 85x6`, `80x8 then 85x6`
                elif t[i].gap and ld.starts_group(t, i):
                    after_space = True
                else:
                    self._words_after(i)
                    return self.sets
            i = self._chain(i, after_space)
            first = self.first_group = False
        return self.sets

    def _words_after(self, i: int) -> None:
        """N6.1: words after the sets are the sets' note; digits or totals there are an error."""
        t, k = self.t, i
        if t[k].kind in (COMMA, SEMI, SEP, COLON) or (t[k].kind == DASH and t[k].gap):
            k += 1
        words = t[k : self.stop]
        if (
            not words
            or words[0].kind != WORD
            or words[0].low in vocab.TOTAL_WORDS
            or words[0].low in vocab.SET_COUNT_WORDS  # `100kg x 3 sets`: a count we can't place
            or (words[0].low == "in" and len(words) > 1 and words[1].low in vocab.TOTAL_WORDS)
            or any(tok.kind in _DIGIT_KINDS for tok in words)
        ):
            raise self._unexpected(i)
        counted = _counted_in_words(words)
        if counted is not None:
            raise self._count_in_words(i, counted)
        start = words[0].start
        text = self.line[start : self.cut]
        for note in reversed(self.bracket_notes):
            if note.bracket and start <= note.start < self.cut:
                text = text[: note.start - start] + " " + text[note.end - start :]
        self.trailing = (start, " ".join(text.split()))

    def _count_in_words(self, i: int, count: int) -> ParseFailure:
        done = self.line[: self.t[i].start].strip()
        sets = (
            f"{done} {count} sets" if len(self.sets) == 1 else f"{self.ex.example()} {count} sets"
        )
        return ParseFailure("unexpected_text", say.count_in_words(self._span(i, self.stop), sets))

    def _chain(self, i: int, after_space: bool) -> int:
        self.chain_first = len(self.sets)
        self.chain_tok = i
        self.chain_warmup = False
        j = self._group(i, after_space)
        while j < self.stop:
            k = _arrow_end(self.t, j, self.stop)
            if k is None:
                break
            j = self._link(k)
        if self.warm_all or self.warm_name:
            self._line_warmup(j)
        return j

    def _line_warmup(self, j: int) -> None:
        # §6 and N17: a warm-up label marks the line; a warm-up word by the name marks the first
        # group and later ones up to the first later group of two or more sets.
        chain = self.sets[self.chain_first :]
        if self.warm_name and not self.warm_all and not self.first_group and len(chain) > 1:
            self.warm_name = False
            return
        for entry in chain:
            entry.warmup = True
            self._check(entry, self.chain_tok, j)

    def _group(self, i: int, after_space: bool) -> int:
        head = h.recognize(self.t, i)
        if head is None:
            raise self._unexpected(i)
        self.pair_a = None
        if head.form == h.BARE and after_space and head.load is None:
            raise self._unexpected(i)
        if head.form == h.LOAD_ONLY and i > self.start:
            # A load left dangling after a set is unsupported notation (`+2 partials`, §7).
            raise self._unexpected(i)
        kind = BUILDERS[head.form](self, head)
        return self._tail(head.end, kind)

    def _link(self, k: int) -> int:
        # R9: each link of a drop chain is one `load × reps` set, lighter than the one before.
        if k >= self.stop:
            raise self._unexpected(k - 1)
        head = h.recognize(self.t, k)
        if head is None or head.form not in (h.PAIR, h.REV):
            if head is not None and head.form in (h.BARE, h.LOAD_ONLY):
                raise self._incomplete(head.end)
            raise self._unexpected(k)
        before = self.sets[-1]
        self.pair_a = None
        if head.form == h.PAIR:
            self._pair(head, drop=True)
        else:
            self._rev(head, drop=True)
        after = self.sets[-1]
        if to_kg(after.weight, after.unit) >= to_kg(before.weight, before.unit):
            # R9: the load goes up, so it is no drop set; straight sets are the one reading.
            ramp = tuple(part_of(s) for s in self.sets[self.chain_first :])
            line = self.candidate(self.chain_tok, head.end, ramp)
            quoted = self._span(self.chain_tok, head.end)
            raise ParseFailure("ambiguous", say.ambiguous_drop(quoted, line), candidates=(line,))
        return self._tail(head.end, None)

    def _tail(self, j: int, kind: str | None) -> int:
        t, stop = self.t, self.stop
        after_effort = False
        effort_at = j
        while j < stop:
            found = parse_marker(t, j)
            if found is not None:
                self._apply(found[0], j, found[1])
                after_effort = found[0].kind in (RPE, RIR)
                effort_at, j = j, found[1]
                if after_effort:
                    j = self._effort_range(found[0], effort_at, j)
                continue
            counted = self._count(j, kind) if t[j].kind in (COUNT, NUM, TIMES) else None
            if counted is not None:
                j, after_effort = counted, False
                continue
            if kind is None or t[j].kind not in (COMMA, SLASH, DASH):
                break
            sep, k = t[j], j + 1
            if sep.kind == DASH and (
                sep.gap or t[j - 1].kind != NUM or not ld.kind_at(t, k, NUM) or t[k].gap
            ):
                break
            if kind == TIME:
                duration = ld.parse_duration(t, k)
                if duration is None:
                    break
                prev = self.sets[-1]
                self._add(
                    prev.weight, prev.unit, prev.bodyweight, None, self._seconds(duration), False
                )
                self._list_size()
                j, after_effort = duration.end, False
                continue
            if not ld.kind_at(t, k, NUM) or ld.parse_duration(t, k) is not None:
                break
            if sep.kind == COMMA and _starts_new_group(t, k):
                break
            item_end = ld.skip_reps(t, k + 1)
            if (
                after_effort
                and sep.kind != DASH
                and t[k].value <= TEN
                and parse_marker(t, item_end) is None
            ):
                return self._effort_list(effort_at, j)
            prev = self.sets[-1]
            if kind == HOLD:
                if not hold_ok(t[k].value):
                    raise self._unexpected(k)
                self._add(prev.weight, prev.unit, True, None, int(t[k].value), False)
            else:
                self._add(prev.weight, prev.unit, prev.bodyweight, self._reps(t[k]), None, False)
            self._list_size()
            j, after_effort = item_end, False
        return j

    def _count(self, j: int, kind: str | None) -> int | None:
        """N9: `80x8 3 sets`, `100x5 x3 sets`, `80x8 (2 sets)`, `45s x3`: the group repeated."""
        t = self.t
        tok = t[j]
        if tok.kind == COUNT:
            count, end = tok, j + 1
        elif tok.kind == NUM and tok.gap and ld.word_at(t, j + 1, vocab.SETS_WORDS):
            count, end = tok, j + 2
        elif tok.kind == TIMES and ld.kind_at(t, j + 1, NUM):
            if ld.word_at(t, j + 2, vocab.SETS_WORDS):
                count, end = t[j + 1], j + 3
            elif kind in (TIME, HOLD) and ld.parse_duration(t, j + 1) is None:
                count, end = t[j + 1], j + 2  # `plank 45s x3` (N15)
            else:
                return None
        else:
            return None
        n = self._sets(count)
        chain = self.sets[self.chain_first :]
        if len(chain) != 1:
            raise self._unexpected(j)
        if self.chain_first > 0:
            # `11 x 10, 21 x 15 (x 3)`: the last group three times, or every group?
            earlier = tuple(part_of(s) for s in self.sets[: self.chain_first])
            last = part_of(chain[0], n)
            every = tuple(part_of(s, n) for s in self.sets)
            raise self.ask(self.start, end, [(*earlier, last), every])
        entry = chain[0]
        copies = [
            SetDraft(entry.weight, entry.unit, entry.bodyweight, entry.reps, entry.seconds)
            for _ in range(n - 1)
        ]
        for copy in copies:
            copy.warmup = entry.warmup
        self.sets[self.chain_first : self.chain_first] = copies
        return end

    def _list_size(self) -> None:
        # A list is one group: 0 or more than 20 sets in it is out of range (§8).
        count = len(self.sets) - self.chain_first
        if count > MAX_SETS:
            raise ParseFailure(
                "sets_out_of_range",
                say.list_too_long(str(count), self._example()),
            )


def _starts_new_group(t: list[Tok], k: int) -> bool:
    """After a comma: `, 85x6` or `, 85kg x 6` is a new group; `, 8` is one more set."""
    nxt = t[k + 1] if k + 1 < len(t) else None
    if nxt is None or nxt.kind in (COMMA, SLASH, DASH, MARK):
        return False
    if nxt.kind in (TIMES, LB_HASH) or (nxt.kind == WORD and nxt.low in _GROUP_WORDS):
        return True
    if (
        nxt.kind == AT
        or (nxt.kind == WORD and nxt.low in vocab.REPS_WORDS)
        or (nxt.gap and nxt.kind in (NUM, MSS, PLUS, DASH))
    ):
        head = h.recognize(t, k)  # `, 8 reps at 80`, `, 8 +10kg`, `, 100 3x5`
        return head is not None and head.form != h.BARE
    return False


_GROUP_WORDS = (
    frozenset(vocab.UNITS)
    | vocab.FOR_WORDS
    | vocab.SET_COUNT_WORDS
    | vocab.SECONDS
    | vocab.MINUTES
    | vocab.AT_WORDS
)


def _counted_in_words(words: list[Tok]) -> int | None:
    """`three sets`, `two more sets`: a set count spelt out is not read, so it is no note either."""
    for k, word in enumerate(words):
        count = vocab.NUMBER_WORDS.get(word.low)
        near = words[k + 1 : k + 3]
        if count is not None and count > 1 and any(w.low in vocab.SET_COUNT_WORDS for w in near):
            return count
    return None


def _joiner(tok: Tok) -> bool:
    return (tok.kind == WORD and tok.low in vocab.JOINERS) or (
        tok.kind == OTHER and tok.text == "&"
    )


def _arrow_end(t: list[Tok], j: int, stop: int) -> int | None:
    """Past an arrow (`>`, `->`, `=>`, `➡️`) or a drop word (`drop`, `dropset`, `drop set`), N16."""
    if j >= stop:
        return None
    if t[j].kind == ARROW:
        return j + 1
    if t[j].kind == WORD and t[j].low in vocab.DROP_WORDS:
        k = j + 2 if ld.word_at(t, j + 1, vocab.SETS_WORDS) else j + 1
        if k < stop and ld.starts_group(t, k):
            return k
    return None
