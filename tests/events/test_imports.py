import csv
import io
import math
import os
import time

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from events.imports import COLUMNS, AttendeeImportResult, import_attendees
from events.models import CODE_ALPHABET, Attendee
from expo.bulk import BATCH
from expo.models import Edition
from expo.tabular import ImportFailed, RowError
from tests.factories import AttendeeFactory, MemberUnitFactory
from tests.helpers import database_url_of_tests, run_manage

pytestmark = pytest.mark.django_db

ATTENDEE_VALUES = ("kind", "name", "organization", "country", "industry", "email", "phone", "invited_by__code")


def row(name: str, **values: str) -> dict[str, str]:
    """A valid row of a merchant from Korea; ``values`` overrides columns."""
    return {
        "name": name,
        "organization": "Seoul Foods Co., Ltd.",
        "country": "KR",
        "industry": "green food and agricultural products processing",
        "email": f"{name.lower().replace(' ', '.')}@seoulfoods.example.kr",
        "phone": "+82 2 1234 5678",
        "invited_by": "",
        **values,
    }


def csv_file(rows: list[dict[str, str]], *, columns=COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in rows)
    return io.BytesIO(text.getvalue().encode())


def attendee_values(edition) -> list[tuple]:
    return [
        (*values[:3], str(values[3]), *values[4:])  # the country as its code
        for values in Attendee.objects.filter(edition=edition).order_by("name").values_list(*ATTENDEE_VALUES)
    ]


@pytest.fixture
def member_units(db):
    return [
        MemberUnitFactory(code="jilin-city", short_name_en="Jilin", name_en="Jilin City", name_zh="吉林市"),
        MemberUnitFactory(code="commerce", short_name_en="Commerce", name_zh="吉林省商务厅"),
    ]


@pytest.fixture
def bad_rows_file(member_units):
    """Lines 2 and 6 are right; each of the others is wrong in one or more ways."""
    return csv_file(
        [
            row("Kim Min-jun"),
            row("Park Ji-woo", country="Korea"),
            row("", email="not-an-email"),
            row("Ivanov Sergei", country="RU", industry="mining", invited_by="Harbin"),
            row("Sato Hanako", country="JP"),
            row("Batbayar Dorj", country="MN", phone="+976 " + "1" * 36),
            row("Li Wei", country="", email="kim min-jun@seoulfoods.example.kr"),
        ]
    )


BAD_ROWS_ERRORS = [
    RowError(3, "country “Korea” is not an ISO 3166 two-letter country code (CN for China)."),
    RowError(4, "name is required."),
    RowError(4, "Enter a valid email address."),
    RowError(5, "industry “mining” is not one of the 12 industry fields."),
    RowError(5, "invited_by “Harbin” is not a member unit; give its code, English short name or Chinese name."),
    RowError(7, "phone is 41 characters long; at most 40 are allowed."),
    RowError(8, "country is required."),
    RowError(8, "Enter a valid email address."),
]


# The service ---------------------------------------------------------------------------


def test_import_csv_creates_the_attendees(edition, member_units):
    rows_source = csv_file(
        [
            row("Kim Min-jun", invited_by="jilin-city"),
            row("Ivanov Sergei", organization="", country="ru", industry="", email="", phone="", invited_by=""),
            row(
                "佐藤 花子", organization="東京貿易株式会社", country="JP", industry="新材料",
                email="Sato.Hanako@Example.JP", phone="", invited_by="吉林省商务厅",
            ),
        ]
    )  # fmt: skip

    result = import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="merchant")

    assert result == AttendeeImportResult(kind="merchant", created=3, invited=2)
    assert attendee_values(edition) == [
        ("merchant", "Ivanov Sergei", "", "RU", "", "", "", None),
        (
            "merchant", "Kim Min-jun", "Seoul Foods Co., Ltd.", "KR", "green_food",
            "kim.min-jun@seoulfoods.example.kr", "+82 2 1234 5678", "jilin-city",
        ),
        ("merchant", "佐藤 花子", "東京貿易株式会社", "JP", "new_materials", "Sato.Hanako@Example.JP", "", "commerce"),
    ]  # fmt: skip


