import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from delegations.imports import COLUMNS, ImportFailed, import_delegates
from delegations.models import Delegate, Delegation, InvitationChange
from tests.delegations.factories import DelegateFactory, DelegationFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = [
    "foreign,ru,Алексей Орлов,Aleksey Orlov,Deputy Minister,Ministry of Economic Development,male,Russian,4,yes,yes,75 1234567,1966-04-02,+7 495 123 45 67",
    "foreign,RU,Ольга Беляева,Olga Belyaeva,Director,,female,Russian,5,,no,,,",
    "central,Ministry of Commerce,王建国,Wang Jianguo,副部长,商务部,male,Chinese,4,yes,,,,",
    "provincial,liaoning,李海燕,Li Haiyan,副省长,辽宁省人民政府,female,Chinese,4,,yes,,,",
]


def _csv(*rows: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *rows]) + "\n").encode())


def test_import_creates_delegations_and_delegates(edition13, english):
    result = import_delegates(rows_source=_csv(*GOOD), file_format="csv", edition=edition13)

    assert (result.rows, result.delegations_created, result.delegates_created, result.delegates_updated) == (4, 3, 4, 0)
    orlov = Delegate.objects.get(name_latin="Aleksey Orlov")
    assert (orlov.delegation.country.code, orlov.rank, orlov.is_head, orlov.attended) == ("RU", 4, True, True)
    assert (orlov.passport_number, orlov.date_of_birth.isoformat()) == ("751234567", "1966-04-02")
    assert Delegation.objects.get(origin_kind="provincial").province == "Liaoning"
    assert InvitationChange.objects.filter(to_status="draft").count() == 3
    assert result.summary() == "4 rows imported. Delegations created: 3. Delegates: 4 created, 0 updated."


def test_import_updates_by_name_and_moves_the_head(edition13, english):
    russia = DelegationFactory(edition=edition13, country="RU")
    old_head = DelegateFactory(delegation=russia, name_latin="Pavel Gromov", is_head=True)
    DelegateFactory(delegation=russia, name_latin="Aleksey Orlov", rank=6, is_head=False)

    result = import_delegates(rows_source=_csv(GOOD[0]), file_format="csv", edition=edition13)

    assert (result.delegations_created, result.delegates_created, result.delegates_updated) == (0, 0, 1)
    old_head.refresh_from_db()
    assert old_head.is_head is False
    assert Delegate.objects.get(name_latin="Aleksey Orlov").rank == 4


def test_import_of_xlsx(edition13, english):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "foreign",
            "MN",
            "Дорж Батбаяр",
            "Dorj Batbayar",
            "Minister",
            "",
            "male",
            "Mongolian",
            3,
            "yes",
            "yes",
            "E1234567",
            None,
            97699112233,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    import_delegates(rows_source=buffer, file_format="xlsx", edition=edition13)

    assert Delegate.objects.get().phone == "97699112233"


def test_import_names_every_bad_row_by_its_line_and_writes_nothing(edition13, english):
    rows = [
        GOOD[0],
        "foreign,XX,,Nobody,,,,,4,,,,,",
        "central,,王,Wang,,,,,3,,,,,",
        "provincial,Atlantis,,Someone,,,,,9,,,,,",
        "foreign,RU,,Aleksey Orlov,,,,,5,,,,,",
        "foreign,DE,,Anna Vogel,,,other,,4,maybe,,,1970-13-01,",
        "galactic,Mars,,,,,,,,,,,,",
    ]

    with pytest.raises(ImportFailed) as failed:
        import_delegates(rows_source=_csv(*rows), file_format="csv", edition=edition13)

    problems = [(e.line, e.message) for e in failed.value.errors]
    assert problems == [
        (3, "country “XX” is not an ISO 3166 two-letter country code (CN for China)."),
        (4, "origin is required."),
        (5, "province “Atlantis” is not a Chinese province written in English, e.g. Liaoning."),
        (5, "rank “9” is not a number from 1 to 6."),
        (6, "this delegate is also on line 2 of the same delegation."),
        (7, "gender “other” is not female or male."),
        (7, "date_of_birth “1970-13-01” is not a date written as YYYY-MM-DD."),
        (7, "head “maybe” is not yes or no."),
        (8, "rank is required."),
        (8, "Give the delegate's name in the original script or in Latin letters."),
        (8, "origin_kind “galactic” is not foreign, central or provincial."),
    ]
    assert failed.value.message == "The file has 11 problems; nothing was imported."
    assert not Delegation.objects.exists()
    assert not Delegate.objects.exists()


