"""Importing the merchants (trade visitors) or online visitors of an edition from a CSV or XLSX
file, all rows or none.

Every row is checked and every problem is reported with the line the user sees in the file
(the header is line 1). Nothing of a file with a single problem is kept. Made for files of a
few hundred thousand rows: the file is read as a stream, the lookups are made once (two
queries, the duplicates against the edition included), and the checked rows stream into the
table in one transaction while the next ones are checked (PostgreSQL's COPY, see expo.bulk),
so the database works while Python checks. The first bad row stops the writing; the rest of
the file is still checked, for the report, and the transaction is rolled back. The number of
queries does not grow with the rows (beyond SQLite's batches of 5,000).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.enums import AttendeeKind
from events.models import Attendee, new_badge_codes
from expo import audit
from expo.bulk import BATCH, insert_rows
from expo.models import Edition, MemberUnit
from expo.services import edition_require_writable
from expo.tabular import (
    CountryCodes,
    Header,
    ImportFailed,
    Industries,
    RowError,
    email_is_valid,
    folded,
    length_problem,
    read_rows,
    required_problem,
)

COLUMNS = ("name", "organization", "country", "industry", "email", "phone", "invited_by")
REQUIRED = ("name", "country")
# Written as given, so checked against the model's max_length (the others are looked up).
FREE_TEXT = ("name", "organization", "email", "phone")
IMPORTED_KINDS = (AttendeeKind.MERCHANT, AttendeeKind.ONLINE_VISITOR)
# The columns written, in the order of the rows given to insert_rows.
FIELDS = (
    "edition",
    "kind",
    "code",
    "name",
    "organization",
    "country",
    "industry",
    "email",
    "phone",
    "invited_by",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class AttendeeImportResult:
    kind: str
    created: int
    invited: int

    def summary(self) -> str:
        return ngettext(
            "%(count)d attendee imported as %(kind)s, %(invited)d of them invited by a member unit.",
            "%(count)d attendees imported as %(kind)s, %(invited)d of them invited by a member unit.",
            self.created,
        ) % {"count": self.created, "kind": AttendeeKind(self.kind).label, "invited": self.invited}


def import_attendees(
    *, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, kind: str, by=None
) -> AttendeeImportResult:
    """Register the people of a CSV (UTF-8, with or without BOM) or XLSX file for ``edition``
    as attendees of ``kind`` (merchant or online visitor), each with a new badge code; all
    rows or none.

    Raises ImportFailed with every problem, by line, and keeps nothing when any row is wrong,
    including an email address that is twice in the file or already registered for the
    edition (in any letter case). Sends no mail. One row in the activity log, with the count,
    names ``by``.
    """
    if kind not in IMPORTED_KINDS:
        raise ValueError(f"attendees of kind {kind!r} are not imported from files")
    kind = AttendeeKind(kind).value
    lines = read_rows(rows_source, file_format)
    header_line, header_cells = next(lines)
    header = Header(header_cells, header_line, COLUMNS)
    rows = _CheckedRows(lines, _RowChecker(edition=edition, header=header), edition=edition, kind=kind)
    try:
        with transaction.atomic():
            edition_require_writable(edition)
            # Rows go straight to COPY (expo.bulk): at 210,000 rows Django's per-field
            # preparation in bulk_create costs more than the database's work. ImportFailed,
            # raised by the rows once the file is read, rolls back what was written.
            insert_rows(Attendee, FIELDS, rows)
            audit.record(
                action=audit.AuditAction.IMPORT,
                actor=by,
                obj=edition,
                details={"kind": f"attendees ({kind})", "rows": rows.created},
            )
    except IntegrityError:
        # Someone registered with one of the file's addresses meanwhile (or, once in a very long
        # while, a new badge code was already taken).
        message = _("The attendees of this edition changed while the file was being imported. Please try again.")
        raise ImportFailed.of_file(message) from None
    return AttendeeImportResult(kind=kind, created=rows.created, invited=rows.invited)


# Checking -----------------------------------------------------------------------------


class _MemberUnits:
    """Reads the member unit that invited someone by its code, its English short name or its
    Chinese name, in any letter case. Short names need not be unique: one that two units share
    is refused, so that a merchant is never counted for the wrong unit."""

    def __init__(self):
        self.by_code: dict[str, int] = {}
        self.by_name_zh: dict[str, int] = {}
        self.by_short_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, code, short_name_en, name_zh in MemberUnit.objects.values_list(
            "pk", "code", "short_name_en", "name_zh"
        ).order_by("code"):
            self.by_code[folded(code)] = pk
            self.by_name_zh[folded(name_zh)] = pk
            self.by_short_name[folded(short_name_en)].append((pk, code))
        self.found: dict[str, tuple[int | None, str | None]] = {}

    def __call__(self, text: str) -> tuple[int | None, str | None]:
        """The unit's pk (None for an empty cell) and the problem, if the cell names no single unit."""
        if not text:
            return None, None
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text]

    def _find(self, text: str) -> tuple[int | None, str | None]:
        key = folded(text)
        pk = self.by_code.get(key) or self.by_name_zh.get(key)
        if pk is not None:
            return pk, None
        units = self.by_short_name.get(key, [])
        if len(units) == 1:
            return units[0][0], None
        if units:
            return None, (
                _("invited_by “%(value)s” is the short name of several member units; give the code of one: %(codes)s.")
                % {"value": text, "codes": ", ".join(code for _pk, code in units)}
            )
        return None, (
            _("invited_by “%(value)s” is not a member unit; give its code, English short name or Chinese name.")
            % {"value": text}
        )