def test_import_gives_each_attendee_a_badge_code_of_its_own(edition):
    rows_source = csv_file([row(f"Merchant {n}") for n in range(50)])

    import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="online_visitor")

    codes = list(Attendee.objects.filter(edition=edition, kind="online_visitor").values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 50
    assert all(len(code) == 10 and set(code) <= set(CODE_ALPHABET) for code in codes)


def test_import_summary_counts_the_invited(edition, member_units, english):
    rows = [row("Kim Min-jun", invited_by="commerce"), row("Park Ji-woo")]

    result = import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="merchant")

    assert result.summary() == "2 attendees imported as merchant (trade visitor), 1 of them invited by a member unit."


def test_import_with_bad_rows_names_each_line_and_writes_nothing(edition, bad_rows_file, english):
    existing = AttendeeFactory(edition=edition, name="Existing Merchant")

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=bad_rows_file, file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == BAD_ROWS_ERRORS
    assert failed.value.message == "The file has 8 problems; nothing was imported."
    assert str(failed.value.errors[0]) == (
        "line 3: country “Korea” is not an ISO 3166 two-letter country code (CN for China)."
    )
    assert list(Attendee.objects.all()) == [existing]


def test_import_refuses_an_email_twice_in_the_file(edition, english):
    rows = [
        row("Kim Min-jun", email="kim@seoulfoods.example.kr"),
        row("Park Ji-woo"),
        row("Kim Min-jun (again)", email="KIM@SeoulFoods.example.kr"),
        row("Kim Min-jun (thrice)", email="kim@seoulfoods.example.kr"),
    ]

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [
        RowError(4, "email “KIM@SeoulFoods.example.kr” is also on line 2; an email address can appear only once."),
        RowError(5, "email “kim@seoulfoods.example.kr” is also on line 2; an email address can appear only once."),
    ]
    assert Attendee.objects.count() == 0


def test_import_refuses_an_email_already_registered_for_the_edition(edition, english):
    AttendeeFactory(edition=edition, kind="guest", email="kim@seoulfoods.example.kr")
    rows = [row("Park Ji-woo"), row("Kim Min-jun", email="Kim@SeoulFoods.example.kr")]

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [
        RowError(3, "email “Kim@SeoulFoods.example.kr” is already registered for this edition.")
    ]
    assert Attendee.objects.filter(edition=edition).count() == 1


def test_import_with_a_bad_row_after_thousands_of_good_ones_writes_nothing(edition, english):
    # The good rows are on their way to the table (COPY, or a batch of BATCH) when the bad
    # ones come: they must be rolled back, and every bad row still named.
    rows = [row(f"Merchant {n:05d}") for n in range(BATCH + 200)]
    rows[BATCH + 100] = row("Merchant late", country="Atlantis")
    rows.append(row("", email=""))

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="online_visitor")

    assert failed.value.errors == [
        RowError(BATCH + 102, "country “Atlantis” is not an ISO 3166 two-letter country code (CN for China)."),
        RowError(BATCH + 202, "name is required."),
    ]
    assert not Attendee.objects.exists()
    AttendeeFactory(edition=edition)  # the connection is usable again
    assert Attendee.objects.count() == 1


def test_import_of_an_email_registered_meanwhile_fails_and_writes_nothing(edition, monkeypatch, english):
    # Registered after the import read the edition's addresses: the table's unique constraint
    # refuses the row, and the whole import goes.
    monkeypatch.setattr("events.imports._registered_emails", lambda edition: set())
    AttendeeFactory(edition=edition, email="kim@seoulfoods.example.kr")
    rows = [row(f"Merchant {n}") for n in range(30)] + [row("Kim", email="kim@seoulfoods.example.kr")]

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [
        RowError(None, "The attendees of this edition changed while the file was being imported. Please try again.")
    ]
    assert Attendee.objects.filter(edition=edition).count() == 1


def test_import_accepts_an_email_registered_for_another_edition(edition):
    AttendeeFactory(edition=edition.previous, email="kim@seoulfoods.example.kr")

    result = import_attendees(
        rows_source=csv_file([row("Kim Min-jun", email="kim@seoulfoods.example.kr")]),
        file_format="csv",
        edition=edition,
        kind="merchant",
    )

    assert result.created == 1
    assert Attendee.objects.filter(email="kim@seoulfoods.example.kr").count() == 2


@pytest.mark.parametrize("written", ["jilin-city", "JILIN-CITY", "Jilin", "jilin", " JILIN ", "吉林市"])
def test_import_finds_the_inviting_unit_by_code_english_short_name_or_chinese_name(edition, member_units, written):
    rows_source = csv_file([row("Kim Min-jun", invited_by=written)])

    import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="merchant")

    assert Attendee.objects.get().invited_by == member_units[0]


