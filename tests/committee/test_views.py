import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from expo.committee.periods import current_period
from expo.models import ProgressReport, ReportAttachment, ReportStatus
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.factories import MemberUnitFactory, MemberUnitUserFactory, OrganizerFactory, exhibitor_user

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def portal_urls(report, item):
    return [
        ("get", f"/portal/committee/reports/{report.pk}/"),
        ("get", f"/portal/committee/reports/{report.pk}/edit/"),
        ("post", f"/portal/committee/reports/{report.pk}/edit/"),
        ("post", f"/portal/committee/reports/{report.pk}/submit/"),
        ("get", f"/portal/committee/items/{item.pk}/"),
        ("get", f"/portal/committee/items/{item.pk}/report/"),
        ("post", f"/portal/committee/items/{item.pk}/report/"),
    ]


# Who may enter ---------------------------------------------------------------------------


def test_anonymous_users_go_to_login(client, other_report, item):
    urls = [u for _m, u in portal_urls(other_report, item)]
    urls += ["/staff/committee/", f"/staff/committee/reports/{other_report.pk}/"]
    for url in urls:
        response = client.get(url)
        assert (url, response.status_code, response["Location"]) == (url, 302, f"/accounts/login/?next={url}")


def test_another_units_report_answers_404_everywhere(client, unit_user, other_report, other_item):
    other_report.status = ReportStatus.RETURNED
    other_report.save()
    attachment = ReportAttachment.objects.create(
        report=other_report,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    client.force_login(unit_user)
    data = {"narrative": "hijack", "percent": "99", "problems": "", "action": "submit"}

    for method, url in portal_urls(other_report, other_item):
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert (url, method, response.status_code) == (url, method, 404)
    assert client.get(f"/portal/committee/attachments/{attachment.pk}/").status_code == 404

    other_report.refresh_from_db()
    assert (other_report.status, other_report.narrative, other_report.percent) == (
        ReportStatus.RETURNED,
        "长春草稿",
        50,
    )
    assert not ProgressReport.objects.filter(work_item=other_item, unit=unit_user.member_unit).exists()
    attachment.file.delete(save=False)


def test_co_unit_sees_the_shared_item_but_never_the_lead_units_report(client, item, other_user, unit):
    lead_report = ProgressReportFactory(
        work_item=item, unit=unit, problems="LEAD-ONLY-PROBLEM", narrative="LEAD-NARRATIVE"
    )
    client.force_login(other_user)

    item_page = client.get(f"/portal/committee/items/{item.pk}/", **EN)
    home = client.get("/portal/", **EN).content.decode()

    assert item_page.status_code == 200
    assert "LEAD-ONLY-PROBLEM" not in item_page.content.decode()
    assert "LEAD-NARRATIVE" not in item_page.content.decode()
    assert client.get(f"/portal/committee/reports/{lead_report.pk}/").status_code == 404
    assert "5G theme exhibition" in home


def test_portal_lists_only_the_units_own_items(client, unit_user, item, other_item):
    client.force_login(unit_user)

    html = client.get("/portal/", **EN).content.decode()

    assert "5G theme exhibition" in html
    assert "Changchun theme activity" not in html


@pytest.mark.parametrize("make_user", [lambda: OrganizerFactory(is_superuser=True), exhibitor_user])
def test_users_without_a_member_unit_are_refused_in_the_portal(client, item, make_user):
    client.force_login(make_user())

    assert client.get(f"/portal/committee/items/{item.pk}/").status_code == 403


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: OrganizerFactory(offices=["exhibition"]),
        lambda: OrganizerFactory(offices=["protocol", "investment"]),
        lambda: OrganizerFactory(),
        lambda: MemberUnitUserFactory(),
    ],
)
def test_only_the_secretariat_reviews(client, item, other_unit, make_user):
    report = ProgressReportFactory(work_item=item, unit=other_unit, status=ReportStatus.SUBMITTED)
    client.force_login(make_user())

    assert client.get("/staff/committee/").status_code == 403
    assert client.get(f"/staff/committee/reports/{report.pk}/").status_code == 403
    assert client.post(f"/staff/committee/reports/{report.pk}/", {"decision": "accept"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_secretariat_never_sees_a_units_draft(client, secretary, other_report):
    client.force_login(secretary)

    assert client.get(f"/staff/committee/reports/{other_report.pk}/").status_code == 404
    assert client.post(f"/staff/committee/reports/{other_report.pk}/", {"decision": "accept"}).status_code == 404


def test_a_superuser_opens_the_matrix(client, item):
    client.force_login(OrganizerFactory(is_superuser=True))

    assert client.get("/staff/committee/").status_code == 200


# Draft, submit, accept or return --------------------------------------------------------


def test_draft_submit_and_return_reaches_the_unit_by_email(
    client, unit_user, secretary, item, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(unit_user)
    data = {"narrative": "5G展区方案已定", "percent": "40", "problems": "需协调展馆电力"}

    response = client.post(f"/portal/committee/items/{item.pk}/report/", {**data, "action": "save"})
    report = ProgressReport.objects.get(work_item=item, unit=unit_user.member_unit)
    assert (response.status_code, report.status, report.period) == (302, ReportStatus.DRAFT, current_period())
    response = client.post(
        f"/portal/committee/reports/{report.pk}/edit/", {**data, "percent": "45", "action": "submit"}
    )
    report.refresh_from_db()
    assert (report.status, report.percent, report.submitted_by) == (ReportStatus.SUBMITTED, 45, unit_user)
    assert client.post(f"/portal/committee/reports/{report.pk}/edit/", {**data, "action": "save"}).status_code == 302
    report.refresh_from_db()
    assert report.percent == 45

    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/committee/reports/{report.pk}/", {"decision": "return", "comment": "请补充时间节点"}
        )

    report.refresh_from_db()
    assert (response.status_code, report.status, report.secretariat_comment) == (
        302,
        ReportStatus.RETURNED,
        "请补充时间节点",
    )
    assert report.reviewed_by == secretary
    # The user who signed in gets the mail in the language they used; the unit's own address,
    # whose reader's language nobody knows, gets Chinese and English.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["zhangwei@example.org"], f"工作事项 {report.work_item.code} 的进展报告已退回"),
        (
            ["commerce@example.org"],
            f"工作事项 {report.work_item.code} 的进展报告已退回 / "
            f"Progress report on work item {report.work_item.code} returned",
        ),
    ]
    assert all("请补充时间节点" in m.body for m in mail.outbox)
    assert all(f"/portal/committee/reports/{report.pk}/edit/" in m.body for m in mail.outbox)

    client.force_login(unit_user)
    page = client.get(f"/portal/committee/reports/{report.pk}/", **EN).content.decode()
    assert "请补充时间节点" in page
    response = client.post(f"/portal/committee/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_accept_sends_no_email(client, secretary, item, unit, django_capture_on_commit_callbacks):
    report = ProgressReportFactory(work_item=item, unit=unit, status=ReportStatus.SUBMITTED)
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/committee/reports/{report.pk}/", {"decision": "accept", "comment": ""})

    report.refresh_from_db()
    assert (report.status, len(mail.outbox)) == (ReportStatus.ACCEPTED, 0)


def test_a_return_without_comment_is_refused(client, secretary, item, unit):
    report = ProgressReportFactory(work_item=item, unit=unit, status=ReportStatus.SUBMITTED)
    client.force_login(secretary)

    response = client.post(f"/staff/committee/reports/{report.pk}/", {"decision": "return", "comment": " "}, **EN)

    report.refresh_from_db()
    assert (response.status_code, report.status) == (200, ReportStatus.SUBMITTED)
    assert "needs a comment" in response.content.decode()


def test_an_attachment_that_lies_about_its_type_is_refused(client, unit_user, item, png_bytes):
    client.force_login(unit_user)
    fake = SimpleUploadedFile("plan.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "image/png")

    response = client.post(
        f"/portal/committee/items/{item.pk}/report/",
        {"narrative": "x", "percent": "10", "problems": "", "action": "save", "attachment": fake},
        **EN,
    )

    assert response.status_code == 200
    assert "This kind of file is not accepted" in response.content.decode()
    assert not ProgressReport.objects.exists()

    good = SimpleUploadedFile("photo.PNG", png_bytes, "application/octet-stream")
    client.post(
        f"/portal/committee/items/{item.pk}/report/",
        {"narrative": "x", "percent": "10", "problems": "", "action": "save", "attachment": good},
    )
    attachment = ReportAttachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == ("image/png", "photo.PNG")
    assert attachment.file.name.startswith("committee/reports/")
    assert "photo" not in attachment.file.name
    download = client.get(f"/portal/committee/attachments/{attachment.pk}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, png_bytes)
    attachment.file.delete(save=False)


# The secretariat's matrix ----------------------------------------------------------------


@pytest.mark.parametrize("unit_count", [1, 30])
def test_matrix_runs_constant_queries(client, edition, secretary, unit_count, django_assert_num_queries):
    units = MemberUnitFactory.create_batch(unit_count)
    for n in range(5):
        item = WorkItemFactory(edition=edition, lead_unit=units[n % unit_count], co_units=units)
        for unit in units:
            ProgressReportFactory(work_item=item, unit=unit, status=ReportStatus.SUBMITTED)
    client.force_login(secretary)

    # session, user, groups, edition, item count, items, their co-units, units, reports,
    # units without a report, overdue items, their count, the reports to review and their count
    with django_assert_num_queries(15):  # the page of the matrix, the reports to review, the user's offices
        response = client.get("/staff/committee/", **EN)

    assert response.status_code == 200
    assert response.content.decode().count('class="state state--submitted"') == 5 * unit_count
    # The oldest 20 reports to review are listed whatever the number waiting; the badge counts all.
    assert response.content.decode().count('<td data-label="Work item">') == min(5 * unit_count, 20)
    assert f'<span class="badge">{5 * unit_count}</span>' in response.content.decode()


@pytest.mark.parametrize("item_count", [3, 40])
def test_matrix_renders_a_page_of_work_items_whatever_the_edition(
    client, edition, secretary, item_count, django_assert_num_queries
):
    """At most 12 work items (columns) a page, so at most 12 x units cells, in the same
    queries at 3 and at 40 items; the other items are on the next pages."""
    units = MemberUnitFactory.create_batch(3)
    for n in range(item_count):
        item = WorkItemFactory(edition=edition, lead_unit=units[n % 3], co_units=units, sort_order=n)
        ProgressReportFactory(work_item=item, unit=units[0], status=ReportStatus.SUBMITTED)
    client.force_login(secretary)

    with django_assert_num_queries(15):  # the page of the matrix, the reports to review, the user's offices
        first = client.get("/staff/committee/", **EN)
    last = client.get(f"/staff/committee/?page={-(-item_count // 12)}", **EN)

    content = first.content.decode()
    matrix = content[content.index('<table class="matrix">') :]
    matrix = matrix[: matrix.index("</table>")]
    assert len(first.context["items"]) == min(item_count, 12)
    assert matrix.count("<td") == min(item_count, 12) * 3
    assert matrix.count('class="state state--submitted"') == min(item_count, 12)
    assert first.context["page"]["items"] == item_count
    assert len(last.context["items"]) == item_count - 12 * (-(-item_count // 12) - 1)
    assert ("?page=2" in content) is (item_count > 12)
    assert client.get("/staff/committee/?page=x", **EN).context["page"]["number"] == 1


def test_matrix_shows_overdue_items_and_units_without_a_report(client, edition, secretary, unit, other_unit):
    import datetime

    late = WorkItemFactory(edition=edition, lead_unit=unit, title_en="Late item", deadline=datetime.date(2020, 1, 1))
    ProgressReportFactory(work_item=late, unit=unit, status=ReportStatus.SUBMITTED)
    WorkItemFactory(edition=edition, lead_unit=other_unit, title_en="On time item")
    client.force_login(secretary)

    response = client.get("/staff/committee/", **EN)

    assert [i.title_en for i in response.context["overdue"]] == ["Late item"]
    assert response.context["overdue_count"] == 1
    assert response.context["not_reported"] == [other_unit]


def test_matrix_finds_units_without_a_report_on_every_page(client, edition, secretary, unit, other_unit):
    """Units that owe a report are those of the whole edition, not of the page shown; a
    returned report or a report on a done item's sibling does not count as reported."""
    third = MemberUnitFactory()
    for n in range(13):
        WorkItemFactory(edition=edition, lead_unit=unit, sort_order=n)
    last = WorkItemFactory(edition=edition, lead_unit=other_unit, co_units=[third], sort_order=99)
    ProgressReportFactory(work_item=last, unit=third, status=ReportStatus.RETURNED)
    done = WorkItemFactory(edition=edition, lead_unit=MemberUnitFactory(), status="done", sort_order=100)
    ProgressReportFactory(work_item=done, unit=done.lead_unit, status=ReportStatus.SUBMITTED)
    client.force_login(secretary)

    response = client.get("/staff/committee/", **EN)

    assert [len(row["cells"]) for row in response.context["rows"]] == [12] * 4
    assert set(response.context["not_reported"]) == {unit, other_unit, third}


@pytest.mark.parametrize("item_count", [1, 30])
def test_portal_home_lists_work_items_in_constant_queries(
    client, edition, unit_user, other_unit, item_count, django_assert_num_queries
):
    for _n in range(item_count):
        item = WorkItemFactory(edition=edition, lead_unit=other_unit, co_units=[unit_user.member_unit])
        ProgressReportFactory(work_item=item, unit=unit_user.member_unit)
    client.force_login(unit_user)

    with django_assert_num_queries(7):
        response = client.get("/portal/", **EN)

    # Each draft in the work items' table and among the reports due this period.
    assert response.content.decode().count('class="state state--draft"') == 2 * item_count
