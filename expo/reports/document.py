"""A report as a document: a title, a narrative, and sections that are tables with an
optional chart. The XLSX writes one sheet per section, the PDF one chapter, the JSON (for the
progress and pipeline reports) one key per section."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

# Column kinds: how a cell is written (XLSX number formats, PDF alignment).
TEXT, INTEGER, YUAN, AMOUNT, PERCENT, DATE = "text", "integer", "yuan", "amount", "percent", "date"
NUMERIC = (INTEGER, YUAN, AMOUNT, PERCENT)
# A column whose rows say their own kind, in the row's ``kind`` key (a table of key figures).
VARIES = "varies"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    # The row's key that holds the code this column's label stands for: the JSON carries both
    # (``"status": "not_started", "status_label": "not started"``), the XLSX and PDF the label.
    code_key: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart of one numeric column of a section against its label column."""

    title: str
    label_key: str
    value_key: str
    unit: str = ""
    horizontal: bool = True
    limit: int | None = None


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    intro: str = ""
    chart: Chart | None = None
    empty_text: str = ""
    # The XLSX sheet's name, chosen to fit 31 characters in every language; the title if empty.
    sheet: str = ""
    # A note under the table, e.g. that problem texts are quoted as units wrote them.
    note: str = ""


@dataclass
class Document:
    kind: str
    edition_number: int
    title: str
    subtitle: str
    language: str
    generated_at: datetime.datetime
    paragraphs: list[str] = field(default_factory=list)
    # Key figures: (label, value, kind) with the value as a number (kind INTEGER, YUAN, ...).
    highlights: list[tuple[str, Any, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def number_text(value, places: int = 0) -> str:
    """A number as the active language writes it (Django's formats: "70,000" and "12,000.00"
    in English; zh_Hans groups no digits), the one way every report shows a number."""
    return number_format(value, places, use_l10n=True, force_grouping=True)


def plain(value: Any) -> Any:
    """A JSON-safe value: Decimals as strings with their own precision, dates in ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def document_json(document: Document) -> dict:
    """The machine-readable form of a progress or pipeline document."""
    return {
        "edition": document.edition_number,
        "kind": document.kind,
        "language": document.language,
        "generated_at": document.generated_at.isoformat(),
        "sections": {section.key: [_json_row(section, row) for row in section.rows] for section in document.sections},
    }


def _json_row(section: Section, row: dict) -> dict:
    data = {}
    for column in section.columns:
        if column.code_key:
            data[column.code_key] = plain(row.get(column.code_key))
        data[column.key] = plain(row.get(column.key))
        if column.kind == VARIES:
            data["kind"] = row.get("kind")
    return data
