"""The one XLSX writer of every export (committee reports, projects, delegates).

What it guarantees, whoever calls it:

- Every text cell is a string cell (``data_type == "s"``), whatever the text starts with:
  a title such as ``=HYPERLINK("http://x","y")``, ``+1``, ``-2`` or ``@SUM(A1)`` stays the
  text its author wrote and never becomes a formula (issue 15, "live formulas"). Spreadsheet
  programs do not evaluate a cell stored as a string, so no visible quote is added.
  Characters that XML cannot hold at all (C0 controls other than tab, LF and CR) are dropped.
- Numbers are numbers with a number format (yuan with two decimals and thousands
  separators), dates are dates.
- Column widths come from the content (an amount column is always wide enough for its
  largest amount: no ``###``), long text wraps with a row height to match.
- A header row in a named font that has Chinese glyphs, frozen, with auto-filters; print
  set-up on A4, landscape when the sheet is wide, fitted to one page width, the header
  repeated on every page and "page / pages" in the footer.
- Sheet names are chosen by the caller and must fit Excel's 31 characters: a name that does
  not is an error, never silently cut.

Rows are kept as plain values until the sheet is written (the widths need every row), then
streamed by openpyxl's write-only workbook: memory grows with the values, not with styled
cell objects.
"""

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

FONT_NAME = "Noto Sans CJK SC"
FONT_SIZE = 10

