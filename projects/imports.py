"""Importing cooperation projects of an edition from a CSV or XLSX file (DESIGN.md's contract).

Columns: title, type, investment_yuan, industry, municipality, partner_name, partner_country,
partner_province, stage, signed_on. All rows or none: every row is checked first and every
problem is reported with the line the user sees in the file (the header is line 1). Only a
file without a single problem is written, in one transaction, with a number of queries that
does not grow with its rows. The reporting unit of an imported project is its host
municipality; the import creates projects and never changes existing ones (a title that the
edition already has is a bad row).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from expo import audit
from expo.enums import Province
from expo.models import Edition
from expo.services import edition_require_writable
from expo.tabular import (
    CountryCodes,
    Header,
    ImportFailed,
    Industries,
    RowError,
    folded,
    import_format_of,
    length_problem,
    read_rows,
)
from projects.enums import DATED_STAGES, DOMESTIC_COUNTRY, AuditedField, ProjectAction, ProjectStage, ProjectType
from projects.models import Project, ProjectChange
from projects.selectors import municipalities
from projects.services import signing_date_problem

__all__ = ["COLUMNS", "ImportFailed", "ImportResult", "RowError", "import_format_of", "import_projects"]

COLUMNS = (
    "title",
    "type",
    "investment_yuan",
    "industry",
    "municipality",
    "partner_name",
    "partner_country",
    "partner_province",
    "stage",
    "signed_on",
)
REQUIRED = ("title", "type", "investment_yuan", "industry", "municipality", "partner_name", "partner_country", "stage")
FREE_TEXT = ("title", "partner_name")
MAX_ROWS = 5000
BATCH_SIZE = 500
# The largest amount the column holds: 16 digits before the point.
MAX_INVESTMENT = Decimal("9999999999999999.99")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    signed: int

    def summary(self) -> str:
        return ngettext(
            "%(count)d project imported (%(signed)d signed).",
            "%(count)d projects imported (%(signed)d signed).",
            self.rows,
        ) % {"count": self.rows, "signed": self.signed}


def import_projects(*, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, by=None) -> ImportResult:
    """Create the projects of a CSV (UTF-8, with or without BOM) or XLSX file in ``edition``,
    each with its initial amount, type and stage in its history (by ``by``); all rows or none.
    Raises ImportFailed with every problem, by line, and writes nothing when any row is wrong."""
    lines = _read(rows_source, file_format)
    projects = _check(lines, edition, by)
    return _write(projects, by)


def _read(source, file_format: str) -> list[tuple[int, list[str]]]:
    lines: list[tuple[int, list[str]]] = []
    for line, cells in read_rows(source, file_format):
        lines.append((line, cells))
        if len(lines) > MAX_ROWS + 1:
            raise ImportFailed.of_file(
                _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS}
            )
    return lines


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """A number of yuan with at most two decimals, not negative; or the reason it is not one."""
    try:
        amount = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        return None, _(
            "investment_yuan “%(value)s” is not a number of yuan; write digits with a dot for decimals, "
            "e.g. 1200000000.00, without thousands separators."
        ) % {"value": text}
    if amount < 0:
        return None, _("investment_yuan %(value)s is negative.") % {"value": text}
    # too large first: quantizing 1e400 or a 40-digit number raises InvalidOperation
    if amount > MAX_INVESTMENT:
        return None, _("investment_yuan %(value)s is too large.") % {"value": text}
    if amount != amount.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        return None, _("investment_yuan %(value)s has more than two decimals (fen).") % {"value": text}
    return amount.quantize(Decimal("0.01")), None


def parse_date(text: str) -> datetime.date | None:
    """A date written YYYY-MM-DD (an Excel date cell reads as YYYY-MM-DDT00:00:00)."""
    text = text.removesuffix("T00:00:00")
    if len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class _RowChecker:
    """Checks one row against the columns' rules, with the lookups built once per file."""

    def __init__(self, *, edition: Edition, header: Header, by):
        self.edition = edition
        self.header = header
        self.by = by
        self.industries = Industries()
        self.countries = CountryCodes()
        self.provinces = {folded(p): p for p in Province.values}
        self.municipalities = {}
        units = list(municipalities())
        self.municipality_names = ", ".join(u.short_name_en for u in units)
        for unit in units:
            for name in (unit.name_zh, unit.short_name_zh, unit.name_en, unit.code):
                self.municipalities.setdefault(folded(name), unit)
        for unit in units:  # the import names win over any other unit's full name
            self.municipalities[folded(unit.short_name_en)] = unit
        self.max_lengths = {c: Project._meta.get_field(c).max_length for c in FREE_TEXT}
        self.stages = {folded(s).replace(" ", "_").replace("-", "_"): s for s in ProjectStage.values}

    def __call__(self, line: int, cells: list[str]) -> tuple[Project, list[str]]:
        value, problems = self.header.values(cells, required=REQUIRED)
        title = " ".join(value["title"].split())
        for column in FREE_TEXT:
            if problem := length_problem(column, value[column], self.max_lengths[column]):
                problems.append(problem)

        kind = folded(value["type"])
        if value["type"] and kind not in ProjectType.values:
            problems.append(_("type “%(value)s” is not contract or agreement.") % {"value": value["type"]})

        amount = None
        if value["investment_yuan"]:
            amount, problem = parse_amount(value["investment_yuan"])
            if problem:
                problems.append(problem)

        industry, problem = self.industries(value["industry"])
        if problem:
            problems.append(problem)

        unit = self.municipalities.get(folded(value["municipality"]))
        if value["municipality"] and unit is None:
            problems.append(
                _("municipality “%(value)s” is not a municipality or prefecture of Jilin (one of: %(names)s).")
                % {"value": value["municipality"], "names": self.municipality_names}
            )

        country = self.countries.codes.get(value["partner_country"].upper(), "")
        if value["partner_country"] and not country:
            problems.append(
                _("partner_country “%(value)s” is not an ISO 3166 two-letter country code (CN for China).")
                % {"value": value["partner_country"]}
            )
        province = self.provinces.get(folded(value["partner_province"]), "")
        if value["partner_province"] and not province:
            problems.append(
                _("partner_province “%(value)s” is not a Chinese province written in English, e.g. Zhejiang.")
                % {"value": value["partner_province"]}
            )
        elif country == DOMESTIC_COUNTRY and not province:
            problems.append(_("partner_province is required for partners in China (partner_country CN)."))
        elif country and country != DOMESTIC_COUNTRY and province:
            problems.append(
                _("partner_province must be empty when partner_country is not CN (here it is %(country)s).")
                % {"country": country}
            )

        stage = self.stages.get(folded(value["stage"]).replace(" ", "_").replace("-", "_"))
        if value["stage"] and stage is None:
            problems.append(
                _("stage “%(value)s” is not negotiating, ready_to_sign, signed or withdrawn.")
                % {"value": value["stage"]}
            )
        signed_on = None
        if value["signed_on"]:
            signed_on = parse_date(value["signed_on"])
            if signed_on is None:
                problems.append(
                    _("signed_on “%(value)s” is not a date written YYYY-MM-DD.") % {"value": value["signed_on"]}
                )
            elif stage and stage not in DATED_STAGES:
                problems.append(
                    _("signed_on must be empty unless the stage is signed (here it is %(stage)s).") % {"stage": stage}
                )
            elif problem := signing_date_problem(edition=self.edition, signed_on=signed_on):
                problems.append(problem)
        elif stage == ProjectStage.SIGNED:
            problems.append(_("signed_on is required when the stage is signed."))

        project = Project(
            edition=self.edition,
            title=title,
            type=kind,
            investment_yuan=amount,
            industry=industry,
            municipality=unit,
            reporting_unit=unit,
            partner_name=value["partner_name"],
            partner_country=country,
            partner_province=province,
            stage=stage or "",
            signed_on=signed_on,
            created_by=self.by,
        )
        return project, problems


