"""The PDF of a report, laid out by WeasyPrint from an HTML template like a committee
document: letterhead, title, the narrative, key figures, then one chapter per section with
its chart (matplotlib SVG) and table. Amounts are shown in the reader's unit (亿元 or
billion yuan); the exact yuan are in the XLSX and JSON."""

import base64
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format

from expo.reports.charts import bar_chart_svg
from expo.reports.document import AMOUNT, DATE, INTEGER, NUMERIC, PERCENT, YUAN, Document
from projects.amounts import report_amount, report_unit

FONT = "Noto Sans CJK SC"


def _text(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == YUAN:
        return report_amount(Decimal(value))
    if kind in (AMOUNT, PERCENT):
        return number_format(Decimal(value), 2, use_l10n=True, force_grouping=kind == AMOUNT)
    if kind == INTEGER:
        return number_format(int(value), 0, use_l10n=True, force_grouping=True)
    if kind == DATE:
        return date_format(value, "DATE_FORMAT")
    return str(value)


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
        chapters.append(
            {
                "section": section,
                "chart": chart,
                "headers": [(_header(c), c.kind in NUMERIC) for c in section.columns],
                "rows": [
                    [(_text(row.get(c.key), c.kind), c.kind in NUMERIC) for c in section.columns]
                    for row in section.rows
                ],
            }
        )
    return render_to_string(
        "expo/reports/report_pdf.html",
        {"document": document, "chapters": chapters, "font": FONT, "chinese": document.language.startswith("zh")},
    )


def document_pdf(document: Document) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=document_html(document)).write_pdf()
