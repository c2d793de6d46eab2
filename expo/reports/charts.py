"""Bar charts of report sections, drawn by matplotlib as SVG (vector: crisp in the PDF).

Figures are made with ``matplotlib.figure.Figure`` (no pyplot state), so charts can be drawn
in threads and workers without a display. Chinese labels use Noto Sans CJK from Debian's
``fonts-noto-cjk``; without it matplotlib falls back to DejaVu Sans.
"""

import io
from decimal import Decimal

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

from expo.reports.document import YUAN, Section, number_text
from projects.amounts import in_report_unit

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Serif CJK SC")
BAR_COLOUR = "#1f5f8b"
TEXT_COLOUR = "#222222"


def _font_family() -> list[str]:
    available = {font.name for font in font_manager.fontManager.ttflist}
    return [family for family in CJK_FAMILIES if family in available] + ["DejaVu Sans"]


def _value(row: dict, key: str, kind: str) -> float:
    value = row.get(key) or 0
    if kind == YUAN:
        value = in_report_unit(Decimal(value))
    return float(value)


def bar_chart_svg(section: Section) -> bytes:
    """The section's chart as an SVG document (bytes)."""
    chart = section.chart
    kinds = {column.key: column.kind for column in section.columns}
    rows = section.rows[: chart.limit] if chart.limit else section.rows
    labels = [str(row.get(chart.label_key) or "") for row in rows]
    values = [_value(row, chart.value_key, kinds.get(chart.value_key, "")) for row in rows]
    height = max(2.6, 0.34 * len(rows) + 1.2) if chart.horizontal else 3.4
    with rc_context(
        {
            "font.family": _font_family(),
            "font.size": 9,
            "axes.edgecolor": "#888888",
            "axes.labelcolor": TEXT_COLOUR,
            "xtick.color": TEXT_COLOUR,
            "ytick.color": TEXT_COLOUR,
            "svg.fonttype": "path",
            "svg.hashsalt": "expo-report",
        }
    ):
        figure = Figure(figsize=(6.6, height), layout="constrained")
        axes = figure.subplots()
        if chart.horizontal:
            positions = list(range(len(rows)))[::-1]
            bars = axes.barh(positions, values, color=BAR_COLOUR, height=0.62)
            axes.set_yticks(positions, labels)
            axes.set_xlabel(chart.unit)
            axes.margins(x=0.16)
        else:
            bars = axes.bar(range(len(rows)), values, color=BAR_COLOUR, width=0.6)
            axes.set_xticks(range(len(rows)), labels)
            axes.set_ylabel(chart.unit)
            axes.margins(y=0.16)
        axes.bar_label(bars, labels=[_label(v) for v in values], padding=3, fontsize=8, color=TEXT_COLOUR)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(chart.title, loc="left", fontsize=10, color=TEXT_COLOUR)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _label(value: float) -> str:
    """Bar labels written like the table's numbers, in the report's language."""
    return number_text(int(value)) if value == int(value) else number_text(Decimal(str(value)), 2)
