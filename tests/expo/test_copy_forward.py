import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from exhibitors.models import Booth, BoothApplication, Pavilion
from exhibitors.services import hold_booth
from expo.copy_forward import EditionCopyRefused, edition_copy_forward, edition_copy_preview
from expo.enums import Office
from expo.models import ActivityLog, AuditAction, Edition, ProgressReport, WorkItem
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.factories import (
    BoothFactory,
    EditionFactory,
    ExhibitorFactory,
    MemberUnitFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    PavilionFactory,
    RoomFactory,
)

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def source(db):
    """An edition with two pavilions (one with a held booth), a work-item tree with co-units
    and reports, and a room (venues belong to no edition)."""
    edition = EditionFactory(
        number=13, year=2021, start_date=datetime.date(2021, 9, 23), end_date=datetime.date(2021, 9, 27)
    )
    edition.committee_units.set([MemberUnitFactory(), MemberUnitFactory(), MemberUnitFactory()])
    units = list(edition.committee_units.all())
    tech = PavilionFactory(edition=edition, code="tech", gross_area_m2=Decimal("12000.00"), sort_order=1)
    auto = PavilionFactory(edition=edition, code="auto", mode="offline", booking_open=False, sort_order=2)
    for n, pavilion in enumerate((tech, tech, tech, auto, auto)):
        BoothFactory(
            pavilion=pavilion,
            code=f"S{n:03d}",
            kind="raw_space" if n == 3 else "standard",
            area_m2=Decimal("54.00") if n == 3 else Decimal("9.00"),
            x=Decimal(n * 3),
            y=Decimal("5.50"),
            price=Decimal(13500 + n),
            is_bookable=n != 2,
        )
    hold_booth(exhibitor=ExhibitorFactory(), booth=Booth.objects.get(pavilion=tech, code="S000"))
    top = WorkItemFactory(
        edition=edition, code="1", sort_order=1, lead_unit=units[0], deadline=datetime.date(2021, 5, 1)
    )
    child = WorkItemFactory(
        edition=edition,
        code="1.1",
        parent=top,
        sort_order=2,
        lead_unit=units[1],
        co_units=[units[0], units[2]],
        deadline=datetime.date(2021, 8, 15),
        status="at_risk",
    )
    WorkItemFactory(
        edition=edition,
        code="1.1.1",
        parent=child,
        sort_order=3,
        lead_unit=units[2],
        deadline=datetime.date(2021, 9, 1),
    )
    WorkItemFactory(
        edition=edition,
        code="2",
        sort_order=4,
        lead_unit=units[1],
        co_units=[units[2]],
        deadline=datetime.date(2021, 6, 30),
    )
    ProgressReportFactory(work_item=child)
    RoomFactory()
    return edition


def layout(edition):
    return sorted(
        Booth.objects.filter(pavilion__edition=edition).values_list(
            "pavilion__code", "code", "kind", "area_m2", "x", "y", "width", "depth", "price", "is_bookable"
        )
    )


def tree(edition):
    return sorted(
        (
            i.code,
            i.parent.code if i.parent else None,
            i.title_zh,
            i.title_en,
            i.sort_order,
            i.lead_unit_id,
            tuple(sorted(u.pk for u in i.co_units.all())),
        )
        for i in WorkItem.objects.filter(edition=edition).select_related("parent").prefetch_related("co_units")
    )


def copy(source, **overrides):
    values = {
        "source": source,
        "number": 14,
        "year": 2027,
        "name_zh": "第十四届中国—东北亚博览会",
        "name_en": "14th China-Northeast Asia Expo",
        "start_date": datetime.date(2027, 4, 1),
        "end_date": datetime.date(2027, 4, 5),
    }
    return edition_copy_forward(**{**values, **overrides})


def test_copy_forward_keeps_the_booth_layout_and_the_work_item_tree(source):
    organizer = OrganizerFactory()

    new = copy(source, by=organizer)

    assert (new.previous_id, new.status, new.is_current, new.city_zh) == (
        source.pk,
        "preparation",
        False,
        source.city_zh,
    )
    assert layout(new) == layout(source)
    assert len(layout(new)) == 5
    assert list(
        Pavilion.objects.filter(edition=new).values_list(
            "code", "mode", "booking_open", "gross_area_m2", "booked_area_m2", "sort_order"
        )
    ) == [
        ("tech", "both", True, Decimal("12000.00"), Decimal("0.00"), 1),
        ("auto", "offline", False, Decimal("10000.00"), Decimal("0.00"), 2),
    ]
    assert tree(new) == tree(source)
    assert set(new.committee_units.all()) == set(source.committee_units.all())
    assert not BoothApplication.objects.filter(booth__pavilion__edition=new).exists()
    assert not ProgressReport.objects.filter(work_item__edition=new).exists()
    assert set(WorkItem.objects.filter(edition=new).values_list("status", flat=True)) == {"not_started"}
    entry = ActivityLog.objects.get(action=AuditAction.EDITION_COPY)
    assert (entry.actor, entry.object_id, entry.details["source"], entry.details["booths"]) == (
        organizer,
        str(new.pk),
        13,
        5,
    )


