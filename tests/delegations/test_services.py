import pytest

from delegations.enums import InvitationStatus
from delegations.models import InvitationChange
from delegations.services import (
    InvitationError,
    delegation_create,
    invitation_accept,
    invitation_cancel,
    invitation_confirm,
    invitation_decline,
    invitation_send,
)
from tests.delegations.factories import DelegationFactory
from tests.factories import OrganizerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(edition13, protocol_user):
    return delegation_create(edition=edition13, origin_kind="foreign", country="MN", by=protocol_user)


def test_delegation_create_starts_the_history_in_draft(draft, protocol_user):
    assert draft.status == InvitationStatus.DRAFT
    assert list(InvitationChange.objects.values_list("from_status", "to_status", "changed_by")) == [
        ("", "draft", protocol_user.pk)
    ]


def test_invitation_goes_from_draft_to_confirmed_and_keeps_who_and_when(draft, protocol_user):
    answerer = OrganizerFactory()
    invitation_send(delegation=draft, by=protocol_user)
    invitation_accept(delegation=draft, by=answerer, note="By note verbale")
    invitation_confirm(delegation=draft, by=protocol_user)

    draft.refresh_from_db()
    assert draft.status == InvitationStatus.CONFIRMED
    assert draft.sent_at <= draft.answered_at <= draft.confirmed_at
    changes = list(draft.invitation_changes.values_list("from_status", "to_status", "changed_by", "note"))
    assert changes == [
        ("", "draft", protocol_user.pk, ""),
        ("draft", "sent", protocol_user.pk, ""),
        ("sent", "accepted", answerer.pk, "By note verbale"),
        ("accepted", "confirmed", protocol_user.pk, ""),
    ]
    assert all(c.changed_at is not None for c in draft.invitation_changes.all())


def test_invitation_can_be_declined_after_sending(draft, protocol_user):
    invitation_send(delegation=draft, by=protocol_user)
    invitation_decline(delegation=draft, by=protocol_user)

    draft.refresh_from_db()
    assert (draft.status, draft.answered_at is not None) == (InvitationStatus.DECLINED, True)


@pytest.mark.parametrize("status", ["draft", "sent", "accepted", "confirmed"])
def test_invitation_can_be_cancelled_from_any_open_state(edition13, protocol_user, status):
    delegation = DelegationFactory(edition=edition13, status=status)

    invitation_cancel(delegation=delegation, by=protocol_user)

    delegation.refresh_from_db()
    assert delegation.status == InvitationStatus.CANCELLED
    assert delegation.cancelled_at is not None


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("draft", invitation_accept),
        ("draft", invitation_confirm),
        ("sent", invitation_confirm),
        ("declined", invitation_confirm),
        ("declined", invitation_cancel),
        ("cancelled", invitation_send),
        ("confirmed", invitation_decline),
    ],
)
def test_illegal_invitation_steps_are_refused_and_change_nothing(edition13, protocol_user, status, step, english):
    delegation = DelegationFactory(edition=edition13, status=status, country="KR")

    with pytest.raises(InvitationError) as refused:
        step(delegation=delegation, by=protocol_user)

    assert refused.value.message.startswith(f"The invitation of South Korea is {status}; it cannot become ")
    delegation.refresh_from_db()
    assert delegation.status == status
    assert not InvitationChange.objects.exists()


def test_illegal_step_message_names_the_delegation_in_the_users_language(edition13, protocol_user):
    from django.utils import translation

    delegation = DelegationFactory(edition=edition13, status="draft", country="KR")
    with translation.override("zh-hans"), pytest.raises(InvitationError) as refused:
        invitation_confirm(delegation=delegation, by=protocol_user)
    assert "韩国" in refused.value.message
