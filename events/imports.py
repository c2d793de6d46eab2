"""Importing the merchants (trade visitors) or online visitors of an edition from a CSV or XLSX
file, all rows or none (``expo.importing``, streaming: ``Importer.stream``). An email address
is checked with the registration's own rule (``attendee_email_problem``).

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.enums import AttendeeKind
from events.models import Attendee, new_badge_codes
from events.services import attendee_email_problem
from expo import importing
from expo.bulk import BATCH, insert_rows
from expo.importing import Importer
from expo.models import Edition, MemberUnit
from expo.tabular import CountryCodes, Industries, folded, length_problem, required_problem

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
class AttendeeImportResult(importing.ImportResult):
    kind: str
    created: int
    invited: int

    def audit_details(self) -> dict:
        return {"rows": self.created}

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
    return AttendeeImporter(edition=edition, by=by, kind=AttendeeKind(kind).value).run(rows_source, file_format)


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


class AttendeeImporter(Importer):
    """Checks each row against the columns' rules, with the lookups built once per file, and
    the file's email addresses against each other and against the edition. Called once per
    row of files of 200,000 rows: the checks of a good row are inlined and cost little."""

    columns = COLUMNS
    max_rows = None  # only the limits of every file: this import is made for large ones
    stream = True

    def __init__(self, *, edition: Edition, by=None, kind: str):
        super().__init__(edition=edition, by=by)
        self.kind = kind
        self.audit_kind = f"attendees ({kind})"

    def no_rows_message(self) -> str:
        return _("The file has a header but no attendees.")

    def conflict_message(self) -> str:
        # Someone registered with one of the file's addresses meanwhile (or, once in a very long
        # while, a new badge code was already taken).
        return _("The attendees of this edition changed while the file was being imported. Please try again.")

    def prepare(self) -> None:
        assert self.header.columns == COLUMNS
        self.countries = CountryCodes()
        self.industries = Industries()
        self.member_units = _MemberUnits()
        self.max_lengths = tuple(Attendee._meta.get_field(c).max_length for c in FREE_TEXT)
        self.registered = _registered_emails(self.edition)
        self.first_line_of: dict[str, int] = {}

    def check_row(self, line: int, cells: list[str]) -> tuple[tuple, list[str]]:
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

        # An address by the registration's own rule (and message), then once per edition.
        if email and ((problem := attendee_email_problem(email)) or (problem := self._email_taken(email, line))):
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

    def write(self, rows: Iterable[tuple]) -> AttendeeImportResult:
        # Rows go straight to COPY (expo.bulk): at 210,000 rows Django's per-field preparation in
        # bulk_create costs more than the database's work. ImportFailed, raised by the rows once
        # the file is read, rolls back what was written.
        counted = _Counted(rows, edition_id=self.edition.pk, kind=self.kind)
        insert_rows(Attendee, FIELDS, counted)
        return AttendeeImportResult(kind=self.kind, created=counted.created, invited=counted.invited)


class _Counted:
    """The checked rows as the rows to write (in the order of FIELDS), each with a new badge
    code, counted as they go."""

    def __init__(self, rows: Iterable[tuple], *, edition_id: int, kind: str):
        self.rows, self.edition_id, self.kind = rows, edition_id, kind
        self.created = self.invited = 0

    def __iter__(self) -> Iterator[tuple]:
        edition_id, kind, now = self.edition_id, self.kind, timezone.now()
        codes: Iterator[str] = iter(())
        created = invited = 0
        for values in self.rows:
            code = next(codes, None)
            if code is None:
                codes = iter(new_badge_codes(BATCH))
                code = next(codes)
            created += 1
            if values[6] is not None:
                invited += 1
            yield (edition_id, kind, code, *values, now, now)
        self.created, self.invited = created, invited
