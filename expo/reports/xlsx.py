"""The XLSX of a report: a cover sheet with the narrative, then one sheet per section with a
frozen header row, numbers written as numbers (yuan with two decimals) and sensible widths.

openpyxl's write-only workbook streams rows to a temporary file instead of keeping every cell
in memory, so the worker's memory does not grow with the number of rows.
"""

import datetime
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from expo.reports.document import AMOUNT, DATE, INTEGER, NUMERIC, PERCENT, YUAN, Document

FORMATS = {INTEGER: "#,##0", YUAN: "#,##0.00", AMOUNT: "#,##0.00", PERCENT: "0.00", DATE: "yyyy-mm-dd"}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5F8B")
TITLE_FONT = Font(bold=True, size=14)
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = INVALID_SHEET_CHARS.sub(" ", title)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name.lower())
    return name


def _cell(sheet, value, kind: str):
    if kind in NUMERIC and value not in (None, ""):
        value = Decimal(value) if kind in (YUAN, AMOUNT, PERCENT) else int(value)
    elif kind == DATE and isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    elif kind not in NUMERIC and kind != DATE and value is not None:
        value = str(value)  # labels may be lazy translations
    cell = WriteOnlyCell(sheet, value=value)
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def document_xlsx(document: Document) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    cover = workbook.create_sheet(_sheet_title(_("Summary"), used))
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 30
    title = WriteOnlyCell(cover, value=document.title)
    title.font = TITLE_FONT
    cover.append([title])
    cover.append([document.subtitle])
    cover.append([])
    for label, value in document.highlights:
        cover.append([label, value])
    cover.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    for paragraph in document.paragraphs:
        cell = WriteOnlyCell(cover, value=paragraph)
        cell.alignment = wrap
        cover.append([cell])
    for section in document.sections:
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(section.columns):
            letter = chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)
            sheet.column_dimensions[letter].width = 14 if column.kind in NUMERIC else 36
        header = []
        for column in section.columns:
            cell = WriteOnlyCell(sheet, value=column.label)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        sheet.append(header)
        for row in section.rows:
            sheet.append([_cell(sheet, row.get(column.key), column.kind) for column in section.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
