"""The XLSX of a report, written by the one XLSX writer (``expo.xlsx``): a summary sheet with
the narrative and the key figures as numbers, then one sheet per section (short sheet names
chosen per section), amounts in yuan with two decimals, the units stated."""

from django.utils.translation import gettext as _

from expo import xlsx
from expo.reports.document import AMOUNT, DATE, INTEGER, PERCENT, TEXT, VARIES, YUAN, Document
from projects.amounts import report_unit

KINDS = {
    TEXT: xlsx.TEXT,
    INTEGER: xlsx.INTEGER,
    YUAN: xlsx.YUAN,
    AMOUNT: xlsx.DECIMAL,
    PERCENT: xlsx.PERCENT,
    DATE: xlsx.DATE,
}


def _yuan_format() -> str:
    # The unit is part of the number format: the cell stays a number and still says "yuan".
    return f'#,##0.00" {_("yuan")}"'


def _figure(value, kind: str) -> tuple:
    """A (value, xlsx kind, number format) for a key figure."""
    if kind == YUAN:
        return value, xlsx.YUAN, _yuan_format()
    if kind == PERCENT:
        return value, xlsx.PERCENT, '0.00"%"'
    return value, KINDS.get(kind, xlsx.TEXT), ""


def document_xlsx(document: Document) -> bytes:
    book = xlsx.XlsxBook()
    notes = [
        _(
            "Amounts are in yuan with two decimals; the PDF of this report shows them in %(unit)s. "
            "Percentages are in percent."
        )
        % {"unit": report_unit()},
    ]
    book.cover(
        _("Summary"),
        title=document.title,
        lines=[document.subtitle, *document.paragraphs],
        figures=[(label, *_figure(value, kind)) for label, value, kind in document.highlights],
        notes=notes,
    )
    for section in document.sections:
        if any(column.kind == VARIES for column in section.columns):
            _figures_sheet(book, section)
            continue
        columns = [xlsx.XColumn(column.label, KINDS[column.kind]) for column in section.columns]
        rows = [[row.get(column.key) for column in section.columns] for row in section.rows]
        book.table(section.sheet or section.title, columns, rows, notes=[section.note] if section.note else [])
    return book.to_bytes()


def _figures_sheet(book: xlsx.XlsxBook, section) -> None:
    label_column = next(c for c in section.columns if c.kind != VARIES)
    value_column = next(c for c in section.columns if c.kind == VARIES)
    book.figures(
        section.sheet or section.title,
        (label_column.label, value_column.label),
        [(row.get(label_column.key), *_figure(row.get(value_column.key), row.get("kind"))) for row in section.rows],
    )
