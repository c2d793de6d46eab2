"""Reads of matchmaking: who is a merchant, agendas, leads and recommendations, each shaped
with its joins so that a page's query count does not grow with its rows."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from events.enums import AttendeeKind
from events.models import Attendee
from exhibitors.models import Exhibitor
from matchmaking.enums import BOOKED_STATUSES, OPEN_STATUSES
from matchmaking.models import CalendarFeed, Lead, MatchmakingSession, Meeting, MerchantInterest
from projects.enums import ProjectStage
from projects.models import Project

MERCHANT_KINDS = (AttendeeKind.MERCHANT, AttendeeKind.ONLINE_VISITOR)
RECOMMENDATIONS = 20


def merchant_of(user, *, edition) -> Attendee | None:
    """The user's registration as a merchant (or online visitor) of ``edition``, or None."""
    if edition is None or not user.is_authenticated or not user.is_active:
        return None
    return (
        Attendee.objects.filter(edition=edition, user=user, kind__in=MERCHANT_KINDS)
        .select_related("edition", "user")
        .first()
    )


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("merchant", "exhibitor", "session")


def merchant_meetings(*, merchant: Attendee) -> QuerySet[Meeting]:
    return _meetings().filter(merchant=merchant)


def exhibitor_meetings(*, exhibitor: Exhibitor, edition) -> QuerySet[Meeting]:
    return _meetings().filter(exhibitor=exhibitor, edition=edition)


def exhibitor_leads(*, exhibitor: Exhibitor, edition) -> QuerySet[Lead]:
    return Lead.objects.filter(exhibitor=exhibitor, attendee__edition=edition).select_related("attendee", "scanned_by")


def exhibitor_may_see_contact(*, exhibitor: Exhibitor, attendee: Attendee) -> bool:
    """A visitor's contact details reach an exhibitor only by a scan at its booth or an
    accepted meeting."""
    return (
        Lead.objects.filter(exhibitor=exhibitor, attendee=attendee).exists()
        or Meeting.objects.filter(exhibitor=exhibitor, merchant=attendee, status__in=BOOKED_STATUSES).exists()
    )


def linkable_projects(*, edition_id: int, parties: list[str], current_id: int | None = None) -> QuerySet[Project]:
    """The cooperation projects a meeting or a lead may be linked to from the portals: the
    edition's projects (not withdrawn) whose partner is one of the parties, named as they
    registered (the exhibitor's names, the merchant's organization or name; at least three
    characters, so that a short name does not list the pipeline), and the project already
    linked. The pipeline of other partners stays with the member units and the organizer."""
    match = Q(pk=current_id) if current_id else Q(pk__in=[])
    for name in {" ".join(p.split()) for p in parties if p}:
        if len(name) >= 3:
            match |= Q(partner_name__iexact=name) | Q(partner_name__icontains=name)
    return (
        Project.objects.filter(edition_id=edition_id)
        .filter(match)
        .filter(~Q(stage=ProjectStage.WITHDRAWN) | Q(pk=current_id or 0))
        .order_by("title", "pk")
    )


def meeting_projects(meeting: Meeting) -> QuerySet[Project]:
    return linkable_projects(
        edition_id=meeting.edition_id,
        parties=[
            meeting.exhibitor.name,
            meeting.exhibitor.name_en,
            meeting.merchant.organization,
            meeting.merchant.name,
        ],
        current_id=meeting.project_id,
    )


def lead_projects(lead: Lead) -> QuerySet[Project]:
    return linkable_projects(
        edition_id=lead.attendee.edition_id,
        parties=[lead.exhibitor.name, lead.exhibitor.name_en, lead.attendee.organization, lead.attendee.name],
        current_id=lead.project_id,
    )


