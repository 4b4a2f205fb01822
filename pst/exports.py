"""CSV and XLSX exports from one column declaration (DESIGN §3).

Every export of the portal goes through here, so that each one:
- neutralises spreadsheet formulas: in CSV, text starting with = + - @ tab or CR gets an
  apostrophe (a phone column may start with + followed by digits); in XLSX every text is a
  string cell, which a spreadsheet never evaluates, so it is written as it is, without the
  apostrophe (which would show);
- never fails on stored text: control characters openpyxl refuses (and invisible format
  characters) become U+FFFD, whatever older rows hold;
- types its cells: dates are real dates with a date format, numbers are numbers;
- sets column widths, freezes the header row;
- streams: rows come from a queryset's `.iterator()`, CSV leaves through a
  StreamingHttpResponse, XLSX is written by openpyxl's write-only mode into a temporary file,
  so a year of a busy office never sits in memory;
- calls `on_done(row_count)` only once the whole file was produced (the caller logs the
  export in PersonalDataAccess there): a failed export is never logged as done.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import enum
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+[0-9•]+")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What an export's address may ask for (anything else is the caller's 404).
EXPORT_FORMATS = ("csv", "xlsx")
# Rows a caller's `.iterator()` reads from the database at a time.
EXPORT_CHUNK_ROWS = 500


class Kind(enum.Enum):
    TEXT = "text"
    PHONE = "phone"
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"


DEFAULT_WIDTHS = {
    Kind.TEXT: 24,
    Kind.PHONE: 17,
    Kind.DATE: 12,
    Kind.DATETIME: 17,
    Kind.NUMBER: 10,
}


@dataclass(frozen=True)
class Column:
    """One column: its header (may be lazy), how to get its value from a row, its kind and
    its width in characters in XLSX (default by kind)."""

    label: Any
    value: Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: float | None = None

    @property
    def xlsx_width(self) -> float:
        return self.width or DEFAULT_WIDTHS[self.kind]


def choice_label(model: type[Model], field: str) -> Callable[[Any], Any]:
    """A column's value: a row's `field` as its choice's label, in the language the export is
    produced in (as its headers): translated once per export, when the columns are declared,
    not per row (get_FOO_display() rebuilds and translates the whole list on every call: it
    was 60 % of a CSV export's time, benchmarks/README.md, "Pages")."""
    labels = {value: str(text) for value, text in model._meta.get_field(field).flatchoices}
    return lambda row: labels.get(getattr(row, field), getattr(row, field))


def clean_text(value: str) -> str:
    """Control and invisible format characters become U+FFFD (visible, and never refused by
    openpyxl); tab, CR and LF stay, as in a multi-line field."""
    if value.isprintable():
        return value
    return "".join(
        "\ufffd"
        if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")
        else ch
        for ch in value
    )


def neutralise_formula(value: str, *, kind: Kind = Kind.TEXT) -> str:
    """Text a spreadsheet would read as a formula gets an apostrophe in front; only a phone
    column may start with + (an E.164 number, digits or mask dots only)."""
    if not value.startswith(FORMULA_STARTS):
        return value
    if kind is Kind.PHONE and _PHONE.fullmatch(value):
        return value
    return "'" + value


def _typed(value: Any, kind: Kind) -> Any:
    """The value as a spreadsheet cell holds it: None, a date, a number, or clean text (not
    yet neutralised: each format does that its own way)."""
    if value is None or value == "":
        return None
    if kind is Kind.DATETIME and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # the caller gives local time; cells have no zone
    if kind is Kind.DATE and isinstance(value, dt.datetime):
        return value.date()
    if kind in (Kind.DATE, Kind.DATETIME) and isinstance(value, dt.date):
        return value
    if kind is Kind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return clean_text(str(value))


def _csv_value(value: Any, kind: Kind) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_formula(value, kind=kind)
    return "" if value is None else value


class _Echo:
    """A file-like object csv.writer writes to, handing each line back."""

    def write(self, value: str) -> str:
        return value


def _rows(columns: list[Column], rows: Iterable[Any]) -> Iterator[list[Any]]:
    source = iter(rows)
    try:
        for row in source:
            yield [_typed(column.value(row), column.kind) for column in columns]
    finally:
        # A queryset's .iterator() holds a server-side cursor on PostgreSQL: close it now,
        # on success, failure or a client gone mid-download, not whenever the garbage
        # collector gets to it (by then it may break another request's transaction).
        close = getattr(source, "close", None)
        if close is not None:
            close()


def _csv_response(
    columns: list[Column],
    rows: Iterable[Any],
    filename: str,
    on_done: Callable[[int], None] | None,
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
        yield writer.writerow([str(column.label) for column in columns])
        count = 0
        for values in _rows(columns, rows):
            yield writer.writerow(
                [
                    _csv_value(value, column.kind)
                    for column, value in zip(columns, values, strict=True)
                ]
            )
            count += 1
        if on_done is not None:
            on_done(count)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_response(
    columns: list[Column],
    rows: Iterable[Any],
    filename: str,
    sheet_title: str,
    on_done: Callable[[int], None] | None,
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(clean_text(sheet_title)[:31] or "Sheet")
    # Write-only sheets take widths and panes before the first row.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=clean_text(str(column.label)))
        cell.font = bold
        header.append(cell)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so removes) it
    try:
        sheet.append(header)
        count = 0
        for values in _rows(columns, rows):
            cells = []
            for column, value in zip(columns, values, strict=True):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    # Set after the value (which would make "=…" a formula): a string cell
                    # is shown as typed and never evaluated, so no apostrophe is needed.
                    cell.data_type = "s"
                elif column.kind is Kind.DATE:
                    cell.number_format = DATE_FORMAT
                elif column.kind is Kind.DATETIME:
                    cell.number_format = DATETIME_FORMAT
                cells.append(cell)
            sheet.append(cells)
            count += 1
        book.save(target)
        target.seek(0)
        if on_done is not None:
            on_done(count)
    except BaseException:
        target.close()
        _discard(sheet)
        raise
    return FileResponse(
        target, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def _discard(sheet: Any) -> None:
    """openpyxl keeps the rows written so far in a temporary file of its own until the book
    is saved: after a failure, close and remove it so that no personal data stays behind."""
    with contextlib.suppress(Exception):
        if not sheet.closed:
            sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


def export_response(
    fmt: str,
    *,
    columns: list[Column],
    rows: Iterable[Any],
    filename: str,
    sheet_title: str,
    on_done: Callable[[int], None] | None = None,
) -> HttpResponse:
    """`rows` as a download of `columns`, `fmt` "csv" or "xlsx" (anything else is the
    caller's 404), named `filename` with the format's extension; `on_done(count)` once every
    row is written (the access log of the export)."""
    if fmt == "csv":
        return _csv_response(columns, rows, filename, on_done)
    if fmt == "xlsx":
        return _xlsx_response(columns, rows, filename, sheet_title, on_done)
    raise ValueError(f"unknown export format {fmt!r}")
