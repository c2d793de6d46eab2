import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from projects.exports import HEADER
from projects.imports import COLUMNS
from projects.models import Project, ProjectChange
from tests.factories import EventFactory, MemberUnitUserFactory, OrganizerFactory, exhibitor_user
from tests.projects.factories import MunicipalityFactory, ProjectFactory, SignedProjectFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def staff_client(client):
    client.force_login(OrganizerFactory())
    return client


@pytest.fixture
def admin_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


# The statistics page -----------------------------------------------------------------------


def test_staff_page_redirects_to_the_current_edition(staff_client, edition13):
    response = staff_client.get("/staff/projects/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/projects/13/"


@pytest.mark.parametrize("make_user", [MemberUnitUserFactory, exhibitor_user])
@pytest.mark.parametrize("url", ["/staff/projects/", "/staff/projects/13/", "/staff/projects/13/projects.xlsx"])
def test_staff_pages_refuse_member_units_and_exhibitors(client, edition13, make_user, url):
    client.force_login(make_user())

    assert client.get(url).status_code == 403


def test_staff_pages_send_anonymous_users_to_login(client, edition13):
    assert client.get("/staff/projects/13/")["Location"] == "/accounts/login/?next=/staff/projects/13/"


def test_staff_page_shows_amounts_in_billions_for_english_readers(staff_client, editions):
    twelfth, thirteenth = editions
    SignedProjectFactory(edition=twelfth, investment_yuan=Decimal("55579287104.28"))
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("117100000000.00"))

    page = staff_client.get("/staff/projects/13/", **EN).content.decode()

    assert "117.10 billion yuan" in page
    assert "+110.69%" in page


def test_staff_page_shows_amounts_in_hundred_millions_for_chinese_readers(staff_client, editions):
    from django.utils import translation

    from projects.amounts import report_amount, report_amount_with_unit

    SignedProjectFactory(edition=editions[1], investment_yuan=Decimal("117100000000.00"))

    response = staff_client.get("/staff/projects/13/", **ZH)

    assert response.status_code == 200
    assert "1171.00" in response.content.decode()
    with translation.override("zh-hans"):
        assert report_amount(Decimal("117100000000.00")) == "1171.00"
        assert report_amount(Decimal("55579287104.28")) == "555.79"
    with translation.override("en"):
        assert report_amount_with_unit(Decimal("117100000000.00")) == "117.10 billion yuan"
        assert report_amount(Decimal("55579287104.28")) == "55.58"


def test_staff_page_lists_projects_ready_to_sign_per_ceremony(staff_client, edition13):
    ceremony = EventFactory(edition=edition13, kind="signing_ceremony", title_en="Signing Ceremony of Major Projects")
    ProjectFactory(edition=edition13, stage="ready_to_sign", signing_ceremony=ceremony, title="仪式上签约的项目")
    ProjectFactory(edition=edition13, stage="ready_to_sign", title="尚未安排仪式的项目")
    ProjectFactory(edition=edition13, stage="negotiating", signing_ceremony=ceremony, title="还在洽谈的项目")

    response = staff_client.get("/staff/projects/13/", **EN)

    [listed] = response.context["ceremonies"]
    assert [p.title for p in listed.ready] == ["仪式上签约的项目"]
    assert [p.title for p in response.context["unassigned"]] == ["尚未安排仪式的项目"]


@pytest.mark.parametrize("item_count", [1, 30])
def test_staff_page_runs_constant_queries(staff_client, editions, item_count, django_assert_num_queries):
    twelfth, thirteenth = editions
    ceremony = EventFactory(edition=thirteenth, kind="signing_ceremony")
    for n in range(item_count):
        unit = MunicipalityFactory()
        SignedProjectFactory(edition=twelfth, municipality=unit)
        SignedProjectFactory(edition=thirteenth, municipality=unit, signing_ceremony=ceremony)
        ProjectFactory(edition=thirteenth, stage="ready_to_sign", signing_ceremony=ceremony if n % 2 else None)

    # session, user, edition, signed groups, municipalities, pipeline groups, ceremonies,
    # projects ready to sign, edition pills
    with django_assert_num_queries(10):  # with the user's offices for the navigation
        response = staff_client.get("/staff/projects/13/")

    assert response.context["signed"]["signed"]["count"] == item_count


# The export -----------------------------------------------------------------------------------