# Cell kinds.
TEXT, INTEGER, DECIMAL, PERCENT, DATE, DATETIME, BOOLEAN, YUAN = (
    "text",
    "integer",
    "decimal",
    "percent",
    "date",
    "datetime",
    "boolean",
    "yuan",
)
FORMATS = {
    INTEGER: "#,##0",
    DECIMAL: "#,##0.00",
    YUAN: "#,##0.00",
    PERCENT: "0.00",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
NUMERIC_KINDS = (INTEGER, DECIMAL, YUAN, PERCENT)
MAX_SHEET_NAME = 31
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_TEXT_WIDTH = 44
COVER_TEXT_WIDTH = 80
MIN_WIDTH = 6
LINE_HEIGHT = 15  # points, for FONT_SIZE
LANDSCAPE_FROM_WIDTH = 110  # characters of column width in all

BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=9, italic=True, color="5B6B7C")
HEADER_FILL = PatternFill("solid", fgColor="1F5F8B")
HEADER_BORDER = Border(bottom=Side(style="thin", color="0B4F8A"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


class SheetNameError(ValueError):
    pass


@dataclass(frozen=True)
class XColumn:
    label: str
    kind: str = TEXT
    # A number format that replaces the kind's, e.g. '#,##0.00" m²"'.
    number_format: str = ""


def clean_text(value: Any) -> str:
    """User text as it can be stored in XLSX: a str, without the control characters XML
    cannot carry; nothing else changes."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def text_cell(sheet, value: Any, *, font: Font | None = BODY_FONT, alignment: Alignment | None = None) -> WriteOnlyCell:
    """The one way a text cell is written: always a string cell, never a formula."""
    cell = WriteOnlyCell(sheet, value=None if value is None else clean_text(value))
    if value is not None:
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def header_cell(sheet, label: str) -> WriteOnlyCell:
    cell = text_cell(sheet, label, font=HEADER_FONT, alignment=HEADER_ALIGNMENT)
    cell.fill, cell.border = HEADER_FILL, HEADER_BORDER
    return cell


def value_cell(sheet, value: Any, kind: str, *, number_format: str = "", alignment: Alignment | None = None):
    """A cell of ``kind``: numbers as numbers, dates as dates, everything else through
    :func:`text_cell`."""
    if value is None or value == "":
        return WriteOnlyCell(sheet, value=None)
    if kind in NUMERIC_KINDS:
        value = int(value) if kind == INTEGER else Decimal(str(value))
    elif kind == DATE:
        value = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    elif kind == DATETIME:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            raise ValueError("Excel has no time zones: pass a naive local time")
    elif kind == BOOLEAN:
        value = bool(value)
    else:
        return text_cell(sheet, value, alignment=alignment)
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BODY_FONT
    if alignment is not None:
        cell.alignment = alignment
    fmt = number_format or FORMATS.get(kind)
    if fmt:
        cell.number_format = fmt
    return cell


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Any, kind: str, number_format: str = "") -> str:
    """The text a spreadsheet shows for ``value``, to measure it."""
    if value is None or value == "":
        return ""
    if kind == INTEGER:
        text = f"{int(value):,}"
    elif kind in (DECIMAL, YUAN):
        text = f"{Decimal(str(value)):,.2f}"
    elif kind == PERCENT:
        text = f"{Decimal(str(value)):.2f}"
    elif kind == DATE:
        return "0000-00-00"
    elif kind == DATETIME:
        return "0000-00-00 00:00"
    elif kind == BOOLEAN:
        return "FALSE"
    else:
        return str(value)
    if number_format:
        # Literal units in the format ("元", " m²") are shown too.
        text += "".join(re.findall(r'"([^"]*)"', number_format))
    return text


def check_sheet_name(name: str) -> str:
    if not name or len(name) > MAX_SHEET_NAME or INVALID_SHEET_CHARS.search(name):
        raise SheetNameError(f"sheet name {name!r}: 1 to {MAX_SHEET_NAME} characters without []:*?/\\")
    return name


class XlsxBook:
    """A workbook of table sheets, written by :meth:`save`.

    >>> book = XlsxBook()
    >>> book.table("Projects", [XColumn("Title"), XColumn("Investment (yuan)", YUAN)], rows)
    >>> data = book.to_bytes()
    """

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self._names: set[str] = set()

    def _sheet(self, name: str):
        check_sheet_name(name)
        if name.lower() in self._names:
            raise SheetNameError(f"two sheets named {name!r}")
        self._names.add(name.lower())
        return self.workbook.create_sheet(name)

    def table(
        self,
        name: str,
        columns: Sequence[XColumn],
        rows: Iterable[Sequence[Any]],
        *,
        notes: Sequence[str] = (),
    ) -> int:
        """A sheet with a header row and ``rows`` (sequences of values in column order),
        then ``notes`` (e.g. units) below the table. Returns the number of rows."""
        sheet = self._sheet(name)
        rows = list(rows)
        widths = []
        for index, column in enumerate(columns):
            header = max((display_width(word) for word in column.label.split()), default=0)
            content = max(
                (display_width(_shown(row[index], column.kind, column.number_format)) for row in rows), default=0
            )
            if column.kind in NUMERIC_KINDS or column.kind in (DATE, DATETIME, BOOLEAN):
                # Never too narrow for a number: a spreadsheet shows ### then.
                width = max(content + 3, header + 2, MIN_WIDTH + 4)
            else:
                width = min(max(content + 2, header + 2, MIN_WIDTH), MAX_TEXT_WIDTH)
            widths.append(width)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(len(columns), 1))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        self._print_setup(sheet, widths, title_rows=True)
        header_lines = max(
            (math.ceil(display_width(c.label) / max(w - 1, 1)) for c, w in zip(columns, widths, strict=True)),
            default=1,
        )
        sheet.row_dimensions[1].height = LINE_HEIGHT * max(header_lines, 1) + 4
        sheet.append([header_cell(sheet, column.label) for column in columns])
        for offset, row in enumerate(rows, start=2):
            lines = 1
            cells = []
            for value, column, width in zip(row, columns, widths, strict=True):
                if column.kind == TEXT and value is not None:
                    lines = max(lines, _lines(str(value), width))
                cells.append(
                    value_cell(
                        sheet,
                        value,
                        column.kind,
                        number_format=column.number_format,
                        alignment=WRAP if column.kind == TEXT else TOP,
                    )
                )
            if lines > 1:
                sheet.row_dimensions[offset].height = LINE_HEIGHT * lines + 2
            sheet.append(cells)
        if notes:
            sheet.append([])
            for note in notes:
                sheet.append([text_cell(sheet, note, font=NOTE_FONT)])
        return len(rows)

    def cover(self, name: str, *, title: str, lines: Sequence[str], figures: Sequence[tuple], notes: Sequence[str]):
        """A summary sheet: the title, ``lines`` of text, then ``figures`` as (label, value,
        kind[, number format]) rows with numbers as numbers, then ``notes``."""
        sheet = self._sheet(name)
        # The narrative runs in column A, which is wide enough for it; figures have their
        # label in A and their value in B.
        value_width = max([display_width(_shown(f[1], f[2], f[3] if len(f) > 3 else "")) + 3 for f in figures] + [18])
        label_width = text_width = COVER_TEXT_WIDTH
        sheet.column_dimensions["A"].width = label_width
        sheet.column_dimensions["B"].width = value_width
        self._print_setup(sheet, [label_width, value_width], title_rows=False)
        sheet.append([text_cell(sheet, title, font=TITLE_FONT)])
        row = 2
        for line in lines:
            sheet.row_dimensions[row].height = LINE_HEIGHT * _lines(line, text_width - 4) + 2
            sheet.append([text_cell(sheet, line, alignment=WRAP)])
            row += 1
        sheet.append([])
        for figure in figures:
            label, value, kind = figure[:3]
            fmt = figure[3] if len(figure) > 3 else ""
            sheet.append([text_cell(sheet, label), value_cell(sheet, value, kind, number_format=fmt)])
        if notes:
            sheet.append([])
            for note in notes:
                sheet.append([text_cell(sheet, note, font=NOTE_FONT)])
        return sheet

    def figures(self, name: str, headers: tuple[str, str], figures: Sequence[tuple]) -> None:
        """A table of key figures of different kinds: (label, value, kind[, number format])
        rows, each value cell with the number format of its own row."""
        sheet = self._sheet(name)
        figures = [(*f, "") if len(f) == 3 else tuple(f) for f in figures]
        label_width = max([display_width(str(f[0])) for f in figures] + [display_width(headers[0]), 20]) + 2
        value_width = max([display_width(_shown(f[1], f[2], f[3])) + 3 for f in figures] + [12])
        sheet.column_dimensions["A"].width = label_width
        sheet.column_dimensions["B"].width = value_width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:B{len(figures) + 1}"
        self._print_setup(sheet, [label_width, value_width], title_rows=True)
        sheet.append([header_cell(sheet, h) for h in headers])
        for label, value, kind, fmt in figures:
            sheet.append([text_cell(sheet, label), value_cell(sheet, value, kind, number_format=fmt)])

    @staticmethod
    def _print_setup(sheet, widths: Sequence[float], *, title_rows: bool) -> None:
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.orientation = "landscape" if sum(widths) > LANDSCAPE_FROM_WIDTH else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_options.gridLines = False
        if title_rows:
            sheet.print_title_rows = "1:1"
        sheet.oddFooter.center.text = "&P / &N"
        sheet.oddFooter.center.size = 8
        sheet.oddFooter.left.text = "&A"
        sheet.oddFooter.left.size = 8

    def save(self, output) -> None:
        self.workbook.save(output)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide: a proportional font
    sets Latin letters narrower than the digit that measures the width, Chinese ones wider."""
    usable = max(width - 1.5, 1)
    return sum(
        max(1, math.ceil(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0.92 for ch in part) / usable))
        for part in text.split("\n")
    )
