"""The one shape of every import (projects, delegates, exhibitors, attendees): read the file,
check its header, check each row with the rules of the app's service, write in bulk, log, and
answer with a result.

An app's importer subclasses ``Importer``: it names its columns, builds its lookups once in
``prepare``, checks one row in ``check_row`` (calling the same checking functions as its
service, so that a row and a form get the same message for the same problem) and writes the
checked rows in ``write`` through its service's bulk helpers. The base does the rest, the
same way for all four:

- the file is read as a stream (``expo.tabular.read_rows``), the header checked with a message
  naming what is missing, and at most ``max_rows`` rows accepted;
- all rows or none: every row is checked and every problem reported by the line the user
  sees (``ImportFailed``); a file with one bad row writes nothing;
- the writing runs in one transaction that first refuses a closed edition, and a database
  conflict (someone wrote the same thing meanwhile) becomes a message, not a 500;
- one row in the activity log names who imported (the signed-in user, or the command's
  ``--by``), the edition and the counts;
- ``written`` runs after the transaction (a search index, a cache).

``stream = True`` (the attendees' 210,000 rows) hands the rows to ``write`` while the rest of
the file is still being checked, so that the database works while Python checks: the first
bad row stops the writing, the rest of the file is still checked for the report, and
``ImportFailed``, raised by the rows at the end, rolls the transaction back.

The core imports no domain app: the apps import this.
"""

from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from expo import audit
from expo.models import Edition
from expo.services import edition_require_writable
from expo.tabular import Header, ImportFailed, RowError, folded, read_rows

__all__ = ["ImportFailed", "ImportResult", "Importer", "RowError"]


class ImportResult:
    """What an import wrote. Each app's result is a frozen dataclass of its counts (created,
    updated, unchanged, held...) with these two methods; the problems of a failed import are
    ``ImportFailed.errors``, by line."""

    def summary(self) -> str:
        """The counts in a sentence of the user's language (the page, the command, the run)."""
        raise NotImplementedError

    def audit_details(self) -> dict[str, Any]:
        """The counts kept in the activity log's row of the import."""
        raise NotImplementedError


class Importer:
    """Subclasses set the class attributes and implement ``check_row`` and ``write``."""

    # The columns the header must name (in any order and letter case), and those read only
    # when the header names them.
    columns: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()
    # The most rows a file may have (None: only the limits of every file, settings IMPORT_*).
    max_rows: int | None = 5000
    # Rows written while the rest are checked (see the module's docstring).
    stream = False
    # ``details["kind"]`` of the activity log's row; no row when empty.
    audit_kind = ""

    def __init__(self, *, edition: Edition, by=None):
        self.edition = edition
        self.by = by
        self.header: Header | None = None

    # What a subclass says ------------------------------------------------------------------

    def no_rows_message(self) -> str:
        """The problem of a file with a header and nothing else."""
        return _("The file has a header but no rows.")

    def conflict_message(self) -> str:
        """The problem of a file whose writing met a change made meanwhile (IntegrityError)."""
        return _("The data changed while the file was being imported. Please try again.")

    def prepare(self) -> None:
        """Build the lookups of the file's checks, once (``self.header`` is known)."""

    def check_row(self, line: int, cells: list[str]) -> tuple[Any, list[str]]:
        """The row as ``write`` takes it, and its problems (empty when it has none)."""
        raise NotImplementedError

    def write(self, rows: Iterable[Any]) -> ImportResult:
        """Write the checked rows, inside the import's transaction, and count them."""
        raise NotImplementedError

    def written(self, result: ImportResult) -> None:
        """After the transaction: what bulk writes do not trigger (signals, caches)."""

    # The one way of importing ----------------------------------------------------------

    def run(self, rows_source: IO[bytes] | IO[str], file_format: str) -> ImportResult:
        """Import the file; raises ImportFailed with every problem, by line, and then has
        written nothing, or EditionClosed (a DomainError) for a closed edition."""
        lines = self._limited(read_rows(rows_source, file_format))
        header_line, header_cells = next(lines)
        self.header = Header(header_cells, header_line, self.header_columns(header_cells))
        self.prepare()
        rows: Iterable[Any] = self.checked(lines)
        if not self.stream:
            rows = list(rows)  # every row checked before the transaction; raises ImportFailed
        try:
            with transaction.atomic():
                edition_require_writable(self.edition)
                result = self.write(rows)
                if self.audit_kind:
                    audit.record(
                        action=audit.AuditAction.IMPORT,
                        actor=self.by,
                        obj=self.edition,
                        details={"kind": self.audit_kind, **result.audit_details()},
                    )
        except IntegrityError:
            raise ImportFailed.of_file(self.conflict_message()) from None
        self.written(result)
        return result

    def header_columns(self, cells: list[str]) -> tuple[str, ...]:
        named = {folded(cell) for cell in cells}
        return (*self.columns, *(c for c in self.optional_columns if c in named))

    def checked(self, lines: Iterator[tuple[int, list[str]]]) -> Iterator[Any]:
        """The checked rows, as long as no row has a problem; every row is still checked, and
        at the end ImportFailed has every problem (or says the file has no rows)."""
        check_row = self.check_row
        errors: list[RowError] = []
        count = 0
        for line, cells in lines:
            count += 1
            row, problems = check_row(line, cells)
            if problems:
                errors.extend(RowError(line, problem) for problem in problems)
            elif not errors:
                yield row
        if not count:
            raise ImportFailed.of_file(self.no_rows_message())
        if errors:
            raise ImportFailed(errors)

    def _limited(self, lines: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        if self.max_rows is None:
            return lines
        return self._counted(lines)

    def _counted(self, lines: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        limit = self.max_rows + 1  # the header is no row
        for count, line in enumerate(lines, start=1):
            if count > limit:
                raise ImportFailed.of_file(
                    _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": self.max_rows}
                )
            yield line


def duplicate(first_line_of: dict, key, line: int) -> int | None:
    """The line on which ``key`` came first, if it came before ``line``; else remember it."""
    first = first_line_of.setdefault(key, line)
    return None if first == line else first
