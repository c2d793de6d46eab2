import csv
import io
import os
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from exhibitors.imports import COLUMNS, ImportFailed, ImportResult, RowError, import_exhibitors
from exhibitors.models import Exhibitor, Participation
from expo.enums import Industry
from tests.factories import ExhibitorFactory, OrganizerFactory, ParticipationFactory, PavilionFactory, UserFactory
from tests.helpers import database_url_of_tests, run_manage

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/exhibitors/exhibitor/import/"
EXHIBITOR_VALUES = (
    "name", "name_en", "kind", "country", "province", "city", "industry",
    "contact_name", "contact_phone", "contact_email", "website",
)  # fmt: skip


def row(name: str, **values: str) -> dict[str, str]:
    """A valid row of a domestic enterprise; ``values`` overrides columns."""
    return {
        "name": name,
        "name_en": "",
        "kind": "enterprise",
        "country": "CN",
        "province": "Jilin",
        "city": "Changchun",
        "industry": "automobile and parts processing",
        "contact_name": "王芳",
        "contact_phone": "0431-8888 0000",
        "contact_email": "wang.fang@example.cn",
        "website": "",
        "mode": "offline",
        "pavilion": "",
        **values,
    }


def csv_file(rows: list[dict[str, str]], *, bom: bool = False, columns=COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in rows)
    return io.BytesIO(("\ufeff" if bom else "").encode() + text.getvalue().encode())


