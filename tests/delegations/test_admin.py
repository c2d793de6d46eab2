import pytest

from delegations.enums import InvitationStatus
from delegations.models import InvitationChange
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("item_count", [1, 30])
def test_delegate_changelist_runs_constant_queries(
    client, edition13, protocol_user, item_count, django_assert_num_queries
):
    DelegateFactory.create_batch(item_count, delegation__edition=edition13)
    client.force_login(protocol_user)

    # session, user, office groups, user and group permissions, the edition filter, two counts, rows, access log,
    # activity log
    with django_assert_num_queries(11):
        response = client.get("/admin/delegations/delegate/")

    assert response.context["cl"].result_count == item_count
    assert len(response.context["cl"].result_list) == min(item_count, 25)  # a page, whatever the edition


@pytest.mark.parametrize("item_count", [1, 30])
def test_delegation_changelist_runs_constant_queries(
    client, edition13, protocol_user, item_count, django_assert_num_queries
):
    for n in range(item_count):
        delegation = DelegationFactory(
            edition=edition13,
            host_unit=MemberUnitFactory(),
            origin_kind="central",
            country="",
            institution_en=f"Ministry {n}",
        )
        DelegateFactory.create_batch(2, delegation=delegation)
    client.force_login(protocol_user)

    with django_assert_num_queries(10):
        response = client.get("/admin/delegations/delegation/")

    assert response.context["cl"].result_count == item_count


def test_admin_actions_step_invitations_and_report_refusals(client, edition13, protocol_user):
    draft = DelegationFactory(edition=edition13, status=InvitationStatus.DRAFT, country="MN")
    declined = DelegationFactory(edition=edition13, status=InvitationStatus.DECLINED, country="FR")
    client.force_login(protocol_user)

    response = client.post(
        "/admin/delegations/delegation/",
        {"action": "send_invitations", "_selected_action": [draft.pk, declined.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    declined.refresh_from_db()
    assert (draft.status, declined.status) == (InvitationStatus.SENT, InvitationStatus.DECLINED)
    assert InvitationChange.objects.get().changed_by == protocol_user
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "1 invitation was sent."
    assert "France" in messages[1]


def test_admin_adds_a_delegation_with_its_history(client, edition13, protocol_user):
    client.force_login(protocol_user)

    response = client.post(
        "/admin/delegations/delegation/add/",
        {
            "edition": edition13.pk,
            "origin_kind": "foreign",
            "country": "VN",
            "security_level": "standard",
            **{
                f"{p}-{k}": "0"
                for p in ("delegates", "meetings", "invitation_changes")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )

    assert response.status_code == 302
    change = InvitationChange.objects.get()
    assert (change.to_status, change.changed_by) == ("draft", protocol_user)


def test_admin_refuses_a_delegation_whose_origin_does_not_match_its_kind(client, edition13, protocol_user):
    client.force_login(protocol_user)

    response = client.post(
        "/admin/delegations/delegation/add/",
        {
            "edition": edition13.pk,
            "origin_kind": "central",
            "country": "VN",
            "security_level": "standard",
            **{
                f"{p}-{k}": "0"
                for p in ("delegates", "meetings", "invitation_changes")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )

    assert response.status_code == 200
    assert "A foreign delegation needs a country or region" in response.content.decode()
