"""The access matrix: every URL pattern of the project (admin, auth and i18n included), for
every role, filled with the ids of objects that belong to another tenant.

The patterns come from the URL resolver, so a new URL joins the matrix by itself: a pattern
that ``PAGES`` does not declare fails ``test_access`` with a message saying how to declare it.
Admin URLs are declared generically from the admin site's registry and the offices' policy
below (``PROTOCOL_ADMIN``).

For each (URL, role) pair:
- a *foreign* probe fills the URL with another tenant's object (commerce gets changchun's
  report, exhibitor1 exhibitor2's exhibit, everyone else a tenant's object): only roles that
  see every tenant's objects (organizers, where allowed) may get the page; everybody else gets
  403, 404 or a redirect to a login page, a POST changes nothing, and never a 200;
- an *own* probe, for a tenant role that may use the page, fills it with the role's own
  object and expects the page, so the matrix cannot pass by refusing everything;
- every 200 a tenant role or an anonymous visitor gets must not show the other tenants'
  identifying strings (``MARKERS``).

``pytest tests/security/test_access_matrix.py -s`` prints the number of pairs and probes.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.helpers import mark_otp_verified, totp_device_for
from tests.security.conftest import rolled_back_demo

ANONYMOUS, ORGANIZER, PROTOCOL = "anonymous", "organizer", "protocol"
COMMERCE, CHANGCHUN = "commerce", "changchun"
EXHIBITOR1, EXHIBITOR2 = "exhibitor1", "exhibitor2"
MERCHANT1 = "merchant1"
ROLES = (ANONYMOUS, ORGANIZER, PROTOCOL, COMMERCE, CHANGCHUN, EXHIBITOR1, EXHIBITOR2, MERCHANT1)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
STAFF = frozenset({ORGANIZER, PROTOCOL})
SECRETARIAT = frozenset({ORGANIZER})
UNITS = frozenset({COMMERCE, CHANGCHUN})
EXHIBITORS = frozenset({EXHIBITOR1, EXHIBITOR2})
MERCHANTS = frozenset({MERCHANT1})
# Whose object a tenant role is given in a foreign probe ("merchant2": a merchant of no role).
OTHER = {
    COMMERCE: CHANGCHUN,
    CHANGCHUN: COMMERCE,
    EXHIBITOR1: EXHIBITOR2,
    EXHIBITOR2: EXHIBITOR1,
    MERCHANT1: "merchant2",
}

DENIED = (403, 404)
REDIRECT = (301, 302)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class Page:
    """Who may use a URL and with what.

    ``allowed``: the roles that get the page (with their own object, for tenant objects);
    ``kind``: what fills the URL's converters (a key of ``KINDS``), None when it has none;
    ``ok``: the statuses an allowed role gets; ``method``: how it is requested;
    ``post_too``: a form, so a foreign probe also POSTs and must change nothing;
    ``query``: a query string to add."""

    allowed: frozenset
    kind: str | None = None
    ok: tuple[int, ...] = (200,)
    method: str = "get"
    post_too: bool = False
    query: str = ""
    counts: str = ""  # a model ("app_label.Model") whose rows a refused POST must not add to
    model_action: tuple[str, str] | None = None  # an admin model's (prefix, action)


# The declarative table: every URL name of the project but the admin's. ---------------------

PAGES: dict[str, Page] = {
    "home": Page(EVERYONE),
    # where a login lands: each role's own work
    "workspace": Page(SIGNED_IN, ok=(302,)),
    "healthz": Page(EVERYONE, ok=(200, 503)),
    # django.contrib.auth
    "login": Page(EVERYONE),
    "logout": Page(EVERYONE, method="post", ok=(200, 302)),
    "password_change": Page(SIGNED_IN),
    "password_change_done": Page(SIGNED_IN),
    "password_reset": Page(EVERYONE),
    "password_reset_done": Page(EVERYONE),
    "password_reset_confirm": Page(EVERYONE, kind="reset_link"),
    "password_reset_complete": Page(EVERYONE),
    "email_verify": Page(EVERYONE, kind="reset_link", ok=(400,)),
    "set_language": Page(EVERYONE, method="post", ok=(302,)),
    # the organizers' second login step: whoever is done with it is sent on; the QR code is
    # only for an organizer who is enrolling, which no role of the matrix is
    "otp_verify": Page(SIGNED_IN, ok=(302,)),
    "otp_enroll": Page(SIGNED_IN, ok=(302,)),
    "otp_enroll_qr": Page(frozenset()),
    # a superuser's one-time enrolment link: every role of the matrix is enrolled or no
    # organizer, so it only sends on; a wrong token is refused to an enrolling one (tested apart)
    "otp_enroll_link": Page(SIGNED_IN, kind="enrolment_token", ok=(302,)),
    # uploads, each behind its rule: a report's attachment is its unit's and the secretariat's
    "media": Page(UNITS | SECRETARIAT, kind="attachment_file"),
    # organizers
    "staff:dashboard": Page(STAFF),
    "staff:worker_check": Page(STAFF, method="post", ok=(302,)),
    "staff:committee": Page(SECRETARIAT),
    "staff:committee_review": Page(SECRETARIAT, kind="submitted_report", post_too=True),
    "staff:committee_attachment": Page(SECRETARIAT, kind="attachment"),
    "staff:report_runs": Page(STAFF, post_too=True, counts="expo.ReportRun"),
    "staff:report_run": Page(STAFF, kind="report_run"),
    "staff:report_rebuild": Page(STAFF, kind="report_run", method="post", ok=(302,), counts="expo.ReportRun"),
    "staff:report_download": Page(STAFF, kind="report_file"),
    # editions' status: every organizer reads, the secretariat changes, a superuser reopens
    "staff:editions": Page(STAFF),
    "staff:edition": Page(STAFF, kind="edition"),
    "staff:edition_open": Page(SECRETARIAT, kind="edition", ok=(200, 302), post_too=True),
    "staff:edition_prepare": Page(SECRETARIAT, kind="edition", ok=(200, 302), post_too=True),
    "staff:edition_close": Page(SECRETARIAT, kind="edition", ok=(200, 302), post_too=True),
    "staff:edition_reopen": Page(SECRETARIAT, kind="edition", ok=(200, 302), post_too=True),
    "edition_copy": Page(SECRETARIAT, post_too=True, counts="expo.Edition"),
    "exhibition:current": Page(STAFF, ok=(302,)),
    "exhibition:edition": Page(STAFF, kind="edition"),
    "attendance:check_in": Page(STAFF, post_too=True, counts="events.CheckIn"),
    # the offices' daily jobs: the exhibition office decides booth applications (the demo's
    # superuser), the protocol office keeps the delegations; both search the registrations
    "exhibition:applications": Page(SECRETARIAT, post_too=True),
    # the exhibition office approves or rejects exhibitors' live broadcasts; the investment
    # office keeps the matchmaking sessions (the demo's superuser holds both offices)
    "exhibition:broadcasts": Page(SECRETARIAT),
    "exhibition:broadcast_decide": Page(
        SECRETARIAT, kind="broadcast", method="post", ok=(302,), counts="expo.ActivityLog"
    ),
    "staff_matchmaking:sessions": Page(SECRETARIAT),
    "staff_matchmaking:session_create": Page(SECRETARIAT, post_too=True, counts="matchmaking.MatchmakingSession"),
    "staff_matchmaking:session": Page(SECRETARIAT, kind="matchmaking_session", post_too=True),
    "exhibition:application": Page(SECRETARIAT, kind="application", post_too=True),
    "protocol:delegations": Page(STAFF),
    "protocol:delegation": Page(STAFF, kind="delegation", post_too=True),
    "attendance:registrations": Page(STAFF),
    "protocol:desk": Page(STAFF),
    "protocol:export": Page(STAFF),
    "protocol:letter": Page(STAFF, kind="delegation"),
    "staff_projects:current": Page(STAFF, ok=(302,)),
    "staff_projects:edition": Page(STAFF, kind="edition"),
    "staff_projects:export": Page(STAFF, kind="edition"),
    # member units
    "portal:home": Page(UNITS),
    "portal:committee_item": Page(UNITS, kind="work_item"),
    "portal:committee_report_write": Page(
        UNITS, kind="work_item", ok=(200, 302), post_too=True, counts="expo.ProgressReport"
    ),
    "portal:committee_report": Page(UNITS, kind="submitted_report"),
    "portal:committee_report_edit": Page(UNITS, kind="draft_report", post_too=True),
    "portal:committee_report_submit": Page(UNITS, kind="draft_report", method="post", ok=(302,)),
    "portal:committee_attachment": Page(UNITS, kind="attachment"),
    "portal:committee_report_comment": Page(UNITS, kind="submitted_report", method="post", ok=(302,)),
    # member units' activities, events and merchants
    "unit_events:activities": Page(UNITS),
    "unit_events:proposal_create": Page(UNITS, post_too=True, counts="events.ActivityProposal"),
    "unit_events:proposal": Page(UNITS, kind="proposal"),
    "unit_events:proposal_edit": Page(UNITS, kind="proposal", post_too=True),
    "unit_events:proposal_withdraw": Page(UNITS, kind="proposal", method="post", ok=(302,)),
    "unit_events:event": Page(UNITS, kind="organized_event", post_too=True),
    "unit_events:invitations": Page(UNITS, post_too=True, counts="events.MerchantInvitation"),
    "staff_units:proposals": Page(SECRETARIAT),
    "staff_units:proposal": Page(SECRETARIAT, kind="proposal", post_too=True),
    "staff_units:programme_freeze": Page(SECRETARIAT, method="post", ok=(302,)),
    "staff_units:invitations": Page(SECRETARIAT, post_too=True, counts="events.MerchantInvitationTarget"),
    "staff:committee_comment": Page(SECRETARIAT, kind="submitted_report", method="post", ok=(302,)),
    "portal_projects:list": Page(UNITS),
    "portal_projects:create": Page(UNITS, ok=(200, 302), post_too=True, counts="projects.Project"),
    "portal_projects:detail": Page(UNITS, kind="project"),
    "portal_projects:update": Page(UNITS, kind="project", ok=(200, 302), post_too=True),
    # exhibitors
    "exhibitor:home": Page(EXHIBITORS),
    "exhibitor:signup": Page(EVERYONE, ok=(200, 302)),
    # "check your mail": the demo's exhibitors are verified, so it sends them to their home
    "exhibitor:check_email": Page(EXHIBITORS, ok=(302,), method="get"),
    "exhibitor:profile": Page(EXHIBITORS),
    "exhibitor:pavilions": Page(EXHIBITORS),
    "exhibitor:floor_plan": Page(EXHIBITORS, kind="pavilion"),
    "exhibitor:booth": Page(EXHIBITORS, kind="booth"),
    "exhibitor:booth_hold": Page(EXHIBITORS, kind="booth", method="post", ok=(302,)),
    "exhibitor:applications": Page(EXHIBITORS),
    "exhibitor:application_cancel": Page(EXHIBITORS, kind="application", method="post", ok=(302,)),
    "exhibitor:exhibits": Page(EXHIBITORS),
    "exhibitor:exhibit_create": Page(EXHIBITORS, post_too=True, counts="exhibitors.Exhibit"),
    "exhibitor:exhibit_update": Page(EXHIBITORS, kind="exhibit", post_too=True),
    "exhibitor:exhibit_delete": Page(EXHIBITORS, kind="exhibit", method="post", ok=(302,)),
    # matchmaking: a merchant's pages; an exhibitor's meetings and leads in the exhibitor
    # portal; an agenda's calendar feed is whoever holds its private address
    "matchmaking:agenda": Page(MERCHANTS),
    "matchmaking:signup": Page(EVERYONE, ok=(200, 302)),
    "matchmaking:exhibitors": Page(MERCHANTS),
    "matchmaking:request": Page(MERCHANTS, kind="meeting_target", post_too=True, counts="matchmaking.Meeting"),
    "matchmaking:meeting": Page(MERCHANTS, kind="merchant_meeting", post_too=True),
    "matchmaking:calendar": Page(EVERYONE, kind="calendar_feed"),
    "exhibitor_matchmaking:meetings": Page(EXHIBITORS),
    "exhibitor_matchmaking:meeting": Page(EXHIBITORS, kind="exhibitor_meeting", post_too=True),
    "exhibitor_matchmaking:merchants": Page(EXHIBITORS),
    "exhibitor_matchmaking:invite": Page(
        EXHIBITORS, kind="invitee", post_too=True, ok=(200, 302), counts="matchmaking.Meeting"
    ),
    "exhibitor_matchmaking:leads": Page(EXHIBITORS, post_too=True, counts="matchmaking.Lead"),
    "exhibitor_matchmaking:lead": Page(EXHIBITORS, kind="lead", post_too=True),
    "exhibitor_matchmaking:leads_export": Page(EXHIBITORS),
    # everyone: the programme; a badge or a registration is whoever holds its code
    "programme:index": Page(EVERYONE),
    # the public online exhibition (exhibitors.online_urls)
    "online:home": Page(EVERYONE),
    "online:search": Page(EVERYONE, query="q=MATRIX"),
    "online:edition": Page(EVERYONE, kind="edition"),
    "online:exhibitors": Page(EVERYONE, kind="edition"),
    "online:exhibitor": Page(EVERYONE, kind="online_participation"),
    "online:exhibit": Page(EVERYONE, kind="online_exhibit"),
    "online:pavilion": Page(EVERYONE, kind="online_pavilion"),
    "online:plan": Page(EVERYONE, kind="online_pavilion"),
    "online:register": Page(EVERYONE),
    "online:live": Page(EVERYONE),
    "exhibitor:broadcasts": Page(EXHIBITORS, post_too=True, counts="exhibitors.LiveBroadcast"),
    "online:favourites": Page(SIGNED_IN),
    "online:seen": Page(EVERYONE, query="e=13"),
    "online:language": Page(EVERYONE, ok=(302,), query="language=en"),
    "online:favourite_exhibit": Page(SIGNED_IN, kind="online_exhibit", method="post", ok=(302,)),
    "online:favourite_exhibitor": Page(SIGNED_IN, kind="online_participation", method="post", ok=(302,)),
    "exhibitor:online_analytics": Page(EXHIBITORS),
    "exhibition:online_analytics": Page(STAFF, kind="edition"),
    "programme:calendar": Page(EVERYONE),
    "programme:register": Page(EVERYONE),
    "programme:invitation": Page(EVERYONE, kind="invitation", ok=(302,)),
    "programme:event": Page(EVERYONE, kind="event"),
    "programme:mine": Page(EVERYONE, kind="attendee"),
    "programme:cancel": Page(EVERYONE, kind="registration", method="post", ok=(302,)),
    "programme:register_again": Page(EVERYONE, kind="registration", method="post", ok=(302,)),
    # a visitor's agenda: the page offers an anonymous visitor to log in; the feed is its token's
    "programme:event_ics": Page(EVERYONE, kind="event"),
    "programme:agenda": Page(EVERYONE),
    "programme:agenda_star": Page(SIGNED_IN, kind="event", method="post", ok=(302,)),
    "programme:agenda_feed_renew": Page(SIGNED_IN, method="post", ok=(302,)),
    "programme:agenda_feed_revoke": Page(SIGNED_IN, method="post", ok=(302,)),
    "programme:agenda_feed": Page(EVERYONE, kind="agenda_feed"),
    "badges:badge": Page(EVERYONE, kind="attendee"),
    "badges:png": Page(EVERYONE, kind="attendee"),
    "badges:pdf": Page(EVERYONE, kind="attendee"),
}

# The admin models the protocol office manages ("all") or only reads ("view"), by app label or
# app_label.model_name; everything else in the admin is the other offices'.
PROTOCOL_ADMIN = {"delegations": "all", "events": "all", "expo.edition": "view", "expo.memberunit": "view"}
VIEW_ACTIONS = ("changelist", "change", "history")
MODEL_ACTIONS = ("changelist", "add", "change", "delete", "history")


# Walking the resolver ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "<unnamed> route" for a pattern without a name
    name: str | None
    route: str
    converters: tuple[str, ...]


def walk(resolver=None, prefix: str = "", namespace: tuple[str, ...] = ()):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = ":".join((*namespace, pattern.name)) if pattern.name else None
            yield Route(key=name or f"<unnamed> {route}", name=name, route=route, converters=_groups(route))


def _groups(route: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))


ROUTES = list(walk())


# Admin URLs, declared from the admin site's registry ----------------------------------------


def _admin_models() -> dict[str, Any]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _protocol_may(model, action: str) -> bool:
    scope = PROTOCOL_ADMIN.get(model._meta.app_label) or PROTOCOL_ADMIN.get(model._meta.label_lower)
    return scope == "all" or (scope == "view" and action in VIEW_ACTIONS)


def admin_page(route: Route) -> Page | None:
    """The Page of an admin URL, or None when the admin's rules do not know it."""
    if not route.route.startswith("admin/"):
        return None
    name = route.name.removeprefix("admin:") if route.name else None
    fixed = {
        "login": Page(EVERYONE, ok=(200, 302)),
        "logout": Page(EVERYONE, method="post", ok=(200, 302)),
        "index": Page(STAFF),
        "password_change": Page(STAFF),
        "password_change_done": Page(STAFF),
        "jsi18n": Page(STAFF),
        "autocomplete": Page(STAFF, query="app_label=expo&model_name=user&field_name=member_unit&term=c"),
        "view_on_site": Page(STAFF, kind="admin_view_on_site", ok=(302, 404)),
        "app_list": Page(STAFF, kind="admin_app_list"),
    }
    if name in fixed:
        return fixed[name]
    if name is None and route.route.endswith("(?P<url>.*)$"):
        return Page(STAFF, kind="admin_catch_all", ok=(404,))
    for prefix, model in sorted(_admin_models().items(), key=lambda item: -len(item[0])):
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if name is None and route.route == f"{base}<path:object_id>/":
            # The old-style URL redirects any organizer to the change page, which then decides.
            return Page(STAFF, kind=f"admin_object:{prefix}", ok=REDIRECT)
        if name and route.route.startswith(base):
            # changelist, add, change, delete, history; any other view of the model (import,
            # export, a user's password) is for those who may change the model's rows
            action = name.removeprefix(prefix + "_")
            allowed = STAFF if _protocol_may(model, action if action in MODEL_ACTIONS else "add") else SECRETARIAT
            kind = f"admin_object:{prefix}" if set(route.converters) & {"object_id", "pk", "id"} else None
            return Page(allowed, kind=kind, model_action=(prefix, action))
    return None


