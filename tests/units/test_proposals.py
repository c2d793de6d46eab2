"""Activity proposals: a unit proposes, the secretariat accepts into the programme, returns or
declines; a unit edits the events it organizes until the programme is frozen."""

import pytest
from django.urls import reverse

from events import proposals
from events.enums import ProgrammeAction, ProposalStatus
from events.models import ActivityProposal, Event
from events.selectors import municipalities_without_theme_activity
from expo.models import ActivityLog
from tests.factories import ActivityProposalFactory, EventFactory, EventRoleFactory, PersonFactory
from tests.units.conftest import EN, ZH, at, proposal_form

pytestmark = pytest.mark.django_db


def _accept(client, proposal, room, edition, day=1, hour=9):
    return client.post(
        reverse("staff_units:proposal", args=[proposal.pk]),
        {
            "decision": "accept",
            "room": room.pk if room else "",
            "starts_at": at(edition, day, hour).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(edition, day, hour + 2).strftime("%Y-%m-%dT%H:%M"),
            "comment": "",
        },
        **EN,
    )


def test_a_unit_proposes_and_the_accepted_activity_is_on_the_programme_and_in_the_calendar(
    client, edition, changchun_user, secretary, room
):
    client.force_login(changchun_user)
    response = client.post(reverse("unit_events:proposal_create"), proposal_form(edition), **EN)
    proposal = ActivityProposal.objects.get()
    assert response.status_code == 302
    assert (proposal.status, proposal.unit, proposal.submitted_by) == (
        ProposalStatus.SUBMITTED,
        changchun_user.member_unit,
        changchun_user,
    )

    client.force_login(secretary)
    response = _accept(client, proposal, room, edition)
    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == ProposalStatus.ACCEPTED
    event = proposal.event
    assert (event.kind, event.organizer, event.room, event.title_en) == (
        "theme_activity",
        changchun_user.member_unit,
        room,
        "Changchun Automobile Culture Week",
    )
    client.logout()
    assert "Changchun Automobile Culture Week" in client.get("/programme/", **EN).content.decode()
    assert "长春汽车文化周" in client.get("/programme/", **ZH).content.decode()
    assert "Changchun Automobile Culture Week" in client.get("/programme/calendar.ics", **EN).content.decode()
    steps = list(
        ActivityLog.objects.filter(action=ProgrammeAction.PROPOSAL_CHANGE)
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert steps[-1] == {"status": ["submitted", "accepted"]}


def test_accepting_into_a_taken_room_is_refused_and_nothing_is_half_written(
    client, edition, changchun, secretary, room
):
    EventFactory(edition=edition, room=room, starts_at=at(edition, 1, 8), ends_at=at(edition, 1, 12))
    proposal = ActivityProposalFactory(edition=edition, unit=changchun)
    client.force_login(secretary)

    response = _accept(client, proposal, room, edition)

    proposal.refresh_from_db()
    assert response.status_code == 200
    assert "is already taken by" in response.content.decode()
    assert (proposal.status, proposal.event) == (ProposalStatus.SUBMITTED, None)
    assert Event.objects.count() == 1


def test_a_returned_proposal_is_changed_and_submitted_again(client, edition, changchun_user, secretary):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun_user.member_unit)
    client.force_login(secretary)
    refused = client.post(reverse("staff_units:proposal", args=[proposal.pk]), {"decision": "return"}, **EN)
    assert "returning or declining needs a comment" in refused.content.decode()
    client.post(
        reverse("staff_units:proposal", args=[proposal.pk]),
        {"decision": "return", "comment": "请说明场地需求。"},
        **EN,
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.secretariat_comment) == (ProposalStatus.RETURNED, "请说明场地需求。")

    client.force_login(changchun_user)
    page = client.get(reverse("unit_events:proposal_edit", args=[proposal.pk]), **EN).content.decode()
    assert "请说明场地需求。" in page
    client.post(
        reverse("unit_events:proposal_edit", args=[proposal.pk]),
        proposal_form(edition, own_venue="长春国际会展中心东广场"),
        **EN,
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.own_venue) == (ProposalStatus.SUBMITTED, "长春国际会展中心东广场")


def test_decided_proposals_cannot_be_changed_or_withdrawn(client, edition, changchun_user, secretary):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun_user.member_unit)
    proposals.proposal_decline(proposal=proposal, by=secretary, comment="时间冲突")
    client.force_login(changchun_user)

    client.post(reverse("unit_events:proposal_edit", args=[proposal.pk]), proposal_form(edition), **EN)
    client.post(reverse("unit_events:proposal_withdraw", args=[proposal.pk]), {"confirm": "1"}, **EN)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.title_en) == (ProposalStatus.DECLINED, proposal.title_en)
    with pytest.raises(proposals.ProposalRefused):
        proposals.proposal_decline(proposal=proposal, by=secretary, comment="again")


