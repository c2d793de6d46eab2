"""The investment office's matchmaking sessions: the halls, tables and slots where merchants
and exhibitors meet, with the requests and meetings of the edition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from expo.enums import Office
from expo.errors import DomainError
from expo.roles import in_office
from expo.selectors import current_edition
from matchmaking import selectors, services
from matchmaking.enums import MeetingStatus
from matchmaking.forms import SessionForm
from matchmaking.models import MatchmakingSession


def _require_investment_office(user) -> None:
    """Matchmaking is the investment office's (and superusers')."""
    if not in_office(user, Office.INVESTMENT):
        raise PermissionDenied


def _edition():
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    return edition


@login_required
@require_GET
def session_list(request):
    _require_investment_office(request.user)
    edition = _edition()
    counts = selectors.meeting_counts(edition=edition)
    statuses = [(value, label, counts.get(value, 0)) for value, label in MeetingStatus.choices]
    context = {
        "edition": edition,
        "sessions": selectors.sessions_overview(edition=edition),
        "counts": counts,
        "statuses": statuses,
    }
    return render(request, "matchmaking/staff_sessions.html", context)


def _initial(session: MatchmakingSession) -> dict:
    local = timezone.get_current_timezone()
    data = {f: getattr(session, f) for f in services.SESSION_FIELDS}
    for field in ("starts_at", "ends_at"):
        data[field] = timezone.localtime(data[field], local)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int | None = None):
    _require_investment_office(request.user)
    edition = _edition()
    session = get_object_or_404(MatchmakingSession, pk=pk, edition=edition) if pk is not None else None
    form = SessionForm(request.POST or None, initial=_initial(session) if session else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(
                edition=edition, data=form.cleaned_data, user=request.user, session=session, request=request
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The session %(name)s is saved.") % {"name": saved.name})
            return redirect("staff_matchmaking:sessions")
    context = {"edition": edition, "session": session, "form": form}
    return render(request, "matchmaking/staff_session_form.html", context)