def test_import_refuses_two_heads_of_one_delegation(edition13, english):
    rows = [GOOD[0], "foreign,RU,,Pavel Gromov,,,,,3,yes,,,,"]

    with pytest.raises(ImportFailed) as failed:
        import_delegates(rows_source=_csv(*rows), file_format="csv", edition=edition13)

    assert [(e.line, e.message) for e in failed.value.errors] == [
        (3, "line 2 already names the head of this delegation.")
    ]


def test_import_command_prints_bad_lines_and_exits_non_zero(edition13, tmp_path, capsys, english):
    path = tmp_path / "delegates.csv"
    path.write_text("\n".join([HEADER, GOOD[0], "foreign,RU,,Somebody,,,,,seven,,,,,"]) + "\n", encoding="utf-8")

    with pytest.raises(CommandError) as failed:
        call_command("import_delegates", str(path), "--edition", "13")

    assert "line 3: rank “seven” is not a number from 1 to 6." in capsys.readouterr().err
    assert str(failed.value) == "The file has 1 problem; nothing was imported."
    assert not Delegate.objects.exists()


def test_import_command_imports_a_good_file(edition13, tmp_path, capsys, english):
    path = tmp_path / "delegates.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")

    call_command("import_delegates", str(path), "--edition", "13")

    assert Delegate.objects.count() == 4
    assert "4 rows imported." in capsys.readouterr().out


def test_admin_import_view_is_for_the_protocol_office(client, edition13, protocol_user, other_staff):
    client.force_login(other_staff)
    assert client.get("/admin/delegations/delegate/import/").status_code == 403

    client.force_login(protocol_user)
    upload = io.BytesIO(("\n".join([HEADER, *GOOD]) + "\n").encode())
    upload.name = "delegates.csv"
    response = client.post("/admin/delegations/delegate/import/", {"file": upload, "edition": edition13.pk})

    assert response.status_code == 302
    assert Delegate.objects.count() == 4


def test_admin_import_view_lists_the_bad_lines(client, edition13, protocol_user):
    client.force_login(protocol_user)
    upload = io.BytesIO(("\n".join([HEADER, GOOD[0], "foreign,ZZ,,Nobody,,,,,4,,,,,"]) + "\n").encode())
    upload.name = "delegates.csv"

    response = client.post("/admin/delegations/delegate/import/", {"file": upload, "edition": edition13.pk})

    assert response.status_code == 200
    assert [(e.line, e.message) for e in response.context["failure"].errors] == [
        (3, "country “ZZ” is not an ISO 3166 two-letter country code (CN for China).")
    ]
    assert not Delegate.objects.exists()


def test_import_takes_the_letters_names_and_titles_when_the_file_has_them(edition13, english):
    russia = DelegationFactory(edition=edition13, country="RU")
    kept = DelegateFactory(
        delegation=russia, name_latin="Olga Belyaeva", rank=5, name_zh="奥尔加·别利亚耶娃", title_zh="司长"
    )
    header = f"{HEADER},title_en,Name_ZH,title_zh"
    rows = [
        f"{GOOD[0]},Deputy Minister of Economic Development,阿列克谢·奥尔洛夫,经济发展部副部长",
        f"{GOOD[2]},Vice Minister of Commerce,,",
    ]

    import_delegates(rows_source=io.BytesIO("\n".join([header, *rows]).encode()), file_format="csv", edition=edition13)
    # A file without the optional columns leaves them as they are.
    import_delegates(rows_source=_csv(GOOD[1]), file_format="csv", edition=edition13)

    orlov = Delegate.objects.get(name_latin="Aleksey Orlov")
    assert (orlov.name_zh, orlov.title_zh, orlov.title_en) == (
        "阿列克谢·奥尔洛夫",
        "经济发展部副部长",
        "Deputy Minister of Economic Development",
    )
    assert Delegate.objects.get(name_latin="Wang Jianguo").title_en == "Vice Minister of Commerce"
    kept.refresh_from_db()
    assert (kept.name_zh, kept.title_zh) == ("奥尔加·别利亚耶娃", "司长")


def test_import_refuses_a_too_long_title_in_an_optional_column(edition13, english):
    header = f"{HEADER},title_en"

    with pytest.raises(ImportFailed) as failed:
        import_delegates(
            rows_source=io.BytesIO(f"{header}\n{GOOD[0]},{'x' * 301}\n".encode()), file_format="csv", edition=edition13
        )

    assert [error.line for error in failed.value.errors] == [2]
    assert "title_en" in failed.value.errors[0].message
