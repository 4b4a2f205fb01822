"""pst.exports: one column declaration, CSV and XLSX alike."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from complaints.reports import exports as reports
from pst.exports import Column, Kind, clean_text, export_response, neutralise_formula
from queueing.guestbook.exports import guestbook_export_columns
from tests.factories import OfficeFactory

COLUMNS = [
    Column("Day", lambda r: r["day"], Kind.DATE),
    Column("Count", lambda r: r["count"], Kind.NUMBER),
    Column("Phone", lambda r: r["phone"], Kind.PHONE),
    Column("Note", lambda r: r["note"], width=40),
]
ROWS = [
    {"day": dt.date(2026, 11, 23), "count": 3, "phone": "+62•••••••0101", "note": "=1+1"},
    {"day": None, "count": None, "phone": "+62&HYPERLINK()", "note": "a\x0bb\x00c"},
]


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("=SUM(A1)", Kind.TEXT, "'=SUM(A1)"),
        ("+62812", Kind.TEXT, "'+62812"),
        ("+62812", Kind.PHONE, "+62812"),
        ("+62&HYPERLINK()", Kind.PHONE, "'+62&HYPERLINK()"),
        ("-1", Kind.TEXT, "'-1"),
        ("@A1", Kind.TEXT, "'@A1"),
        ("\tx", Kind.TEXT, "'\tx"),
        ("\rx", Kind.TEXT, "'\rx"),
        ("Rina", Kind.TEXT, "Rina"),
    ],
)
def test_formulas_are_neutralised(value, kind, expected):
    assert neutralise_formula(value, kind=kind) == expected


def test_control_characters_become_a_visible_replacement():
    assert clean_text("a\x0bb\x00c\u202ed") == "a\ufffdb\ufffdc\ufffdd"
    assert clean_text("baris\n\tdua\r\n") == "baris\n\tdua\r\n"


def test_one_declaration_gives_the_same_rows_in_csv_and_xlsx():
    csv_body = export_response(
        "csv", columns=COLUMNS, rows=ROWS, filename="x", sheet_title="S"
    ).getvalue()
    lines = csv_body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Day,Count,Phone,Note"
    assert lines[1] == "2026-11-23,3,+62•••••••0101,'=1+1"
    assert lines[2] == ",,'+62&HYPERLINK(),a\ufffdb\ufffdc"
    response = export_response("xlsx", columns=COLUMNS, rows=ROWS, filename="x", sheet_title="S")
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = load_workbook(BytesIO(response.getvalue())).active
    assert sheet.title == "S"
    # XLSX: text cells (never evaluated) hold the text as it is, without the CSV apostrophe.
    assert [c.value for c in sheet[2]] == [dt.datetime(2026, 11, 23), 3, "+62•••••••0101", "=1+1"]
    assert sheet["A2"].is_date and sheet["B2"].data_type == "n"
    assert sheet["C2"].data_type == sheet["D2"].data_type == "s"
    assert [c.value for c in sheet[3]] == [None, None, "+62&HYPERLINK()", "a\ufffdb\ufffdc"]
    assert sheet["C3"].data_type == "s"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths == [12, 10, 17, 40]


def test_on_done_is_called_with_the_row_count_only_after_the_file_is_made():
    done = []
    response = export_response(
        "csv", columns=COLUMNS, rows=iter(ROWS), filename="x", sheet_title="S",
        on_done=done.append,
    )  # fmt: skip
    assert done == []
    response.getvalue()
    assert done == [2]
    export_response(
        "xlsx", columns=COLUMNS, rows=iter(ROWS), filename="x", sheet_title="S",
        on_done=done.append,
    )  # fmt: skip
    assert done == [2, 2]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_row_source_is_closed_when_an_export_fails(fmt):
    """A queryset iterator holds a server-side cursor on PostgreSQL: left to the garbage
    collector, it broke the next transaction on the same connection."""
    closed = []

    def source():
        try:
            yield ROWS[0]
            yield {"day": "not a row"}  # the column getter fails on it
        finally:
            closed.append(True)

    rows = source()  # still referenced here, as the request's frames reference a queryset's
    with pytest.raises(KeyError):
        export_response(fmt, columns=COLUMNS, rows=rows, filename="x", sheet_title="S").getvalue()
    assert closed == [True]


@pytest.mark.parametrize("value", ["=1+1", "- bullet", "+62&HYPERLINK()", "@SUM(A1)", "\tx"])
def test_xlsx_writes_formula_like_text_as_a_text_cell_without_the_apostrophe(value):
    columns = [Column("Note", lambda row: row)]
    response = export_response("xlsx", columns=columns, rows=[value], filename="x", sheet_title="S")
    cell = load_workbook(BytesIO(response.getvalue())).active["A2"]
    assert (cell.value, cell.data_type) == (value, "s")
    body = export_response("csv", columns=columns, rows=[value], filename="x", sheet_title="S")
    assert "'" + value in b"".join(body.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_export_has_two_columns_of_one_name(db, language):
    """A spreadsheet's reader tells columns apart by their headers only (trial K2: the
    consultations export read "Diterima" twice, for received and for accepted)."""
    office = OfficeFactory()
    declared = {
        "ratings": reports.ratings_export_columns(office),
        "calls": reports.calls_export_columns(office),
        "consultations": reports.consultations_export_columns(office),
        "complaints": reports.complaints_export_columns(office),
        "guestbook": guestbook_export_columns(unmasked=True),
    }
    with translation.override(language):
        for name, columns in declared.items():
            headers = [str(column.label) for column in columns]
            repeated = {header for header in headers if headers.count(header) > 1}
            assert not repeated, f"{name}: {repeated}"
