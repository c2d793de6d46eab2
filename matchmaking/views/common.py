"""What the merchant's and the exhibitor's meeting pages share: the answer forms and the
dispatch of a posted step to its service."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expo.errors import LockTimeout
from matchmaking import selectors, services
from matchmaking.enums import MeetingMode
from matchmaking.forms import AcceptForm, DeclineForm, OutcomeForm, ProposeForm
from matchmaking.models import MatchmakingSession, Meeting


def offered_times(meeting: Meeting) -> list:
    """The times one may accept: those proposed, and at the expo every slot of the sessions."""
    times = list(meeting.proposed_datetimes)
    if meeting.mode == MeetingMode.ONSITE:
        sessions = MatchmakingSession.objects.filter(edition_id=meeting.edition_id)
        slots = {t for s in sessions for t in s.slot_starts()}
        times = [t for t in times if any(s.is_slot_start(t) for s in sessions)] + sorted(slots - set(times))
    return times


def step_forms(meeting: Meeting, side: str, data=None, step: str | None = None) -> dict:
    allowed = services.allowed_steps(meeting, side)
    forms = {}
    if "accept" in allowed:
        forms["accept"] = AcceptForm(data if step == "accept" else None, times=offered_times(meeting), prefix="accept")
    if "propose" in allowed:
        forms["propose"] = ProposeForm(data if step == "propose" else None, prefix="propose")
    if "decline" in allowed:
        forms["decline"] = DeclineForm(data if step == "decline" else None, prefix="decline")
    if "outcome" in allowed and meeting.starts_at is not None:
        forms["outcome"] = OutcomeForm(
            data if step == "outcome" else None,
            prefix="outcome",
            projects=selectors.meeting_projects(meeting),
            initial={"outcome": meeting.outcome or None, "project": meeting.project_id},
        )
    forms["may_cancel"] = "cancel" in allowed
    return forms


DONE = {
    "accept": gettext_lazy("The meeting is confirmed. Both of you got an email."),
    "propose": gettext_lazy("Your proposal was sent."),
    "decline": gettext_lazy("The meeting was declined."),
    "cancel": gettext_lazy("The meeting was cancelled."),
    "outcome": gettext_lazy("Thank you: the outcome is recorded."),
}


def post_step(request, meeting: Meeting, side: str, redirect_to: str):
    """Run the posted step; on success redirect, else return the forms with their errors."""
    step = request.POST.get("step", "")
    forms = step_forms(meeting, side, request.POST, step)
    form = forms.get(step)
    if step == "cancel" and forms["may_cancel"]:
        form = None
    elif form is None:
        messages.error(
            request,
            _("This meeting is %(status)s: that is no longer possible.") % {"status": meeting.get_status_display()},
        )
        return redirect(redirect_to)
    elif not form.is_valid():
        return forms
    data = form.cleaned_data if form is not None else {}
    user = request.user
    try:
        if step == "accept":
            services.meeting_accept(
                meeting=meeting, side=side, user=user, starts_at=data["starts_at"], answer=data["answer"]
            )
        elif step == "propose":
            services.meeting_propose(
                meeting=meeting, side=side, user=user, starts_at=data["starts_at"], answer=data["answer"]
            )
        elif step == "decline":
            services.meeting_decline(meeting=meeting, side=side, user=user, answer=data["answer"])
        elif step == "cancel":
            services.meeting_cancel(meeting=meeting, side=side, user=user)
        elif step == "outcome":
            services.meeting_record_outcome(
                meeting=meeting,
                side=side,
                user=user,
                outcome=data["outcome"],
                note=data["note"],
                project=data.get("project"),
            )
    except (services.MeetingError, LockTimeout) as error:  # refused, or busy for too long
        if form is None:
            messages.error(request, error.message)
            return redirect(redirect_to)
        form.add_error(None, error.message)
        return forms
    messages.success(request, str(DONE[step]))
    return redirect(redirect_to)