def test_import_refuses_a_short_name_that_several_units_share(edition, member_units, english):
    MemberUnitFactory(code="jilin-province", short_name_en="Jilin", name_zh="吉林省")
    rows = [row("Kim Min-jun", invited_by="jilin"), row("Park Ji-woo", invited_by="jilin-province")]

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file(rows), file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [
        RowError(
            2,
            "invited_by “jilin” is the short name of several member units; give the code of one: "
            "jilin-city, jilin-province.",
        )
    ]


def test_import_without_the_columns_names_them(edition, english):
    columns = [c for c in COLUMNS if c not in ("email", "invited_by")]

    with pytest.raises(ImportFailed) as failed:
        import_attendees(
            rows_source=csv_file([row("Kim Min-jun")], columns=columns),
            file_format="csv",
            edition=edition,
            kind="merchant",
        )

    assert [str(e) for e in failed.value.errors] == [
        "line 1: the header lacks the columns email, invited_by. The header row must name these columns: "
        "name,organization,country,industry,email,phone,invited_by."
    ]


def test_import_of_a_header_without_rows_fails(edition, english):
    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=csv_file([]), file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [RowError(None, "The file has a header but no attendees.")]


def test_import_of_csv_not_in_utf8_names_the_line(edition, english):
    text = "\n".join([",".join(COLUMNS), ",".join(row("Kim Min-jun").values()), ",".join(row("金敏俊").values())])

    with pytest.raises(ImportFailed) as failed:
        import_attendees(
            rows_source=io.BytesIO(text.encode("gbk")), file_format="csv", edition=edition, kind="merchant"
        )

    assert [str(e) for e in failed.value.errors] == [
        "line 3: the file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”."
    ]
    assert Attendee.objects.count() == 0


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_import_reads_csv_with_any_line_ending_and_a_byte_order_mark(edition, newline, english):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(COLUMNS)
    writer.writerow(row("Kim Min-jun", organization="Seoul Foods\r\nGangnam branch").values())
    writer.writerow(row("Park Ji-woo", country="").values())
    rows_source = io.BytesIO(("\ufeff" + text.getvalue()).encode())

    with pytest.raises(ImportFailed) as failed:
        import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="merchant")

    assert failed.value.errors == [RowError(4, "country is required.")]


def test_import_reads_xlsx_too(edition):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["Kim Min-jun", "", "KR", "", "kim@seoulfoods.example.kr", 821012345678, ""])
    rows_source = io.BytesIO()
    workbook.save(rows_source)
    rows_source.seek(0)

    import_attendees(rows_source=rows_source, file_format="xlsx", edition=edition, kind="merchant")

    assert Attendee.objects.values_list("name", "phone").get() == ("Kim Min-jun", "821012345678")


@pytest.mark.parametrize("kind", ["media", "guest", "visitor"])
def test_import_refuses_kinds_registered_otherwise(edition, kind):
    with pytest.raises(ValueError, match=f"attendees of kind '{kind}' are not imported from files"):
        import_attendees(rows_source=csv_file([row("Kim Min-jun")]), file_format="csv", edition=edition, kind=kind)


@pytest.mark.parametrize("row_count", [10, 1000])
def test_import_runs_a_number_of_queries_that_does_not_grow_with_the_rows(
    edition, member_units, row_count, django_assert_max_num_queries
):
    AttendeeFactory.create_batch(3, edition=edition)
    rows_source = csv_file(
        [row(f"Merchant {n:04d}", invited_by=("Jilin", "commerce", "")[n % 3]) for n in range(row_count)]
    )
    # The member units, the edition's emails, the savepoint and its release, the edition's
    # status, and the inserts: one COPY on PostgreSQL, elsewhere one executemany for each 5,000
    # rows (expo.bulk.BATCH); the activity log's row. Its object type is cached by the process
    # (read here first, whichever test ran before in this process).
    ContentType.objects.get_for_model(Edition)
    inserts = 1 if connection.vendor == "postgresql" else math.ceil(row_count / BATCH)

    with django_assert_max_num_queries(6 + inserts):
        result = import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="merchant")

    assert result.created == row_count
    assert Attendee.objects.filter(edition=edition).count() == row_count + 3