def xlsx_file(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def exhibitor_values() -> list[tuple]:
    return [
        (*values[:3], str(values[3]), *values[4:])  # the country as its code
        for values in Exhibitor.objects.order_by("name").values_list(*EXHIBITOR_VALUES)
    ]


def participation_values(edition) -> list[tuple]:
    return list(
        Participation.objects.filter(edition=edition)
        .order_by("exhibitor__name")
        .values_list("exhibitor__name", "mode", "pavilion__code")
    )


@pytest.fixture
def pavilions(edition):
    return [PavilionFactory(edition=edition, code="automobile"), PavilionFactory(edition=edition, code="jilin")]


@pytest.fixture
def bad_rows_file(pavilions):
    """Lines 2 and 5 are right; each of the others is wrong in one or more ways."""
    return csv_file(
        [
            row("长春汽车零部件有限公司"),
            row("Mining Corp", country="AU", province="", industry="mining"),
            row("吉林化纤集团", province="", contact_email="not-an-email"),
            row("Deutsche Maschinen GmbH", country="DE", province="", industry="equipment manufacturing"),
            row("长春汽车零部件有限公司", mode="onsite"),
            row("Seoul Foods", country="KR", province="Jilin", pavilion="food"),
            row("", country="XX", province="", kind="company", contact_name=""),
        ]
    )


BAD_ROWS_ERRORS = [
    RowError(3, "industry “mining” is not one of the 12 industry fields."),
    RowError(4, "Domestic exhibitors give their province."),
    RowError(4, "contact_email “not-an-email” is not a valid email address."),
    RowError(6, "name “长春汽车零部件有限公司” is also on line 2; a name can appear only once."),
    RowError(6, "mode “onsite” is not offline, online or both."),
    RowError(7, "Leave the province empty for exhibitors from outside mainland China's provinces."),
    RowError(7, "pavilion “food” is not a pavilion of this edition (its pavilions: automobile, jilin)."),
    RowError(8, "name is required."),
    RowError(8, "contact_name is required."),
    RowError(8, "kind “company” is not enterprise or institution."),
    RowError(8, "country “XX” is not an ISO 3166 two-letter country code (CN for China)."),
]


# The service ---------------------------------------------------------------------------


def test_import_csv_creates_exhibitors_and_participations(edition, pavilions):
    rows_source = csv_file(
        [
            row("长春汽车零部件有限公司", name_en="Changchun Auto Parts Co., Ltd.", mode="both", pavilion="automobile"),
            row(
                "Deutsche Maschinen GmbH", kind="institution", country="de", province="", city="Stuttgart",
                industry="Equipment Manufacturing", contact_name="Anna Schmidt", contact_phone="+49 711 000000",
                contact_email="anna@maschinen.example.de", website="www.maschinen.example.de", mode="online",
            ),
        ]
    )  # fmt: skip

    result = import_exhibitors(rows_source=rows_source, file_format="csv", edition=edition)

    assert result == ImportResult(
        rows=2,
        exhibitors_created=2,
        exhibitors_updated=0,
        exhibitors_unchanged=0,
        participations_created=2,
        participations_updated=0,
        participations_unchanged=0,
    )
    assert exhibitor_values() == [
        (
            "Deutsche Maschinen GmbH", "", "institution", "DE", "", "Stuttgart", "equipment",
            "Anna Schmidt", "+49 711 000000", "anna@maschinen.example.de", "https://www.maschinen.example.de",
        ),
        (
            "长春汽车零部件有限公司", "Changchun Auto Parts Co., Ltd.", "enterprise", "CN", "Jilin", "Changchun", "automobile",
            "王芳", "0431-8888 0000", "wang.fang@example.cn", "",
        ),
    ]  # fmt: skip
    assert participation_values(edition) == [
        ("Deutsche Maschinen GmbH", "online", None),
        ("长春汽车零部件有限公司", "both", "automobile"),
    ]


def test_import_xlsx_creates_exhibitors_and_participations(edition, pavilions):
    rows_source = xlsx_file(
        [
            ["吉林省文化旅游集团", "Jilin Culture and Tourism Group", "", "CN", "jilin", "Jilin", "文化旅游",
             "李明", 13912345678, "li.ming@example.cn", "https://www.jlwl.example.cn", "offline", "Jilin"],
            [None] * len(COLUMNS),
            ["Seoul Foods", None, "enterprise", "KR", None, "Seoul", "green_food",
             "Kim Min-jun", "+82 2 0000 0000", "kim@seoulfoods.example.kr", None, "Both", None],
        ]
    )  # fmt: skip

    result = import_exhibitors(rows_source=rows_source, file_format="xlsx", edition=edition)

    assert (result.rows, result.exhibitors_created, result.participations_created) == (2, 2, 2)
    assert exhibitor_values() == [
        (
            "Seoul Foods", "", "enterprise", "KR", "", "Seoul", "green_food",
            "Kim Min-jun", "+82 2 0000 0000", "kim@seoulfoods.example.kr", "",
        ),
        (
            "吉林省文化旅游集团", "Jilin Culture and Tourism Group", "enterprise", "CN", "Jilin", "Jilin", "cultural_tourism",
            "李明", "13912345678", "li.ming@example.cn", "https://www.jlwl.example.cn",
        ),
    ]  # fmt: skip
    assert participation_values(edition) == [("Seoul Foods", "both", None), ("吉林省文化旅游集团", "offline", "jilin")]


def test_import_with_bad_rows_names_each_line_and_writes_nothing(edition, bad_rows_file, english):
    existing = ExhibitorFactory(name="Deutsche Maschinen GmbH", country="DE", province="", industry="new_materials")
    ParticipationFactory(exhibitor=existing, edition=edition, mode="online")
    before = exhibitor_values()

    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=bad_rows_file, file_format="csv", edition=edition)

    assert failed.value.errors == BAD_ROWS_ERRORS
    assert failed.value.message == "The file has 11 problems; nothing was imported."
    assert str(failed.value.errors[0]) == "line 3: industry “mining” is not one of the 12 industry fields."
    assert exhibitor_values() == before
    assert participation_values(edition) == [("Deutsche Maschinen GmbH", "online", None)]


def test_import_updates_the_exhibitor_of_the_same_name(edition, pavilions):
    exhibitor = ExhibitorFactory(
        name="长春汽车零部件有限公司", contact_email="old@example.cn", description="Kept as it is."
    )
    ParticipationFactory(exhibitor=exhibitor, edition=edition, mode="online", pavilion=pavilions[0])
    rows_source = csv_file([row("长春汽车零部件有限公司", contact_email="new@example.cn", mode="both"), row("新公司")])

    result = import_exhibitors(rows_source=rows_source, file_format="csv", edition=edition)

    assert (result.exhibitors_created, result.exhibitors_updated, result.exhibitors_unchanged) == (1, 1, 0)
    assert (result.participations_created, result.participations_updated) == (1, 1)
    exhibitor.refresh_from_db()
    assert (exhibitor.contact_email, exhibitor.industry, exhibitor.description) == (
        "new@example.cn",
        "automobile",
        "Kept as it is.",
    )
    assert Exhibitor.objects.count() == 2
    # An empty pavilion cell keeps the pavilion the exhibitor already has.
    assert participation_values(edition) == [
        ("新公司", "offline", None),
        ("长春汽车零部件有限公司", "both", "automobile"),
    ]


