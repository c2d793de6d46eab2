"""A report as a document: a title, a narrative, and sections that are tables with an
optional chart. The XLSX writes one sheet per section, the PDF one chapter, the JSON (for the
progress and pipeline reports) one key per section."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Column kinds: how a cell is written (XLSX number formats, PDF alignment).
TEXT, INTEGER, YUAN, AMOUNT, PERCENT, DATE = "text", "integer", "yuan", "amount", "percent", "date"
NUMERIC = (INTEGER, YUAN, AMOUNT, PERCENT)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT


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


@dataclass
class Document:
    kind: str
    edition_number: int
    title: str
    subtitle: str
    language: str
    generated_at: datetime.datetime
    paragraphs: list[str] = field(default_factory=list)
    highlights: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


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
        "sections": {
            section.key: [
                {column.key: plain(row.get(column.key)) for column in section.columns} for row in section.rows
            ]
            for section in document.sections
        },
    }
