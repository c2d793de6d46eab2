"""Issue 15, "live formulas in exports": text that users wrote and that starts like a formula
(=, +, -, @, tab, carriage return) is written into every XLSX export as a string cell, never as
a formula, and stays the text its author wrote. The files are read back with openpyxl, as a
spreadsheet program would open them."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from delegations.exports import delegates_xlsx
from expo.reports.render import render_report
from expo.xlsx import XColumn, XlsxBook, text_cell
from projects.exports import write_projects_xlsx
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.factories import MemberUnitFactory, OrganizerFactory
from tests.projects.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
)


def _as_read(text: str) -> str:
    # XML turns a bare carriage return into a line feed for every reader (openpyxl, Excel,
    # LibreOffice); the cell is still the string the user wrote, not a formula.
    return text.replace("\r", "\n")


def _cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_texts_kept(data: bytes, texts) -> None:
    cells = _cells(data)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    strings = {cell.value for cell in cells if cell.data_type == "s"}
    for text in texts:
        assert _as_read(text) in strings, text


def test_text_cell_is_a_string_whatever_it_starts_with():
    book = XlsxBook()
    sheet = book._sheet("T")
    cells = [text_cell(sheet, text) for text in HOSTILE]
    sheet.append(cells)

    assert [cell.data_type for cell in cells] == ["s"] * len(HOSTILE)
    assert_no_formula_and_texts_kept(book.to_bytes(), HOSTILE)


def test_table_writes_formula_like_text_as_strings():
    book = XlsxBook()
    book.table("T", [XColumn("Title")], [[text] for text in HOSTILE])

    assert_no_formula_and_texts_kept(book.to_bytes(), HOSTILE)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_progress_report_xlsx_keeps_formula_like_problems_and_titles_as_text(edition, language):
    today = datetime.date(2021, 9, 10)
    unit = MemberUnitFactory(short_name_en="@SUM(A1)", short_name_zh="@SUM(A1)")
    for index, text in enumerate(HOSTILE):
        item = WorkItemFactory(
            edition=edition,
            code=f"{index + 1}",
            title_en=text,
            title_zh=text,
            lead_unit=unit,
            deadline=today - datetime.timedelta(days=3),
            status="in_progress",
        )
        ProgressReportFactory(
            work_item=item, unit=unit, period=today.replace(day=1), status="submitted", problems=text, narrative=text
        )

    data = render_report(kind="progress", edition=edition, fmt="xlsx", language=language, today=today)

    assert_no_formula_and_texts_kept(data, HOSTILE)


def test_projects_export_keeps_formula_like_titles_as_text(edition):
    municipality = MunicipalityFactory()
    for text in HOSTILE:
        ProjectFactory(edition=edition, municipality=municipality, title=text, partner_name=text)
    output = io.BytesIO()

    write_projects_xlsx(edition=edition, output=output)

    assert_no_formula_and_texts_kept(output.getvalue(), HOSTILE)


def test_delegates_export_keeps_formula_like_names_as_text(edition):
    delegation = DelegationFactory(edition=edition, country="RU")
    for text in HOSTILE:
        DelegateFactory(delegation=delegation, name_latin=text, name_original=text, title=text, organization=text)
    protocol = OrganizerFactory(is_superuser=True)

    data = delegates_xlsx(edition=edition, user=protocol)

    assert_no_formula_and_texts_kept(data, HOSTILE)
