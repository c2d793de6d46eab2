"""Exporting an edition's cooperation projects to an XLSX workbook.

The first columns are the import's (DESIGN.md), written as the import reads them, so that an
export can be corrected and imported into another edition; the record's own columns follow.
Amounts are numbers (yuan, two decimals), dates are dates; the header row stays in view.
"""

from typing import IO

from django.utils import timezone
from django.utils.translation import override

from expo import xlsx
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
KINDS = {
    "investment_yuan": xlsx.YUAN,
    "signed_on": xlsx.DATE,
    "international": xlsx.BOOLEAN,
    "registered_at": xlsx.DATETIME,
    "updated_at": xlsx.DATETIME,
}


def export_filename(edition: Edition) -> str:
    return f"projects-edition-{edition.number}.xlsx"


def write_projects_xlsx(*, edition: Edition, output: IO[bytes]) -> int:
    """Write every project of ``edition`` (all stages) to ``output`` with the one XLSX writer
    (titles and partner names are string cells, never formulas); returns the number of
    projects. A fixed number of queries."""
    with override("en"):
        industries = {i.value: str(i.label) for i in Industry}
    rows = []
    for project in edition_projects(edition=edition).iterator(chunk_size=1000):
        ceremony = project.signing_ceremony
        rows.append(
            [
                project.title,
                project.type,
                project.investment_yuan,
                industries.get(project.industry, project.industry),
                project.municipality.short_name_en,
                project.partner_name,
                project.partner_country.code,
                project.partner_province,
                project.stage,
                project.signed_on,
                project.is_international,
                project.reporting_unit.short_name_en,
                ceremony.title_en if ceremony else None,
                _local(project.created_at),
                _local(project.updated_at),
            ]
        )
    book = xlsx.XlsxBook()
    book.table(
        f"projects {edition.number}",
        [xlsx.XColumn(name, KINDS.get(name, xlsx.TEXT)) for name in HEADER],
        rows,
    )
    book.save(output)
    return len(rows)


def _local(moment):
    """Excel has no time zones: the local time of the expo, without its zone."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None
