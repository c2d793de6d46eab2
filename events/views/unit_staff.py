"""The secretariat's side of the member units' part: proposals to decide, the programme's
freeze, and merchant invitations by unit with their targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import invitations, proposals
from events.enums import ProposalKind, ProposalStatus
from events.models import ActivityProposal, Event, MerchantInvitationTarget
from events.proposal_forms import DecisionForm, TargetForm
from expo.enums import Office
from expo.errors import DomainError
from expo.figures_cache import FIGURES_KEPT_SECONDS
from expo.kept_pages import kept_page
from expo.models import Edition, MemberUnit
from expo.roles import in_office
from expo.selectors import current_edition

PAGE_SIZE = 50


def _require_secretariat(user) -> None:
    if not in_office(user, Office.SECRETARIAT):
        raise PermissionDenied


def _edition():
    edition = current_edition()
    if edition is None:
        raise Http404
    return edition


@login_required
@require_GET
@kept_page(ActivityProposal, Event, MemberUnit, Edition)
def proposal_list(request):
    _require_secretariat(request.user)
    edition = _edition()
    rows = ActivityProposal.objects.filter(edition=edition).select_related("unit", "event")
    status = request.GET.get("status") or ProposalStatus.SUBMITTED
    if status in ProposalStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    kind = request.GET.get("kind", "")
    if kind in ProposalKind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(rows.order_by("wished_start", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "status": status,
        "kind": kind,
        "statuses": ProposalStatus.choices,
        "kinds": ProposalKind.choices,
    }
    return render(request, "events/staff_proposals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk: int):
    _require_secretariat(request.user)
    proposal = get_object_or_404(
        ActivityProposal.objects.select_related("unit", "edition", "wished_room__venue", "event"), pk=pk
    )
    form = DecisionForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                proposals.proposal_accept(
                    proposal=proposal,
                    by=request.user,
                    room=data["room"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    comment=data["comment"],
                )
                messages.success(request, _("The activity is accepted and on the programme."))
            elif data["decision"] == "return":
                proposals.proposal_return(proposal=proposal, by=request.user, comment=data["comment"])
                messages.success(request, _("The proposal is returned to the unit for changes."))
            else:
                proposals.proposal_decline(proposal=proposal, by=request.user, comment=data["comment"])
                messages.success(request, _("The proposal is declined."))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("staff_units:proposals")
    context = {"proposal": proposal, "form": form, "can_decide": proposal.status == ProposalStatus.SUBMITTED}
    return render(request, "events/staff_proposal.html", context)


@login_required
@require_POST
def programme_freeze(request):
    _require_secretariat(request.user)
    edition = _edition()
    frozen = request.POST.get("frozen") == "1"
    if frozen and request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that you freeze the programme."))
        return redirect("staff_units:proposals")
    proposals.programme_freeze(edition=edition, by=request.user, frozen=frozen)
    messages.success(
        request,
        _("The programme is frozen: units can no longer change their events.")
        if frozen
        else _("The programme is open again: units can change their events."),
    )
    return redirect("staff_units:proposals")


@login_required
@require_http_methods(["GET", "POST"])
@kept_page(MerchantInvitationTarget, MemberUnit, Edition, seconds=FIGURES_KEPT_SECONDS)
def invitation_overview(request):
    _require_secretariat(request.user)
    edition = _edition()
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            unit = get_object_or_404(MemberUnit, pk=form.cleaned_data["unit"])
            try:
                invitations.invitation_target_set(
                    unit=unit, edition=edition, target=form.cleaned_data["target"], by=request.user
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The target of %(unit)s is saved.") % {"unit": unit.short_name})
        else:
            messages.error(request, _("A target is a number of merchants between 0 and 1,000,000."))
        return redirect("staff_units:invitations")
    rows = invitations.invitations_by_unit(edition=edition, cached=True)
    listed = {row["unit"].pk for row in rows}
    others = [unit for unit in invitations.units_for_targets(edition=edition) if unit.pk not in listed]
    context = {"edition": edition, "rows": rows, "others": others}
    return render(request, "events/staff_invitations.html", context)
