"""Which export a file is (from its header only), and clear refusals of files that can't be read."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest

from core.model import Failure, Unit
from core.transfer import (
    ImportRejected,
    RejectCode,
    SkippedRow,
    SkipReason,
    SourceFormat,
    UnitSource,
    open_import,
)
from core.wording import transfer as say
from tests.core.transfer_support import BERLIN, CATALOGUE, IMPORTS, read, set_at

STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
ROW = "2026-03-02 18:04:11,Push Day,1h 12m,Bench Press (Barbell),1,80,8,0,0,,,8"


def rejected(data: bytes, max_bytes: int = 20 * 1024 * 1024) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read(data, max_bytes=max_bytes)
    return caught.value


def test_strong_ios_and_android_duration_columns_are_both_strong() -> None:
    android = STRONG.replace(",Duration,", ",Workout Duration,")
    for header in (STRONG, android):
        outcomes, report = read(f"{header}\n{ROW}\n")
        assert report.dialect.format is SourceFormat.STRONG
        assert set_at(outcomes, 2).exercise == "bench_press"


def test_german_strong_header_with_decimal_commas() -> None:
    text = (
        "Datum;Workout-Name;Dauer;Name der Übung;Reihenfolge festlegen;Gewicht;Wiederh.;"
        "Entfernung;Sekunden;Notizen;Workout-Notizen;RPE\n"
        "2026-03-02 18:04:11;Push;1h;Bench Press (Barbell);F;82,5;6;0;0;;;9,5\n"
    )
    outcomes, report = read(text, unit=Unit.KG)
    assert (report.dialect.format, report.dialect.language) == (SourceFormat.STRONG, "de")
    r = set_at(outcomes, 2).record
    assert (r.weight, r.reps, r.rpe, r.failure) == (
        Decimal("82.5"),
        6,
        Decimal("9.5"),
        Failure.TECHNICAL,
    )


def test_strong_quoted_imperial_header_means_pounds() -> None:
    text = (IMPORTS / "strong_quoted.csv").read_text(encoding="utf-8")
    outcomes, report = read(text.replace('"Weight (kg)"', '"Weight (lbs)"'), unit=Unit.KG)
    assert (report.dialect.unit_source, report.dialect.unit) == (UnitSource.HEADER, Unit.LB)
    assert set_at(outcomes, 2).record.unit is Unit.LB


def test_file_without_a_unit_takes_the_users_unit() -> None:
    outcomes, report = read(f"{STRONG}\n{ROW}\n", unit=Unit.LB)
    assert report.dialect.unit_source is UnitSource.ASSUMED
    assert set_at(outcomes, 2).record.unit is Unit.LB
    assert "no unit in the file so weights are read as lb" in say.summary(report, CATALOGUE.name_of)


def test_tabs_bom_crlf_trailing_separators_and_blank_lines() -> None:
    text = "\n\n" + STRONG.replace(",", "\t") + "\t\r\n" + ROW.replace(",", "\t") + "\t\r\n\r\n"
    outcomes, report = read(codecs_bom() + text.encode("utf-8"))
    assert report.dialect.delimiter == "\t"
    assert (report.rows, report.sets) == (1, 1)
    assert set_at(outcomes, 4).record.rpe == Decimal(8)  # header on line 3, after two blanks


def codecs_bom() -> bytes:
    return "\ufeff".encode()


def test_utf16_and_windows_1252_files_are_read() -> None:
    named = ROW.replace("Bench Press (Barbell)", "Bankdrücken")
    outcomes, _ = read(f"{STRONG}\r\n{named}\r\n".encode("utf-16"))
    assert set_at(outcomes, 2).name == "Bankdrücken"
    outcomes, _ = read(f"{STRONG}\r\n{named}\r\n".encode("cp1252"))
    assert set_at(outcomes, 2).name == "Bankdrücken"


def test_hevy_dates_unpadded_iso_and_full_month_names() -> None:
    header = (IMPORTS / "hevy_metric.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        'A,"7 Sep 2026, 18:05","7 Sep 2026, 19:10",,Squat (Barbell),,,0,normal,100,5,,,',
        "B,2024-01-07 17:15:00,2024-01-07 18:15:00,,Squat (Barbell),,,0,normal,100,5,,,",
        'C,"12 Sept 2025, 6:30","12 Sept 2025, 7:30",,Squat (Barbell),,,0,normal,100,5,,,',
    ]
    outcomes, report = read("\n".join([header, *rows]) + "\n")
    assert report.ok, report.problems
    assert set_at(outcomes, 2).record.at == datetime(2026, 9, 7, 18, 5, tzinfo=BERLIN)
    assert set_at(outcomes, 3).record.at == datetime(2024, 1, 7, 17, 15, tzinfo=BERLIN)
    assert set_at(outcomes, 4).record.at == datetime(2025, 9, 12, 6, 30, tzinfo=BERLIN)
    assert report.workouts == 3


def test_times_are_read_in_the_users_zone_dst_included() -> None:
    # 2026-10-25 02:30 happens twice in Berlin: the first (summer time, +02:00) is taken.
    outcomes, _ = read(f"{STRONG}\n{ROW.replace('2026-03-02 18:04:11', '2026-10-25 02:30:00')}\n")
    at = set_at(outcomes, 2).record.at
    assert at.utcoffset() is not None and at.utcoffset().total_seconds() == 7200


def test_unknown_columns_are_ignored() -> None:
    _, report = read(f"{STRONG},Heart Rate\n{ROW},140\n")
    assert report.sets == 1


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "zip"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_files_are_refused_by_kind(data: bytes, kind: str) -> None:
    error = rejected(data)
    assert (error.code, error.detail) == (RejectCode.BINARY, kind)
    assert "not a CSV" in say.rejected(error)


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\n"])
def test_empty_files_are_refused(data: bytes) -> None:
    error = rejected(data)
    assert error.code is RejectCode.EMPTY
    assert say.rejected(error).startswith("That file is empty.")


def test_our_weigh_ins_file_is_named_and_the_log_file_asked_for() -> None:
    """It used to read as a broken export of sets: "send the file exactly as exported"."""
    error = rejected(
        "\ufeffdate,time,utc_offset,weight,unit,note\r\n"
        "2026-12-07,07:10:00,UTC+01:00,81.5,kg,\r\n".encode()
    )
    assert error.code is RejectCode.WEIGH_INS
    message = say.rejected(error)
    assert message.startswith("That is the weigh-ins file of my /export.")
    assert "tofailure-YYYY-MM-DD.csv" in message and "exactly as" not in message


def test_unknown_header_names_what_works() -> None:
    error = rejected(b"name,sets,reps\nbench,3,8\n")
    assert (error.code, error.resembles, error.line) == (RejectCode.UNKNOWN_HEADER, None, 1)
    message = say.rejected(error)
    assert "\u201cname,sets,reps\u201d" in message
    assert "Strong (Date, Workout Name, Exercise Name, Set Order" in message
    assert "Hevy (title, start_time" in message


def test_a_header_missing_a_column_names_it() -> None:
    header = STRONG.replace("Set Order,", "")
    error = rejected(f"{header}\n".encode())
    assert (error.resembles, error.missing) == (SourceFormat.STRONG, ("Set Order",))
    assert say.rejected(error) == (
        "This looks like a Strong export, but it has no \u201cSet Order\u201d column. "
        "Send the file exactly as the app exported it."
    )


def test_a_file_over_the_limit_is_refused_while_streaming() -> None:
    text = STRONG + "\n" + (ROW + "\n") * 2000
    data = text.encode()
    error = rejected(data, max_bytes=100_000)  # past the first 64 KiB read at open
    assert error.code is RejectCode.TOO_LARGE
    assert say.rejected(error).startswith("That file is over 98 KB, the most I can read.")
    error = rejected(data, max_bytes=1000)  # already the first read is over
    assert error.code is RejectCode.TOO_LARGE
    assert read(data, max_bytes=len(data))[1].sets == 2000


def test_too_large_message_names_the_limit() -> None:
    error = ImportRejected(RejectCode.TOO_LARGE, detail=str(20 * 1024 * 1024))
    assert say.rejected(error).startswith("That file is over 20 MB, the most I can read.")


def test_broken_quoting_names_the_line_where_the_row_starts() -> None:
    broken = '2026-03-02 18:04:11,"Push Day,1h 12m,Bench Press (Barbell),2,80,8,0,0,,,8'
    error = rejected(f"{STRONG}\n{ROW}\n{broken}\n{ROW}\n{ROW}\n".encode())
    assert (error.code, error.line) == (RejectCode.BROKEN_CSV, 3)
    assert say.rejected(error).startswith("Line 3 has a broken quote")
    stray = '2026-03-02 18:04:11,"Push" Day,1h,Bench Press (Barbell),2,80,8,0,0,,,8'
    assert rejected(f"{STRONG}\n{ROW}\n{ROW}\n{stray}\n".encode()).line == 4


def test_bytes_that_are_not_text_late_in_the_file() -> None:
    rows = (ROW + "\n") * 1500  # past the 64 KiB sniffed at open
    data = (
        f"{STRONG}\n{rows}".encode() + b"2026-03-02 18:04:11,Push,1h,Bench \xff\xfe,1,80,8,0,0,,,\n"
    )
    error = rejected(data)
    assert error.code is RejectCode.NOT_TEXT
    assert say.rejected(error).startswith("Around line")


def test_rows_stream_one_at_a_time() -> None:
    """The reader hands out the first set before reading the rest of the file."""
    consumed: list[int] = []

    class Tracking(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            consumed.append(len(chunk))
            return chunk

    data = (STRONG + "\n" + ROW.replace(",1,", ",W,") + "\n" + (ROW + "\n") * 20_000).encode()
    reader = open_import(Tracking(data), zone=BERLIN, default_unit=Unit.KG, catalogue=CATALOGUE)
    first = next(iter(reader))
    assert not isinstance(first, SkippedRow)
    assert sum(consumed) < len(data) // 4
    assert reader.report().sets == 20_001


def test_rest_timer_rows_are_reported_skips() -> None:
    timer = "2026-03-02 18:04:11,Push Day,1h 12m,Bench Press (Barbell),Rest Timer,0,0,0,90,,,"
    outcomes, report = read(f"{STRONG}\n{ROW}\n{timer}\n")
    assert outcomes[0] == SkippedRow(3, SkipReason.REST_TIMER, "Bench Press (Barbell)")
    assert "rest timers (line 3)" in say.summary(report, CATALOGUE.name_of)
