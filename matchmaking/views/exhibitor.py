"""The exhibitor's side, in the exhibitor portal: meetings, merchants to invite, and leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from events.models import Attendee
from exhibitors.selectors import exhibitor_of
from expo.selectors import current_edition
from matchmaking import exports, selectors, services
from matchmaking.forms import LeadForm, LeadScanForm, MeetingRequestForm
from matchmaking.models import Lead, Meeting
from matchmaking.views.common import post_step, step_forms


def _exhibitor(request):
    exhibitor = exhibitor_of(request.user)
    # A self-registered account acts for nobody until its email is verified (issue 15).
    if exhibitor is None or request.user.email_verified_at is None:
        raise PermissionDenied
    return exhibitor


@login_required
def meetings(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    items = list(
        selectors.exhibitor_meetings(exhibitor=exhibitor, edition=edition).order_by("starts_at", "-created_at", "pk")
    )
    feed = selectors.calendar_feed_for(exhibitor=exhibitor)
    return render(
        request,
        "matchmaking/exhibitor_meetings.html",
        {
            "exhibitor": exhibitor,
            "edition": edition,
            "meetings": items,
            "calendar_url": request.build_absolute_uri(feed.get_absolute_url()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    exhibitor = _exhibitor(request)
    meeting = get_object_or_404(
        Meeting.objects.select_related("exhibitor", "session", "merchant", "project"), pk=pk, exhibitor=exhibitor
    )
    url = request.path
    forms = None
    if request.method == "POST":
        result = post_step(request, meeting, services.EXHIBITOR, url)
        if not isinstance(result, dict):
            return result
        forms = result
    forms = forms or step_forms(meeting, services.EXHIBITOR)
    return render(
        request,
        "matchmaking/exhibitor_meeting.html",
        {
            "exhibitor": exhibitor,
            "meeting": meeting,
            "forms": forms,
            "side": "exhibitor",
            "contact": selectors.exhibitor_may_see_contact(exhibitor=exhibitor, attendee=meeting.merchant),
        },
    )


@login_required
def merchants(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    return render(
        request,
        "matchmaking/exhibitor_merchants.html",
        {"exhibitor": exhibitor, "merchants": selectors.merchants_for_exhibitor(exhibitor=exhibitor, edition=edition)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, attendee_pk):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    merchant = get_object_or_404(
        Attendee.objects.filter(edition=edition, kind__in=selectors.MERCHANT_KINDS, user__isnull=False),
        pk=attendee_pk,
        interests__industry=exhibitor.industry,
    )
    form = MeetingRequestForm(request.POST or None, initial={"mode": "onsite"})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_invite(
                exhibitor=exhibitor,
                merchant=merchant,
                mode=form.cleaned_data["mode"],
                message=form.cleaned_data["message"],
                proposed_times=form.times(),
                user=request.user,
            )
        except services.MeetingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your invitation was sent."))
            return redirect("exhibitor_matchmaking:meeting", pk=meeting.pk)
    return render(
        request, "matchmaking/exhibitor_invite.html", {"exhibitor": exhibitor, "merchant": merchant, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def leads(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    form = LeadScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lead, created = services.lead_capture(
                exhibitor=exhibitor,
                code=form.cleaned_data["code"],
                user=request.user,
                edition=edition,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
            )
        except services.LeadError as error:
            form.add_error("code", error.message)
        else:
            text = _("Lead saved: %(name)s.") if created else _("Already among your leads, updated: %(name)s.")
            messages.success(request, text % {"name": lead.attendee.name})
            return redirect("exhibitor_matchmaking:leads")
    items = list(selectors.exhibitor_leads(exhibitor=exhibitor, edition=edition))
    return render(
        request,
        "matchmaking/exhibitor_leads.html",
        {"exhibitor": exhibitor, "edition": edition, "form": form, "leads": items},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_detail(request, pk):
    exhibitor = _exhibitor(request)
    lead = get_object_or_404(
        Lead.objects.select_related("attendee", "exhibitor", "project"), pk=pk, exhibitor=exhibitor
    )
    form = LeadForm(
        request.POST or None,
        initial={"rating": lead.rating, "note": lead.note, "project": lead.project_id},
        projects=selectors.lead_projects(lead),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_update(
                lead=lead,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                user=request.user,
                project=form.cleaned_data["project"],
                set_project=True,
            )
        except services.LeadError as error:
            form.add_error("project", error.message)
        else:
            messages.success(request, _("Lead saved: %(name)s.") % {"name": lead.attendee.name})
            return redirect("exhibitor_matchmaking:leads")
    return render(request, "matchmaking/exhibitor_lead.html", {"exhibitor": exhibitor, "lead": lead, "form": form})


@login_required
@require_GET
def leads_export(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    body = exports.leads_xlsx(leads=selectors.exhibitor_leads(exhibitor=exhibitor, edition=edition))
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="leads-{edition.number}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
