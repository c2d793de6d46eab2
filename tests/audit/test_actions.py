"""Each audited action writes exactly its row (actor, action, object, changes); a refused or
rolled-back action writes none."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from delegations import services as delegation_services
from delegations.enums import AccessAction, InvitationStatus, ProtocolAction
from delegations.imports import COLUMNS as DELEGATE_COLUMNS
from delegations.imports import import_delegates
from delegations.protection import log_access
from exhibitors import services as booth_services
from exhibitors.enums import ApplicationStatus, ExhibitionAction
from expo.committee import services as committee
from expo.enums import Office
from expo.errors import DomainError
from expo.models import ActivityLog, AuditAction, ReportStatus
from projects import services as project_services
from projects.enums import ProjectAction
from projects.imports import COLUMNS as PROJECT_COLUMNS
from projects.imports import ImportFailed, import_projects
from tests.audit.conftest import log_in
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.factories import (
    BoothFactory,
    EditionFactory,
    ExhibitorFactory,
    OrganizerFactory,
    PavilionFactory,
    UserFactory,
)
from tests.projects.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


# Making the tests' staff users and their devices is logged too (tests/expo/test_rights.py).
ACCOUNT_ACTIONS = (AuditAction.USER_RIGHTS, AuditAction.USER_CHANGE, AuditAction.USER_PASSWORD, AuditAction.OTP_DEVICE)


def rows(**filters):
    """(actor id, action, object type, object id, changes) of the log's rows, oldest first."""
    return [
        (e.actor_id, e.action, e.content_type.model if e.content_type else None, e.object_id, e.changes)
        for e in ActivityLog.objects.filter(**filters)
        .exclude(action__in=ACCOUNT_ACTIONS)
        .select_related("content_type")
        .order_by("pk")
    ]


# Booths ---------------------------------------------------------------------------------


@pytest.fixture
def booth(edition):
    return BoothFactory(pavilion=PavilionFactory(edition=edition), code="S001")


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk")


def test_a_hold_and_its_confirmation_are_logged(booth, clerk):
    now = timezone.now()
    application = booth_services.hold_booth(
        exhibitor=ExhibitorFactory(), booth=booth, user=clerk, now=now, hold_minutes=30
    )
    organizer = OrganizerFactory()
    booth_services.confirm_application(application=application, user=organizer)

    pk = str(application.pk)
    held_until = (now + datetime.timedelta(minutes=30)).isoformat()
    assert rows() == [
        (clerk.pk, "booth_hold", "boothapplication", pk, {"status": [None, "held"], "held_until": [None, held_until]}),
        (organizer.pk, "booth_confirm", "boothapplication", pk, {"status": ["held", "confirmed"]}),
    ]
    assert ActivityLog.objects.order_by("pk").first().object_repr == str(application)  # as it was when held


def test_a_refused_hold_writes_nothing(booth, clerk):
    booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth, user=clerk)

    with pytest.raises(booth_services.BoothUnavailable):
        booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth, user=clerk)

    assert [r[1] for r in rows()] == ["booth_hold"]


def _hold_then_fail(booth, user):
    with transaction.atomic():
        booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth, user=user)
        raise RuntimeError("the page failed after the hold")


def test_a_hold_rolled_back_by_its_caller_writes_nothing(booth, clerk):
    with pytest.raises(RuntimeError):
        _hold_then_fail(booth, clerk)

    assert rows() == []


def test_rejection_and_cancellation_are_logged(edition, clerk):
    pavilion = PavilionFactory(edition=edition)
    first = booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion), user=clerk)
    second = booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion), user=clerk)
    organizer = OrganizerFactory()

    booth_services.reject_application(application=first, user=organizer, reason="Not an exhibitor of this field")
    booth_services.cancel_application(application=second, user=clerk)

    assert rows(action__in=["booth_reject", "booth_cancel"]) == [
        (
            organizer.pk,
            "booth_reject",
            "boothapplication",
            str(first.pk),
            {"status": ["held", "rejected"], "rejection_reason": ["", "Not an exhibitor of this field"]},
        ),
        (clerk.pk, "booth_cancel", "boothapplication", str(second.pk), {"status": ["held", "cancelled"]}),
    ]


