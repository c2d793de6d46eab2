"""Merchant invitations by unit: links, the credit of registrations, figures against the
target, the secretariat's overview and the progress report's section."""

import pytest
from django.test import Client
from django.urls import reverse

from events import invitations
from events.enums import ProgrammeAction
from events.models import Attendee, CheckIn, MerchantInvitation, MerchantInvitationTarget
from expo.models import ActivityLog
from expo.reports.figures import progress_document
from tests.factories import AttendeeFactory
from tests.helpers import in_parallel
from tests.units.conftest import EN, ZH

pytestmark = pytest.mark.django_db


def _register(client, email, **extra):
    data = {
        "name": "Kim Min-jun",
        "organization": "Busan Trading",
        "email": email,
        "country": "KR",
        "kind": "merchant",
        "industry": "",
        "phone": "",
    }
    data.update(extra)
    return client.post(reverse("programme:register"), data, **EN)


def test_a_merchant_who_opens_a_units_link_is_credited_to_the_unit(client, edition, changchun):
    link = invitations.invitation_create(unit=changchun, edition=edition, label="Korean chamber")

    response = client.get(reverse("programme:invitation", args=[link.code]), follow=True, **EN)
    assert "You were invited by Changchun" in response.content.decode()
    _register(client, "kim@busan.example.kr")

    attendee = Attendee.objects.get(email="kim@busan.example.kr")
    assert attendee.invited_by == changchun


def test_no_credit_without_a_link_a_switched_off_link_or_for_another_kind(client, edition, changchun):
    link = invitations.invitation_create(unit=changchun, edition=edition)
    _register(client, "nolink@example.org")
    client.get(reverse("programme:invitation", args=[link.code]))
    _register(client, "media@example.org", kind="media")
    invitations.invitation_set_active(invitation=link, unit=changchun, active=False)
    response = client.get(reverse("programme:invitation", args=[link.code]), follow=True, **EN)
    assert "not valid any more" in response.content.decode()

    assert list(Attendee.objects.filter(invited_by__isnull=False)) == []


def test_the_unit_sees_its_merchants_and_figures_against_the_target(client, edition, changchun_user, jilin, secretary):
    unit = changchun_user.member_unit
    mine = AttendeeFactory.create_batch(3, edition=edition, invited_by=unit)
    AttendeeFactory(edition=edition, invited_by=jilin, name="SECRET-JILIN-MERCHANT")
    CheckIn.objects.create(attendee=mine[0], day=edition.start_date, at=edition.created_at)
    invitations.invitation_target_set(unit=unit, edition=edition, target=6, by=secretary)
    client.force_login(changchun_user)

    page = client.get(reverse("unit_events:invitations"), **ZH).content.decode()

    assert 'class="figure-registered">3<' in page
    assert 'class="figure-checked-in">1<' in page
    assert 'class="figure-target">6<' in page
    assert "SECRET-JILIN-MERCHANT" not in page
    assert "50%" in page


def test_a_unit_makes_and_switches_off_only_its_own_links(client, edition, changchun_user, jilin):
    other = MerchantInvitation.objects.create(edition=edition, unit=jilin)
    client.force_login(changchun_user)

    client.post(reverse("unit_events:invitations"), {"label": "Mail of 12 May"}, **EN)
    response = client.post(reverse("unit_events:invitations"), {"action": "off", "invitation": other.pk}, **EN)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active is True
    assert list(MerchantInvitation.objects.filter(unit=changchun_user.member_unit).values_list("label", flat=True)) == [
        "Mail of 12 May"
    ]


def test_only_the_secretariat_sets_targets_and_it_is_logged(client, edition, changchun, secretary, changchun_user):
    client.force_login(changchun_user)
    assert client.post(reverse("staff_units:invitations"), {"unit": changchun.pk, "target": 10}).status_code == 403

    client.force_login(secretary)
    client.post(reverse("staff_units:invitations"), {"unit": changchun.pk, "target": 500}, **EN)
    client.post(reverse("staff_units:invitations"), {"unit": changchun.pk, "target": -3}, **EN)

    assert MerchantInvitationTarget.objects.get(unit=changchun).target == 500
    row = ActivityLog.objects.get(action=ProgrammeAction.INVITATION_TARGET)
    assert (row.actor, row.changes) == (secretary, {"target": [None, 500]})


