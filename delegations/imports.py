"""Importing delegates, with their delegations, from a CSV or XLSX file.

All rows or none (``expo.importing``): every row is checked first, the delegate's name and
date of birth by the service's ``delegate_problems``, and every problem is reported with the
line the user sees in the file (the header is line 1). Only a file without a single problem
is written, in one transaction. A delegation is found by its origin in the edition, or
created with its invitation in draft, its history started by the service's
``invitation_history_start_many`` (naming who imported, with its row in the activity log); a
delegate is found in its delegation by name (Latin letters, else original script) and
updated, or created.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delegations.enums import Gender, InvitationStatus, OriginKind, Rank
from delegations.models import Delegate, Delegation
from delegations.services import delegate_problems, invitation_history_start_many
from expo import importing
from expo.enums import Province
from expo.importing import Importer, ImportFailed, RowError, duplicate
from expo.locking import lock_rows
from expo.models import Edition
from expo.tabular import CountryCodes, folded, import_format_of, length_problem

__all__ = ["COLUMNS", "ImportFailed", "ImportResult", "RowError", "import_delegates", "import_format_of"]

COLUMNS = (
    "origin_kind",
    "origin",
    "name_original",
    "name_latin",
    "title",
    "organization",
    "gender",
    "languages",
    "rank",
    "head",
    "attended",
    "passport_number",
    "date_of_birth",
    "phone",
)
REQUIRED = ("origin_kind", "origin", "rank")
DELEGATE_FIELDS = (
    "name_original",
    "name_latin",
    "title",
    "organization",
    "gender",
    "languages",
    "rank",
    "is_head",
    "attended",
    "passport_number",
    "date_of_birth",
    "phone",
)
FREE_TEXT = ("name_original", "name_latin", "title", "organization", "languages", "passport_number", "phone")
# Optional columns: the name in Chinese and the title in both languages, for letters. A file
# without them leaves what is stored alone.
OPTIONAL_COLUMNS = ("name_zh", "title_zh", "title_en")
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否", ""}


@dataclass(frozen=True)
class ImportResult(importing.ImportResult):
    rows: int
    delegations_created: int
    delegates_created: int
    delegates_updated: int

    def summary(self) -> str:
        rows = ngettext("%(count)d row imported.", "%(count)d rows imported.", self.rows) % {"count": self.rows}
        counts = _("Delegations created: %(delegations)d. Delegates: %(created)d created, %(updated)d updated.") % {
            "delegations": self.delegations_created,
            "created": self.delegates_created,
            "updated": self.delegates_updated,
        }
        return f"{rows} {counts}"

    def audit_details(self) -> dict:
        return asdict(self)


@dataclass
class _Row:
    line: int
    origin: tuple[str, str, str, str]  # kind, country, province, institution
    delegate: dict


def import_delegates(*, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, by=None) -> ImportResult:
    """Create or update the delegates of a CSV (UTF-8) or XLSX file in ``edition``; all rows
    or none. Raises ImportFailed with every problem, by line, and writes nothing when any
    row is wrong. A row marked as head makes its delegation's previous head a member. One row
    in the activity log, with the counts, names ``by`` and the edition; each new delegation
    has its own, and its invitation history starts with ``by``."""
    return DelegateImporter(edition=edition, by=by).run(rows_source, file_format)


def _yes_no(column: str, text: str, problems: list[str]) -> bool:
    value = folded(text)
    if value in YES:
        return True
    if value not in NO:
        problems.append(_("%(column)s “%(value)s” is not yes or no.") % {"column": column, "value": text})
    return False


def _name_key(delegate: dict) -> str:
    return folded(delegate["name_latin"] or delegate["name_original"])


class DelegateImporter(Importer):
    columns = COLUMNS
    optional_columns = OPTIONAL_COLUMNS
    audit_kind = "delegates"

    def no_rows_message(self) -> str:
        return _("The file has a header but no delegates.")

    def conflict_message(self) -> str:
        return _("The delegations changed while the file was being imported. Please try again.")

    def prepare(self) -> None:
        self.countries = CountryCodes()
        self.provinces = {folded(p): p for p in Province.values}
        self.kinds = {folded(k): k for k in OriginKind.values}
        self.genders = {folded(g): g for g in Gender.values}
        self.max_lengths = {c: Delegate._meta.get_field(c).max_length for c in (*FREE_TEXT, *OPTIONAL_COLUMNS)}
        self.optional = tuple(c for c in OPTIONAL_COLUMNS if c in self.header.columns)
        self.institution_max = Delegation._meta.get_field("institution_en").max_length
        self.first_line_of: dict[tuple, int] = {}
        self.head_line_of: dict[tuple, int] = {}

    def check_row(self, line: int, cells: list[str]) -> tuple[_Row, list[str]]:
        value, problems = self.header.values(cells, required=REQUIRED)
        for column in (*FREE_TEXT, *self.optional):
            if problem := length_problem(column, value[column], self.max_lengths[column]):
                problems.append(problem)
        birth, birth_problem = None, None
        if value["date_of_birth"]:
            try:
                birth = datetime.date.fromisoformat(value["date_of_birth"][:10])
            except ValueError:
                birth_problem = _("date_of_birth “%(value)s” is not a date written as YYYY-MM-DD.") % {
                    "value": value["date_of_birth"]
                }
        # The name and the date of birth by the rules (and with the messages) of the admin's form.
        service = delegate_problems(
            name_original=value["name_original"], name_latin=value["name_latin"], date_of_birth=birth
        )
        if "name" in service:
            problems.append(service["name"])

        kind = self.kinds.get(folded(value["origin_kind"]), "")
        country = province = institution = ""
        if value["origin_kind"] and not kind:
            problems.append(
                _("origin_kind “%(value)s” is not foreign, central or provincial.") % {"value": value["origin_kind"]}
            )
        elif kind == OriginKind.FOREIGN:
            country, problem = self.countries(value["origin"])
            if problem:
                problems.append(problem)
            elif country == "CN":
                problems.append(_("a foreign delegation cannot come from China (CN)."))
        elif kind == OriginKind.PROVINCIAL:
            province = self.provinces.get(folded(value["origin"]), "")
            if value["origin"] and not province:
                problems.append(
                    _("province “%(value)s” is not a Chinese province written in English, e.g. Liaoning.")
                    % {"value": value["origin"]}
                )
        elif kind == OriginKind.CENTRAL:
            institution = " ".join(value["origin"].split())
            if problem := length_problem("origin", institution, self.institution_max):
                problems.append(problem)

        rank = None
        try:
            rank = int(value["rank"])
        except ValueError:
            if value["rank"]:
                problems.append(_("rank “%(value)s” is not a number from 1 to 6.") % {"value": value["rank"]})
        else:
            if rank not in Rank.values:
                problems.append(_("rank “%(value)s” is not a number from 1 to 6.") % {"value": value["rank"]})

        gender = self.genders.get(folded(value["gender"]), "")
        if value["gender"] and not gender:
            problems.append(_("gender “%(value)s” is not female or male.") % {"value": value["gender"]})

        if birth_problem := birth_problem or service.get("date_of_birth"):
            problems.append(birth_problem)

        delegate = {
            "name_original": value["name_original"],
            "name_latin": value["name_latin"],
            "title": value["title"],
            "organization": value["organization"],
            "gender": gender,
            "languages": value["languages"],
            "rank": rank,
            "is_head": _yes_no("head", value["head"], problems),
            "attended": _yes_no("attended", value["attended"], problems),
            "passport_number": value["passport_number"].replace(" ", "").upper(),
            "date_of_birth": birth,
            "phone": value["phone"],
            **{column: value[column] for column in self.optional},
        }
        row = _Row(line=line, origin=(kind, country, province, institution), delegate=delegate)
        key = (row.origin, _name_key(delegate))
        if key[1] and (first := duplicate(self.first_line_of, key, line)):
            problems.insert(0, _("this delegate is also on line %(line)d of the same delegation.") % {"line": first})
        if delegate["is_head"] and (first := duplicate(self.head_line_of, row.origin, line)):
            problems.append(_("line %(line)d already names the head of this delegation.") % {"line": first})
        return row, problems

    def write(self, rows: list[_Row]) -> ImportResult:
        edition, now = self.edition, timezone.now()
        delegations = {
            (d.origin_kind, str(d.country.code or ""), d.province, d.institution_en): d
            for d in lock_rows(Delegation.objects.filter(edition=edition).order_by("pk"))
        }
        new_delegations = []
        for row in rows:
            if row.origin not in delegations:
                kind, country, province, institution = row.origin
                delegation = Delegation(
                    edition=edition,
                    origin_kind=kind,
                    country=country,
                    province=province,
                    institution_en=institution,
                    status=InvitationStatus.DRAFT,
                )
                delegations[row.origin] = delegation
                new_delegations.append(delegation)
        Delegation.objects.bulk_create(new_delegations)
        invitation_history_start_many(delegations=new_delegations, by=self.by, note="import")

        ids = [d.pk for d in delegations.values()]
        existing = {
            (d.delegation_id, folded(d.name_latin or d.name_original)): d
            for d in lock_rows(Delegate.objects.filter(delegation_id__in=ids).order_by("pk"))
        }
        # A new head takes over from the delegation's previous one.
        new_heads = {delegations[row.origin].pk for row in rows if row.delegate["is_head"]}
        Delegate.objects.filter(delegation_id__in=new_heads, is_head=True).update(is_head=False, updated_at=now)

        created, changed = [], []
        for row in rows:
            delegation = delegations[row.origin]
            delegate = existing.get((delegation.pk, _name_key(row.delegate)))
            if delegate is None:
                created.append(Delegate(delegation=delegation, **row.delegate))
                continue
            for field, value in row.delegate.items():
                setattr(delegate, field, value)
            delegate.updated_at = now
            changed.append(delegate)
        optional = [c for c in OPTIONAL_COLUMNS if rows and c in rows[0].delegate]
        Delegate.objects.bulk_update(changed, [*DELEGATE_FIELDS, *optional, "updated_at"], batch_size=500)
        Delegate.objects.bulk_create(created, batch_size=500)
        return ImportResult(
            rows=len(rows),
            delegations_created=len(new_delegations),
            delegates_created=len(created),
            delegates_updated=len(changed),
        )