def test_confirming_twice_logs_once(booth, clerk):
    application = booth_services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth, user=clerk)
    booth_services.confirm_application(application=application, user=clerk)

    with pytest.raises(booth_services.ApplicationError):
        booth_services.confirm_application(application=application, user=clerk)

    assert ActivityLog.objects.filter(action=ExhibitionAction.BOOTH_CONFIRM).count() == 1


def test_expiry_logs_each_hold_as_the_system(edition, clerk, django_assert_max_num_queries):
    pavilion = PavilionFactory(edition=edition)
    start = timezone.now()
    holds = [
        booth_services.hold_booth(
            exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion), user=clerk, now=start, hold_minutes=5
        )
        for _ in range(3)
    ]

    released = booth_services.release_expired_holds(now=start + datetime.timedelta(minutes=6))

    assert released == 3
    assert rows(action="booth_expire") == [
        (None, "booth_expire", "boothapplication", str(h.pk), {"status": ["held", "expired"]})
        for h in sorted(holds, key=lambda h: h.booth_id)
    ]
    assert set(ActivityLog.objects.filter(action="booth_expire").values_list("actor_username", flat=True)) == {""}
    assert {a.status for a in type(holds[0]).objects.all()} == {ApplicationStatus.EXPIRED}


# Projects -------------------------------------------------------------------------------


@pytest.fixture
def changchun(db):
    return MunicipalityFactory(code="changchun", name_en="Changchun", short_name_en="Changchun")


def _create(edition, unit, by):
    return project_services.project_create(
        edition=edition,
        reporting_unit=unit,
        title="长春氢能产业园项目",
        investment_yuan=Decimal("1200000000.00"),
        industry="new_energy",
        municipality=unit,
        partner_name="Hanbit Energy Co., Ltd.",
        partner_country="KR",
        by=by,
    )


def test_project_registration_and_changes_of_amount_and_stage_are_logged(edition, changchun, clerk):
    project = _create(edition, changchun, clerk)
    organizer = OrganizerFactory()

    project_services.project_update(project=project, by=organizer, investment_yuan=Decimal("1500000000.5"))
    project_services.project_update(project=project, by=organizer, partner_name="Hanbit New Energy")  # not audited
    project_services.project_update(project=project, by=organizer, stage="signed", signed_on=datetime.date(2021, 9, 23))

    pk = str(project.pk)
    assert rows() == [
        (
            clerk.pk,
            "project_create",
            "project",
            pk,
            {
                "investment_yuan": [None, "1200000000.00"],
                "type": [None, "contract"],
                "stage": [None, "negotiating"],
            },
        ),
        (organizer.pk, "project_update", "project", pk, {"investment_yuan": ["1200000000.00", "1500000000.50"]}),
        (organizer.pk, "project_update", "project", pk, {"stage": ["negotiating", "signed"]}),
    ]


def test_an_invalid_project_change_writes_nothing(edition, changchun, clerk):
    project = ProjectFactory(edition=edition, municipality=changchun)

    with pytest.raises(ValidationError):
        project_services.project_update(project=project, by=clerk, stage="signed")  # no signing date

    assert rows() == []


def _projects_csv(*lines):
    return io.BytesIO(("\n".join([",".join(PROJECT_COLUMNS), *lines]) + "\n").encode())


def test_a_project_import_logs_each_project_in_one_insert(edition, changchun, clerk):
    source = _projects_csv(
        "长春氢能产业园项目,contract,1200000000.00,New Energy and Clean Energy,Changchun,Hanbit,KR,,signed,2021-09-23",
        "长春大数据中心项目,agreement,0.5,new energy and clean energy,Changchun,Lion City,SG,,negotiating,",
    )

    import_projects(rows_source=source, file_format="csv", edition=edition, by=clerk)

    logged = ActivityLog.objects.filter(action=ProjectAction.PROJECT_CREATE).order_by("object_repr")
    assert [(e.actor_id, e.object_repr, e.changes, e.details) for e in logged] == [
        (
            clerk.pk,
            "长春大数据中心项目",
            {"investment_yuan": [None, "0.50"], "type": [None, "agreement"], "stage": [None, "negotiating"]},
            {"source": "import"},
        ),
        (
            clerk.pk,
            "长春氢能产业园项目",
            {"investment_yuan": [None, "1200000000.00"], "type": [None, "contract"], "stage": [None, "signed"]},
            {"source": "import"},
        ),
    ]