def test_the_progress_report_counts_invitations_by_unit(edition, changchun, jilin, secretary):
    AttendeeFactory.create_batch(2, edition=edition, invited_by=changchun)
    checked = AttendeeFactory(edition=edition, invited_by=jilin)
    CheckIn.objects.create(attendee=checked, day=edition.start_date, at=edition.created_at)
    AttendeeFactory(edition=edition, invited_by=jilin, kind="online_visitor")
    invitations.invitation_target_set(unit=changchun, edition=edition, target=4, by=secretary)

    document = progress_document(edition=edition, language="en")

    section = next(s for s in document.sections if s.key == "merchant_invitations")
    assert section.rows == [
        {"unit": "Changchun", "registered": 2, "checked_in": 0, "target": 4, "percent_of_target": 50},
        {"unit": "Jilin", "registered": 1, "checked_in": 1, "target": None, "percent_of_target": None},
    ]


@pytest.mark.parametrize("item_count", [1, 30])
def test_the_secretariats_overview_counts_merchants_once_per_refresh_period_and_reads_targets_live(
    client, edition, changchun, jilin, secretary, item_count, settings, django_assert_num_queries
):
    """The counts over every merchant of the edition: once per FIGURES_REFRESH_SECONDS for the
    whole site; a target the secretariat sets shows at once. The same queries at 1 and 30."""
    settings.FIGURES_REFRESH_SECONDS = 30
    AttendeeFactory.create_batch(item_count, edition=edition, invited_by=changchun)
    client.force_login(secretary)
    client.get(reverse("staff_units:invitations"), **EN)
    AttendeeFactory(edition=edition, invited_by=changchun)
    client.post(reverse("staff_units:invitations"), {"unit": jilin.pk, "target": 70}, **EN)

    # Session, user, offices, targets, their units, the committee's units (exists, then the
    # list), the messages' session (the edition is kept by the process: expo.edition_memo):
    # the merchants are not counted again.
    with django_assert_num_queries(7):
        html = client.get(reverse("staff_units:invitations"), **EN).content.decode()

    rows = [row["registered"] for row in invitations.invitations_by_unit(edition=edition, cached=True)]
    assert rows == [item_count, 0]
    assert [row["registered"] for row in invitations.invitations_by_unit(edition=edition)] == [item_count + 1, 0]
    assert "70" in html


@pytest.mark.parametrize("item_count", [1, 30])
def test_the_units_merchant_list_runs_constant_queries(
    client, edition, changchun_user, item_count, django_assert_num_queries
):
    AttendeeFactory.create_batch(item_count, edition=edition, invited_by=changchun_user.member_unit)
    client.force_login(changchun_user)
    with django_assert_num_queries(9):
        response = client.get(reverse("unit_events:invitations"), **EN)
    assert response.content.decode().count("<td>Test Trading Co.</td>") == item_count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_person_registering_through_two_units_links_at_once_is_credited_once(settings):
    from tests.factories import EditionFactory, MemberUnitFactory

    # Eight tries of one address at once: above the public form's limit per address, on purpose.
    settings.EVENTS_REGISTRATION_PER_EMAIL = (100, 3600)

    edition = EditionFactory(number=13, is_current=True)
    units = [MemberUnitFactory(code=f"unit{n}") for n in range(8)]
    links = [invitations.invitation_create(unit=unit, edition=edition) for unit in units]
    clients = []
    for link in links:  # each opens its unit's link first (a session of its own), then all register at once
        client = Client()
        client.get(reverse("programme:invitation", args=[link.code]))
        clients.append(client)

    def register(client):
        response = _register(client, "same.person@example.org")
        assert response.status_code == 302, response.status_code

    errors = in_parallel(register, clients)

    assert errors == []
    attendee = Attendee.objects.get(email="same.person@example.org")
    assert attendee.invited_by in units
    assert Attendee.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_through_one_link_are_all_credited(settings):
    from tests.factories import EditionFactory, MemberUnitFactory

    # Twenty registrations from one test client address: above the limit per address, on purpose.
    settings.EVENTS_REGISTRATION_PER_ADDRESS = (1000, 600)

    edition = EditionFactory(number=13, is_current=True)
    unit = MemberUnitFactory(code="busy")
    link = invitations.invitation_create(unit=unit, edition=edition)
    emails = [f"m{n}@example.org" for n in range(20)]
    clients = []
    for email in emails:  # each visitor opens the link first, then all register at once
        client = Client()
        client.get(reverse("programme:invitation", args=[link.code]))
        clients.append((client, email))

    def register(pair):
        client, email = pair
        assert _register(client, email).status_code == 302

    errors = in_parallel(register, clients)

    assert errors == []
    assert invitations.unit_invitation_figures(unit=unit, edition=edition)["registered"] == 20