def page_of(route: Route) -> Page | None:
    return admin_page(route) or PAGES.get(route.key)


def offered(page: Page, superuser, obj) -> bool:
    """Whether the admin offers a model's page at all (to a superuser): read-only models have
    no add page, logs no delete page. A page offered to nobody is refused to every role."""
    from django.test import RequestFactory

    prefix, action = page.model_action
    model_admin = admin.site._registry[_admin_models()[prefix]]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    if action == "add":
        return model_admin.has_add_permission(request)
    if action == "delete":
        return model_admin.has_delete_permission(request, obj)
    if action in VIEW_ACTIONS:
        return model_admin.has_view_or_change_permission(request, obj)
    return True


def undeclared_message(keys) -> str:
    return (
        "These URL patterns are not in the access matrix: "
        + ", ".join(sorted(keys))
        + ". Give each a name and declare it in PAGES of tests/security/test_access_matrix.py: "
        "who may use it (Page(allowed=...)), which object fills its converters (kind=...), and the "
        "statuses the allowed roles get."
    )


# The data: the light demo plus one object of each kind per tenant ----------------------------


@dataclass
class Data:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    markers: dict[str, list[str]] = field(default_factory=dict)
    admin_objects: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back_demo(django_db_blocker, media_root=tmp_path_factory.mktemp("media")):
        yield _build()
    if TALLY["pairs"]:
        summary = (
            f"access matrix: {len(ROUTES)} URL patterns x {len(ROLES)} roles = {PAIRS} pairs; "
            f"{TALLY['pairs']} pairs checked with the extra objects and the negative controls, "
            f"{TALLY['probes']} requests\n"
        )
        folder = settings.BASE_DIR / "var"
        folder.mkdir(exist_ok=True)
        (folder / "access-matrix.txt").write_text(summary)


