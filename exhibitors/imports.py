"""Importing exhibitors, and their participation in an edition, from a CSV or XLSX file.

All rows or none: every row is checked first and every problem is reported with the line
the user sees in the file (the header is line 1). Only a file without a single problem is
written, in one transaction, with a number of queries that does not grow with its rows
(beyond the database's batching of bulk statements).
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from exhibitors.enums import ExhibitorKind, ParticipationMode
from exhibitors.models import Exhibitor, Participation, Pavilion
from expo.enums import Industry, Province
from expo.models import Edition

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
FORMATS = ("csv", "xlsx")
MAX_ROWS = 5000
BATCH_SIZE = 500
# What a damaged or mislabelled workbook makes openpyxl raise, on opening or on reading a sheet.
XLSX_UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,
    OSError,
    EOFError,
)

INDUSTRY_NAMES_ZH = {
    Industry.NEW_ENERGY: "新能源和清洁能源",
    Industry.NEW_MATERIALS: "新材料",
    Industry.MEDICAL_HEALTH: "医药健康",
    Industry.GREEN_FOOD: "绿色食品及农产品加工",
    Industry.CULTURAL_TOURISM: "文化旅游",
    Industry.AUTOMOBILE: "汽车及零部件加工",
    Industry.PETROCHEMICAL: "石油化工",
    Industry.EQUIPMENT: "装备制造",
    Industry.ELECTRONICS: "电子信息及高新技术",
    Industry.METALLURGY: "冶金建材",
    Industry.LIGHT_INDUSTRY: "轻工纺织",
    Industry.MODERN_SERVICES: "现代服务业",
}


class RowError(NamedTuple):
    """One problem of the file: the line as the user sees it (None for the whole file)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    """The file has problems; nothing was written. ``errors`` lists every one of them."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        self.message = ngettext(
            "The file has %(count)d problem; nothing was imported.",
            "The file has %(count)d problems; nothing was imported.",
            len(errors),
        ) % {"count": len(errors)}
        super().__init__(self.message)

    @classmethod
    def of_file(cls, message: str, line: int | None = None) -> "ImportFailed":
        """A problem of the whole file (or of its header), rather than of a row."""
        return cls([RowError(line, message)])


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote; "unchanged" rows matched the database already."""

    rows: int
    exhibitors_created: int
    exhibitors_updated: int
    exhibitors_unchanged: int
    participations_created: int
    participations_updated: int
    participations_unchanged: int

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
        return f"{rows} {counts}"


@dataclass
class _Row:
    line: int
    exhibitor: dict[str, str]
    mode: str
    pavilion: Pavilion | None


def import_format_of(filename: str) -> str:
    """``csv`` or ``xlsx`` from the file's name; ImportFailed for any other kind of file."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        name = PurePath(filename).name
        raise ImportFailed.of_file(
            _("Only .csv and .xlsx files can be imported; “%(name)s” is neither.") % {"name": name}
        )
    return suffix


def import_exhibitors(*, rows_source: IO[bytes] | IO[str], file_format: str, edition: Edition) -> ImportResult:
    """Create or update (by name) the exhibitors of a CSV (UTF-8, with or without BOM) or XLSX
    file and record their participation in ``edition``; all rows or none.

    Raises ImportFailed with every problem, by line, and writes nothing when any row is
    wrong. An existing exhibitor takes the file's values for every column; its description
    and logo stay. An existing participation takes the file's mode, and its pavilion when
    the pavilion cell is not empty.
    """
    lines = _read(rows_source, file_format)
    rows = _check(lines, edition)
    return _write(rows, edition)


# Reading ------------------------------------------------------------------------------


def _read(source: IO[bytes] | IO[str], file_format: str) -> list[tuple[int, list[str]]]:
    """The file's rows as (line, cells), the header first, blank rows left out."""
    if file_format == "csv":
        lines = _read_csv(source)
    elif file_format == "xlsx":
        lines = _read_xlsx(source)
    else:
        raise ValueError(f"unknown import format {file_format!r}")
    if not lines:
        raise ImportFailed.of_file(_("The file is empty."))
    return lines


def _keep(lines: list[tuple[int, list[str]]], line: int, cells: list[str]) -> None:
    """Append a row unless it is blank; stop a file longer than we accept (the header and MAX_ROWS)."""
    if any(cells):
        lines.append((line, cells))
    if len(lines) > MAX_ROWS + 1:
        raise ImportFailed.of_file(
            _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS}
        )


