"""Importing cooperation projects of an edition from a CSV or XLSX file (DESIGN.md's contract).

Columns: title, type, investment_yuan, industry, municipality, partner_name, partner_country,
partner_province, stage, signed_on. All rows or none (``expo.importing``). Each row is read
into a Project and checked with the service's own rules (``project_problems``, the
investment, the titles), so a row and the portal's form get the same message for the same
problem; the projects are written by the service's ``projects_create_many``, with their
history and activity log. The reporting unit of an imported project is its host
municipality; the import creates projects and never changes existing ones (a title that the
edition already has is a bad row).
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from expo import importing
from expo.enums import Province
from expo.importing import Importer, ImportFailed, RowError, duplicate
from expo.models import Edition
from expo.tabular import CountryCodes, Industries, folded, import_format_of, length_problem
from projects.enums import ProjectStage, ProjectType
from projects.models import Project
from projects.selectors import municipalities
from projects.services import investment_problem, project_problems, projects_create_many, title_taken_problem

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
# The largest amount the column holds: 16 digits before the point.
MAX_INVESTMENT = Decimal("9999999999999999.99")


@dataclass(frozen=True)
class ImportResult(importing.ImportResult):
    rows: int
    signed: int

    def summary(self) -> str:
        return ngettext(
            "%(count)d project imported (%(signed)d signed).",
            "%(count)d projects imported (%(signed)d signed).",
            self.rows,
        ) % {"count": self.rows, "signed": self.signed}

    def audit_details(self) -> dict:
        return asdict(self)


def import_projects(*, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition, by=None) -> ImportResult:
    """Create the projects of a CSV (UTF-8, with or without BOM) or XLSX file in ``edition``,
    each with its initial amount, type and stage in its history (by ``by``); all rows or none.
    Raises ImportFailed with every problem, by line, and writes nothing when any row is wrong."""
    return ProjectImporter(edition=edition, by=by).run(rows_source, file_format)


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """A number of yuan with at most two decimals; or the reason it is not one. (Whether it
    may be a project's investment is the service's rule, ``investment_problem``.)"""
    try:
        amount = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        return None, _(
            "investment_yuan “%(value)s” is not a number of yuan; write digits with a dot for decimals, "
            "e.g. 1200000000.00, without thousands separators."
        ) % {"value": text}
    # too large first: quantizing 1e400 or a 40-digit number raises InvalidOperation
    if abs(amount) > MAX_INVESTMENT:
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


class ProjectImporter(Importer):
    columns = COLUMNS
    audit_kind = "projects"

    def no_rows_message(self) -> str:
        return _("The file has a header but no projects.")

    def conflict_message(self) -> str:
        # Another import or an edit registered one of these titles meanwhile.
        return _("The edition's projects changed while the file was being imported. Please try again.")

    def prepare(self) -> None:
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
        self.taken = set(Project.objects.filter(edition=self.edition).values_list("title", flat=True))
        self.first_line_of: dict[str, int] = {}

    def check_row(self, line: int, cells: list[str]) -> tuple[Project, list[str]]:
        value, problems = self.header.values(cells, required=REQUIRED)
        # The fields whose cell is unreadable: the service's rules about them would only repeat it.
        unreadable: set[str] = set()
        title = " ".join(value["title"].split())
        if title in self.taken:
            problems.insert(0, title_taken_problem())
        elif title and (first := duplicate(self.first_line_of, title, line)):
            problems.insert(
                0,
                _("title “%(title)s” is also on line %(line)d; a title can appear only once in an edition.")
                % {"title": title, "line": first},
            )
        for column in FREE_TEXT:
            if problem := length_problem(column, value[column], self.max_lengths[column]):
                problems.append(problem)

        kind = folded(value["type"])
        if value["type"] and kind not in ProjectType.values:
            problems.append(_("type “%(value)s” is not contract or agreement.") % {"value": value["type"]})

        amount = None
        if value["investment_yuan"]:
            amount, problem = parse_amount(value["investment_yuan"])
            if problem or (problem := investment_problem(amount)):
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
            unreadable.add("partner_province")
            problems.append(
                _("partner_country “%(value)s” is not an ISO 3166 two-letter country code (CN for China).")
                % {"value": value["partner_country"]}
            )
        province = self.provinces.get(folded(value["partner_province"]), "")
        if value["partner_province"] and not province:
            unreadable.add("partner_province")
            problems.append(
                _("partner_province “%(value)s” is not a Chinese province written in English, e.g. Zhejiang.")
                % {"value": value["partner_province"]}
            )

        stage = self.stages.get(folded(value["stage"]).replace(" ", "_").replace("-", "_"))
        if stage is None:
            unreadable.add("signed_on")
        if value["stage"] and stage is None:
            problems.append(
                _("stage “%(value)s” is not negotiating, ready_to_sign, signed or withdrawn.")
                % {"value": value["stage"]}
            )
        signed_on = None
        if value["signed_on"]:
            signed_on = parse_date(value["signed_on"])
            if signed_on is None:
                unreadable.add("signed_on")
                problems.append(
                    _("signed_on “%(value)s” is not a date written YYYY-MM-DD.") % {"value": value["signed_on"]}
                )

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
        # The service's rules (the signing date and the stage, the partner's province, ...),
        # with the service's messages.
        problems.extend(problem for field, problem in project_problems(project).items() if field not in unreadable)
        return project, problems

    def write(self, rows: list[Project]) -> ImportResult:
        projects_create_many(projects=rows, by=self.by)
        return ImportResult(rows=len(rows), signed=sum(1 for p in rows if p.stage == ProjectStage.SIGNED))
