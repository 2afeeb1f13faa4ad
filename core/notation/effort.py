"""Markers on sets (notation.md §6, §11 N14): failure, RPE and RIR, per-set lists and ranges."""

from __future__ import annotations

from decimal import Decimal

from core.model import Failure
from core.notation.base import TEN, SetDraft, need
from core.notation.context import ParseFailure
from core.notation.forms import GroupForms
from core.notation.markers import parse_marker
from core.notation.readings import Part, Reading
from core.notation.tokens import DASH, FAILURE, NUM, RIR, RPE, WARMUP, Marker
from core.wording import parse_errors as say


class EffortMarks(GroupForms):
    """Applies markers to the sets of the current group, and reads effort lists and ranges."""

    def _apply(self, marker: Marker, i: int, j: int) -> None:
        if marker.kind == WARMUP:
            # Warm-up marks the whole group it is written in (§6), every link of a chain included.
            self.chain_warmup = True
            for entry in self.sets[self.chain_first :]:
                entry.warmup = True
                self._check(entry, self.chain_tok, j)
            return
        target = self.sets[-1]
        if marker.kind == FAILURE:
            if target.failure is not None:
                raise ParseFailure(
                    "conflicting_markers",
                    say.two_markers(
                        "failure markers", self._span(self.chain_tok, j), self._example()
                    ),
                )
            target.failure = marker.failure or (
                Failure.ISOMETRIC if target.seconds is not None else Failure.CONCENTRIC
            )
        else:
            value = need(marker.value)
            self._effort_in_range(marker.kind, value, i, j)
            if marker.kind == RPE:
                if target.rpe is not None:
                    raise ParseFailure(
                        "conflicting_markers",
                        say.two_markers("RPEs", self._span(self.chain_tok, j), self._example()),
                    )
                target.rpe = value
            else:
                if target.rir is not None:
                    raise ParseFailure(
                        "conflicting_markers",
                        say.two_markers("RIRs", self._span(self.chain_tok, j), self._example()),
                    )
                target.rir = value
        self._check(target, self.chain_tok, j)

    def _effort_in_range(self, kind: str, value: Decimal, i: int, j: int) -> None:
        if kind == RPE and not (1 <= value <= TEN and (value * 2) % 1 == 0):
            raise ParseFailure(
                "effort_out_of_range",
                say.rpe_out_of_range(self._span(i, j), f"{self._example()} @8.5"),
            )
        if kind == RIR and not (0 <= value <= TEN and (value * 2) % 1 == 0):
            raise ParseFailure(
                "effort_out_of_range",
                say.rir_out_of_range(self._span(i, j), f"{self._example()} rir 2"),
            )

    def _effort_range(self, marker: Marker, i: int, j: int) -> int:
        """N14: `rir 1-2`, `@8-9` is a range: ask which end."""
        t = self.t
        if not (j + 1 < self.stop and t[j].kind == DASH and not t[j].gap):
            return j
        upper = t[j + 1]
        if upper.kind != NUM or upper.gap:
            return j
        if upper.value == marker.value:
            return j + 2  # `rir 1-1`: one value
        self._effort_in_range(marker.kind, upper.value, j + 1, j + 2)
        readings = []
        for value in (need(marker.value), upper.value):
            parts = [part_of(s) for s in self.sets[self.chain_first :]]
            last = parts[-1]
            effort = {"rpe": value} if marker.kind == RPE else {"rir": value}
            parts[-1] = Part(
                1, last.load, last.unit, last.reps, last.seconds, last.bodyweight, **effort
            )
            readings.append(tuple(parts))
        raise self.ask(self.chain_tok, j + 2, readings)

    def _effort_list(self, effort_at: int, j: int) -> int:
        """N14: `120x5, 5, 5 @7, 8, 9` rates each set; counts that differ are a question."""
        t, chain = self.t, self.sets[self.chain_first :]
        last = chain[-1]
        kind = RPE if last.rpe is not None else RIR
        values = [need(last.rpe if kind == RPE else last.rir)]
        sep_kind = t[j].kind
        while j + 1 < self.stop and t[j].kind == sep_kind and t[j + 1].kind == NUM:
            values.append(t[j + 1].value)
            j += 2
        if len(values) == len(chain) > 1 and (j >= self.stop or parse_marker(self.t, j) is None):
            for entry, value in zip(chain, values, strict=True):
                entry.rpe, entry.rir = (value, entry.rir) if kind == RPE else (entry.rpe, value)
                self._check(entry, self.chain_tok, j)
            return j
        effort = "rpe" if kind == RPE else "rir"
        more = [part_of(s) for s in chain]
        for value in values[1:]:
            more.append(Part(1, last.weight, last.unit, int(value), None, last.bodyweight))
        whole = all(v % 1 == 0 and v >= 1 for v in values[1:]) and last.reps is not None
        readings: list[Reading] = [tuple(more)] if whole else []
        if len(chain) == 1 and last.reps is not None:
            each = tuple(
                Part(1, last.weight, last.unit, last.reps, None, last.bodyweight, **{effort: v})
                for v in values
            )
            readings.insert(0, each)
        raise self.ask(self.chain_tok, j, readings)


def part_of(entry: SetDraft, count: int = 1) -> Part:
    return Part(
        count,
        entry.weight,
        entry.unit,
        entry.reps,
        entry.seconds,
        entry.bodyweight,
        entry.rpe,
        entry.rir,
    )
