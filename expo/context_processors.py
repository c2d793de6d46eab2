from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from expo import roles
from expo.enums import Office
from expo.i18n import offered_languages
from expo.navigation import workspaces_of

# The organizers' pages, grouped into the menus of the top bar: (menu, office or None for
# every organizer, label, url name). A menu with one place the user may open is a link.
COMMITTEE = pgettext_lazy("navigation menu", "Committee")
EXHIBITION = pgettext_lazy("navigation menu", "Exhibition")
GUESTS = pgettext_lazy("navigation menu", "Guests")
INVESTMENT = pgettext_lazy("navigation menu", "Investment")
PUBLIC = pgettext_lazy("navigation menu", "Public pages")
STAFF_PLACES = [
    (None, None, _("Dashboard"), "staff:dashboard"),
    (COMMITTEE, {Office.SECRETARIAT}, _("Executive committee"), "staff:committee"),
    (COMMITTEE, None, _("Reports"), "staff:report_runs"),
    (EXHIBITION, {Office.EXHIBITION}, _("Booth applications"), "exhibition:applications"),
    (EXHIBITION, {Office.EXHIBITION}, _("Live broadcasts"), "exhibition:broadcasts"),
    (GUESTS, {Office.PROTOCOL}, _("Delegations"), "protocol:delegations"),
    (GUESTS, {Office.SECRETARIAT, Office.PROTOCOL}, _("Attendees"), "attendance:registrations"),
    (GUESTS, {Office.SECRETARIAT, Office.PROTOCOL}, _("Check-in"), "attendance:check_in"),
    (INVESTMENT, {Office.INVESTMENT}, _("Projects"), "staff_projects:current"),
    (INVESTMENT, {Office.INVESTMENT}, _("Matchmaking"), "staff_matchmaking:sessions"),
    (None, None, _("Administration"), "admin:index"),
]


def _staff_places(user) -> list[tuple]:
    """``(menu, label, url)`` of the organizers' pages the user's offices may open (each view
    checks the same office)."""
    offices = {office for office in Office.values if roles.in_office(user, office)}
    return [
        (menu, label, reverse(name)) for menu, needs, label, name in STAFF_PLACES if needs is None or needs & offices
    ]


def navigation(request):
    """The navigation of the base layout: only the places the user may use, the organizers'
    grouped into a few menus so that the top bar stays one line. Worked out only when a
    template reads it: a partial answer (an htmx fragment, a scan at the check-in desk) has no
    top bar and pays nothing for it."""
    built: dict = {}

    def part(name):
        def read():
            if not built:
                built.update(_navigation(request))
            return built[name]

        return SimpleLazyObject(read)

    return {name: part(name) for name in ("nav_items", "nav_menus", "workspace_items")}


def _navigation(request) -> dict:
    user = getattr(request, "user", None)
    places = []  # (menu or None, label, url)
    if user is not None and user.is_authenticated:
        if roles.is_organizer(user):
            places += _staff_places(user)
        if roles.member_unit_of(user) is not None:
            places.append((None, _("Department portal"), reverse("portal:home")))
            places.append((None, _("Our projects"), reverse("portal_projects:list")))
            places.append((None, _("Our activities"), reverse("unit_events:activities")))
            places.append((None, _("Our merchants"), reverse("unit_events:invitations")))
        found = [(label, url) for _menu, label, url in places]
        places += [(None, label, url) for label, url in workspaces_of(user, found)]
    workspaces = [{"label": label, "url": url} for _menu, label, url in places]
    # Visitors' pages: links for visitors, one menu for people with work of their own.
    public = PUBLIC if workspaces else None
    places.append((public, _("Programme"), reverse("programme:index")))
    places.append((public, _("Online exhibition"), reverse("online:home")))
    path = request.path if request is not None else ""
    # A place is where the reader is when the path starts with its address, the longest such
    # address winning; the dashboard only on its own page (every organizer's page is under it,
    # and a page of an office the reader cannot open from the menu is not the dashboard).
    dashboard = reverse("staff:dashboard")
    matching = [
        url for _menu, _label, url in places if path.startswith(url) and (url != dashboard or path == dashboard)
    ]
    active = max(matching, key=len) if matching else None
    items = [{"label": label, "url": url, "active": url == active} for _menu, label, url in places]
    return {
        "nav_items": items,
        "nav_menus": _menus(places, items),
        "workspace_items": workspaces,
    }


def _menus(places, items) -> list[dict]:
    """The top bar's entries in order: a link, or a menu of the places of one group (at its
    first place's position) when the user may open more than one of them."""
    counts: dict = {}
    for menu, _label, _url in places:
        if menu is not None:
            counts[menu] = counts.get(menu, 0) + 1
    entries: list[dict] = []
    menus: dict = {}
    for (menu, _label, _url), item in zip(places, items, strict=True):
        if menu is None or counts[menu] == 1:
            entries.append({"link": item})
            continue
        if menu not in menus:
            menus[menu] = {"label": menu, "id": f"nav-menu-{len(menus) + 1}", "items": [], "active": False}
            entries.append({"menu": menus[menu]})
        menus[menu]["items"].append(item)
        menus[menu]["active"] = menus[menu]["active"] or item["active"]
    return entries


def languages(request):
    """The languages the switcher offers on this page, each in its own name: all six on the
    public pages and the exhibitor portal, Chinese and English on organizers' and units' pages."""
    return {"switcher_languages": offered_languages(request.path if request is not None else "")}
