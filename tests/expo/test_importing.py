"""The importer base (expo.importing), with importers of member units made for these tests:
the header, the rows' problems, all rows or none, the transaction, the log row, the queries."""

import io

import pytest
from django.db import IntegrityError, connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expo.bulk import insert_rows
from expo.errors import EditionClosed
from expo.importing import Importer, ImportFailed, ImportResult, RowError, duplicate
from expo.models import ActivityLog, AuditAction, Edition, MemberUnit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name_en,name_zh"


class UnitsResult(ImportResult):
    def __init__(self, created: int):
        self.created = created

    def summary(self) -> str:
        return f"{self.created} units imported."

    def audit_details(self) -> dict:
        return {"rows": self.created}


class UnitImporter(Importer):
    """Member units from code,name_en,name_zh; a code must be lower case and once in the file."""

    columns = ("code", "name_en", "name_zh")
    optional_columns = ("short_name_en",)
    max_rows = 200
    audit_kind = "units"

    def prepare(self):
        self.first_line_of = {}
        self.taken = set(MemberUnit.objects.values_list("code", flat=True))

    def check_row(self, line, cells):
        value, problems = self.header.values(cells, required=("code", "name_en"))
        if value["code"] != value["code"].lower():
            problems.append(f"code “{value['code']}” is not in lower case.")
        if value["code"] in self.taken:
            problems.append(f"code “{value['code']}” is taken.")
        elif value["code"] and (first := duplicate(self.first_line_of, value["code"], line)):
            problems.append(f"code “{value['code']}” is also on line {first}.")
        return value, problems

    def write(self, rows):
        units = [
            MemberUnit(
                code=row["code"],
                kind="agency",
                name_en=row["name_en"],
                name_zh=row["name_zh"] or row["code"],
                short_name_en=row.get("short_name_en", "") or row["name_en"][:50],
                short_name_zh=row["code"],
            )
            for row in rows
        ]
        MemberUnit.objects.bulk_create(units)
        return UnitsResult(len(units))


class StreamedUnitImporter(UnitImporter):
    """The same rows written while the file is read, as the attendees' import does."""

    stream = True
    max_rows = None

    def write(self, rows):
        start = (MemberUnit.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        now = timezone.now()
        fields = ("id", "code", "kind", "name_en", "name_zh", "short_name_en", "short_name_zh", "email", "sort_order")
        values = (
            (start + n, r["code"], "agency", r["name_en"], r["name_zh"] or r["code"], r["name_en"][:50], r["code"])
            + ("", 0, now, now)
            for n, r in enumerate(rows)
        )
        return UnitsResult(insert_rows(MemberUnit, (*fields, "created_at", "updated_at"), values))


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode("utf-8"))


def good_rows(count: int, start: int = 0) -> list[str]:
    return [f"unit-{n},Unit {n},单位{n}" for n in range(start, start + count)]


def failure(importer, source) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportFailed) as caught:
        importer.run(source, "csv")
    return [(error.line, error.message) for error in caught.value.errors]


def test_a_good_file_is_written_and_logged_once_naming_who_imported(edition):
    clerk = UserFactory()

    result = UnitImporter(edition=edition, by=clerk).run(csv_file(*good_rows(3)), "csv")

    assert result.summary() == "3 units imported."
    assert sorted(MemberUnit.objects.values_list("code", flat=True)) == ["unit-0", "unit-1", "unit-2"]
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor_id, entry.content_type.model, entry.object_id, entry.details) == (
        AuditAction.IMPORT,
        clerk.pk,
        "edition",
        str(edition.pk),
        {"kind": "units", "rows": 3},
    )


def test_the_header_names_the_missing_and_the_repeated_columns(edition, english):
    errors = failure(UnitImporter(edition=edition), csv_file(*good_rows(1), header="code,Code,name_zh,extra"))

    assert errors == [
        (1, "the header lacks the columns name_en. The header row must name these columns: code,name_en,name_zh."),
        (1, "the header has these columns twice: code."),
    ]