def test_copy_forward_moves_the_deadlines_by_the_offset_of_the_first_days(source):
    source.pipeline_opens_on, source.pipeline_closes_on = datetime.date(2021, 5, 1), datetime.date(2021, 8, 31)
    source.save()

    new = copy(source)

    offset = datetime.date(2027, 4, 1) - datetime.date(2021, 9, 23)
    old = dict(WorkItem.objects.filter(edition=source).values_list("code", "deadline"))
    assert dict(WorkItem.objects.filter(edition=new).values_list("code", "deadline")) == {
        code: day + offset for code, day in old.items()
    }
    assert WorkItem.objects.get(edition=new, code="1").deadline == datetime.date(2026, 11, 7)
    assert (new.pipeline_opens_on, new.pipeline_closes_on) == (datetime.date(2026, 11, 7), datetime.date(2027, 3, 9))


def test_copy_forward_leaves_the_source_as_it_was(source):
    before = (layout(source), tree(source), BoothApplication.objects.count(), ProgressReport.objects.count())

    copy(source)

    assert (layout(source), tree(source), BoothApplication.objects.count(), ProgressReport.objects.count()) == before


def test_copy_forward_refuses_a_taken_number_and_writes_nothing(source, english):
    EditionFactory(number=14)
    counts = (Edition.objects.count(), Pavilion.objects.count(), Booth.objects.count(), WorkItem.objects.count())

    with pytest.raises(EditionCopyRefused, match="There is already an edition number 14"):
        copy(source)

    assert (
        Edition.objects.count(),
        Pavilion.objects.count(),
        Booth.objects.count(),
        WorkItem.objects.count(),
    ) == counts
    assert not ActivityLog.objects.filter(action=AuditAction.EDITION_COPY).exists()


def test_copy_forward_refuses_an_end_before_the_start(source, english):
    with pytest.raises(EditionCopyRefused, match="The last day cannot be before the first day."):
        copy(source, end_date=datetime.date(2027, 3, 30))

    assert not Edition.objects.filter(number=14).exists()


def test_preview_counts_what_would_be_copied(source, django_assert_num_queries):
    with django_assert_num_queries(6):
        lines = edition_copy_preview(source=source)

    assert [(line.key, line.count, line.copied) for line in lines] == [
        ("pavilions", 2, True),
        ("booths", 5, True),
        ("committee_units", 3, True),
        ("work_items", 4, True),
        ("venues", 1, False),
        ("rooms", 1, False),
    ]


# The staff page ----------------------------------------------------------------------------


def form_data(source, **overrides):
    return {
        "source": source.pk,
        "number": 14,
        "name_zh": "第十四届中国—东北亚博览会",
        "name_en": "14th China-Northeast Asia Expo",
        "start_date": "2027-04-01",
        "end_date": "2027-04-05",
        **overrides,
    }


@pytest.fixture
def secretariat(client):
    user = OrganizerFactory(offices=[Office.SECRETARIAT])
    client.force_login(user)
    return user


def test_page_offers_the_next_edition_of_the_current_one(client, source, secretariat):
    source.is_current = True
    source.save()

    response = client.get(reverse("edition_copy"), **EN)

    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["source"], form.initial["number"], form.initial["start_date"]) == (
        source.pk,
        14,
        datetime.date(2023, 9, 23),
    )
    assert response.context["preview"] is None


def test_page_previews_then_copies_on_confirmation(client, source, secretariat):
    response = client.post(reverse("edition_copy"), {**form_data(source), "step": "preview"}, **EN)

    assert response.status_code == 200
    assert not Edition.objects.filter(number=14).exists()
    html = response.content.decode()
    assert [(line.key, line.count) for line in response.context["preview"]["lines"]][:4] == [
        ("pavilions", 2),
        ("booths", 5),
        ("committee_units", 3),
        ("work_items", 4),
    ]
    assert "Deadlines move by 2016 days." in html
    assert 'value="confirm"' in html

    response = client.post(reverse("edition_copy"), {**form_data(source), "step": "confirm"}, **EN)

    new = Edition.objects.get(number=14)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:edition", args=[14])
    assert client.get(response["Location"], **EN).status_code == 200
    assert (new.year, new.previous_id, layout(new)) == (2027, source.pk, layout(source))
    assert ActivityLog.objects.get(action=AuditAction.EDITION_COPY).actor == secretariat


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2027-03-01"}, "end_date", "闭幕日期不能早于开幕日期。"),
        ({"number": 13}, "number", "已有第13届：请另选届次。"),
        ({"start_date": "2021-09-01"}, "start_date", "新一届必须在被复制的那一届之后开始。"),
        ({"start_date": "not a date"}, "start_date", "输入一个有效的日期。"),
    ],
)
def test_page_refuses_bad_input_in_the_readers_language(client, source, secretariat, overrides, field, message):
    counts = (Edition.objects.count(), Booth.objects.count(), WorkItem.objects.count())

    response = client.post(reverse("edition_copy"), {**form_data(source, **overrides), "step": "confirm"}, **ZH)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["preview"] is None
    assert (Edition.objects.count(), Booth.objects.count(), WorkItem.objects.count()) == counts


def test_page_is_for_the_secretariat_only(client, source):
    url = reverse("edition_copy")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (OrganizerFactory(offices=[Office.PROTOCOL]), MemberUnitUserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {**form_data(source), "step": "confirm"}).status_code == 403
    assert not Edition.objects.filter(number=14).exists()


def test_admin_action_opens_the_page_for_the_selected_edition(client, source):
    client.force_login(OrganizerFactory(is_superuser=True))

    response = client.post(
        reverse("admin:expo_edition_changelist"), {"action": "copy_forward", "_selected_action": [source.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('edition_copy')}?source={source.pk}"
    assert client.get(response["Location"]).context["form"].initial["source"] == source.pk