def _build() -> Data:
    from django.contrib.auth import get_user_model

    from delegations.models import Delegation
    from events.enums import RegistrationStatus
    from events.models import Event, MerchantInvitation, Registration
    from exhibitors import services as exhibitor_services
    from exhibitors.models import Pavilion
    from exhibitors.selectors import exhibitor_of
    from expo.committee.periods import current_period, period_of
    from expo.models import Edition, MemberUnit, ReportAttachment, ReportStatus
    from tests.committee.factories import ProgressReportFactory, WorkItemFactory
    from tests.factories import (
        ActivityProposalFactory,
        AttendeeFactory,
        BoothFactory,
        ExhibitFactory,
        ExhibitorFactory,
        ParticipationFactory,
    )
    from tests.projects.factories import ProjectFactory

    data = Data()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    data.users = {role: users.get(role) for role in ROLES}
    edition = Edition.objects.get(is_current=True)  # the 14th, in preparation: the 13th is closed
    changchun = MemberUnit.objects.get(code="changchun")
    objects: dict[str, dict[str, Any]] = {}

    def put(kind, owner, obj):
        objects.setdefault(kind, {})[owner] = obj

    period = current_period()
    for n, code in enumerate((COMMERCE, CHANGCHUN)):
        unit = MemberUnit.objects.get(code=code)
        item = WorkItemFactory(
            edition=edition, lead_unit=unit, code=f"99.{n}", title_en=f"MATRIX-ITEM-{code}", title_zh=f"矩阵-{code}"
        )
        draft = ProgressReportFactory(work_item=item, unit=unit, period=period, narrative=f"MATRIX-DRAFT-{code}")
        submitted = ProgressReportFactory(
            work_item=item,
            unit=unit,
            period=period_of(period - datetime.timedelta(days=1)),
            narrative=f"MATRIX-SUBMITTED-{code}",
            status=ReportStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        content = b"%PDF-1.4\n% matrix\n"
        attachment = ReportAttachment.objects.create(
            report=submitted,
            file=ContentFile(content, name=f"{code}.pdf"),
            original_name=f"MATRIX-FILE-{code}.pdf",
            content_type="application/pdf",
            size=len(content),
        )
        draft_attachment = ReportAttachment.objects.create(
            report=draft,
            file=ContentFile(content, name=f"{code}-draft.pdf"),
            original_name=f"MATRIX-DRAFT-FILE-{code}.pdf",
            content_type="application/pdf",
            size=len(content),
        )
        put("draft_attachment", code, draft_attachment)
        put("draft_attachment_file", code, draft_attachment)
        project = ProjectFactory(
            edition=edition, title=f"MATRIX-PROJECT-{code}", municipality=changchun, reporting_unit=unit
        )
        for kind, obj in (
            ("work_item", item),
            ("draft_report", draft),
            ("submitted_report", submitted),
            ("attachment", attachment),
            ("project", project),
        ):
            put(kind, code, obj)
        data.markers[code] = [item.title_en, draft.narrative, submitted.narrative, attachment.original_name]
        data.markers[code] += [draft_attachment.original_name, project.title]
        proposal = ActivityProposalFactory(edition=edition, unit=unit, title_en=f"MATRIX-PROPOSAL-{code}")
        organized = Event.objects.create(
            edition=edition,
            kind="theme_activity",
            title_zh=f"矩阵活动-{code}",
            title_en=f"Matrix activity {code}",
            organizer=unit,
            starts_at=timezone.now() + datetime.timedelta(days=30 + n),
            ends_at=timezone.now() + datetime.timedelta(days=30 + n, hours=2),
        )
        link = MerchantInvitation.objects.create(edition=edition, unit=unit, label=f"MATRIX-LINK-{code}")
        put("proposal", code, proposal)
        put("organized_event", code, organized)
        if code == COMMERCE:
            put("invitation", None, link)  # a public link: whoever has it may open it
        data.markers[code] += [proposal.title_en, link.label]

    offline = next(p for p in Pavilion.objects.filter(edition=edition).order_by("pk") if p.is_offline)
    online = Pavilion.objects.filter(edition=edition, mode__in=("online", "both")).order_by("pk").first()
    put("pavilion", None, offline)
    put("booth", None, BoothFactory(pavilion=offline, code="MX00"))
    for n, role in enumerate((EXHIBITOR1, EXHIBITOR2), 1):
        exhibitor = exhibitor_of(data.users[role])
        exhibitor.contact_email = f"matrix-{role}@example.org"
        exhibitor.save(update_fields=["contact_email"])
        booth = BoothFactory(pavilion=offline, code=f"MX{n:02d}")
        application = exhibitor_services.hold_booth(exhibitor=exhibitor, booth=booth, user=data.users[role])
        exhibit = ExhibitFactory(
            exhibitor=exhibitor, pavilion=online, name=f"MATRIX-EXHIBIT-{role}", is_published=False
        )
        exhibit.image.save("picture.png", ContentFile(PNG), save=True)
        put("application", role, application)
        put("exhibit", role, exhibit)
        put("exhibit_image_file", role, exhibit)
        data.markers[role] = [exhibit.name, exhibitor.contact_email]
    shown = ExhibitorFactory(name="矩阵线上展商", name_en="MATRIX-ONLINE-EXHIBITOR")
    put(
        "online_participation",
        None,
        ParticipationFactory(exhibitor=shown, edition=edition, pavilion=online, mode="online"),
    )
    put("online_exhibit", None, ExhibitFactory(exhibitor=shown, pavilion=online, name="MATRIX-ONLINE-EXHIBIT"))
    put("online_pavilion", None, offline)

    event = Event.objects.filter(edition=edition).order_by("pk").first()
    put("event", None, event)
    put("edition", None, edition)
    put("delegation", None, Delegation.objects.filter(edition=edition).order_by("pk").first())
    holders = [AttendeeFactory(edition=edition, name=f"MATRIX-ATTENDEE-{x}") for x in "AB"]
    registrations = [
        Registration.objects.create(event=event, attendee=a, status=RegistrationStatus.CONFIRMED) for a in holders
    ]
    put("attendee", None, holders[0])
    put("registration", "own", registrations[0])
    put("registration", "foreign", registrations[1])
    put("reset_link", None, data.users[ORGANIZER])
    _build_report_run(put, edition, data.users[ORGANIZER])
    _build_matchmaking(put, data)
    totp_device_for(data.users[ORGANIZER])  # the admin's device pages need a device to show
    data.sessions = _sessions(data.users)
    put("admin_view_on_site", None, objects["project"][CHANGCHUN])
    put("admin_app_list", PROTOCOL, "delegations")
    put("admin_app_list", "other", "projects")
    for code in UNITS:
        put("attachment_file", code, objects["attachment"][code])
    data.objects = objects
    data.admin_objects = {
        prefix: model._default_manager.order_by("pk").first() for prefix, model in _admin_models().items()
    }
    return data


def _build_matchmaking(put, data: Data) -> None:
    """A meeting and a lead per exhibitor, a meeting of merchant1 and one of another merchant."""
    from events.models import AgendaFeed
    from exhibitors.models import LiveBroadcast
    from exhibitors.selectors import exhibitor_of
    from expo.selectors import current_edition
    from matchmaking.models import CalendarFeed, MerchantInterest
    from matchmaking.selectors import merchant_of
    from tests.factories import AttendeeFactory
    from tests.matchmaking.factories import LeadFactory, MeetingFactory, MerchantFactory, SessionFactory

    edition = current_edition()
    merchant1 = merchant_of(data.users[MERCHANT1], edition=edition)
    merchant2 = MerchantFactory(edition=edition, organization="MATRIX-MERCHANT2-ORG")
    exhibitors = {role: exhibitor_of(data.users[role]) for role in EXHIBITORS}
    own = MeetingFactory(merchant=merchant1, exhibitor=exhibitors[EXHIBITOR1], message="MATRIX-MEETING-merchant1")
    other = MeetingFactory(merchant=merchant2, exhibitor=exhibitors[EXHIBITOR2], message="MATRIX-MEETING-merchant2")
    put("merchant_meeting", MERCHANT1, own)
    put("merchant_meeting", "merchant2", other)
    put("merchant_meeting", "other", other)
    put("exhibitor_meeting", EXHIBITOR1, own)
    put("exhibitor_meeting", EXHIBITOR2, other)
    data.markers["merchant2"] = [other.message]
    for role, exhibitor in exhibitors.items():
        lead = LeadFactory(exhibitor=exhibitor, attendee=AttendeeFactory(edition=edition), note=f"MATRIX-LEAD-{role}")
        put("lead", role, lead)
        data.markers[role] += [lead.note]
    data.markers[EXHIBITOR1] += [own.message]
    data.markers[EXHIBITOR2] += [other.message]
    put("meeting_target", None, exhibitors[EXHIBITOR2])
    put("matchmaking_session", None, SessionFactory(edition=edition, name_en="MATRIX-SESSION"))
    start = timezone.now() + datetime.timedelta(days=3)
    put(
        "broadcast",
        None,
        LiveBroadcast.objects.create(
            exhibitor=exhibitors[EXHIBITOR1],
            edition=edition,
            title="MATRIX-BROADCAST",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            stream_url="https://live.example.cn/matrix",
        ),
    )
    invitee = MerchantFactory(edition=edition, organization="MATRIX-INVITEE")
    for exhibitor in exhibitors.values():
        MerchantInterest.objects.get_or_create(attendee=invitee, industry=exhibitor.industry)
    put("invitee", None, invitee)
    put("calendar_feed", None, CalendarFeed.objects.get_or_create(merchant=merchant1)[0])
    put("agenda_feed", None, AgendaFeed.objects.get_or_create(user=data.users[MERCHANT1])[0])


def _build_report_run(put, edition, organizer) -> None:
    try:
        from expo.models import ReportFile, ReportRun
    except ImportError:  # no report runs in this tree: their URLs are not there either
        return
    run = ReportRun.objects.create(
        kind=ReportRun._meta.get_field("kind").choices[0][0], edition=edition, requested_by=organizer
    )
    report_file = ReportFile.objects.create(run=run, format="json", file=ContentFile(b"{}", name="matrix.json"))
    put("report_run", None, run)
    put("report_file", None, report_file)


def _sessions(users) -> dict[str, str]:
    """A logged-in session per role, made once: organizers' with the second factor passed."""
    from django.test import Client

    from expo.security import needs_second_factor

    sessions = {}
    for role, user in users.items():
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        if needs_second_factor(user):
            mark_otp_verified(client, user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


# Filling a URL ----------------------------------------------------------------------------

TENANTS = {
    "work_item": UNITS,
    "draft_report": UNITS,
    "submitted_report": UNITS,
    "attachment": UNITS,
    "project": UNITS,
    "proposal": UNITS,
    "organized_event": UNITS,
    "application": EXHIBITORS,
    "exhibit": EXHIBITORS,
    "attachment_file": UNITS,
    "draft_attachment": UNITS,
    "draft_attachment_file": UNITS,
    "exhibit_image_file": EXHIBITORS,
    "exhibitor_meeting": EXHIBITORS,
    "lead": EXHIBITORS,
    "merchant_meeting": MERCHANTS,
    # a registration is its badge code's: a code with another person's registration is foreign
    "registration": EVERYONE,
    # the protocol office's own admin app against another office's
    "admin_app_list": frozenset({PROTOCOL}),
}


def owner_of(kind: str, role: str, *, own: bool) -> str | None:
    tenants = TENANTS.get(kind)
    if tenants is None:
        return None
    if tenants is EVERYONE:
        return "own" if own else "foreign"
    if own:
        return role
    if role in tenants:
        return OTHER.get(role, "other")
    return {UNITS: CHANGCHUN, EXHIBITORS: EXHIBITOR2}.get(tenants, "other")


def fill(route: Route, page: Page, data: Data, role: str, *, own: bool) -> tuple[str, Any]:
    """The URL of ``route`` with the object of ``page.kind`` that ``role`` is given, and that object."""
    kind = page.kind
    obj, kwargs = None, {}
    if kind is None:
        pass
    elif kind.startswith("admin_object:"):
        obj = data.admin_objects[kind.split(":", 1)[1]]
        key = next(c for c in route.converters if c in ("object_id", "pk", "id"))
        kwargs = {key: obj.pk if obj is not None else 0}
    elif kind == "admin_app_list":
        obj = data.objects[kind][owner_of(kind, role, own=own)]
        kwargs = {"app_label": obj}
    elif kind == "admin_catch_all":
        return "/admin/no-such-page/", None
    elif kind == "enrolment_token":
        kwargs = {"token": "not-a-valid-token"}
    elif kind == "admin_view_on_site":
        obj = data.objects[kind][None]
        kwargs = {"content_type_id": ContentType.objects.get_for_model(obj).pk, "object_id": obj.pk}
    else:
        obj = data.objects[kind][owner_of(kind, role, own=own)]
        if kind == "registration":
            holder = data.objects["attendee"][None]
            kwargs = {"code": holder.code, "pk": obj.pk}
        elif kind in ("attachment_file", "draft_attachment_file"):
            kwargs = {"name": obj.file.name}
        elif kind == "exhibit_image_file":
            kwargs = {"name": obj.image.name}
        elif kind in ("attendee", "invitation"):
            kwargs = {"code": obj.code}
        elif kind in ("calendar_feed", "agenda_feed"):
            kwargs = {"token": obj.token}
        elif kind == "meeting_target":
            kwargs = {"exhibitor_pk": obj.pk}
        elif kind == "invitee":
            kwargs = {"attendee_pk": obj.pk}
        elif kind == "report_file":
            kwargs = {"pk": obj.run_id, "fmt": obj.format}
        elif kind == "edition":
            kwargs = {"number": obj.number}
        elif kind == "online_pavilion":
            kwargs = {"number": obj.edition.number, "code": obj.code}
        elif kind == "online_participation":
            kwargs = {"number": obj.edition.number, "pk": obj.exhibitor_id}
        elif kind == "online_exhibit":
            kwargs = {"number": obj.pavilion.edition.number, "pk": obj.pk}
        elif kind == "reset_link":
            kwargs = {"uidb64": urlsafe_base64_encode(force_bytes(obj.pk)), "token": "not-a-valid-token"}
        else:
            kwargs = {"pk": obj.pk}
    if route.name:
        url = reverse(route.name, kwargs=kwargs)
    else:
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route.route)
    return url + (f"?{page.query}" if page.query else ""), obj


# The test ---------------------------------------------------------------------------------


def _snapshot(obj):
    if obj is None or not hasattr(obj, "_meta"):
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def _is_missing_object_redirect(response, obj) -> bool:
    """The admin sends a request for an object that does not exist to its index."""
    return obj is None and response.status_code == 302 and response.headers["Location"] == reverse("admin:index")


def _is_login_redirect(response) -> bool:
    if response.status_code not in REDIRECT:
        return False
    location = response.headers.get("Location", "")
    logins = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    return any(location.startswith(login) for login in logins)


def _text(response) -> str:
    kind = response.headers.get("Content-Type", "")
    if getattr(response, "streaming", False) or not (kind.startswith("text/") or "json" in kind):
        return ""
    return response.content.decode(response.charset or "utf-8", errors="replace")


def _foreign_markers(data: Data, role: str) -> list[str]:
    if role == ANONYMOUS:
        return [m for markers in data.markers.values() for m in markers]
    if role in OTHER:
        return data.markers[OTHER[role]]
    # organizers see every unit's submitted reports, never a draft
    return [m for code in UNITS for m in data.markers[code] if m.startswith("MATRIX-DRAFT")]


def probes(route: Route, page: Page, role: str) -> list[tuple[str, bool, str]]:
    """(probe, expected to be allowed, method) for the pair."""
    allowed = role in page.allowed
    tenants = TENANTS.get(page.kind or "")
    if tenants is None:
        found = [("shared", allowed, page.method)]
        if page.post_too and not allowed:
            found.append(("shared", False, "post"))
        return found
    sees_all = allowed and role not in tenants
    found = [("foreign", sees_all, page.method)]
    if page.post_too:
        found.append(("foreign", sees_all, "post"))
    if allowed and role in tenants:
        found.append(("own", True, page.method))
    return found


PAIRS = len(ROUTES) * len(ROLES)
TALLY: Counter = Counter()


def check_pair(client, route: Route, page: Page, data: Data, role: str) -> list[str]:
    """The probes of one (URL, role) pair; returns what went wrong."""
    client.cookies.clear()
    if role in data.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = data.sessions[role]
    failures = []
    for probe, allowed, method in probes(route, page, role):
        url, obj = fill(route, page, data, role, own=probe == "own")
        if page.model_action and not offered(page, data.users[ORGANIZER], obj):
            allowed = False
        before = _snapshot(obj)
        rows = apps.get_model(page.counts).objects.count() if page.counts else None
        response = getattr(client, method)(url)
        status = response.status_code
        TALLY["probes"] += 1
        where = f"{role} {method.upper()} {url} ({probe})"
        if allowed:
            if status not in page.ok and not _is_missing_object_redirect(response, obj):
                failures.append(f"{where}: {status}, expected {page.ok}")
        else:
            refused = status in DENIED or _is_login_redirect(response) or _is_missing_object_redirect(response, obj)
            if not refused:
                failures.append(f"{where}: {status}, expected 403, 404 or a login redirect")
            if method == "post" and before is not None and _snapshot(obj) != before:
                failures.append(f"{where}: a refused POST changed {obj!r}")
            if method == "post" and rows is not None and apps.get_model(page.counts).objects.count() != rows:
                failures.append(f"{where}: a refused POST added {page.counts} rows")
        if status == 200:
            text = _text(response)
            leaked = [m for m in _foreign_markers(data, role) if m in text]
            if leaked:
                failures.append(f"{where}: shows another tenant's {leaked}")
    TALLY["pairs"] += 1
    return failures


@pytest.mark.parametrize("key", [route.key for route in ROUTES])
def test_access(key, data, client, db):
    """Every role on one URL; each role's requests are undone before the next role's."""
    route = next(r for r in ROUTES if r.key == key)
    page = page_of(route)
    assert page is not None, undeclared_message([key])
    failures = []
    for role in ROLES:
        with transaction.atomic():
            failures += check_pair(client, route, page, data, role)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def test_every_url_pattern_is_declared():
    undeclared = [route.key for route in ROUTES if page_of(route) is None]
    assert not undeclared, undeclared_message(undeclared)


def test_no_stale_declarations():
    keys = {route.key for route in ROUTES}
    stale = sorted(set(PAGES) - keys)
    assert not stale, f"PAGES declares URLs the project no longer has: {stale}; remove them."


def test_the_matrix_is_not_vacuous():
    """Every role is allowed somewhere and refused somewhere, and the matrix covers the admin."""
    pages = {route.key: page_of(route) for route in ROUTES}
    for role in ROLES:
        assert any(p and role in p.allowed for p in pages.values()), role
        assert any(p and role not in p.allowed for p in pages.values()), role
    assert sum(1 for key in pages if key.startswith("admin:")) > 50
    print(f"\naccess matrix: {len(ROUTES)} URL patterns x {len(ROLES)} roles = {PAIRS} pairs")


def _route(key: str) -> Route:
    return next(r for r in ROUTES if r.key == key)


def test_the_matrix_catches_a_leaking_portal_page(data, client, db, monkeypatch):
    """Negative control: a portal whose reports ignore the unit shows changchun's report to
    commerce, and the matrix says so."""
    from expo.committee import selectors as committee_selectors
    from expo.models import ProgressReport

    monkeypatch.setattr(committee_selectors, "unit_reports", lambda *, unit: ProgressReport.objects.all())
    route = _route("portal:committee_report")
    failures = check_pair(client, route, page_of(route), data, COMMERCE)
    assert failures
    assert "expected 403, 404 or a login redirect" in failures[0]
    assert "MATRIX-SUBMITTED-changchun" in failures[-1]


def test_the_matrix_catches_a_staff_page_without_its_check(data, client, db, monkeypatch):
    from expo.views import staff

    monkeypatch.setattr(staff, "require_organizer", lambda user: None)
    route = _route("staff:dashboard")
    assert check_pair(client, route, page_of(route), data, EXHIBITOR1) == [
        f"{EXHIBITOR1} GET /staff/ (shared): 200, expected 403, 404 or a login redirect"
    ]


@pytest.mark.parametrize(
    ("key", "page"),
    [
        # an unpublished exhibit's picture: its exhibitor's and the organizers'
        ("media", Page(EXHIBITORS | STAFF, kind="exhibit_image_file")),
        # a draft's attachment: its unit's only, the secretariat never sees drafts
        ("media", Page(UNITS, kind="draft_attachment_file")),
        ("staff:committee_attachment", Page(frozenset(), kind="draft_attachment")),
        ("portal:committee_attachment", Page(UNITS, kind="draft_attachment")),
    ],
    ids=["exhibit-picture", "draft-attachment-file", "draft-attachment-staff", "draft-attachment-portal"],
)
def test_more_objects_behind_the_same_urls(key, page, data, client, db):
    """URLs whose rules depend on the object's state, with a second object beside the table's."""
    route = _route(key)
    failures = []
    for role in ROLES:
        with transaction.atomic():
            failures += check_pair(client, route, page, data, role)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