@pytest.mark.slow
@pytest.mark.postgres
def test_import_of_210000_rows(edition, tmp_path, capsys):
    units = [MemberUnitFactory() for _ in range(5)]
    AttendeeFactory.create_batch(1000, edition=edition)
    countries = ["KR", "JP", "RU", "MN", "CN", "DE", "US"]
    industries = [
        "green food and agricultural products processing",
        "新材料",
        "automobile",
        "",
        "Equipment Manufacturing",
    ]
    invited_by = [units[0].code, units[1].short_name_en, units[2].name_zh.upper(), units[3].code, units[4].code, ""]
    path = tmp_path / "merchants.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for n in range(210_000):
            writer.writerow(
                [
                    f"商户 Merchant {n}",
                    f"Northeast Asia Trading Co. No. {n % 7000}",
                    countries[n % len(countries)],
                    industries[n % len(industries)],
                    f"merchant.{n}@trade{n % 100}.example.com" if n % 10 else "",
                    f"+86 431 {n:08d}",
                    invited_by[n % len(invited_by)],
                ]
            )

    started = time.monotonic()
    with path.open("rb") as rows_source:
        result = import_attendees(rows_source=rows_source, file_format="csv", edition=edition, kind="merchant")
    took = time.monotonic() - started

    with capsys.disabled():
        print(f"\n210,000 attendees imported in {took:.1f} s")
    assert result == AttendeeImportResult(kind="merchant", created=210_000, invited=175_000)
    assert Attendee.objects.filter(edition=edition).count() == 211_000
    assert Attendee.objects.filter(edition=edition, invited_by=units[2]).count() == 35_000


# The management command ----------------------------------------------------------------


def test_command_imports_the_file_and_prints_the_count_and_time(edition, member_units, tmp_path, english):
    path = tmp_path / "merchants.csv"
    path.write_bytes(csv_file([row("Kim Min-jun", invited_by="Commerce"), row("Park Ji-woo")]).getvalue())
    stdout = io.StringIO()

    call_command("import_attendees", str(path), "--edition", "13", "--kind", "merchant", stdout=stdout)

    assert stdout.getvalue().startswith(
        "2 attendees imported as merchant (trade visitor), 1 of them invited by a member unit. Time taken: "
    )
    assert stdout.getvalue().endswith(" s.\n")
    assert attendee_values(edition)[0][:2] == ("merchant", "Kim Min-jun")


def test_command_prints_each_bad_row_to_stderr(edition, bad_rows_file, tmp_path, english):
    path = tmp_path / "merchants.csv"
    path.write_bytes(bad_rows_file.getvalue())
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="^The file has 8 problems; nothing was imported.$"):
        call_command("import_attendees", str(path), "--edition", "13", "--kind", "merchant", stderr=stderr)

    assert stderr.getvalue().splitlines() == [str(e) for e in BAD_ROWS_ERRORS]
    assert Attendee.objects.count() == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_command_with_bad_rows_exits_non_zero_and_imports_nothing(edition, bad_rows_file, tmp_path):
    path = tmp_path / "merchants.csv"
    path.write_bytes(bad_rows_file.getvalue())
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(ImportFailed) as failed:
        import_attendees(
            rows_source=io.BytesIO(bad_rows_file.getvalue()), file_format="csv", edition=edition, kind="merchant"
        )

    result = run_manage(
        "import_attendees", str(path), "--edition", "13", "--kind", "online_visitor",
        env={**os.environ, "DATABASE_URL": database_url_of_tests()},
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *(str(e) for e in failed.value.errors),
        f"CommandError: {failed.value.message}",
    ]
    assert Attendee.objects.count() == 0


def test_command_refuses_other_kinds(edition, tmp_path):
    path = tmp_path / "guests.csv"
    path.write_bytes(csv_file([row("Kim Min-jun")]).getvalue())

    with pytest.raises(CommandError, match="argument --kind: invalid choice: 'guest'"):
        call_command("import_attendees", str(path), "--edition", "13", "--kind", "guest")


def test_command_refuses_an_unknown_edition(edition, tmp_path):
    path = tmp_path / "merchants.csv"
    path.write_bytes(csv_file([row("Kim Min-jun")]).getvalue())

    with pytest.raises(CommandError, match="^There is no edition number 99.$"):
        call_command("import_attendees", str(path), "--edition", "99", "--kind", "merchant")