def test_withdrawing_needs_the_confirmation(client, edition, changchun_user):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun_user.member_unit)
    client.force_login(changchun_user)

    client.post(reverse("unit_events:proposal_withdraw", args=[proposal.pk]), **EN)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    client.post(reverse("unit_events:proposal_withdraw", args=[proposal.pk]), {"confirm": "1"}, **EN)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_a_unit_never_reaches_another_units_proposal_or_event(client, edition, changchun, jilin_user):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun, title_en="SECRET-CHANGCHUN")
    event = EventFactory(edition=edition, organizer=changchun, kind="theme_activity")
    client.force_login(jilin_user)

    assert client.get(reverse("unit_events:proposal", args=[proposal.pk])).status_code == 404
    assert (
        client.post(reverse("unit_events:proposal_edit", args=[proposal.pk]), proposal_form(edition)).status_code == 404
    )
    assert (
        client.post(reverse("unit_events:proposal_withdraw", args=[proposal.pk]), {"confirm": "1"}).status_code == 404
    )
    assert client.post(reverse("unit_events:event", args=[event.pk]), {"action": "texts"}).status_code == 404
    assert "SECRET-CHANGCHUN" not in client.get(reverse("unit_events:activities")).content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(proposals.ProposalRefused):
        proposals.proposal_withdraw(proposal=proposal, unit=jilin_user.member_unit, by=jilin_user)


def test_only_the_secretariat_decides(client, edition, changchun, protocol_officer, changchun_user):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun)
    for user in (protocol_officer, changchun_user):
        client.force_login(user)
        assert client.get(reverse("staff_units:proposals")).status_code == 403
        response = client.post(
            reverse("staff_units:proposal", args=[proposal.pk]), {"decision": "decline", "comment": "x"}
        )
        assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_times_far_from_the_expo_are_refused(client, edition, changchun_user):
    client.force_login(changchun_user)
    response = client.post(
        reverse("unit_events:proposal_create"),
        proposal_form(edition, wished_start="2999-01-01T09:00", wished_end="2999-01-01T11:00"),
        **ZH,
    )
    assert response.status_code == 200
    assert "请选择" in response.content.decode()
    assert ActivityProposal.objects.count() == 0


def test_the_unit_edits_its_event_until_the_programme_is_frozen(client, edition, changchun_user, secretary):
    event = EventFactory(edition=edition, organizer=changchun_user.member_unit, kind="theme_activity")
    client.force_login(changchun_user)
    url = reverse("unit_events:event", args=[event.pk])

    client.post(
        url,
        {
            "action": "texts",
            "description_zh": "新介绍",
            "description_en": "New",
            "agenda_zh": "9:00 开幕",
            "agenda_en": "9:00 Opening",
        },
        **EN,
    )
    client.post(
        url,
        {
            "action": "speaker",
            "name_zh": "李明",
            "name_en": "Li Ming",
            "title_zh": "",
            "title_en": "",
            "role": "speaker",
        },
        **EN,
    )
    event.refresh_from_db()
    assert (event.description_zh, event.agenda_en) == ("新介绍", "9:00 Opening")
    assert [str(r.person) for r in event.roles.select_related("person")] != []
    assert "9:00 Opening" in client.get(reverse("programme:event", args=[event.pk]), **EN).content.decode()
    changes = ActivityLog.objects.filter(action=ProgrammeAction.EVENT_CHANGE).order_by("pk")
    assert changes[0].changes["description_zh"] == ["", "新介绍"]

    proposals.programme_freeze(edition=edition, by=secretary)
    response = client.post(
        url, {"action": "texts", "description_zh": "冻结后", "description_en": "After"}, follow=True, **EN
    )
    event.refresh_from_db()
    assert event.description_zh == "新介绍"
    assert "The programme was frozen" in response.content.decode()


def test_a_speaker_busy_elsewhere_is_refused(edition, changchun_user):
    event = EventFactory(edition=edition, organizer=changchun_user.member_unit)
    person = PersonFactory()
    EventRoleFactory(
        event=EventFactory(edition=edition, starts_at=event.starts_at, ends_at=event.ends_at), person=person
    )
    from events import services

    with pytest.raises(services.ProgrammeConflict):
        services.event_role_add(event=event, person=person, role="speaker")


def test_the_dashboard_rule_counts_proposed_theme_activities(edition, changchun, jilin, secretary):
    proposal = ActivityProposalFactory(edition=edition, unit=changchun)
    assert list(municipalities_without_theme_activity(edition=edition)) == [jilin]

    proposals.proposal_decline(proposal=proposal, by=secretary, comment="不符合主题")
    assert set(municipalities_without_theme_activity(edition=edition)) == {changchun, jilin}


@pytest.mark.parametrize("item_count", [1, 30])
def test_the_proposal_list_runs_constant_queries(
    client, edition, changchun, secretary, item_count, django_assert_num_queries
):
    ActivityProposalFactory.create_batch(item_count, edition=edition, unit=changchun)
    client.force_login(secretary)
    with django_assert_num_queries(6):
        response = client.get(reverse("staff_units:proposals"), **EN)
    assert response.content.decode().count('class="state state--submitted"') == item_count


def test_a_closed_edition_takes_no_proposal(client, edition, changchun_user):
    from expo.lifecycle import edition_close

    edition_close(edition=edition)
    client.force_login(changchun_user)
    response = client.post(reverse("unit_events:proposal_create"), proposal_form(edition), **EN)
    assert response.status_code == 200
    assert "is closed" in response.content.decode()
    assert ActivityProposal.objects.count() == 0
