"""The organizers' page of editions and their life: open, back to preparation, close, reopen.

Every organizer reads; the secretariat (or a superuser) changes an edition's status; only a
superuser reopens a closed edition, with a reason. Each change goes through a confirmation
page that says what it does, and is made by POST.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from expo.enums import EditionStatus, Office
from expo.forms import EditionReopenForm
from expo.lifecycle import TRANSITIONS, EditionTransitionRefused, edition_change_status, edition_reopen
from expo.models import Edition
from expo.reports.figures import results_json
from expo.roles import in_office, require_organizer

# The actions an organizer may take, by the URL's name: the status they lead to, the button's
# words, and what the confirmation page says the change does.
ACTIONS = {
    "open": (
        EditionStatus.OPEN,
        _("Open the edition"),
        _(
            "Opens the edition for the expo days. Registrations, check-ins, booth holds, exhibits, projects "
            "and imports go on as before, and the results report keeps showing live figures."
        ),
    ),
    "prepare": (
        EditionStatus.PREPARATION,
        _("Put back in preparation"),
        _(
            "Puts the edition back in preparation. Nothing is refused, and the results report keeps showing "
            "live figures."
        ),
    ),
    "close": (
        EditionStatus.CLOSED,
        _("Close the edition"),
        _(
            "Freezes the published results as they stand now: from then on the results report, in every "
            "format, shows these figures and says they were frozen at closing. Registrations, check-ins, "
            "booth holds and confirmations, exhibits, projects, delegates' attendance and imports into this "
            "edition will be refused. Everything can still be read. Only a superuser can reopen it."
        ),
    ),
}
REOPEN_TEXT = _(
    "Reopens the edition: it becomes open again, writes into it are taken again, and its results report "
    "shows live figures until it is closed again, which takes a new snapshot. The reason is kept in the "
    "activity log with your name."
)


def may_change_status(user) -> bool:
    return in_office(user, Office.SECRETARIAT)


def _actions_for(edition: Edition, user) -> list[dict]:
    """The buttons an edition's row or page shows to ``user``."""
    actions = []
    if may_change_status(user):
        allowed = TRANSITIONS[edition.status]
        actions += [
            {"name": name, "label": label} for name, (status, label, _text) in ACTIONS.items() if status in allowed
        ]
    if edition.status == EditionStatus.CLOSED and user.is_superuser:
        actions.append({"name": "reopen", "label": _("Reopen")})
    return actions


def _flat(figures, prefix: str = "") -> dict[str, object]:
    """The results figures as "key path" -> value, lists of industries by their name."""
    rows: dict[str, object] = {}
    if isinstance(figures, dict):
        for key, value in figures.items():
            rows.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(figures, list):
        for index, item in enumerate(figures):
            if isinstance(item, dict) and "industry" in item:
                named = {key: value for key, value in item.items() if key != "industry"}
                rows.update(_flat(named, f"{prefix}[{item['industry']}]"))
            else:
                rows.update(_flat(item, f"{prefix}[{index}]"))
    else:
        rows[prefix] = figures
    return rows


def comparison(*, edition: Edition) -> list[dict]:
    """Each figure of a closed edition's snapshot beside the same figure computed now."""
    frozen, live = _flat(edition.results_snapshot or {}), _flat(results_json(edition=edition))
    return [
        {
            "key": key,
            "frozen": frozen.get(key, "—"),
            "live": live.get(key, "—"),
            "same": frozen.get(key) == live.get(key),
        }
        for key in dict.fromkeys([*frozen, *live])
    ]


@login_required
@require_GET
def edition_list(request):
    require_organizer(request.user)
    editions = list(Edition.objects.select_related("previous").order_by("-number"))
    rows = [{"edition": edition, "actions": _actions_for(edition, request.user)} for edition in editions]
    return render(request, "expo/editions.html", {"rows": rows, "may_change": may_change_status(request.user)})


@login_required
@require_GET
def edition_detail(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition.objects.select_related("previous"), number=number)
    closed = edition.status == EditionStatus.CLOSED and edition.results_snapshot is not None
    rows = comparison(edition=edition) if closed else []
    context = {
        "edition": edition,
        "actions": _actions_for(edition, request.user),
        "comparison": rows,
        "all_same": all(row["same"] for row in rows),
        "closed": closed,
    }
    return render(request, "expo/edition_detail.html", context)


def _change(request, number: int, name: str):
    require_organizer(request.user)
    if not may_change_status(request.user):
        raise PermissionDenied
    edition = get_object_or_404(Edition, number=number)
    status, label, text = ACTIONS[name]
    if status not in TRANSITIONS[edition.status]:
        messages.error(
            request,
            _("%(edition)s is %(status)s: “%(action)s” is not possible now.")
            % {"edition": edition.name, "status": edition.get_status_display(), "action": label},
        )
        return redirect("staff:edition", number=edition.number)
    if request.method == "POST":
        try:
            edition_change_status(edition=edition, status=status, by=request.user, request=request)
        except EditionTransitionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(edition)s is now %(status)s.") % {"edition": edition.name, "status": EditionStatus(status).label},
            )
        return redirect("staff:edition", number=edition.number)
    context = {"edition": edition, "label": label, "text": text, "action": name, "form": None}
    return render(request, "expo/edition_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edition_open(request, number: int):
    return _change(request, number, "open")


@login_required
@require_http_methods(["GET", "POST"])
def edition_prepare(request, number: int):
    return _change(request, number, "prepare")


@login_required
@require_http_methods(["GET", "POST"])
def edition_close(request, number: int):
    return _change(request, number, "close")


@login_required
@require_http_methods(["GET", "POST"])
def edition_reopen_view(request, number: int):
    require_organizer(request.user)
    if not request.user.is_superuser:
        raise PermissionDenied
    edition = get_object_or_404(Edition, number=number)
    if edition.status != EditionStatus.CLOSED:
        messages.error(request, _("%(edition)s is not closed.") % {"edition": edition.name})
        return redirect("staff:edition", number=edition.number)
    form = EditionReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition_reopen(edition=edition, by=request.user, reason=form.cleaned_data["reason"], request=request)
        except EditionTransitionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(edition)s is open again. Close it again to freeze its results anew.") % {"edition": edition.name},
            )
            return redirect("staff:edition", number=edition.number)
    context = {
        "edition": edition,
        "label": _("Reopen the edition"),
        "text": REOPEN_TEXT,
        "action": "reopen",
        "form": form,
    }
    return render(request, "expo/edition_confirm.html", context)
