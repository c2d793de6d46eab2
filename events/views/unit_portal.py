"""The department portal's part of the programme and of the merchants: a member unit's
activity proposals, the events it organizes, and its merchant invitation links. A unit only
ever reaches its own (another unit's answer 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import invitations, proposals
from events.models import ActivityProposal, Event, MerchantInvitation
from events.proposal_forms import InvitationForm, OrganizedEventForm, ProposalForm, SpeakerForm
from expo.errors import DomainError
from expo.roles import require_member_unit
from expo.selectors import current_edition


def _edition():
    edition = current_edition()
    if edition is None:
        raise Http404
    return edition


def _own_proposal(unit, pk) -> ActivityProposal:
    return get_object_or_404(
        ActivityProposal.objects.select_related("edition", "wished_room__venue", "event"), pk=pk, unit=unit
    )


@login_required
@require_GET
def activities(request):
    unit = require_member_unit(request.user)
    edition = _edition()
    context = {
        "unit": unit,
        "edition": edition,
        "proposals": ActivityProposal.objects.filter(unit=unit, edition=edition).select_related("event"),
        "events": Event.objects.filter(organizer=unit, edition=edition)
        .select_related("room__venue")
        .order_by("starts_at"),
    }
    return render(request, "events/unit_activities.html", context)


def _proposal_form(request, *, unit, edition, proposal=None):
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = proposals.proposal_submit(
                unit=unit, edition=edition, by=request.user, data=form.cleaned_data, proposal=proposal
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Your proposal “%(title)s” is sent to the secretariat.") % {"title": saved.title}
            )
            return redirect("unit_events:proposal", pk=saved.pk)
    context = {"unit": unit, "edition": edition, "form": form, "proposal": proposal}
    return render(request, "events/unit_proposal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    unit = require_member_unit(request.user)
    return _proposal_form(request, unit=unit, edition=_edition())


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    unit = require_member_unit(request.user)
    proposal = _own_proposal(unit, pk)
    if not proposal.is_editable:
        messages.error(request, _("This proposal can no longer be changed."))
        return redirect("unit_events:proposal", pk=proposal.pk)
    return _proposal_form(request, unit=unit, edition=proposal.edition, proposal=proposal)


@login_required
@require_GET
def proposal_detail(request, pk: int):
    unit = require_member_unit(request.user)
    return render(request, "events/unit_proposal.html", {"unit": unit, "proposal": _own_proposal(unit, pk)})


@login_required
@require_POST
def proposal_withdraw(request, pk: int):
    unit = require_member_unit(request.user)
    proposal = _own_proposal(unit, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that you withdraw the proposal."))
        return redirect("unit_events:proposal", pk=proposal.pk)
    try:
        proposals.proposal_withdraw(proposal=proposal, unit=unit, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect("unit_events:proposal", pk=proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organized_event(request, pk: int):
    """An event the unit organizes: its description, agenda and speakers, until the programme
    is frozen."""
    unit = require_member_unit(request.user)
    event = get_object_or_404(Event.objects.select_related("edition", "room__venue"), pk=pk, organizer=unit)
    form = OrganizedEventForm(
        request.POST if request.POST.get("action") == "texts" else None,
        initial={field: getattr(event, field) for field in proposals.EVENT_TEXT_FIELDS},
    )
    speaker_form = SpeakerForm(request.POST if request.POST.get("action") == "speaker" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "texts" and form.is_valid():
                proposals.organized_event_update(event=event, unit=unit, by=request.user, data=form.cleaned_data)
                messages.success(request, _("The event is updated on the programme."))
                return redirect("unit_events:event", pk=event.pk)
            if request.POST.get("action") == "speaker" and speaker_form.is_valid():
                proposals.organized_event_speaker_add(
                    event=event, unit=unit, by=request.user, **speaker_form.cleaned_data
                )
                messages.success(request, _("The speaker is added."))
                return redirect("unit_events:event", pk=event.pk)
            if request.POST.get("action") == "remove_speaker":
                role = request.POST.get("role", "")
                proposals.organized_event_speaker_remove(
                    event=event,
                    unit=unit,
                    by=request.user,
                    role_pk=int(role) if role.isdigit() and len(role) < 10 else 0,
                )
                messages.success(request, _("The speaker is removed."))
                return redirect("unit_events:event", pk=event.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    context = {
        "unit": unit,
        "event": event,
        "form": form,
        "speaker_form": speaker_form,
        "roles": event.roles.select_related("person").order_by("role", "pk"),
        "frozen": event.edition.programme_frozen_at is not None,
    }
    return render(request, "events/unit_event.html", context)


INVITED_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def unit_invitations(request):
    unit = require_member_unit(request.user)
    edition = _edition()
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") in ("off", "on"):
                invitation = get_object_or_404(MerchantInvitation, pk=request.POST.get("invitation") or 0, unit=unit)
                invitations.invitation_set_active(
                    invitation=invitation, unit=unit, active=request.POST["action"] == "on"
                )
                messages.success(request, _("The link is updated."))
                return redirect("unit_events:invitations")
            if form.is_valid():
                created = invitations.invitation_create(unit=unit, edition=edition, label=form.cleaned_data["label"])
                messages.success(request, _("A new invitation link is ready: %(code)s.") % {"code": created.code})
                return redirect("unit_events:invitations")
        except DomainError as exc:
            messages.error(request, exc.message)
    merchants = Paginator(invitations.unit_invited_merchants(unit=unit, edition=edition), INVITED_PAGE_SIZE)
    context = {
        "unit": unit,
        "edition": edition,
        "form": form,
        "links": invitations.unit_invitations(unit=unit, edition=edition),
        "figures": invitations.unit_invitation_figures(unit=unit, edition=edition),
        "page": merchants.get_page(request.GET.get("page")),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "events/unit_invitations.html", context)
