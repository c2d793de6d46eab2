"""Reading the tables people import (CSV or XLSX) and checking the cells the imports share.

A file is read as a stream of rows of stripped text cells, each with the line the user sees
in the file (the header is line 1), blank rows left out. Every problem is a RowError; an
import collects them all and raises ImportFailed, and writes nothing.
"""

import contextlib
import csv
import datetime
import io
import operator
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, validate_email
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from expo.enums import Industry
from expo.packages import PackageLimits, PackageRefused, check_package, scan_xml, xml_parts

FORMATS = ("csv", "xlsx")
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
# Characters that show nothing: a cell of only these is empty, and they are cut off its ends.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# What ``str.strip()`` takes off (every character ``isspace``; none lies beyond U+3000) and the
# invisible characters: one ``strip`` with these does what stripping both in turn until nothing
# changes does.
BLANK = "".join(c for c in map(chr, range(0x10000)) if c.isspace()) + INVISIBLE

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


def import_format_of(filename: str) -> str:
    """``csv`` or ``xlsx`` from the file's name; ImportFailed for any other kind of file."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        name = PurePath(filename).name
        raise ImportFailed.of_file(
            _("Only .csv and .xlsx files can be imported; “%(name)s” is neither.") % {"name": name}
        )
    return suffix


def folded(text: str) -> str:
    """``text`` as compared with names: runs of spaces as one, in no particular letter case."""
    return " ".join(text.split()).casefold()


# Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadLimits:
    """What a file to import may hold (settings ``IMPORT_*``): a file beyond them is refused
    with a message before it can hold a worker or its memory."""

    file_bytes: int
    rows: int
    columns: int
    cell_chars: int
    line_bytes: int
    blank_run: int
    blank_rows: int
    xlsx_members: int
    xlsx_uncompressed_bytes: int
    xlsx_shared_strings_bytes: int
    xlsx_ratio: int
    xlsx_cells: int

    @classmethod
    def from_settings(cls) -> "ReadLimits":
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            line_bytes=settings.IMPORT_MAX_LINE_BYTES,
            blank_run=settings.IMPORT_MAX_BLANK_RUN,
            blank_rows=settings.IMPORT_MAX_BLANK_ROWS,
            xlsx_members=settings.IMPORT_XLSX_MAX_MEMBERS,
            xlsx_uncompressed_bytes=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
            xlsx_shared_strings_bytes=settings.IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES,
            xlsx_ratio=settings.IMPORT_XLSX_MAX_RATIO,
            xlsx_cells=settings.IMPORT_XLSX_MAX_CELLS,
        )

    @property
    def xml_run_bytes(self) -> int:
        """The longest text an XML part may hold between two tags: a cell of the most
        characters allowed, each of them written as an entity (``&quot;`` is 6 bytes)."""
        return 6 * self.cell_chars + 1024


def read_rows(source: IO[bytes] | IO[str], file_format: str) -> Iterator[tuple[int, list[str]]]:
    """The file's rows as (line, cells), the header first, blank rows left out, read as they are
    consumed. A CSV is UTF-8 (with or without BOM). Raises ImportFailed, while iterating, for a
    file that cannot be read, has no rows at all, or is beyond the limits of ``ReadLimits``
    (its size, its rows, columns, cells, lines, empty rows; an XLSX's parts, what they unpack
    to and how hard they are packed)."""
    limits = ReadLimits.from_settings()
    with contextlib.suppress(AttributeError, OSError, ValueError):
        source.seek(0)  # an upload may have been looked at already
    if file_format == "csv":
        rows = _csv_rows(source, limits)
    elif file_format == "xlsx":
        rows = _xlsx_rows(source, limits)
    else:
        raise ValueError(f"unknown import format {file_format!r}")
    return _not_empty(_within(rows, limits, _size_of(source)))


def _size_of(source) -> int | None:
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    try:
        position = source.tell()
        size = source.seek(0, io.SEEK_END)
        source.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return size


def _not_empty(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    empty = True
    for row in rows:
        empty = False
        yield row
    if empty:
        raise ImportFailed.of_file(_("The file is empty."))


def _within(
    rows: Iterator[tuple[int, list[str]]], limits: ReadLimits, size: int | None
) -> Iterator[tuple[int, list[str]]]:
    """The rows that are not blank, with the file's size checked first and its rows, columns,
    cells and empty rows while they are read."""
    if size is not None and size > limits.file_bytes:
        raise ImportFailed.of_file(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limits.file_bytes)}
        )
    counted = blank_run = blank_rows = 0
    for line, cells in rows:
        if not any(cells):
            blank_run += 1
            blank_rows += 1
            if blank_run > limits.blank_run:
                raise ImportFailed.of_file(
                    _(
                        "more than %(max)d empty rows follow one another here. "
                        "Remove the empty rows and import the file again."
                    )
                    % {"max": limits.blank_run},
                    line,
                )
            if blank_rows > limits.blank_rows:
                raise ImportFailed.of_file(
                    _("the file has more than %(max)d empty rows. Remove the empty rows and import the file again.")
                    % {"max": limits.blank_rows},
                    line,
                )
            continue
        blank_run = 0
        counted += 1
        if counted > limits.rows + 1:  # the header is no row
            raise ImportFailed.of_file(
                _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": limits.rows}
            )
        if len(cells) > limits.columns:
            if any(cells[limits.columns :]):
                raise ImportFailed.of_file(
                    _("the row has %(count)d cells; at most %(max)d columns are read.")
                    % {"count": len(cells), "max": limits.columns},
                    line,
                )
            cells = cells[: limits.columns]
        longest = max(map(len, cells))
        if longest > limits.cell_chars:
            raise ImportFailed.of_file(cell_too_long(longest, limits.cell_chars), line)
        yield line, cells


def cell_too_long(length: int, limit: int) -> str:
    return _("a cell holds %(length)d characters; at most %(max)d are allowed in a cell.") % {
        "length": length,
        "max": limit,
    }


def _text_lines(source: IO[bytes] | IO[str], limits: ReadLimits) -> Iterator[str]:
    """The file's lines as text, with their line endings (CR LF, LF or a lone CR), decoded one
    by one so that a byte that is not UTF-8 is named by its line without reading the file
    ahead. The file is read in chunks: a line longer than ``limits.line_bytes`` is refused
    without being held whole."""
    count = 0
    pending = None
    while True:
        data = source.read(_CHUNK)
        chunk = data if pending is None else pending + data
        if not chunk:
            return
        lines = _LINES_OF[type(chunk)](chunk)
        pending = None
        # Unless the file ends here, its last piece may go on in the next chunk (and a lone CR
        # may be the first half of a CR LF).
        if data and lines[-1][-1:] != _LF[type(chunk)]:
            pending = lines.pop()
            if len(pending) > limits.line_bytes:
                raise ImportFailed.of_file(line_too_long(limits.line_bytes), count + len(lines) + 1)
        for line in lines:
            if len(line) > limits.line_bytes:
                raise ImportFailed.of_file(line_too_long(limits.line_bytes), count + 1)
            if isinstance(line, bytes):
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    message = _("the file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
                    raise ImportFailed.of_file(message, count + 1) from None
            else:
                text = line
            if count == 0:
                text = text.removeprefix("\ufeff")
            count += 1
            yield text
        if not data:
            return


def line_too_long(limit: int) -> str:
    return _("the line is longer than %(limit)s; a line of a CSV file may be at most that long.") % {
        "limit": filesizeformat(limit)
    }


_CHUNK = 1024 * 1024
# bytes.splitlines splits at CR LF, LF and CR only; str.splitlines would split at more
# characters (form feed, U+2028…) that a CSV may hold in a value.
_STR_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LINES_OF = {bytes: lambda chunk: chunk.splitlines(keepends=True), str: _STR_LINE.findall}
_LF = {bytes: b"\n", str: "\n"}


def _csv_rows(source: IO[bytes] | IO[str], limits: ReadLimits) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_text_lines(source, limits))
    start = 1  # a quoted value may span lines: a row is named by the line it starts on
    previous_limit = csv.field_size_limit(limits.cell_chars + 1)
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    message = _("a cell holds more than %(max)d characters; at most %(max)d are allowed in a cell.") % {
                        "max": limits.cell_chars
                    }
                    raise ImportFailed.of_file(message, start) from None
                raise ImportFailed.of_file(
                    _("the CSV cannot be read here (%(reason)s).") % {"reason": exc}, start
                ) from None
            yield start, [cell.strip(BLANK) for cell in cells]
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous_limit)


def stripped(text: str) -> str:
    """``text`` without spaces and invisible characters at its ends."""
    return text.strip(BLANK)


def cell_text(value) -> str:
    """A spreadsheet cell's value as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        value = value.isoformat()
    return stripped(str(value))


