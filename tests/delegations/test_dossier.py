"""The protocol office's delegations list and dossier: who may open them, the invitation's
steps through the services, names and titles in the reader's language, constant queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.enums import InvitationStatus, Rank
from tests.delegations.factories import DelegateFactory, DelegationFactory, TravelFactory
from tests.factories import MemberUnitUserFactory

pytestmark = pytest.mark.django_db
LIST = "/staff/protocol/delegations/"


def test_only_the_protocol_office_opens_the_delegations(client, delegation, other_staff):
    for user in (other_staff, MemberUnitUserFactory()):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(f"{LIST}{delegation.pk}/").status_code == 403
        assert client.post(f"{LIST}{delegation.pk}/", {"to_status": "cancelled"}).status_code == 403
    delegation.refresh_from_db()
    assert delegation.status == InvitationStatus.CONFIRMED


def test_the_dossier_shows_delegates_by_rank_travel_and_liaison_in_the_readers_language(
    client, delegation, protocol_user
):
    DelegateFactory(delegation=delegation, name_original="Иван Орлов", name_latin="Ivan Orlov", rank=Rank.DEPARTMENT)
    head = DelegateFactory(
        delegation=delegation,
        name_original="Дмитрий Зайцев",
        name_latin="Dmitry Zaitsev",
        name_zh="德米特里·扎伊采夫",
        title="Governor",
        title_zh="州长",
        title_en="Governor",
        rank=Rank.MINISTERIAL,
        is_head=True,
    )
    TravelFactory(delegate=head, number="SU6341")
    client.force_login(protocol_user)

    english = client.get(f"{LIST}{delegation.pk}/").content.decode()
    assert english.index("Dmitry Zaitsev") < english.index("Ivan Orlov")  # the head first
    assert "SU6341" in english
    assert "Lei Wang" in english  # the liaison officer, in Latin letters, given name first
    assert "王磊" not in english
    assert "州长" not in english

    chinese = client.get(f"{LIST}{delegation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "德米特里·扎伊采夫" in chinese
    assert "州长" in chinese
    assert "王磊" in chinese
    assert "Lei Wang" not in chinese


def test_an_invitation_step_goes_through_the_service(client, edition13, protocol_user):
    delegation = DelegationFactory(edition=edition13, status=InvitationStatus.SENT)
    client.force_login(protocol_user)

    response = client.post(f"{LIST}{delegation.pk}/", {"to_status": "accepted", "note": "By phone."}, follow=True)

    delegation.refresh_from_db()
    assert delegation.status == InvitationStatus.ACCEPTED
    change = delegation.invitation_changes.get()
    assert (change.note, change.changed_by) == ("By phone.", protocol_user)
    assert "is now accepted" in response.content.decode()

    response = client.post(f"{LIST}{delegation.pk}/", {"to_status": "declined"}, follow=True)
    assert "it cannot become declined" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == InvitationStatus.ACCEPTED


def test_the_list_filters_and_runs_the_same_queries_for_1_and_20(client, edition13, protocol_user):
    DelegationFactory(edition=edition13, status=InvitationStatus.SENT)
    client.force_login(protocol_user)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(19):
        DelegateFactory(delegation=DelegationFactory(edition=edition13), is_head=True)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(one)
    page = client.get(LIST, {"status": "sent"}).content.decode()
    assert len(re.findall(r'href="/staff/protocol/delegations/\d+/"', page)) == 1  # the one sent