def test_a_failed_project_import_logs_nothing(edition, changchun, clerk):
    source = _projects_csv("长春氢能产业园项目,contract,lots,New Energy and Clean Energy,Changchun,Hanbit,KR,,signed,")

    with pytest.raises(ImportFailed):
        import_projects(rows_source=source, file_format="csv", edition=edition, by=clerk)

    assert rows() == []


# Delegations ----------------------------------------------------------------------------


def test_delegation_creation_and_invitation_steps_are_logged(edition, clerk):
    delegation = delegation_services.delegation_create(edition=edition, origin_kind="foreign", country="JP", by=clerk)
    delegation_services.invitation_send(delegation=delegation, by=clerk, note="by diplomatic post")
    delegation_services.invitation_accept(delegation=delegation, by=clerk)

    pk = str(delegation.pk)
    assert rows() == [
        (clerk.pk, "delegation_create", "delegation", pk, {"status": [None, "draft"]}),
        (clerk.pk, "invitation_change", "delegation", pk, {"status": ["draft", "sent"]}),
        (clerk.pk, "invitation_change", "delegation", pk, {"status": ["sent", "accepted"]}),
    ]
    assert ActivityLog.objects.filter(action="invitation_change").order_by("pk").first().details == {
        "note": "by diplomatic post"
    }


def test_an_illegal_invitation_step_writes_nothing(edition, clerk):
    delegation = DelegationFactory(edition=edition, status=InvitationStatus.DRAFT)

    with pytest.raises(delegation_services.InvitationError):
        delegation_services.invitation_confirm(delegation=delegation, by=clerk)

    assert rows() == []


def test_marking_delegates_attended_logs_each_one_that_changed(edition, clerk):
    delegation = DelegationFactory(edition=edition)
    absent = DelegateFactory.create_batch(2, delegation=delegation, attended=False)
    DelegateFactory(delegation=delegation, attended=True)  # unchanged: not logged

    count = delegation_services.delegates_set_attended(
        delegate_ids=[d.pk for d in delegation.delegates.all()], by=clerk
    )

    assert count == 2
    assert rows() == [
        (clerk.pk, "delegate_change", "delegate", str(d.pk), {"attended": [False, True]})
        for d in sorted(absent, key=lambda d: d.pk)
    ]


@pytest.fixture
def protocol_user(db):
    return OrganizerFactory(username="protocol-staff", offices=[Office.PROTOCOL])


def test_protected_data_views_and_exports_are_logged(edition, protocol_user):
    delegates = DelegateFactory.create_batch(2, delegation=DelegationFactory(edition=edition))
    ids = sorted(d.pk for d in delegates)

    log_access(user=protocol_user, action=AccessAction.VIEW, where="admin: delegate list", delegate_ids=ids)
    log_access(
        user=protocol_user, action=AccessAction.EXPORT, where="delegates.xlsx", delegate_ids=ids, fields=["phone"]
    )

    logged = ActivityLog.objects.exclude(action__in=ACCOUNT_ACTIONS).order_by("pk")
    assert [(e.actor_id, e.action, e.details) for e in logged] == [
        (
            protocol_user.pk,
            "protected_view",
            {
                "where": "admin: delegate list",
                "fields": ["passport_number", "date_of_birth", "phone"],
                "delegate_ids": ids,
                "delegate_count": 2,
            },
        ),
        (
            protocol_user.pk,
            "protected_export",
            {"where": "delegates.xlsx", "fields": ["phone"], "delegate_ids": ids, "delegate_count": 2},
        ),
    ]


def test_a_masked_reading_is_not_logged(edition):
    delegate = DelegateFactory(delegation=DelegationFactory(edition=edition))

    log_access(user=UserFactory(), action=AccessAction.VIEW, where="somewhere", delegate_ids=[delegate.pk])

    assert rows() == []


