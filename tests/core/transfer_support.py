"""Helpers for the import/export tests: read a file or bytes, index the outcomes by line."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core.catalogue import load_catalogue
from core.model import Unit
from core.transfer import (
    MAX_IMPORT_BYTES,
    ImportedSet,
    ImportReport,
    RowOutcome,
    open_import,
)
from tests.paths import DATA

IMPORTS = DATA / "imports"
REAL = IMPORTS / "real"
CATALOGUE = load_catalogue()
BERLIN = ZoneInfo("Europe/Berlin")


def read(
    source: bytes | str | Path,
    *,
    zone: ZoneInfo = BERLIN,
    unit: Unit = Unit.KG,
    now: datetime | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> tuple[list[RowOutcome], ImportReport]:
    """Every outcome of a file, in the order the reader gives them, and its report."""
    if isinstance(source, Path):
        data = source.read_bytes()
    elif isinstance(source, str):
        data = source.encode("utf-8")
    else:
        data = source
    reader = open_import(
        io.BytesIO(data),
        zone=zone,
        default_unit=unit,
        catalogue=CATALOGUE,
        now=now,
        max_bytes=max_bytes,
    )
    outcomes = list(reader)
    return outcomes, reader.report()


def by_line(outcomes: list[RowOutcome]) -> dict[int, RowOutcome]:
    found: dict[int, RowOutcome] = {}
    for outcome in outcomes:
        assert outcome.line not in found, f"line {outcome.line} gave two outcomes"
        found[outcome.line] = outcome
    return found


def set_at(outcomes: list[RowOutcome], line: int) -> ImportedSet:
    outcome = by_line(outcomes)[line]
    assert isinstance(outcome, ImportedSet), outcome
    return outcome