def _registered_emails(edition: Edition) -> set[str]:
    """The email addresses registered for ``edition``, in lower case.

    One query reading the edition's addresses beats asking for the file's addresses in chunks
    (``email__in``): it is one round trip instead of one per chunk, and it lets the comparison
    ignore letter case, as registration does (``email__iexact``), which an ``IN`` on the
    indexed column cannot.
    """
    emails = Attendee.objects.filter(edition=edition).exclude(email="").values_list("email", flat=True)
    return {email.lower() for email in emails}


class _RowChecker:
    """Checks one row against the columns' rules, with the lookups built once per file, and
    the file's email addresses against each other and against the edition. Called once per
    row of files of 200,000 rows: the checks of a good row are inlined and cost little."""

    def __init__(self, *, edition: Edition, header: Header):
        assert header.columns == COLUMNS
        self.header = header
        self.countries = CountryCodes()
        self.industries = Industries()
        self.member_units = _MemberUnits()
        self.max_lengths = tuple(Attendee._meta.get_field(c).max_length for c in FREE_TEXT)
        self.registered = _registered_emails(edition)
        self.first_line_of: dict[str, int] = {}

    def __call__(self, line: int, cells: list[str]) -> tuple[tuple, list[str]]:
        """The row's values as they will be written (name, organization, country, industry,
        email, phone, invited_by id), and the reasons they cannot be (empty when they can)."""
        values, problems = self.header.cells_of(cells)
        name, organization, country_text, industry_text, email, phone, invited_by = values
        if not name:
            problems.append(required_problem("name"))
        if not country_text:
            problems.append(required_problem("country"))
        max_name, max_organization, max_email, max_phone = self.max_lengths
        if (
            len(name) > max_name
            or len(organization) > max_organization
            or len(email) > max_email
            or len(phone) > max_phone
        ):
            free_text = (name, organization, email, phone)
            for column, text, max_length in zip(FREE_TEXT, free_text, self.max_lengths, strict=True):
                if problem := length_problem(column, text, max_length):
                    problems.append(problem)

        country, problem = self.countries(country_text)
        if problem:
            problems.append(problem)

        industry, problem = self.industries(industry_text) if industry_text else ("", None)
        if problem:
            problems.append(problem)

        if email:
            if not email_is_valid(email):
                problems.append(_("email “%(value)s” is not a valid email address.") % {"value": email})
            elif problem := self._email_taken(email, line):
                problems.append(problem)

        invited_by_id, problem = self.member_units(invited_by) if invited_by else (None, None)
        if problem:
            problems.append(problem)
        return (name, organization, country, industry, email, phone, invited_by_id), problems

    def _email_taken(self, email: str, line: int) -> str | None:
        key = email.lower()
        if key in self.registered:
            return _("email “%(value)s” is already registered for this edition.") % {"value": email}
        first = self.first_line_of.setdefault(key, line)
        if first != line:
            return _("email “%(value)s” is also on line %(line)d; an email address can appear only once.") % {
                "value": email,
                "line": first,
            }
        return None


class _CheckedRows:
    """The file's rows, checked, as the rows to write (in the order of FIELDS), each with a new
    badge code. Once a row has a problem no row is given any more, but every row is still
    checked; at the end, ImportFailed with every problem, or with the file's lack of rows."""

    def __init__(self, lines: Iterator[tuple[int, list[str]]], check_row: _RowChecker, *, edition: Edition, kind: str):
        self.lines = lines
        self.check_row = check_row
        self.edition_id = edition.pk
        self.kind = kind
        self.created = 0
        self.invited = 0

    def __iter__(self) -> Iterator[tuple]:
        check_row, edition_id, kind, now = self.check_row, self.edition_id, self.kind, timezone.now()
        errors: list[RowError] = []
        codes: Iterator[str] = iter(())
        count = created = invited = 0
        for line, cells in self.lines:
            count += 1
            values, problems = check_row(line, cells)
            if problems:
                errors.extend(RowError(line, problem) for problem in problems)
            elif not errors:
                code = next(codes, None)
                if code is None:
                    codes = iter(new_badge_codes(BATCH))
                    code = next(codes)
                created += 1
                if values[6] is not None:
                    invited += 1
                yield (edition_id, kind, code, *values, now, now)
        if not count:
            raise ImportFailed.of_file(_("The file has a header but no attendees."))
        if errors:
            raise ImportFailed(errors)
        self.created, self.invited = created, invited
