"""Exporting an edition's cooperation projects to an XLSX workbook.

The first columns are the import's (DESIGN.md), written as the import reads them, so that an
export can be corrected and imported into another edition; the record's own columns follow.
Amounts are numbers (yuan, two decimals), dates are dates; the header row stays in view.
"""

from typing import IO

from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from expo.enums import Industry
from expo.models import Edition
from projects.imports import COLUMNS
from projects.selectors import edition_projects

EXTRA_COLUMNS = (
    "international",
    "reporting_unit",
    "signing_ceremony",
    "registered_at",
    "updated_at",
)
HEADER = (*COLUMNS, *EXTRA_COLUMNS)
WIDTHS = (48, 11, 20, 44, 18, 40, 15, 17, 14, 12, 13, 28, 44, 19, 19)
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def export_filename(edition: Edition) -> str:
    return f"projects-edition-{edition.number}.xlsx"


def write_projects_xlsx(*, edition: Edition, output: IO[bytes]) -> int:
    """Write every project of ``edition`` (all stages) to ``output``; returns the number of
    projects. Streams the rows (write-only workbook), with a fixed number of queries."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=f"projects {edition.number}")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    sheet.append([_cell(sheet, name, font=bold) for name in HEADER])
    with override("en"):
        industries = {i.value: str(i.label) for i in Industry}
    count = 0
    for project in edition_projects(edition=edition).iterator(chunk_size=1000):
        ceremony = project.signing_ceremony
        sheet.append(
            [
                project.title,
                project.type,
                _cell(sheet, project.investment_yuan, number_format=AMOUNT_FORMAT),
                industries.get(project.industry, project.industry),
                project.municipality.short_name_en,
                project.partner_name,
                project.partner_country.code,
                project.partner_province,
                project.stage,
                _cell(sheet, project.signed_on, number_format=DATE_FORMAT),
                project.is_international,
                project.reporting_unit.short_name_en,
                ceremony.title_en if ceremony else None,
                _cell(sheet, _local(project.created_at), number_format=DATETIME_FORMAT),
                _cell(sheet, _local(project.updated_at), number_format=DATETIME_FORMAT),
            ]
        )
        count += 1
    workbook.save(output)
    return count


def _local(moment):
    """Excel has no time zones: the local time of the expo, without its zone."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def _cell(sheet, value, *, number_format: str | None = None, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    return cell
