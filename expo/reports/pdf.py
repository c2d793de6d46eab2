"""The PDF of a report, laid out by WeasyPrint from an HTML template like a committee
document: letterhead, title, the narrative, key figures, then one chapter per section with
its chart (matplotlib SVG) and table. Amounts are shown in the reader's unit (亿元 or
billion yuan); the exact yuan are in the XLSX and JSON."""

import base64
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from expo.reports.charts import bar_chart_svg
from expo.reports.document import AMOUNT, DATE, INTEGER, NUMERIC, PERCENT, VARIES, YUAN, Document, number_text
from expo.xlsx import display_width
from projects.amounts import report_amount, report_amount_with_unit, report_unit

FONT = "Noto Sans CJK SC"


def _text(value, kind: str, *, with_unit: bool = False) -> str:
    """A cell's text in the report's language; numbers through Django's formats."""
    if value is None or value == "":
        return "—"
    if kind == YUAN:
        return report_amount_with_unit(Decimal(value)) if with_unit else report_amount(Decimal(value))
    if kind == AMOUNT:
        return number_text(Decimal(value), 2)
    if kind == PERCENT:
        return number_text(Decimal(value), 2) + ("%" if with_unit else "")
    if kind == INTEGER:
        return number_text(int(value))
    if kind == DATE:
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _cell(row: dict, column) -> tuple[str, bool]:
    if column.kind == VARIES:
        return _text(row.get(column.key), row.get("kind"), with_unit=True), True
    return _text(row.get(column.key), column.kind), column.kind in NUMERIC


def _widths(headers: list[str], rows: list[list[tuple[str, bool]]]) -> list[float]:
    """Column widths in percent from the content: the longest cell (long texts count up to a
    limit, they wrap) and the header's longest word, which must never break."""
    weights = []
    for index, header in enumerate(headers):
        longest_word = max((display_width(word) for word in header.split()), default=1)
        content = max((display_width(row[index][0]) for row in rows), default=1)
        # + 4: the cell's padding, which a narrow column needs as much as a wide one.
        weights.append(max(min(content, 36), longest_word, 4) + 4)
    total = sum(weights)
    return [round(100 * weight / total, 1) for weight in weights]


def _header(column) -> str:
    if column.kind == YUAN:
        # "Investment (yuan)" becomes "Investment (100 million yuan)" in the reader's unit.
        return column.label.replace("(yuan)", f"({report_unit()})").replace("（元）", f"（{report_unit()}）")
    return column.label


def document_html(document: Document) -> str:
    chapters = []
    for section in document.sections:
        chart = None
        if section.chart and section.rows:
            chart = "data:image/svg+xml;base64," + base64.b64encode(bar_chart_svg(section)).decode()
        headers = [_header(c) for c in section.columns]
        rows = [[_cell(row, c) for c in section.columns] for row in section.rows]
        numeric = [c.kind in NUMERIC or c.kind == VARIES for c in section.columns]
        chapters.append(
            {
                "section": section,
                "chart": chart,
                "headers": list(zip(headers, numeric, _widths(headers, rows), strict=True)),
                "rows": rows,
                "small": len(rows) <= 12,
            }
        )
    highlights = [(label, _text(value, kind, with_unit=True)) for label, value, kind in document.highlights]
    return render_to_string(
        "expo/reports/report_pdf.html",
        {
            "document": document,
            "chapters": chapters,
            "highlights": highlights,
            "font": FONT,
            "chinese": document.language.startswith("zh"),
            "unit_note": _("Amounts in the tables are in %(unit)s; the XLSX gives them in yuan.")
            % {"unit": report_unit()}
            if _has_amounts(document)
            else "",
        },
    )


def document_pdf(document: Document) -> bytes:
    import weasyprint  # here, not above: loading Pango takes a second, and only PDF work needs it

    return weasyprint.HTML(string=document_html(document)).write_pdf()


def _has_amounts(document: Document) -> bool:
    return any(kind == YUAN for _label, _value, kind in document.highlights) or any(
        column.kind == YUAN for section in document.sections for column in section.columns
    )