def sessions_overview(*, edition) -> list:
    """The edition's matchmaking sessions with their slots, tables, booked meetings and
    meetings held. One query."""
    rows = list(
        MatchmakingSession.objects.filter(edition=edition)
        .annotate(
            booked=Count("business_meetings", filter=Q(business_meetings__status__in=BOOKED_STATUSES)),
            held=Count("business_meetings", filter=Q(business_meetings__status="held")),
        )
        .order_by("starts_at", "pk")
    )
    for session in rows:
        session.slot_count = len(session.slot_starts())
        session.capacity = session.slot_count * session.tables
    return rows


def meeting_counts(*, edition) -> dict[str, int]:
    """The edition's meetings by status, and the requests still waiting for an answer. One query."""
    counts = dict(Meeting.objects.filter(edition=edition).order_by().values_list("status").annotate(n=Count("pk")))
    counts["open"] = sum(counts.get(s, 0) for s in OPEN_STATUSES)
    counts["total"] = sum(v for k, v in counts.items() if k not in ("open",))
    return counts


def calendar_feed_for(*, merchant: Attendee | None = None, exhibitor: Exhibitor | None = None) -> CalendarFeed:
    if merchant is not None:
        return CalendarFeed.objects.get_or_create(merchant=merchant)[0]
    return CalendarFeed.objects.get_or_create(exhibitor=exhibitor)[0]


def _reasons(*, industry_label: str | None, country_name: str | None) -> str:
    parts = []
    if industry_label:
        parts.append(_("same industry: %(industry)s") % {"industry": industry_label})
    if country_name:
        parts.append(_("from %(country)s") % {"country": country_name})
    return "; ".join(parts)


def exhibitors_for_merchant(*, merchant: Attendee, limit: int = RECOMMENDATIONS) -> list[Exhibitor]:
    """Exhibitors that match the merchant: 2 points for an industry of interest, 1 for the
    merchant's own country. Each gets ``score`` and ``reason``. Two queries. (Exhibitors are
    companies from edition to edition; an edition in preparation has few participations yet.)"""
    interests = set(MerchantInterest.objects.filter(attendee=merchant).values_list("industry", flat=True))
    if merchant.industry:
        interests.add(merchant.industry)
    country = merchant.country.code
    exhibitors = (
        Exhibitor.objects.filter(Q(industry__in=interests) | Q(country=country))
        .annotate(
            score=Case(When(industry__in=interests, then=Value(2)), default=Value(0), output_field=IntegerField())
            + Case(When(country=country, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-score", "name")[:limit]
    )
    exhibitors = list(exhibitors)
    for exhibitor in exhibitors:
        exhibitor.reason = _reasons(
            industry_label=exhibitor.get_industry_display() if exhibitor.industry in interests else None,
            country_name=exhibitor.country.name if exhibitor.country.code == country else None,
        )
    return exhibitors


def merchants_for_exhibitor(*, exhibitor: Exhibitor, edition, limit: int = RECOMMENDATIONS) -> list[Attendee]:
    """Merchants of the edition with an account who registered interest in the exhibitor's
    industry (2 points), plus 1 when they come from the exhibitor's country. Each gets
    ``score``, ``reason`` and ``open_meeting`` (whether a request between them is open).
    Two queries."""
    interested = MerchantInterest.objects.filter(attendee=OuterRef("pk"), industry=exhibitor.industry)
    open_meeting = Meeting.objects.filter(
        merchant=OuterRef("pk"), exhibitor=exhibitor, status__in=("requested", "invited", "proposed")
    )
    country = exhibitor.country.code
    merchants = list(
        Attendee.objects.filter(edition=edition, kind__in=MERCHANT_KINDS, user__isnull=False)
        .filter(Exists(interested))
        .annotate(
            score=Value(2, output_field=IntegerField())
            + Case(When(country=country, then=Value(1)), default=Value(0), output_field=IntegerField()),
            open_meeting=Exists(open_meeting),
        )
        .order_by("-score", "organization", "pk")[:limit]
    )
    for merchant in merchants:
        merchant.reason = _reasons(industry_label=exhibitor.get_industry_display(), country_name=merchant.country.name)
    return merchants
