"""Progress reports with history: each submission a version, the secretariat's answer tied to
the version it answers, a thread of messages, several attachments, reminders in the portal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expo.committee import services as committee
from expo.committee.periods import current_period
from expo.models import ProgressReport, ReminderKind, ReportComment, ReportReminder
from tests.committee.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _write(client, item, narrative, action="submit", files=()):
    data = {"narrative": narrative, "percent": "40", "problems": "", "action": action}
    if files:
        data["attachment"] = list(files)
    return client.post(f"/portal/committee/items/{item.pk}/report/", data, **EN)


def test_each_submission_is_a_version_and_the_answer_stays_with_its_version(client, unit_user, secretary, item):
    client.force_login(unit_user)
    _write(client, item, "第一稿：展区规划完成。")
    report = ProgressReport.objects.get()
    committee.report_return(report=report, by=secretary, comment="请补充时间节点。")
    client.post(
        f"/portal/committee/reports/{report.pk}/edit/",
        {"narrative": "第二稿：补充了时间节点。", "percent": "60", "problems": "", "action": "submit"},
        **EN,
    )

    report.refresh_from_db()
    versions = list(report.versions.order_by("number").values_list("number", "narrative", "percent"))
    assert versions == [(1, "第一稿：展区规划完成。", 40), (2, "第二稿：补充了时间节点。", 60)]
    answer = ReportComment.objects.get(kind="returned")
    assert (answer.version.number, answer.text, answer.from_secretariat) == (1, "请补充时间节点。", True)

    page = client.get(f"/portal/committee/reports/{report.pk}/", **EN).content.decode()
    assert "Version 2 waits for the secretariat's answer" in page
    version_2 = page[page.index('id="version-2"') : page.index('id="version-1"')]
    version_1 = page[page.index('id="version-1"') :]
    assert "请补充时间节点。" not in version_2
    assert "请补充时间节点。" in version_1


def test_several_attachments_in_one_save_go_with_the_next_version(client, unit_user, item):
    client.force_login(unit_user)
    files = [SimpleUploadedFile(f"plan-{n}.pdf", PDF, "application/pdf") for n in (1, 2)]

    _write(client, item, "附两份方案。", action="save", files=files)
    report = ProgressReport.objects.get()
    assert sorted(report.attachments.values_list("original_name", flat=True)) == ["plan-1.pdf", "plan-2.pdf"]
    assert list(report.attachments.values_list("version", flat=True)) == [None, None]

    client.post(f"/portal/committee/reports/{report.pk}/submit/", **EN)
    assert set(report.attachments.values_list("version__number", flat=True)) == {1}


def test_a_unit_and_the_secretariat_write_in_the_thread(client, unit_user, secretary, item):
    client.force_login(unit_user)
    _write(client, item, "进展正常。")
    report = ProgressReport.objects.get()
    client.post(f"/portal/committee/reports/{report.pk}/comment/", {"text": "场馆电力由谁协调？"}, **EN)
    client.force_login(secretary)
    client.post(f"/staff/committee/reports/{report.pk}/comment/", {"text": "由会展中心负责。"}, **EN)

    thread = list(ReportComment.objects.order_by("pk").values_list("from_secretariat", "text", "version__number"))
    assert thread == [(False, "场馆电力由谁协调？", 1), (True, "由会展中心负责。", 1)]
    page = client.get(f"/staff/committee/reports/{report.pk}/", **EN).content.decode()
    assert page.index("场馆电力由谁协调？") < page.index("由会展中心负责。")


def test_nobody_writes_in_another_units_thread(client, other_user, unit_user, item):
    report = ProgressReportFactory(work_item=item, unit=unit_user.member_unit, status="submitted")
    client.force_login(other_user)

    response = client.post(f"/portal/committee/reports/{report.pk}/comment/", {"text": "偷看"}, **EN)

    assert response.status_code == 404
    assert ReportComment.objects.count() == 0


def test_a_report_loaded_without_history_shows_as_its_first_version(client, unit_user, secretary, item):
    report = ProgressReportFactory(
        work_item=item,
        unit=unit_user.member_unit,
        status="returned",
        narrative="导入的报告",
        submitted_at=secretary.date_joined,
        reviewed_at=secretary.date_joined,
        reviewed_by=secretary,
        secretariat_comment="请重写",
    )
    client.force_login(unit_user)
    page = client.get(f"/portal/committee/reports/{report.pk}/", **EN).content.decode()
    assert 'id="version-1"' in page
    assert "导入的报告" in page
    assert "请重写" in page


def test_reminders_show_in_the_portal_with_links_to_the_items_owed(client, unit_user, item):
    ReportReminder.objects.create(unit=unit_user.member_unit, period=current_period(), kind=ReminderKind.OVERDUE)
    client.force_login(unit_user)

    page = client.get("/portal/", **EN).content.decode()

    assert "were due on" in page
    assert f'href="/portal/committee/items/{item.pk}/report/"' in page
