"""Importing the merchants (trade visitors) or online visitors of an edition from a CSV or XLSX
file, all rows or none.

Every row is checked first and every problem is reported with the line the user sees in the
file (the header is line 1). Only a file without a single problem is written, in one
transaction. Made for files of a few hundred thousand rows: the file is read as a stream, the
rows to write are kept as small tuples, the lookups are made once (two queries), and the
inserts go 5,000 rows a statement, so the number of queries does not grow with the rows
(beyond SQLite's smaller batches).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.enums import AttendeeKind
from events.models import Attendee, new_badge_codes
from expo import audit
from expo.bulk import insert_rows
from expo.models import Edition, MemberUnit
from expo.tabular import (
    CountryCodes,
    Header,
    ImportFailed,
    Industries,
    RowError,
    folded,
    length_problem,
    read_rows,
)

COLUMNS = ("name", "organization", "country", "industry", "email", "phone", "invited_by")
REQUIRED = ("name", "country")
# Written as given, so checked against the model's max_length (the others are looked up).
FREE_TEXT = ("name", "organization", "email", "phone")
IMPORTED_KINDS = (AttendeeKind.MERCHANT, AttendeeKind.ONLINE_VISITOR)


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


class _Row(NamedTuple):
    """A checked row, as it will be written: a tuple, so that 200,000 of them stay small."""

    name: str
    organization: str
    country: str
    industry: str
    email: str
    phone: str
    invited_by_id: int | None


def import_attendees(
    *, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, kind: str, by=None
) -> AttendeeImportResult:
    """Register the people of a CSV (UTF-8, with or without BOM) or XLSX file for ``edition``
    as attendees of ``kind`` (merchant or online visitor), each with a new badge code; all
    rows or none.

    Raises ImportFailed with every problem, by line, and writes nothing when any row is wrong,
    including an email address that is twice in the file or already registered for the
    edition (in any letter case). Sends no mail. One row in the activity log, with the count,
    names ``by``.
    """
    if kind not in IMPORTED_KINDS:
        raise ValueError(f"attendees of kind {kind!r} are not imported from files")
    rows = _check(read_rows(rows_source, file_format), edition)
    return _write(rows, edition=edition, kind=AttendeeKind(kind).value, by=by)


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
    the file's email addresses against each other and against the edition."""

    def __init__(self, *, edition: Edition, header: Header):
        self.header = header
        self.countries = CountryCodes()
        self.industries = Industries()
        self.member_units = _MemberUnits()
        self.max_lengths = {c: Attendee._meta.get_field(c).max_length for c in FREE_TEXT}
        self.registered = _registered_emails(edition)
        self.first_line_of: dict[str, int] = {}

    def __call__(self, line: int, cells: list[str]) -> tuple[_Row, list[str]]:
        """The row as it will be written, and the reasons it cannot be (empty when it can)."""
        value, problems = self.header.values(cells, required=REQUIRED)
        for column in FREE_TEXT:
            if problem := length_problem(column, value[column], self.max_lengths[column]):
                problems.append(problem)

        country, problem = self.countries(value["country"])
        if problem:
            problems.append(problem)

        industry, problem = self.industries(value["industry"])
        if problem:
            problems.append(problem)

        email = value["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("email “%(value)s” is not a valid email address.") % {"value": email})
            else:
                if problem := self._email_taken(email, line):
                    problems.append(problem)

        invited_by_id, problem = self.member_units(value["invited_by"])
        if problem:
            problems.append(problem)

        row = _Row(
            name=value["name"],
            organization=value["organization"],
            country=country,
            industry=industry,
            email=email,
            phone=value["phone"],
            invited_by_id=invited_by_id,
        )
        return row, problems

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


def _check(lines: Iterator[tuple[int, list[str]]], edition: Edition) -> list[_Row]:
    header_line, header_cells = next(lines)
    header = Header(header_cells, header_line, COLUMNS)
    check_row = _RowChecker(edition=edition, header=header)
    errors: list[RowError] = []
    rows: list[_Row] = []
    count = 0
    for line, cells in lines:
        count += 1
        row, problems = check_row(line, cells)
        if problems:
            errors.extend(RowError(line, problem) for problem in problems)
            rows.clear()  # nothing will be written: keep the memory for the errors
        elif not errors:
            rows.append(row)
    if not count:
        raise ImportFailed.of_file(_("The file has a header but no attendees."))
    if errors:
        raise ImportFailed(errors)
    return rows


# Writing ------------------------------------------------------------------------------


def _write(rows: list[_Row], *, edition: Edition, kind: str, by=None) -> AttendeeImportResult:
    now = timezone.now()
    codes = new_badge_codes(len(rows))
    fields = (
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
    try:
        with transaction.atomic():
            # Clean rows go straight to executemany (expo.bulk): at 210,000 rows Django's
            # per-field preparation in bulk_create costs more than the database's work.
            insert_rows(
                Attendee,
                fields,
                (
                    (
                        edition.pk,
                        kind,
                        code,
                        row.name,
                        row.organization,
                        row.country,
                        row.industry,
                        row.email,
                        row.phone,
                        row.invited_by_id,
                        now,
                        now,
                    )
                    for code, row in zip(codes, rows, strict=True)
                ),
            )
            audit.record(
                action=audit.AuditAction.IMPORT,
                actor=by,
                obj=edition,
                details={"kind": f"attendees ({kind})", "rows": len(rows)},
            )
    except IntegrityError:
        # Someone registered with one of the file's addresses meanwhile (or, once in a very long
        # while, a new badge code was already taken).
        message = _("The attendees of this edition changed while the file was being imported. Please try again.")
        raise ImportFailed.of_file(message) from None
    return AttendeeImportResult(
        kind=kind, created=len(rows), invited=sum(1 for row in rows if row.invited_by_id is not None)
    )