def test_a_delegate_change_in_the_admin_logs_protected_values_masked(client, edition, protocol_user):
    delegate = DelegateFactory(
        delegation=DelegationFactory(edition=edition),
        passport_number="E12345689",
        date_of_birth=datetime.date(1965, 3, 12),
        phone="+86 138 0000 0012",
        rank=3,
    )
    log_in(client, protocol_user)
    page = client.get(f"/admin/delegations/delegate/{delegate.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        {
            "delegation": delegate.delegation_id,
            "passport_number": "G98765432",
            "date_of_birth": "1965-03-12",
            "phone": "+86 138 0000 0012",
            "rank": 4,
            **{f"{p}-TOTAL_FORMS": "0" for p in ("travels", "hotel_stays", "event_attendances")},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("travels", "hotel_stays", "event_attendances")},
        }
    )
    data = {k: v for k, v in data.items() if k not in ("id", "created_at", "updated_at")}

    response = client.post(f"/admin/delegations/delegate/{delegate.pk}/change/", data, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = ActivityLog.objects.get(action=ProtocolAction.DELEGATE_CHANGE)
    assert (entry.actor_id, entry.content_type, entry.object_id, entry.ip_address) == (
        protocol_user.pk,
        ContentType.objects.get_for_model(delegate),
        str(delegate.pk),
        "10.1.2.3",
    )
    assert entry.changes == {"rank": [3, 4], "passport_number": ["E1•••••89", "G9•••••32"]}
    stored = str(ActivityLog.objects.values_list("changes", "details").filter(pk=entry.pk).get())
    assert "12345689" not in stored
    assert "98765432" not in stored


def _delegates_csv(*lines):
    return io.BytesIO(("\n".join([",".join(DELEGATE_COLUMNS), *lines]) + "\n").encode())


DELEGATE_ROWS = (
    "foreign,ru,Алексей Орлов,Aleksey Orlov,Deputy Minister,Ministry,male,Russian,4,yes,yes,75 1234567,1966-04-02,+7 495 123 45 67",
    "foreign,RU,Ольга Беляева,Olga Belyaeva,Director,,female,Russian,5,,no,,,",
)


def test_a_delegate_import_logs_one_row_with_the_counts_and_no_protected_value(edition, clerk):
    import_delegates(rows_source=_delegates_csv(*DELEGATE_ROWS), file_format="csv", edition=edition, by=clerk)

    # Besides the import's row, the delegation it created has its own, as delegation_create writes.
    created = ActivityLog.objects.get(action="delegation_create")
    assert (created.actor_id, created.content_type.model, created.changes) == (
        clerk.pk,
        "delegation",
        {"status": [None, "draft"]},
    )
    entry = ActivityLog.objects.get(action="import")
    assert (entry.actor_id, entry.action, entry.content_type.model, entry.object_id) == (
        clerk.pk,
        "import",
        "edition",
        str(edition.pk),
    )
    assert entry.details == {
        "kind": "delegates",
        "rows": 2,
        "delegations_created": 1,
        "delegates_created": 2,
        "delegates_updated": 0,
    }
    assert "1234567" not in str(list(ActivityLog.objects.values_list("changes", "details")))


def test_a_failed_delegate_import_logs_nothing(edition, clerk):
    bad = "foreign,ru,Алексей Орлов,Aleksey Orlov,Deputy Minister,Ministry,male,Russian,99,yes,yes,,,"

    with pytest.raises(ImportFailed):
        import_delegates(
            rows_source=_delegates_csv(DELEGATE_ROWS[1], bad), file_format="csv", edition=edition, by=clerk
        )

    assert rows() == []


# Progress reports -----------------------------------------------------------------------


@pytest.fixture
def submitted(edition):
    item = WorkItemFactory(edition=edition)
    return ProgressReportFactory(work_item=item, unit=item.lead_unit, status=ReportStatus.SUBMITTED)


def test_accepting_a_report_is_logged(submitted, clerk):
    committee.report_accept(report=submitted, by=clerk, comment="Well done")

    assert rows() == [
        (
            clerk.pk,
            "report_accept",
            "progressreport",
            str(submitted.pk),
            {"status": ["submitted", "accepted"], "secretariat_comment": ["", "Well done"]},
        )
    ]


def test_returning_a_report_is_logged(submitted, clerk):
    committee.report_return(report=submitted, by=clerk, comment="Add the figures for August")

    assert rows() == [
        (
            clerk.pk,
            "report_return",
            "progressreport",
            str(submitted.pk),
            {"status": ["submitted", "returned"], "secretariat_comment": ["", "Add the figures for August"]},
        )
    ]


def test_a_refused_review_writes_nothing(edition, clerk):
    item = WorkItemFactory(edition=edition)
    draft = ProgressReportFactory(work_item=item, unit=item.lead_unit, status=ReportStatus.DRAFT)

    with pytest.raises(DomainError):
        committee.report_accept(report=draft, by=clerk)
    with pytest.raises(DomainError):
        committee.report_return(report=draft, by=clerk, comment="  ")

    assert rows() == []


def test_the_object_of_a_log_row_is_found_again(edition, clerk):
    other = EditionFactory()
    from expo import audit

    entry = audit.record(action=AuditAction.IMPORT, obj=other, actor=clerk)

    assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == other


def test_an_exhibitor_import_logs_one_row_with_the_counts(edition, clerk):
    from exhibitors.imports import COLUMNS as EXHIBITOR_COLUMNS
    from exhibitors.imports import import_exhibitors

    values = {
        "name": "吉林一汽测试有限公司",
        "kind": "enterprise",
        "country": "CN",
        "province": "Jilin",
        "industry": "automobile and parts processing",
        "contact_name": "王芳",
        "contact_email": "wang.fang@example.cn",
        "mode": "online",
    }
    line = ",".join(values.get(column, "") for column in EXHIBITOR_COLUMNS)
    source = io.BytesIO((",".join(EXHIBITOR_COLUMNS) + "\n" + line + "\n").encode())

    import_exhibitors(rows_source=source, file_format="csv", edition=edition, by=clerk)

    entry = ActivityLog.objects.get()
    assert (entry.actor_id, entry.action, entry.object_id) == (clerk.pk, "import", str(edition.pk))
    assert entry.details == {
        "kind": "exhibitors",
        "rows": 1,
        "exhibitors_created": 1,
        "exhibitors_updated": 0,
        "participations_created": 1,
        "participations_updated": 0,
        "exhibitors_held": [],
    }


def _admin_post_data(page, **changes):
    """The admin change page's own values (no inline rows changed), with ``changes``."""
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = "0"
        data[f"{formset.prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def test_a_delegation_change_in_the_admin_logs_the_fields_with_phones_masked(client, edition, protocol_user):
    delegation = DelegationFactory(edition=edition, liaison_name="王磊", liaison_phone="+86 139 4310 1000")
    log_in(client, protocol_user)
    url = f"/admin/delegations/delegation/{delegation.pk}/change/"
    page = client.get(url)

    response = client.post(
        url, _admin_post_data(page, liaison_name="李娜", liaison_phone="+86 139 4310 2088", country="JP")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = ActivityLog.objects.get(action="delegation_change")
    assert entry.changes == {
        "country": [delegation.country.code, "JP"],
        "liaison_name": ["王磊", "李娜"],
        "liaison_phone": ["+86 •••• ••00", "+86 •••• ••88"],
    }
    assert entry.actor_id == protocol_user.pk
    assert "4310" not in str(entry.changes)


def test_saving_a_delegation_unchanged_in_the_admin_logs_nothing(client, edition, protocol_user):
    delegation = DelegationFactory(edition=edition)
    log_in(client, protocol_user)
    url = f"/admin/delegations/delegation/{delegation.pk}/change/"

    response = client.post(url, _admin_post_data(client.get(url)))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not ActivityLog.objects.filter(action="delegation_change").exists()


def test_a_delegate_changed_inline_on_the_delegation_page_is_logged(client, edition, protocol_user):
    delegation = DelegationFactory(edition=edition)
    delegate = DelegateFactory(delegation=delegation, name_latin="Ivan Petrov", rank=3)
    log_in(client, protocol_user)
    url = f"/admin/delegations/delegation/{delegation.pk}/change/"
    page = client.get(url)
    inline = {
        "delegates-TOTAL_FORMS": "1",
        "delegates-INITIAL_FORMS": "1",
        "delegates-0-id": str(delegate.pk),
        "delegates-0-delegation": str(delegation.pk),
        "delegates-0-name_latin": "Ivan Petrov",
        "delegates-0-name_original": delegate.name_original,
        "delegates-0-title": delegate.title,
        "delegates-0-rank": "5",
        "delegates-0-attended": "on",
    }

    response = client.post(url, {**_admin_post_data(page), **inline})

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert delegate.attended
    assert rows(action="delegate_change") == [
        (protocol_user.pk, "delegate_change", "delegate", str(delegate.pk), {"rank": [3, 5]})
    ]
