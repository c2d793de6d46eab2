from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo import roles
from expo.enums import Office
from expo.i18n import offered_languages
from expo.navigation import workspaces_of


def navigation(request):
    """The navigation of the base layout: only the places the user may use."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        if roles.is_organizer(user):
            # Only the pages the user's offices may open (each view checks the same office).
            secretariat = roles.in_office(user, Office.SECRETARIAT)
            protocol = roles.in_office(user, Office.PROTOCOL)
            offered = [
                (True, _("Dashboard"), "staff:dashboard"),
                (secretariat, _("Executive committee"), "staff:committee"),
                (roles.in_office(user, Office.EXHIBITION), _("Booth applications"), "exhibition:applications"),
                (roles.in_office(user, Office.EXHIBITION), _("Live broadcasts"), "exhibition:broadcasts"),
                (protocol, _("Protocol"), "protocol:delegations"),
                (secretariat or protocol, _("Attendees"), "attendance:registrations"),
                (secretariat or protocol, _("Check-in"), "attendance:check_in"),
                (roles.in_office(user, Office.INVESTMENT), _("Projects"), "staff_projects:current"),
                (roles.in_office(user, Office.INVESTMENT), _("Matchmaking"), "staff_matchmaking:sessions"),
                (True, _("Reports"), "staff:report_runs"),
                (True, _("Administration"), "admin:index"),
            ]
            items += [(label, reverse(name)) for allowed, label, name in offered if allowed]
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