def test_export_opens_with_openpyxl_with_numbers_as_numbers(staff_client, edition13):
    SignedProjectFactory(
        edition=edition13,
        title="长春氢能产业园项目",
        investment_yuan=Decimal("55579287104.28"),
        partner_country="KR",
        partner_province="",
        signed_on=datetime.date(2021, 9, 23),
    )
    ProjectFactory(edition=edition13, title="延边人参项目", investment_yuan=Decimal("0.50"))

    response = staff_client.get("/staff/projects/13/projects.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="projects-edition-13.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert rows[0][: len(COLUMNS)] == COLUMNS
    assert sheet.freeze_panes == "A2"
    hydrogen = dict(zip(HEADER, rows[2], strict=True))
    assert hydrogen["title"] == "长春氢能产业园项目"
    assert isinstance(hydrogen["investment_yuan"], float)
    assert Decimal(str(hydrogen["investment_yuan"])) == Decimal("55579287104.28")
    assert sheet.cell(row=3, column=3).data_type == "n"
    assert sheet.cell(row=3, column=3).number_format == "#,##0.00"
    assert hydrogen["industry"] == "new energy and clean energy"
    assert hydrogen["signed_on"] == datetime.datetime(2021, 9, 23)
    assert hydrogen["international"] is True
    assert rows[1][2] == 0.5


def test_an_export_imports_again_into_another_edition(staff_client, editions, changchun):
    from projects.imports import import_projects

    twelfth, thirteenth = editions
    SignedProjectFactory(edition=twelfth, municipality=changchun, investment_yuan=Decimal("12.34"))
    ProjectFactory(edition=twelfth, municipality=changchun, stage="withdrawn")
    content = staff_client.get("/staff/projects/12/projects.xlsx").content

    result = import_projects(rows_source=io.BytesIO(content), file_format="xlsx", edition=thirteenth)

    assert result.rows == 2
    assert sorted(Project.objects.filter(edition=thirteenth).values_list("investment_yuan", flat=True)) == sorted(
        Project.objects.filter(edition=twelfth).values_list("investment_yuan", flat=True)
    )


# The admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 30])
def test_admin_list_runs_constant_queries(admin_client, edition13, item_count, django_assert_num_queries):
    for _ in range(item_count):
        SignedProjectFactory(edition=edition13)

    # session, user, counts (2), page, the filters (editions, municipalities, ceremonies) and the
    # signing dates of the date hierarchy (3)
    with django_assert_num_queries(10):
        response = admin_client.get("/admin/projects/project/")

    assert response.status_code == 200


def test_admin_change_goes_through_the_audit_and_shows_it_read_only(admin_client, edition13, changchun):
    project = ProjectFactory(edition=edition13, municipality=changchun, investment_yuan=Decimal("10.00"))
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "investment_yuan": "20.00",
            "stage": "signed",
            "signed_on": "2021-09-23",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        }
    )

    response = admin_client.post(f"/admin/projects/project/{project.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    audit = list(ProjectChange.objects.filter(project=project).values_list("field", "old_value", "new_value"))
    assert audit == [("investment_yuan", "10.00", "20.00"), ("stage", "negotiating", "signed")]
    inline = admin_client.get(f"/admin/projects/project/{project.pk}/change/").context["inline_admin_formsets"][0]
    assert inline.has_add_permission is False
    assert inline.has_change_permission is False
    assert inline.has_delete_permission is False


def test_admin_import_lists_each_bad_line(admin_client, edition13, changchun, english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        ",".join(COLUMNS) + "\n"
        "好项目,contract,100,new materials,Changchun,A Co.,KR,,negotiating,\n"
        "坏项目,contract,-1,new materials,Changchun,A Co.,KR,,negotiating,\n"
    ).encode()
    upload = SimpleUploadedFile("projects.csv", content, content_type="text/csv")

    response = admin_client.post("/admin/projects/project/import/", {"file": upload, "edition": edition13.pk}, **EN)

    assert response.status_code == 200
    assert [(e.line, e.message) for e in response.context["failure"].errors] == [
        (3, "The investment cannot be negative.")
    ]
    assert Project.objects.count() == 0


def test_admin_export_of_the_filtered_edition(admin_client, editions):
    ProjectFactory(edition=editions[0], title="第十二届的项目")

    response = admin_client.get(f"/admin/projects/project/export/?edition={editions[0].pk}")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["第十二届的项目"]