def test_the_columns_come_in_any_order_and_case_and_the_optional_ones_are_read_when_named(edition):
    source = csv_file("Unit Z,unit-z,单位Z,Z", header="NAME_EN,code,name_zh,Short_Name_EN")

    UnitImporter(edition=edition).run(source, "csv")

    assert MemberUnit.objects.values_list("code", "name_en", "short_name_en").get() == ("unit-z", "Unit Z", "Z")


def test_a_header_without_rows_is_a_problem_of_the_file(edition, english):
    assert failure(UnitImporter(edition=edition), csv_file()) == [(None, "The file has a header but no rows.")]


def test_an_empty_file_is_a_problem_of_the_file(edition, english):
    assert failure(UnitImporter(edition=edition), io.BytesIO(b"")) == [(None, "The file is empty.")]


def test_every_bad_row_is_named_by_its_line_and_nothing_is_written_or_logged(edition, english):
    source = csv_file("unit-a,Unit A,", "Unit-B,Unit B,", "unit-c,,", "unit-a,Unit A again,", "unit-d,Unit D,")

    errors = failure(UnitImporter(edition=edition, by=UserFactory()), source)

    assert errors == [
        (3, "code “Unit-B” is not in lower case."),
        (4, "name_en is required."),
        (5, "code “unit-a” is also on line 2."),
    ]
    assert not MemberUnit.objects.exists()
    assert not ActivityLog.objects.exists()
    assert str(RowError(3, "x")) == "line 3: x"


@pytest.mark.parametrize("importer_class", [UnitImporter, StreamedUnitImporter])
def test_all_rows_or_none_also_when_the_bad_row_comes_last(edition, importer_class, english):
    source = csv_file(*good_rows(150), "BAD,Bad,")

    errors = failure(importer_class(edition=edition), source)

    assert errors == [(152, "code “BAD” is not in lower case.")]
    assert not MemberUnit.objects.exists()
    assert not ActivityLog.objects.exists()


def test_a_streamed_import_writes_every_row(edition):
    result = StreamedUnitImporter(edition=edition).run(csv_file(*good_rows(250)), "csv")

    assert result.created == 250 == MemberUnit.objects.count()


def test_a_file_with_more_rows_than_the_importer_takes_is_refused(edition, english):
    errors = failure(UnitImporter(edition=edition), csv_file(*good_rows(201)))

    assert errors == [(None, "The file has more than 200 rows. Split it into smaller files.")]
    assert not MemberUnit.objects.exists()


def test_a_closed_edition_refuses_the_import_and_nothing_is_written(edition):
    Edition.objects.filter(pk=edition.pk).update(status="closed")

    with pytest.raises(EditionClosed):
        UnitImporter(edition=edition).run(csv_file(*good_rows(2)), "csv")

    assert not MemberUnit.objects.exists()
    assert not ActivityLog.objects.exists()


def test_a_conflict_met_while_writing_is_a_message_and_nothing_is_kept(edition, english):
    class Conflicting(UnitImporter):
        def write(self, rows):
            result = super().write(rows)
            raise IntegrityError("duplicate key")  # as if someone had written the same meanwhile
            return result

    errors = failure(Conflicting(edition=edition), csv_file(*good_rows(2)))

    assert errors == [(None, "The data changed while the file was being imported. Please try again.")]
    assert not MemberUnit.objects.exists()


@pytest.mark.postgres  # SQLite splits a bulk insert by its 999 variables: more rows, more queries
@pytest.mark.parametrize("importer_class", [UnitImporter, StreamedUnitImporter])
def test_the_queries_do_not_grow_with_the_rows(edition, importer_class):
    counts = []
    for start, count in ((0, 5), (100, 10), (1000, 100)):  # the first fills the caches (content types)
        with CaptureQueriesContext(connection) as queries:
            importer_class(edition=edition).run(csv_file(*good_rows(count, start)), "csv")
        counts.append(len(queries))

    assert counts[1] == counts[2], counts