def test_import_of_the_same_file_again_changes_nothing(edition, pavilions):
    rows = [row("长春汽车零部件有限公司", pavilion="automobile"), row("Seoul Foods", country="KR", province="")]
    import_exhibitors(rows_source=csv_file(rows), file_format="csv", edition=edition)

    result = import_exhibitors(rows_source=csv_file(rows), file_format="csv", edition=edition)

    assert result == ImportResult(
        rows=2,
        exhibitors_created=0,
        exhibitors_updated=0,
        exhibitors_unchanged=2,
        participations_created=0,
        participations_updated=0,
        participations_unchanged=2,
    )


def test_import_accepts_the_industry_fields_by_chinese_name(edition):
    chinese = ["新能源和清洁能源", "新材料", "医药健康", "绿色食品及农产品加工", "文化旅游", "汽车及零部件加工",
               "石油化工", "装备制造", "电子信息及高新技术", "冶金建材", "轻工纺织", "现代服务业"]  # fmt: skip
    rows = [row(f"公司{n:02d}", industry=name) for n, name in enumerate(chinese)]

    import_exhibitors(rows_source=csv_file(rows), file_format="csv", edition=edition)

    assert list(Exhibitor.objects.order_by("name").values_list("industry", flat=True)) == Industry.values


@pytest.mark.parametrize(
    "written", ["new materials", "NEW MATERIALS", "  New   Materials ", "new_materials", "新材料", " 新材料 "]
)
def test_import_accepts_industry_in_any_letter_case_or_by_value(edition, written):
    import_exhibitors(rows_source=csv_file([row("公司", industry=written)]), file_format="csv", edition=edition)

    assert Exhibitor.objects.get().industry == "new_materials"


def test_import_accepts_csv_with_byte_order_mark(edition):
    rows_source = csv_file([row("长春汽车零部件有限公司")], bom=True)

    result = import_exhibitors(rows_source=rows_source, file_format="csv", edition=edition)

    assert result.exhibitors_created == 1
    assert Exhibitor.objects.get().name == "长春汽车零部件有限公司"


def test_import_of_csv_not_in_utf8_names_the_line(edition, english):
    foreign = row("Seoul Foods", country="KR", province="", contact_name="Kim Min-jun")
    text = "\n".join([",".join(COLUMNS), ",".join(foreign.values()), ",".join(row("长春汽车零部件有限公司").values())])

    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=io.BytesIO(text.encode("gbk")), file_format="csv", edition=edition)

    assert [str(e) for e in failed.value.errors] == [
        "line 3: the file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”."
    ]
    assert Exhibitor.objects.count() == 0


def test_import_names_the_line_of_a_row_after_a_value_on_two_lines(edition, english):
    rows_source = csv_file([row("Seoul Foods", country="KR", province="", city="Seoul\nGangnam"), row("Bad", mode="")])

    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=rows_source, file_format="csv", edition=edition)

    assert failed.value.errors == [RowError(4, "mode is required.")]


def test_import_without_the_required_columns_names_them(edition, english):
    columns = [c for c in COLUMNS if c not in ("industry", "mode")]

    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=csv_file([row("公司")], columns=columns), file_format="csv", edition=edition)

    assert [str(e) for e in failed.value.errors] == [
        "line 1: the header lacks the columns industry, mode. The header row must name these columns: "
        "name,name_en,kind,country,province,city,industry,contact_name,contact_phone,contact_email,website,mode,pavilion."
    ]


def test_import_of_a_damaged_xlsx_fails_cleanly(edition, english):
    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=io.BytesIO(b"name,country\n"), file_format="xlsx", edition=edition)

    assert failed.value.errors == [RowError(None, "The file is not an Excel workbook (.xlsx) that can be read.")]


