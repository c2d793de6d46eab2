from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo import roles
from expo.i18n import offered_languages
from expo.navigation import workspaces_of


def navigation(request):
    """The navigation of the base layout: only the places the user may use."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        if roles.is_organizer(user):
            items += [
                (_("Dashboard"), reverse("staff:dashboard")),
                (_("Exhibition"), reverse("exhibition:current")),
                (_("Check-in"), reverse("attendance:check_in")),
                (_("Protocol"), reverse("protocol:desk")),
                (_("Projects"), reverse("staff_projects:current")),
                (_("Reports"), reverse("staff:report_runs")),
                (_("Administration"), reverse("admin:index")),
            ]
        if roles.member_unit_of(user) is not None:
            items.append((_("Department portal"), reverse("portal:home")))
            items.append((_("Our projects"), reverse("portal_projects:list")))
            items.append((_("Our activities"), reverse("unit_events:activities")))
            items.append((_("Our merchants"), reverse("unit_events:invitations")))
        items += workspaces_of(user, items)
    workspaces = [{"label": label, "url": url} for label, url in items]
    items.append((_("Programme"), reverse("programme:index")))
    items.append((_("Online exhibition"), reverse("online:home")))
    path = request.path if request is not None else ""
    matching = [url for _label, url in items if path.startswith(url)]
    active = max(matching, key=len) if matching else None
    return {
        "nav_items": [{"label": label, "url": url, "active": url == active} for label, url in items],
        "workspace_items": workspaces,
    }


def languages(request):
    """The languages the switcher offers on this page, each in its own name: all six on the
    public pages and the exhibitor portal, Chinese and English on organizers' and units' pages."""
    return {"switcher_languages": offered_languages(request.path if request is not None else "")}
