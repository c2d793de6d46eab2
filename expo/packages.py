"""Checks of a zip package (an XLSX or DOCX file) made from its directory, before anything of it
is decompressed: how many parts it holds, what they unpack to, how hard they are packed.

A spreadsheet program packs XML about 5 to 20 times; a file packed hundreds of times, or one
that unpacks to gigabytes, is built to exhaust the server (a "zip bomb"). Python's zipfile
never decompresses a part beyond the size its directory declares, so checking the declared
sizes bounds what reading the file can cost.
"""

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Parts smaller than this are not judged by their ratio: a few kilobytes of zeros pack well
# and cost nothing.
RATIO_FLOOR_BYTES = 1024 * 1024
CHUNK = 1024 * 1024


class PackageRefused(Exception):
    """The package is not opened; ``message`` says why, in the reader's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class PackageLimits:
    members: int
    uncompressed_bytes: int
    ratio: int
    # Parts read whole into memory by the reader, and their own limit.
    member_bytes: dict[str, int] | None = None


def check_package(archive: zipfile.ZipFile, limits: PackageLimits) -> None:
    """Raise PackageRefused if ``archive``'s directory declares more parts, more bytes or a
    higher packing ratio than ``limits`` allow."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise PackageRefused(
            _("The file holds %(count)d parts; at most %(max)d are accepted. Save it again as a new file.")
            % {"count": len(infos), "max": limits.members}
        )
    total = sum(info.file_size for info in infos)
    if total > limits.uncompressed_bytes:
        raise PackageRefused(
            _("The file unpacks to %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.uncompressed_bytes)}
        )
    for info in infos:
        if info.file_size >= RATIO_FLOOR_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise PackageRefused(
                _(
                    "The file is packed %(ratio)d to 1, more than any office program packs (at most "
                    "%(max)d to 1): it looks built to exhaust the server and is not opened."
                )
                % {"ratio": info.file_size // max(info.compress_size, 1), "max": limits.ratio}
            )
    for name, limit in (limits.member_bytes or {}).items():
        info = _info(archive, name)
        if info is not None and info.file_size > limit:
            raise PackageRefused(
                _("The file's part %(name)s unpacks to %(size)s; the limit is %(limit)s.")
                % {"name": name, "size": filesizeformat(info.file_size), "limit": filesizeformat(limit)}
            )


@dataclass
class XmlScan:
    """What a stream over XML parts found: whether a text ran longer than the limit, and how
    many row and cell elements the worksheets hold."""

    text_too_long: bool = False
    rows: int = 0
    cells: int = 0


_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")


def _count(xml: bytes, prefixed: bool) -> tuple[int, int]:
    """Row and cell elements in ``xml``; bytes.count where the sheet names its elements
    without a prefix, as spreadsheet programs do (``<rowBreaks`` may add one row: no matter)."""
    if prefixed:
        return len(_ROW.findall(xml)), len(_CELL.findall(xml))
    return xml.count(b"<row"), xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")


def _has_run_over(chunk: bytes, limit: int) -> bool:
    """Whether ``chunk`` holds more than ``limit`` bytes without a ``<``: such a stretch covers
    one of the positions ``limit // 2`` apart, so looking around those finds it in linear time."""
    for position in range(0, len(chunk), max(limit // 2, 1)):
        if chunk[position] == 0x3C:  # "<"
            continue
        start = chunk.rfind(b"<", 0, position) + 1
        end = chunk.find(b"<", position)
        if (len(chunk) if end == -1 else end) - start > limit:
            return True
    return False


def scan_xml(archive: zipfile.ZipFile, names: Iterable[str], *, text_limit: int) -> XmlScan:
    """Read the parts ``names`` (XML) as a stream: a stretch of more than ``text_limit`` bytes
    without a ``<`` (it bounds the length of any value an XML reader would hold in memory, so
    a huge cell is found without ever being held whole) stops the scan; the row and cell
    elements of worksheets are counted (an XML reader keeps every element of a sheet until it
    ends, however empty)."""
    found = XmlScan()
    for name in names:
        counting = name.startswith("xl/worksheets/")
        prefixed = None
        run = 0
        tail = b""  # from the last "<" of a chunk: a tag may go on in the next one
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                if prefixed is None:
                    prefixed = b"<worksheet" not in chunk[:4096]
                first = chunk.find(b"<")
                if first == -1:
                    run += len(chunk)
                    tail += chunk
                    if run > text_limit:
                        found.text_too_long = True
                        return found
                    continue
                if run + first > text_limit or _has_run_over(chunk, text_limit):
                    found.text_too_long = True
                    return found
                last = chunk.rfind(b"<")
                run = len(chunk) - last - 1
                if counting:
                    rows, cells = _count(tail + chunk[:last], prefixed)
                    found.rows += rows
                    found.cells += cells
                tail = chunk[last:]
        if counting:
            rows, cells = _count(tail, bool(prefixed))
            found.rows += rows
            found.cells += cells
    return found


def xml_parts(archive: zipfile.ZipFile) -> list[str]:
    return [info.filename for info in archive.infolist() if info.filename.endswith((".xml", ".rels"))]


def _info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None