@pytest.mark.postgres  # SQLite splits a bulk insert by its 999 variables: more rows, more queries
@pytest.mark.parametrize("row_count", [10, 200])
def test_import_runs_a_bounded_number_of_queries(edition, pavilions, row_count, django_assert_max_num_queries):
    # Half of the rows update exhibitors that exist, with their participation, half create.
    for n in range(0, row_count, 2):
        ParticipationFactory(exhibitor=ExhibitorFactory(name=f"公司{n:04d}"), edition=edition, mode="online")
    rows_source = csv_file([row(f"公司{n:04d}", pavilion="jilin") for n in range(row_count)])

    # 9 queries for 10 rows. Django assumes SQLite takes at most 999 parameters a statement
    # and splits the bulk statements of 200 rows in two (11 queries); PostgreSQL runs 9. Plus
    # the activity log's row, and its object type when the process has not cached it yet.
    with django_assert_max_num_queries(13):
        result = import_exhibitors(rows_source=rows_source, file_format="csv", edition=edition)

    assert (result.exhibitors_created, result.exhibitors_updated) == (row_count // 2, row_count // 2)
    assert (result.participations_created, result.participations_updated) == (row_count // 2, row_count // 2)


# The management command ----------------------------------------------------------------


def test_command_imports_the_file_and_prints_the_counts(edition, pavilions, tmp_path, english):
    path = tmp_path / "exhibitors.csv"
    path.write_bytes(csv_file([row("长春汽车零部件有限公司", pavilion="automobile")]).getvalue())
    stdout = io.StringIO()

    call_command("import_exhibitors", str(path), "--edition", "13", stdout=stdout)

    summary, took = stdout.getvalue().split(" Time taken: ")
    assert summary == (
        "1 row imported. Exhibitors: 1 created, 0 updated, 0 unchanged. "
        "Participations in the edition: 1 created, 0 updated, 0 unchanged."
    )
    assert re.fullmatch(r"\d+\.\d s\.\n", took)
    assert participation_values(edition) == [("长春汽车零部件有限公司", "offline", "automobile")]


def test_command_prints_each_bad_row_to_stderr(edition, bad_rows_file, tmp_path, english):
    path = tmp_path / "exhibitors.csv"
    path.write_bytes(bad_rows_file.getvalue())
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="^The file has 11 problems; nothing was imported.$"):
        call_command("import_exhibitors", str(path), "--edition", "13", stderr=stderr)

    assert stderr.getvalue().splitlines() == [str(e) for e in BAD_ROWS_ERRORS]
    assert Exhibitor.objects.count() == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_command_with_bad_rows_exits_non_zero_and_imports_nothing(edition, bad_rows_file, tmp_path):
    path = tmp_path / "exhibitors.csv"
    path.write_bytes(bad_rows_file.getvalue())
    with translation.override(settings.LANGUAGE_CODE):
        with pytest.raises(ImportFailed) as failed:
            import_exhibitors(rows_source=io.BytesIO(bad_rows_file.getvalue()), file_format="csv", edition=edition)
        expected = [*(str(e) for e in failed.value.errors), f"CommandError: {failed.value.message}"]

    result = run_manage(
        "import_exhibitors", str(path), "--edition", "13", env={**os.environ, "DATABASE_URL": database_url_of_tests()}
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected
    assert Exhibitor.objects.count() == 0


def test_command_refuses_other_kinds_of_file(edition, tmp_path, english):
    path = tmp_path / "exhibitors.xls"
    path.write_bytes(b"")
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="^The file has 1 problem; nothing was imported.$"):
        call_command("import_exhibitors", str(path), "--edition", "13", stderr=stderr)

    assert stderr.getvalue() == "Only .csv and .xlsx files can be imported; “exhibitors.xls” is neither.\n"


def test_command_refuses_an_unknown_edition(edition, tmp_path):
    path = tmp_path / "exhibitors.csv"
    path.write_bytes(csv_file([row("公司")]).getvalue())

    with pytest.raises(CommandError, match="^There is no edition number 99.$"):
        call_command("import_exhibitors", str(path), "--edition", "99")


# The admin -----------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


def upload(rows_source: io.BytesIO, name: str = "exhibitors.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, rows_source.getvalue())


def test_admin_changelist_links_to_the_import(superuser_client):
    response = superuser_client.get("/admin/exhibitors/exhibitor/", HTTP_ACCEPT_LANGUAGE="en")

    assert f'<a href="{IMPORT_URL}">Import exhibitors</a>' in response.content.decode()


def test_admin_import_view_imports_the_file(superuser_client, edition, pavilions):
    rows_source = csv_file([row("长春汽车零部件有限公司", pavilion="automobile"), row("新公司")])

    response = superuser_client.post(
        IMPORT_URL, {"file": upload(rows_source), "edition": edition.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert response.redirect_chain == [("/admin/exhibitors/exhibitor/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "2 rows imported. Exhibitors: 2 created, 0 updated, 0 unchanged. "
        "Participations in the edition: 2 created, 0 updated, 0 unchanged."
    ]
    assert participation_values(edition) == [
        ("新公司", "offline", None),
        ("长春汽车零部件有限公司", "offline", "automobile"),
    ]


def test_admin_import_view_imports_an_xlsx_file(superuser_client, edition):
    rows_source = xlsx_file([list(row("Seoul Foods", country="KR", province="").values())])

    response = superuser_client.post(
        IMPORT_URL, {"file": upload(rows_source, "exhibitors.xlsx"), "edition": edition.pk}
    )

    assert response.status_code == 302
    assert Exhibitor.objects.get().name == "Seoul Foods"


def test_admin_import_view_shows_each_bad_row(superuser_client, edition, bad_rows_file):
    response = superuser_client.post(
        IMPORT_URL, {"file": upload(bad_rows_file), "edition": edition.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["failure"].errors == BAD_ROWS_ERRORS
    html = response.content.decode()
    assert "The file has 11 problems; nothing was imported." in html
    assert "<tr><td>3</td><td>industry “mining” is not one of the 12 industry fields.</td></tr>" in html
    assert Exhibitor.objects.count() == 0


@pytest.mark.parametrize("name", ["exhibitors.xls", "exhibitors.txt", "exhibitors"])
def test_admin_import_view_accepts_only_csv_and_xlsx(superuser_client, edition, name):
    response = superuser_client.post(
        IMPORT_URL, {"file": upload(csv_file([row("公司")]), name), "edition": edition.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [f"Only .csv and .xlsx files can be imported; “{name}” is neither."]
    }
    assert Exhibitor.objects.count() == 0


def test_admin_import_view_refuses_a_file_over_the_limit(superuser_client, edition, monkeypatch):
    from exhibitors.forms import ExhibitorImportForm

    monkeypatch.setattr(ExhibitorImportForm, "MAX_BYTES", 1024)
    rows_source = csv_file([row(f"公司{n}") for n in range(20)])

    response = superuser_client.post(
        IMPORT_URL, {"file": upload(rows_source), "edition": edition.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    size = len(rows_source.getvalue()) / 1024
    assert response.context["form"].errors == {
        "file": [f"The file is {size:.1f}\xa0KB; the limit is 1.0\xa0KB. Split it into smaller files."]
    }
    assert Exhibitor.objects.count() == 0


def test_admin_import_view_is_open_to_the_exhibition_office(client, edition):
    client.force_login(OrganizerFactory(offices=["exhibition"]))

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    assert response.context["form"]["edition"].value() == edition.pk


def test_admin_import_view_sends_non_staff_users_to_the_login(client, edition):
    client.force_login(UserFactory())

    get = client.get(IMPORT_URL)
    post = client.post(IMPORT_URL, {"file": upload(csv_file([row("公司")])), "edition": edition.pk})

    assert (get.status_code, get["Location"]) == (302, f"/admin/login/?next={IMPORT_URL}")
    assert post.status_code == 302
    assert Exhibitor.objects.count() == 0


def test_admin_import_view_refuses_staff_without_add_permission(client, edition):
    user = OrganizerFactory()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="exhibitors", codename__in=["view_exhibitor", "change_exhibitor"]
        )
    )
    client.force_login(user)

    get = client.get(IMPORT_URL)
    post = client.post(IMPORT_URL, {"file": upload(csv_file([row("公司")])), "edition": edition.pk})
    changelist = client.get("/admin/exhibitors/exhibitor/")

    assert (get.status_code, post.status_code) == (403, 403)
    assert Exhibitor.objects.count() == 0
    assert IMPORT_URL not in changelist.content.decode()
