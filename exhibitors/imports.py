"""Importing exhibitors, and their participation in an edition, from a CSV or XLSX file.

All rows or none (``expo.importing``): every row is checked first (the province by the
portal's rule, ``exhibitor_province_problem``) and every problem is reported with the line
the user sees in the file (the header is line 1). Only a file without a single problem is
written, in one transaction, with a number of queries that does not grow with its rows
(beyond the database's batching of bulk statements).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exhibitors import search
from exhibitors.enums import ExhibitorKind, ParticipationMode
from exhibitors.models import Exhibitor, Participation, Pavilion
from exhibitors.services import exhibitor_province_problem
from exhibitors.signals import online_changed
from expo import importing
from expo.enums import Province
from expo.importing import Importer, ImportFailed, RowError, duplicate
from expo.locking import lock_rows
from expo.models import Edition
from expo.tabular import CountryCodes, Industries, folded, import_format_of, length_problem

# The admin and its import form take the shared names from here too.
__all__ = ["COLUMNS", "ImportFailed", "ImportResult", "RowError", "import_exhibitors", "import_format_of"]

COLUMNS = (
    "name",
    "name_en",
    "kind",
    "country",
    "province",
    "city",
    "industry",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "mode",
    "pavilion",
)
# The exhibitor's columns, written as they are after checking; the name is the key.
EXHIBITOR_FIELDS = tuple(c for c in COLUMNS if c not in ("mode", "pavilion"))
UPDATED_FIELDS = tuple(c for c in EXHIBITOR_FIELDS if c != "name")
REQUIRED = ("name", "country", "industry", "contact_name", "contact_email", "mode")
# Written as given, so checked against the model's max_length (the others are looked up).
FREE_TEXT = ("name", "name_en", "city", "contact_name", "contact_phone", "contact_email", "website")
BATCH_SIZE = 500


@dataclass(frozen=True)
class ImportResult(importing.ImportResult):
    """What an import wrote; "unchanged" rows matched the database already."""

    rows: int
    exhibitors_created: int
    exhibitors_updated: int
    exhibitors_unchanged: int
    participations_created: int
    participations_updated: int
    participations_unchanged: int
    # (line, name) of rows whose name is a self-registered exhibitor no organizer has
    # confirmed: not merged into it, and no participation written for it.
    exhibitors_held: tuple[tuple[int, str], ...] = ()

    def summary(self) -> str:
        rows = ngettext("%(count)d row imported.", "%(count)d rows imported.", self.rows) % {"count": self.rows}
        counts = _(
            "Exhibitors: %(created)d created, %(updated)d updated, %(unchanged)d unchanged. "
            "Participations in the edition: %(p_created)d created, %(p_updated)d updated, %(p_unchanged)d unchanged."
        ) % {
            "created": self.exhibitors_created,
            "updated": self.exhibitors_updated,
            "unchanged": self.exhibitors_unchanged,
            "p_created": self.participations_created,
            "p_updated": self.participations_updated,
            "p_unchanged": self.participations_unchanged,
        }
        if not self.exhibitors_held:
            return f"{rows} {counts}"
        held = ngettext(
            "%(count)d row names a self-registered exhibitor: not merged; confirm it in the admin "
            "(action “Confirm as the company it names”) and import again: %(rows)s.",
            "%(count)d rows name self-registered exhibitors: not merged; confirm them in the admin "
            "(action “Confirm as the company it names”) and import again: %(rows)s.",
            len(self.exhibitors_held),
        ) % {
            "count": len(self.exhibitors_held),
            "rows": "; ".join(
                _("line %(line)d, %(name)s") % {"line": line, "name": name} for line, name in self.exhibitors_held
            ),
        }
        return f"{rows} {counts} {held}"

    def audit_details(self) -> dict:
        return {
            "rows": self.rows,
            "exhibitors_created": self.exhibitors_created,
            "exhibitors_updated": self.exhibitors_updated,
            "participations_created": self.participations_created,
            "participations_updated": self.participations_updated,
            "exhibitors_held": [name for _line, name in self.exhibitors_held],
        }


@dataclass
class _Row:
    line: int
    exhibitor: dict[str, str]
    mode: str
    pavilion: Pavilion | None


def import_exhibitors(*, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, by=None) -> ImportResult:
    """Create or update (by name) the exhibitors of a CSV (UTF-8, with or without BOM) or XLSX
    file and record their participation in ``edition``; all rows or none.

    Raises ImportFailed with every problem, by line, and writes nothing when any row is
    wrong. An existing exhibitor takes the file's values for every column; its description
    and logo stay. An existing participation takes the file's mode, and its pavilion when
    the pavilion cell is not empty. One row in the activity log, with the counts, names ``by``.
    """
    return ExhibitorImporter(edition=edition, by=by).run(rows_source, file_format)


# Checking -----------------------------------------------------------------------------


class ExhibitorImporter(Importer):
    """Checks one row against the columns' rules, with the lookups built once per file."""

    columns = COLUMNS
    audit_kind = "exhibitors"

    def no_rows_message(self) -> str:
        return _("The file has a header but no exhibitors.")

    def conflict_message(self) -> str:
        # Another import or an edit created one of these names, or removed a pavilion, meanwhile.
        return _("The exhibitors or pavilions changed while the file was being imported. Please try again.")

    def prepare(self) -> None:
        self.pavilions = {p.code.casefold(): p for p in Pavilion.objects.filter(edition=self.edition)}
        self.industries = Industries()
        self.countries = CountryCodes()
        self.provinces = {folded(p): p for p in Province.values}
        self.max_lengths = {c: Exhibitor._meta.get_field(c).max_length for c in FREE_TEXT}
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.first_line_of: dict[str, int] = {}

    def check_row(self, line: int, cells: list[str]) -> tuple[_Row, list[str]]:
        """The row as it will be written, and the reasons it cannot be (empty when it can)."""
        value, problems = self.header.values(cells, required=REQUIRED)
        name = value["name"]
        if name and (first := duplicate(self.first_line_of, name, line)):
            problems.insert(
                0,
                _("name “%(name)s” is also on line %(line)d; a name can appear only once.")
                % {"name": name, "line": first},
            )
        website = value["website"]
        if website and "://" not in website:
            website = f"https://{website}"
        for column, text in {**value, "website": website}.items():
            if column in self.max_lengths and (problem := length_problem(column, text, self.max_lengths[column])):
                problems.append(problem)

        kind = folded(value["kind"]) or ExhibitorKind.ENTERPRISE
        if kind not in ExhibitorKind.values:
            problems.append(_("kind “%(value)s” is not enterprise or institution.") % {"value": value["kind"]})

        country, problem = self.countries(value["country"])
        if problem:
            problems.append(problem)

        province = self.provinces.get(folded(value["province"]), "")
        if value["province"] and not province:
            problems.append(
                _("province “%(value)s” is not a Chinese province written in English, e.g. Jilin.")
                % {"value": value["province"]}
            )
        elif problem := exhibitor_province_problem(country=country, province=province):
            problems.append(problem)

        industry, problem = self.industries(value["industry"])
        if problem:
            problems.append(problem)

        if value["contact_email"]:
            try:
                validate_email(value["contact_email"])
            except ValidationError:
                problems.append(
                    _("contact_email “%(value)s” is not a valid email address.") % {"value": value["contact_email"]}
                )

        if website:
            try:
                self.url_validator(website)
            except ValidationError:
                problems.append(_("website “%(value)s” is not a valid web address.") % {"value": value["website"]})

        mode = folded(value["mode"])
        if value["mode"] and mode not in ParticipationMode.values:
            problems.append(_("mode “%(value)s” is not offline, online or both.") % {"value": value["mode"]})

        pavilion = self.pavilions.get(value["pavilion"].casefold())
        if value["pavilion"] and pavilion is None:
            problems.append(
                _("pavilion “%(value)s” is not a pavilion of this edition (its pavilions: %(codes)s).")
                % {"value": value["pavilion"], "codes": ", ".join(p.code for p in self.pavilions.values()) or "—"}
            )

        exhibitor = {
            **{c: value[c] for c in EXHIBITOR_FIELDS},
            "kind": kind,
            "country": country,
            "province": province,
            "industry": industry,
            "website": website,
        }
        return _Row(line=line, exhibitor=exhibitor, mode=mode, pavilion=pavilion), problems

    def write(self, rows: list[_Row]) -> ImportResult:
        edition, names, now = self.edition, [row.exhibitor["name"] for row in rows], timezone.now()
        # Lock the exhibitors being updated, so that an edit in the admin cannot slip in between.
        existing = {e.name: e for e in lock_rows(Exhibitor.objects.filter(name__in=names).order_by("pk"))}
        # A name that someone registered themselves is not the company's account until an
        # organizer confirms it: the file's data never merges into it unasked.
        held = [(row.line, row.exhibitor["name"]) for row in rows if _awaits(existing.get(row.exhibitor["name"]))]
        held_names = {name for _line, name in held}
        rows = [row for row in rows if row.exhibitor["name"] not in held_names]
        participations = {
            p.exhibitor_id: p
            for p in lock_rows(Participation.objects.filter(edition=edition, exhibitor__name__in=names).order_by("pk"))
        }

        new = [Exhibitor(**row.exhibitor) for row in rows if row.exhibitor["name"] not in existing]
        Exhibitor.objects.bulk_create(new, batch_size=BATCH_SIZE)
        changed = []
        for row in rows:
            exhibitor = existing.get(row.exhibitor["name"])
            if exhibitor is not None and _changed(exhibitor, row.exhibitor, UPDATED_FIELDS):
                exhibitor.updated_at = now
                changed.append(exhibitor)
        Exhibitor.objects.bulk_update(changed, [*UPDATED_FIELDS, "updated_at"], batch_size=BATCH_SIZE)

        by_name = {**existing, **{e.name: e for e in new}}
        new_participations, changed_participations = [], []
        for row in rows:
            exhibitor = by_name[row.exhibitor["name"]]
            participation = participations.get(exhibitor.pk)
            if participation is None:
                new_participations.append(
                    Participation(exhibitor=exhibitor, edition=edition, mode=row.mode, pavilion=row.pavilion)
                )
                continue
            pavilion_id = row.pavilion.pk if row.pavilion else participation.pavilion_id
            if participation.mode != row.mode or participation.pavilion_id != pavilion_id:
                participation.mode = row.mode
                participation.pavilion_id = pavilion_id
                participation.updated_at = now
                changed_participations.append(participation)
        Participation.objects.bulk_create(new_participations, batch_size=BATCH_SIZE)
        Participation.objects.bulk_update(
            changed_participations, ["mode", "pavilion", "updated_at"], batch_size=BATCH_SIZE
        )
        self.reindexed = [e.pk for e in (*new, *changed)]
        return ImportResult(
            rows=len(rows),
            exhibitors_created=len(new),
            exhibitors_updated=len(changed),
            exhibitors_unchanged=len(existing) - len(held_names) - len(changed),
            participations_created=len(new_participations),
            participations_updated=len(changed_participations),
            participations_unchanged=len(rows) - len(new_participations) - len(changed_participations),
            exhibitors_held=tuple(held),
        )

    def written(self, result: ImportResult) -> None:
        # Bulk writes send no signals: the online exhibition's search and cache follow here.
        search.search_index_rebuild(exhibitor_pks=self.reindexed, exhibits=False)
        online_changed()


# Writing ------------------------------------------------------------------------------


def _changed(obj, values: dict, fields: Iterable[str]) -> bool:
    changed = False
    for field in fields:
        current = getattr(obj, field)
        current = getattr(current, "code", current)  # a country
        if current != values[field]:
            setattr(obj, field, values[field])
            changed = True
    return changed


def _awaits(exhibitor: Exhibitor | None) -> bool:
    return exhibitor is not None and exhibitor.awaits_confirmation