def _check(lines: list[tuple[int, list[str]]], edition: Edition, by) -> list[Project]:
    header_line, header_cells = lines[0]
    header = Header(header_cells, header_line, COLUMNS)
    if len(lines) == 1:
        raise ImportFailed.of_file(_("The file has a header but no projects."))
    check_row = _RowChecker(edition=edition, header=header, by=by)
    checked = [(line, *check_row(line, cells)) for line, cells in lines[1:]]
    # a title with a NUL is already a bad row, and PostgreSQL refuses it even in a query
    titles = {p.title for _line, p, _problems in checked if p.title and "\x00" not in p.title}
    existing = set(Project.objects.filter(edition=edition, title__in=titles).values_list("title", flat=True))
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    for line, project, problems in checked:
        title = project.title
        if title in existing:
            problems.insert(
                0,
                _("title “%(title)s” is already a project of the %(edition)s.")
                % {"title": title, "edition": edition.name},
            )
        elif title in first_line_of:
            problems.insert(
                0,
                _("title “%(title)s” is also on line %(line)d; a title can appear only once in an edition.")
                % {"title": title, "line": first_line_of[title]},
            )
        elif title:
            first_line_of[title] = line
        errors.extend(RowError(line, problem) for problem in problems)
    if errors:
        raise ImportFailed(errors)
    return [project for _line, project, _problems in checked]


def _write(projects: list[Project], by) -> ImportResult:
    now = timezone.now()
    for project in projects:
        project.created_at = project.updated_at = now
    try:
        with transaction.atomic():
            if projects:
                edition_require_writable(projects[0].edition_id)
            Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)
            if any(p.pk is None for p in projects):  # a database that does not return the new ids
                ids = dict(
                    Project.objects.filter(
                        edition=projects[0].edition, title__in=[p.title for p in projects]
                    ).values_list("title", "pk")
                )
                for project in projects:
                    project.pk = ids[project.title]
            changes = [
                ProjectChange(
                    project=project,
                    field=field,
                    old_value="",
                    new_value=str(getattr(project, field)),
                    changed_by=by,
                    changed_at=now,
                )
                for project in projects
                for field in AuditedField.values
            ]
            ProjectChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
            audit.record_many(
                action=ProjectAction.PROJECT_CREATE,
                objects=projects,
                actor=by,
                changes=lambda project: {field: [None, getattr(project, field)] for field in AuditedField.values},
                details={"source": "import"},
            )
    except IntegrityError:
        # Another import or an edit registered one of these titles meanwhile.
        raise ImportFailed.of_file(
            _("The edition's projects changed while the file was being imported. Please try again.")
        ) from None
    return ImportResult(rows=len(projects), signed=sum(1 for p in projects if p.stage == ProjectStage.SIGNED))