def _check_workbook_package(source: IO[bytes], limits: ReadLimits) -> None:
    """Refuse a workbook whose zip directory declares too many parts, too many bytes, a packing
    no spreadsheet program makes, or a text longer than a cell may be, before openpyxl reads
    any of it (openpyxl holds the shared strings whole in memory)."""
    package_limits = PackageLimits(
        members=limits.xlsx_members,
        uncompressed_bytes=limits.xlsx_uncompressed_bytes,
        ratio=limits.xlsx_ratio,
        member_bytes={"xl/sharedStrings.xml": limits.xlsx_shared_strings_bytes},
    )
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as archive:
            check_package(archive, package_limits)
            scan = scan_xml(archive, xml_parts(archive), text_limit=limits.xml_run_bytes)
            if scan.text_too_long:
                raise ImportFailed.of_file(
                    _("The workbook holds a value longer than a cell may be: at most %(max)d characters are allowed.")
                    % {"max": limits.cell_chars}
                )
            if scan.rows > limits.rows + limits.blank_rows + 1:
                raise ImportFailed.of_file(
                    _("The workbook holds %(count)d rows; at most %(max)d rows can be imported.")
                    % {"count": scan.rows, "max": limits.rows}
                )
            if scan.cells > limits.xlsx_cells:
                raise ImportFailed.of_file(
                    _("The workbook holds %(count)d cells; at most %(max)d cells can be imported.")
                    % {"count": scan.cells, "max": limits.xlsx_cells}
                )
    except PackageRefused as exc:
        raise ImportFailed.of_file(exc.message) from None
    except XLSX_UNREADABLE:
        raise ImportFailed.of_file(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    finally:
        source.seek(0)


def _xlsx_rows(source: IO[bytes], limits: ReadLimits) -> Iterator[tuple[int, list[str]]]:
    unreadable = _("The file is not an Excel workbook (.xlsx) that can be read.")
    _check_workbook_package(source, limits)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except XLSX_UNREADABLE:
        raise ImportFailed.of_file(unreadable) from None
    try:
        try:
            sheet = workbook.worksheets[0]
            # The size the sheet declares, if it declares one, is checked; then the rows are read
            # as they are (some programs write a wrong size), within the same limits.
            rows, columns = sheet.max_row or 0, sheet.max_column or 0
            if rows > limits.rows + 1 or columns > limits.columns:
                raise ImportFailed.of_file(
                    _(
                        "The sheet declares %(rows)d rows and %(columns)d columns; at most %(max_rows)d rows "
                        "and %(max_columns)d columns can be imported."
                    )
                    % {"rows": rows, "columns": columns, "max_rows": limits.rows, "max_columns": limits.columns}
                )
            sheet.reset_dimensions()
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        except XLSX_UNREADABLE:
            raise ImportFailed.of_file(unreadable) from None
        while True:
            try:
                line, values = next(rows)
            except StopIteration:
                return
            except XLSX_UNREADABLE:
                raise ImportFailed.of_file(unreadable) from None
            yield line, [cell_text(value) for value in values]
    finally:
        workbook.close()


# Checking -----------------------------------------------------------------------------


class Header:
    """Where each column is; the columns may come in any order and in any letter case, and
    columns the import does not know are left alone."""

    def __init__(self, cells: list[str], line: int, columns: Iterable[str]):
        columns = tuple(columns)
        positions: dict[str, int] = {}
        duplicated = []
        for index, cell in enumerate(cells):
            column = folded(cell)
            if column in positions:
                duplicated.append(column)
            elif column:
                positions[column] = index
        missing = [c for c in columns if c not in positions]
        errors = []
        if missing:
            errors.append(
                RowError(
                    line,
                    _("the header lacks the columns %(missing)s. The header row must name these columns: %(columns)s.")
                    % {"missing": ", ".join(missing), "columns": ",".join(columns)},
                )
            )
        if duplicated:
            errors.append(
                RowError(
                    line, _("the header has these columns twice: %(columns)s.") % {"columns": ", ".join(duplicated)}
                )
            )
        if errors:
            raise ImportFailed(errors)
        self.columns = columns
        self.positions = {c: positions[c] for c in columns}
        self.width = len(cells)
        # A row with at least this many cells has every column: itemgetter picks them in C.
        self._reach = max(self.positions.values(), default=-1) + 1
        indexes = list(self.positions.values())
        if len(indexes) > 1:
            self._pick = operator.itemgetter(*indexes)
        else:
            self._pick = lambda cells: tuple(cells[i] for i in indexes)

    def cells_of(self, cells: list[str]) -> tuple[tuple[str, ...], list[str]]:
        """The row's values in the order of the columns (missing cells empty), and its problems
        of shape: too many cells, a NUL character. Made for large files: a row without
        problems costs a few operations in C."""
        problems: list[str] = []
        count = len(cells)
        if count > self.width and any(cells[self.width :]):
            problems.append(
                _("the row has %(count)d cells but the header has %(columns)d; a value with a comma needs quotes.")
                % {"count": count, "columns": self.width}
            )
        if "\x00" in "".join(cells):
            problems.append(_("the row contains a NUL character, which no text may hold; save the file again as text."))
        if count >= self._reach:
            return self._pick(cells), problems
        return tuple(cells[i] if i < count else "" for i in self.positions.values()), problems

    def values(self, cells: list[str], *, required: Iterable[str] = ()) -> tuple[dict[str, str], list[str]]:
        """The row's value of each column, and its problems of shape: too many cells, empty
        required cells."""
        picked, problems = self.cells_of(cells)
        value = dict(zip(self.columns, picked, strict=True))
        for column in required:
            if not value[column]:
                problems.append(required_problem(column))
        return value, problems


def required_problem(column: str) -> str:
    return _("%(column)s is required.") % {"column": column}


def length_problem(column: str, text: str, max_length: int) -> str | None:
    """Why ``text`` cannot be written into a column of ``max_length`` characters, if it cannot."""
    if len(text) <= max_length:
        return None
    return _("%(column)s is %(length)d characters long; at most %(max)d are allowed.") % {
        "column": column,
        "length": len(text),
        "max": max_length,
    }


class CountryCodes:
    """Reads a country or region by its ISO 3166 two-letter code, in any letter case."""

    def __init__(self):
        # The code strings themselves, so that a large file's rows share them.
        self.codes = {code: code for code in countries.countries if len(code) == 2}

    def __call__(self, text: str) -> tuple[str, str | None]:
        """The code (empty for an empty cell) and the problem, if the cell is not a code."""
        if not text:
            return "", None
        code = self.codes.get(text) or self.codes.get(text.upper())
        if code is None:
            return "", (
                _("country “%(value)s” is not an ISO 3166 two-letter country code (CN for China).") % {"value": text}
            )
        return code, None


class Industries:
    """Reads one of the 12 industry fields by its English name, its value or its Chinese name,
    in any letter case."""

    def __init__(self):
        self.names: dict[str, str] = {}
        with translation.override("en"):
            for industry in Industry:
                self.names[folded(str(industry.label))] = industry.value
        for industry in Industry:
            self.names[folded(industry.value)] = industry.value
            self.names[folded(INDUSTRY_NAMES_ZH[industry])] = industry.value
        # The cells already read: a large file names the same few industries again and again.
        self.found: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[str, str | None]:
        """The industry's value (empty for an empty cell) and the problem, if the cell names none."""
        if not text:
            return "", None
        industry = self.found.get(text)
        if industry is None:
            industry = self.found[text] = self.names.get(folded(text), "")
        if not industry:
            return "", _("industry “%(value)s” is not one of the 12 industry fields.") % {"value": text}
        return industry, None


# An address Django's validate_email surely accepts, in one match: a dot-atom local part
# (Django's first choice) and a domain name by Django's own patterns, no longer than Django
# allows. It contains no "@" on either side, so it splits where Django splits it. Any other
# address, e.g. an international domain, a quoted local part or an IP literal, is left to
# validate_email itself: this only saves its cost for the common ones.
_PLAIN_EMAIL = re.compile(
    r"[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*"
    r"@" + EmailValidator.hostname_re + EmailValidator.domain_re + EmailValidator.tld_no_fqdn_re + r"\Z",
    re.IGNORECASE,
)
_MAX_EMAIL = 320  # EmailValidator's limit (RFC 3696)


def email_is_valid(text: str) -> bool:
    """Whether Django's ``validate_email`` (an EmailField's check) accepts ``text``."""
    if len(text) <= _MAX_EMAIL and _PLAIN_EMAIL.match(text):
        return True
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True