def _read_csv(source: IO[bytes] | IO[str]) -> list[tuple[int, list[str]]]:
    data = source.read()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            message = _("the file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
            raise ImportFailed.of_file(message, line) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[tuple[int, list[str]]] = []
    start = 1  # a quoted value may span lines: a row is named by the line it starts on
    try:
        for cells in reader:
            _keep(lines, start, [cell.strip() for cell in cells])
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed.of_file(_("the CSV cannot be read here (%(reason)s).") % {"reason": exc}, start) from None
    return lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        value = value.isoformat()
    return str(value).strip()


def _read_xlsx(source: IO[bytes]) -> list[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except XLSX_UNREADABLE:
        raise ImportFailed.of_file(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    lines: list[tuple[int, list[str]]] = []
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read the rows as they are
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            _keep(lines, line, [_cell_text(cell) for cell in cells])
    except XLSX_UNREADABLE:
        raise ImportFailed.of_file(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    finally:
        workbook.close()
    return lines


# Checking -----------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _industries() -> dict[str, str]:
    """Every accepted spelling of an industry field, normalised by ``_key``, to its value."""
    names = {}
    with translation.override("en"):
        for industry in Industry:
            names[_key(str(industry.label))] = industry.value
    for industry in Industry:
        names[_key(industry.value)] = industry.value
        names[_key(INDUSTRY_NAMES_ZH[industry])] = industry.value
    return names


def _header(cells: list[str], line: int) -> dict[str, int]:
    """Where each column is; the columns may come in any order and in any letter case."""
    positions: dict[str, int] = {}
    duplicated = []
    for index, cell in enumerate(cells):
        column = _key(cell)
        if column in positions:
            duplicated.append(column)
        elif column:
            positions[column] = index
    missing = [c for c in COLUMNS if c not in positions]
    errors = []
    if missing:
        errors.append(
            RowError(
                line,
                _("the header lacks the columns %(missing)s. The header row must name these columns: %(columns)s.")
                % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)},
            )
        )
    if duplicated:
        errors.append(
            RowError(line, _("the header has these columns twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
        )
    if errors:
        raise ImportFailed(errors)
    return positions


class _RowChecker:
    """Checks one row against the columns' rules, with the lookups built once per file."""

    def __init__(self, *, edition: Edition, positions: dict[str, int], width: int):
        self.positions = {c: positions[c] for c in COLUMNS}
        self.width = width
        self.pavilions = {p.code.casefold(): p for p in Pavilion.objects.filter(edition=edition)}
        self.industries = _industries()
        self.provinces = {_key(p): p for p in Province.values}
        self.max_lengths = {c: Exhibitor._meta.get_field(c).max_length for c in FREE_TEXT}
        self.url_validator = URLValidator(schemes=["http", "https"])

    def __call__(self, line: int, cells: list[str]) -> tuple[_Row, list[str]]:
        """The row as it will be written, and the reasons it cannot be (empty when it can)."""
        problems: list[str] = []
        if any(cells[self.width :]):
            problems.append(
                _("the row has %(count)d cells but the header has %(columns)d; a value with a comma needs quotes.")
                % {"count": len(cells), "columns": self.width}
            )
        value = {c: cells[i] if i < len(cells) else "" for c, i in self.positions.items()}
        for column in REQUIRED:
            if not value[column]:
                problems.append(_("%(column)s is required.") % {"column": column})
        website = value["website"]
        if website and "://" not in website:
            website = f"https://{website}"
        for column, text in {**value, "website": website}.items():
            if column in self.max_lengths and len(text) > self.max_lengths[column]:
                problems.append(
                    _("%(column)s is %(length)d characters long; at most %(max)d are allowed.")
                    % {"column": column, "length": len(text), "max": self.max_lengths[column]}
                )

        kind = _key(value["kind"]) or ExhibitorKind.ENTERPRISE
        if kind not in ExhibitorKind.values:
            problems.append(_("kind “%(value)s” is not enterprise or institution.") % {"value": value["kind"]})

        country = value["country"].upper()
        country_valid = len(country) == 2 and country in countries
        if value["country"] and not country_valid:
            problems.append(
                _("country “%(value)s” is not an ISO 3166 two-letter country code (CN for China).")
                % {"value": value["country"]}
            )

        province = self.provinces.get(_key(value["province"]), "")
        if value["province"] and not province:
            problems.append(
                _("province “%(value)s” is not a Chinese province written in English, e.g. Jilin.")
                % {"value": value["province"]}
            )
        elif country == "CN" and not province:
            problems.append(_("province is required for exhibitors from China (country CN)."))
        elif country_valid and country != "CN" and province:
            problems.append(
                _("province must be empty when the country is not CN (here it is %(country)s).") % {"country": country}
            )

        industry = self.industries.get(_key(value["industry"]), "")
        if value["industry"] and not industry:
            problems.append(
                _("industry “%(value)s” is not one of the 12 industry fields.") % {"value": value["industry"]}
            )

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

        mode = _key(value["mode"])
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


def _check(lines: list[tuple[int, list[str]]], edition: Edition) -> list[_Row]:
    header_line, header_cells = lines[0]
    positions = _header(header_cells, header_line)
    if len(lines) == 1:
        raise ImportFailed.of_file(_("The file has a header but no exhibitors."))
    check_row = _RowChecker(edition=edition, positions=positions, width=len(header_cells))
    errors: list[RowError] = []
    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    for line, cells in lines[1:]:
        row, problems = check_row(line, cells)
        name = row.exhibitor["name"]
        if name in first_line_of:
            problems.insert(
                0,
                _("name “%(name)s” is also on line %(line)d; a name can appear only once.")
                % {"name": name, "line": first_line_of[name]},
            )
        elif name:
            first_line_of[name] = line
        errors.extend(RowError(line, problem) for problem in problems)
        rows.append(row)
    if errors:
        raise ImportFailed(errors)
    return rows


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


def _write(rows: list[_Row], edition: Edition) -> ImportResult:
    names = [row.exhibitor["name"] for row in rows]
    now = timezone.now()
    try:
        with transaction.atomic():
            # Lock the exhibitors being updated, so that an edit in the admin cannot slip in between.
            existing = {e.name: e for e in Exhibitor.objects.select_for_update().filter(name__in=names).order_by("pk")}
            participations = {
                p.exhibitor_id: p
                for p in Participation.objects.select_for_update(of=("self",))
                .filter(edition=edition, exhibitor__name__in=names)
                .order_by("pk")
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
    except IntegrityError:
        # Another import or an edit created one of these names, or removed a pavilion, meanwhile.
        message = _("The exhibitors or pavilions changed while the file was being imported. Please try again.")
        raise ImportFailed.of_file(message) from None

    return ImportResult(
        rows=len(rows),
        exhibitors_created=len(new),
        exhibitors_updated=len(changed),
        exhibitors_unchanged=len(existing) - len(changed),
        participations_created=len(new_participations),
        participations_updated=len(changed_participations),
        participations_unchanged=len(rows) - len(new_participations) - len(changed_participations),
    )
