import pytest

from expo.models import Meeting, ProgressReport, ReportStatus, WorkItem

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_demo_has_the_12th_editions_meeting_and_real_work_for_the_demo_units(client, demo):
    meeting = Meeting.objects.get(edition__number=12, number=2)
    assert (meeting.date.isoformat(), meeting.place_en) == ("2019-05-21", "Room 312 of the Jilin Provincial Government")
    assert meeting.attending_units.count() == 47
    tops = WorkItem.objects.filter(edition__number=12, parent=None).order_by("sort_order")
    assert [t.code for t in tops] == ["1", "2", "3", "4", "5"]
    current = WorkItem.objects.filter(edition__number=13)
    involved = {i.lead_unit_id for i in current} | set(current.values_list("co_units", flat=True))
    assert len(involved) == 47
    assert set(ProgressReport.objects.filter(unit__code="commerce").values_list("status", flat=True)) == set(
        ReportStatus.values
    )

    for username in ("commerce", "changchun"):
        client.login(username=username, password=demo)
        html = client.get("/portal/", **EN).content.decode()
        assert "Committee work items" in html
        assert html.count('href="/portal/committee/items/') >= 3
    client.login(username="organizer", password=demo)
    response = client.get("/staff/committee/", **EN)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 47
