"""One entry point for every report in every format, used by the Celery task, the
``build_report`` command and the weekly digest alike."""

import datetime
import json
from collections.abc import Callable

from django.utils import timezone, translation

from expo.models import Edition, ReportFormat, ReportKind
from expo.reports import figures
from expo.reports.document import Document, document_json
from expo.reports.pdf import document_pdf
from expo.reports.xlsx import document_xlsx

CONTENT_TYPES = {
    ReportFormat.JSON: "application/json",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}


def build_document(
    *, kind: str, edition: Edition, language: str, today: datetime.date | None = None, live: bool = False
) -> Document:
    """The report as a document, in ``language``. ``live``: a closed edition's results computed
    from the records instead of its snapshot (for comparison)."""
    with translation.override(language):
        if kind == ReportKind.RESULTS:
            return figures.results_document(edition=edition, language=language, live=live)
        if kind == ReportKind.PROGRESS:
            return figures.progress_document(edition=edition, language=language, today=today)
        if kind == ReportKind.PIPELINE:
            return figures.pipeline_document(edition=edition, language=language)
    raise ValueError(f"unknown report kind {kind!r}")


def render_report(
    *,
    kind: str,
    edition: Edition,
    fmt: str,
    language: str,
    today: datetime.date | None = None,
    document: Document | None = None,
    live: bool = False,
) -> bytes:
    """The report in format ``fmt``. The results JSON is the contract of shared/DESIGN.md; the
    other JSON reports carry their sections. ``document`` may be passed to render several
    formats from one build."""
    if kind == ReportKind.RESULTS and fmt == ReportFormat.JSON:
        return _json_bytes(figures.results_figures(edition=edition, live=live))
    document = document or build_document(kind=kind, edition=edition, language=language, today=today, live=live)
    with translation.override(language):
        if fmt == ReportFormat.JSON:
            return _json_bytes(document_json(document))
        if fmt == ReportFormat.XLSX:
            return document_xlsx(document)
        if fmt == ReportFormat.PDF:
            return document_pdf(document)
    raise ValueError(f"unknown report format {fmt!r}")


def render_formats(
    *,
    kind: str,
    edition: Edition,
    formats: list[str],
    language: str,
    today: datetime.date | None = None,
    on_step: Callable[[int, str], None] | None = None,
):
    """Yield ``(format, bytes)`` for each of ``formats``, calling ``on_step(percent, step)``
    before each piece of work so a run can show its progress and prove it is alive."""
    on_step = on_step or (lambda percent, step: None)
    document = None
    steps = len(formats) + 1
    for index, fmt in enumerate(formats):
        if document is None and not (kind == ReportKind.RESULTS and fmt == ReportFormat.JSON):
            on_step(int(100 * (index + 0.5) / steps), "figures")
            document = build_document(kind=kind, edition=edition, language=language, today=today)
        on_step(int(100 * (index + 1) / steps), fmt)
        yield fmt, render_report(kind=kind, edition=edition, fmt=fmt, language=language, today=today, document=document)


def _json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def default_filename(*, kind: str, edition: Edition, fmt: str, language: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"expo{edition.number}-{kind}-{language}-{stamp}.{fmt}"
