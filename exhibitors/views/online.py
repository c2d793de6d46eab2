"""The public online exhibition (``/online/``): the halls of an edition by pavilion, each
exhibitor and exhibit, browsing by industry and country, search, and the offline floor
plans for visitors.

Every page is the same for every visitor of a language: its body is rendered once and kept
in the cache under a key made of the page, its query, the language and the version that
``exhibitors.signals`` bumps on every change of what these pages show."""

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from exhibitors import online_selectors as selectors
from exhibitors import online_services, page_cache, search
from exhibitors.enums import ApplicationStatus, PavilionMode
from exhibitors.models import Favourite, Pavilion
from exhibitors.selectors import floor_plan_booths
from exhibitors.signals import online_version
from exhibitors.views.floorplan import public_plan_markup
from expo.enums import Industry
from expo.i18n import prefers_chinese

PAGE_SIZE = 24
CACHE_SECONDS = 60 * 60
BROWSER_MAX_AGE = 60
KINDS = ("all", "exhibitors", "exhibits")


def _edition(number):
    edition = selectors.online_edition(number)
    if edition is None:
        raise Http404
    return edition


def _page(queryset, request):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _public(request, response):
    """What a reverse proxy may keep: the page is the same for every visitor of a language
    who is not signed in (no CSRF token on it: the language links are plain links). A page
    that shows the signed-in user, or that used a CSRF token, is private."""
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if request.user.is_authenticated or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response


CACHED_PAGES = 20  # deeper pages of a list are rendered each time
PAGE_PARAMETERS = {"page", "industry", "country", "pavilion", "booth"}


def _cacheable_request(request) -> bool:
    page = request.GET.get("page", "1")
    return page.isdigit() and len(page) <= 2 and 1 <= int(page) <= CACHED_PAGES


def _cached_page(request, key: str, build):
    """Render ``build()`` -> (template, context) once per key, language and version; the
    result is the page's title and body. ``build`` raises Http404 for a missing record.

    Only what a visitor can reach by a link is kept (the first pages of a list, valid
    filters: ``context["cacheable"]``), so that made-up query strings cannot fill the cache."""
    full_key = f"exhibitors:online:{online_version()}:{get_language()}:{key}"
    cacheable = _cacheable_request(request)
    # An anonymous visitor without a pending message gets the whole page from the cache: the
    # layout around the body is the same for all of them (no CSRF token, no name), given the
    # same address (the language links carry it), whose parameters are the page's own.
    anonymous = (
        cacheable
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and set(request.GET) <= PAGE_PARAMETERS
    )
    page_key = f"{full_key}:anonymous:{request.get_full_path()}"
    if anonymous:
        # This process's memory first: no round trip (exhibitors.page_cache), no query.
        kept_page = page_cache.pages.get(page_key)
        if kept_page is not None:
            return _public(request, HttpResponse(kept_page[0]))
        html = cache.get(page_key)
        if html is not None:
            page_cache.pages.set(page_key, html, timeout=CACHE_SECONDS)
            return _public(request, HttpResponse(html))
    parts = cache.get(full_key) if cacheable else None
    kept = parts is not None
    if parts is None:
        template, context = build()
        body = render_to_string(template, context, request)
        parts = (str(context.get("title", "")), body, context.get("favourite_ids"))
        if cacheable and context.get("cacheable", True):
            cache.set(full_key, parts, CACHE_SECONDS)
            kept = True
    title, body, favourite_ids = parts
    context = {"title": title, "body": mark_safe(body)}  # noqa: S308 - our own rendered template
    if favourite_ids is not None:
        context["favourite"] = _favourite_context(request, *favourite_ids)
    response = render(request, "exhibitors/online/page.html", context)
    if kept and anonymous and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        cache.set(page_key, response.content, CACHE_SECONDS)
        page_cache.pages.set(page_key, response.content, timeout=CACHE_SECONDS)
    return _public(request, response)


def _favourite_context(request, number: int, exhibitor_id: int, exhibit_id: int | None) -> dict:
    """The favourite button, outside the cached body: only a signed-in visitor's page
    says whether the exhibit is among their favourites."""
    if exhibit_id is not None:
        url = reverse("online:favourite_exhibit", args=[number, exhibit_id])
    else:
        url = reverse("online:favourite_exhibitor", args=[number, exhibitor_id])
    kept = False
    if request.user.is_authenticated:
        kept = Favourite.objects.filter(
            user=request.user, edition__number=number, exhibitor_id=exhibitor_id, exhibit_id=exhibit_id
        ).exists()
    return {"url": url, "kept": kept, "exhibit": exhibit_id is not None}


def _query_key(request, *names) -> str:
    return "&".join(f"{name}={request.GET.get(name, '')}" for name in names)


@require_safe
def home(request, number=None):
    def build():
        edition = _edition(number)
        facets = selectors.facet_counts(edition=edition)
        return "exhibitors/online/home.html", {
            "title": _("Online exhibition"),
            "edition": edition,
            "pavilions": selectors.online_pavilions(edition=edition),
            "featured": selectors.featured_participations(edition=edition),
            "industries": _labelled(facets["industries"], dict(Industry.choices)),
            "countries": _labelled(facets["countries"], dict(countries)),
            "is_current": edition.is_current,
        }

    return _cached_page(request, f"home:{number}", build)


def _labelled(rows, labels):
    return [(value, labels.get(value, value), count) for value, count in rows]


def _pavilion(edition, code):
    pavilion = Pavilion.objects.filter(edition=edition, code=code).first()
    if pavilion is None:
        raise Http404
    return pavilion


@require_safe
def pavilion(request, number, code):
    def build():
        edition = _edition(number)
        hall = _pavilion(edition, code)
        if hall.mode == PavilionMode.OFFLINE:
            raise Http404
        page = _page(selectors.participation_list(edition=edition, pavilion=hall), request)
        return "exhibitors/online/pavilion.html", {
            "title": hall.name,
            "edition": edition,
            "pavilion": hall,
            "page": page,
        }

    return _cached_page(request, f"pavilion:{number}:{code}:{_query_key(request, 'page')}", build)


@require_safe
def exhibitor_list(request, number):
    """Browsing by industry, country or region, and pavilion."""

    def build():
        edition = _edition(number)
        industry = request.GET.get("industry", "")
        industry = industry if industry in Industry.values else ""
        country = request.GET.get("country", "").upper()
        country = country if country in countries else ""
        code = request.GET.get("pavilion", "")
        hall = Pavilion.objects.filter(edition=edition, code=code).first() if code else None
        rows = selectors.participation_list(edition=edition, pavilion=hall, industry=industry, country=country)
        facets = selectors.facet_counts(edition=edition)
        valid = (
            industry == request.GET.get("industry", "")
            and country == request.GET.get("country", "")
            and (hall is not None) == bool(code)
        )
        return "exhibitors/online/exhibitor_list.html", {
            "cacheable": valid,
            "title": _("Exhibitors"),
            "edition": edition,
            "page": _page(rows, request),
            "industry": industry,
            "country": country,
            "pavilion": hall,
            "pavilions": selectors.online_pavilions(edition=edition),
            "industries": _labelled(facets["industries"], dict(Industry.choices)),
            "countries": _labelled(facets["countries"], dict(countries)),
        }

    key = f"exhibitors:{number}:{_query_key(request, 'industry', 'country', 'pavilion', 'page')}"
    return _cached_page(request, key, build)


def _meeting_url(exhibitor_pk: int) -> str:
    """The matchmaking app's meeting request page for this exhibitor, when it exists."""
    try:
        return reverse("matchmaking:request", args=[exhibitor_pk])
    except NoReverseMatch:
        return ""


@require_safe
def exhibitor_detail(request, number, pk):
    def build():
        edition = _edition(number)
        participation = selectors.online_participation(edition=edition, exhibitor_id=pk)
        if participation is None:
            raise Http404
        exhibitor = participation.exhibitor
        return "exhibitors/online/exhibitor_detail.html", {
            "title": exhibitor.display_name,
            "edition": edition,
            "participation": participation,
            "exhibitor": exhibitor,
            "page": _page(selectors.exhibit_list(edition=edition).filter(exhibitor=exhibitor), request),
            "booths": selectors.exhibitor_booths(edition=edition, exhibitor=exhibitor),
            "meeting_url": _meeting_url(exhibitor.pk),
            "broadcasts": selectors.exhibitor_broadcasts(edition=edition, exhibitor=exhibitor, now=timezone.now()),
            "favourite_ids": (edition.number, exhibitor.pk, None),
        }

    return _cached_page(request, f"exhibitor:{number}:{pk}:{_query_key(request, 'page')}", build)


@require_safe
def exhibit_detail(request, number, pk):
    def build():
        edition = _edition(number)
        exhibit = selectors.online_exhibit(edition=edition, pk=pk)
        if exhibit is None:
            raise Http404
        others = selectors.exhibit_list(edition=edition).filter(exhibitor_id=exhibit.exhibitor_id).exclude(pk=pk)
        return "exhibitors/online/exhibit_detail.html", {
            "title": exhibit.display_name,
            "edition": edition,
            "exhibit": exhibit,
            "exhibitor": exhibit.exhibitor,
            "others": list(others[:6]),
            "favourite_ids": (edition.number, exhibit.exhibitor_id, exhibit.pk),
        }

    return _cached_page(request, f"exhibit:{number}:{pk}", build)


SEARCH_INPUT_ID = "online-q"  # htmx sends it as HX-Trigger while the visitor types


SEARCH_PARAMETERS = {"q", "edition", "kind", "industry", "country", "pavilion", "page"}
# How long the ranked ids of a search are shared between processes (language-independent,
# a few kilobytes), and its rendered page kept in the memory of the process that rendered it.
SEARCH_CACHE_SECONDS = 10 * 60


@require_safe
def search_page(request):
    """Exhibitors and exhibits by name and description. With ``HX-Request`` (htmx, as the
    visitor types) only the results are sent. A search that finds nothing is counted by its
    text (``OnlineSearchMiss``), when submitted rather than typed.

    The same search is the same page for every anonymous visitor of a language: it is kept
    in this process's memory (``exhibitors.page_cache``, bounded) under the version of the
    online exhibition, and its ranked ids in the shared cache for the other processes, so
    that a popular word is ranked once per change of the exhibition, not once per visitor."""
    partial = request.headers.get("HX-Request") == "true"
    typed = partial and request.headers.get("HX-Trigger") == SEARCH_INPUT_ID
    page_key = None
    if (
        not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and set(request.GET) <= SEARCH_PARAMETERS
        and _cacheable_request(request)
    ):
        page_key = (
            f"exhibitors:online:{online_version()}:{get_language()}:search:{int(partial)}{int(typed)}:"
            f"{request.get_full_path()}"
        )
        kept = page_cache.pages.get(page_key)
        if kept is not None:
            content, miss = kept
            if miss is not None:
                online_services.search_miss_record(edition=_edition(miss[0]), query=miss[1])
            return _search_response(HttpResponse(content))
    text = search.normalize_query(request.GET.get("q", ""))
    number = request.GET.get("edition", "")
    edition = _edition(int(number) if number.isdigit() and len(number) < 5 else None)
    kind = request.GET.get("kind", "all")
    kind = kind if kind in KINDS else "all"
    industry = request.GET.get("industry", "")
    industry = industry if industry in Industry.values else ""
    country = request.GET.get("country", "").upper()
    country = country if country in countries else ""
    code = request.GET.get("pavilion", "")
    hall = Pavilion.objects.filter(edition=edition, code=code).first() if code else None
    filters = {"edition": edition, "pavilion": hall, "industry": industry, "country": country, "text": text}
    context = {
        "title": _("Search the online exhibition"),
        "edition": edition,
        "q": text,
        "kind": kind,
        "industry": industry,
        "country": country,
        "pavilion": hall,
    }
    miss = None
    if text:
        # Ranked once each, bounded (exhibitors.search.Ranked): a word found in every exhibit
        # costs no more than a rare one; ranked once per version of the exhibition.
        unsearched = {**filters, "text": ""}
        ids_key = _search_ids_key(edition, hall, industry, country, text)
        known = cache.get(ids_key)
        exhibitors = search.Ranked(
            selectors.participation_list(**filters),
            selectors.participation_list(**unsearched),
            known=known and known[0],
        )
        exhibits = search.Ranked(
            selectors.exhibit_list(**filters), selectors.exhibit_list(**unsearched), known=known and known[1]
        )
        with search.index_scans(needed=known is None):
            context["exhibitor_count"], context["exhibit_count"] = len(exhibitors), len(exhibits)
        if known is None:
            cache.set(ids_key, (exhibitors.known, exhibits.known), SEARCH_CACHE_SECONDS)
        context["capped"] = exhibitors.capped or exhibits.capped
        context["max_results"] = search.MAX_RESULTS
        if kind == "exhibitors":
            context["exhibitor_page"] = _page(exhibitors, request)
        elif kind == "exhibits":
            context["exhibit_page"] = _page(exhibits, request)
        else:
            context["exhibitor_top"] = exhibitors[:6]
            context["exhibit_page"] = _page(exhibits, request)
        found = context["exhibitor_count"] + context["exhibit_count"]
        if not found and not typed and not (hall or industry or country):
            miss = (edition.number, text)
            online_services.search_miss_record(edition=edition, query=text)
    if partial:
        response = render(request, "exhibitors/online/_search_results.html", context)
    else:
        context.update(_search_filters(edition))
        response = render(request, "exhibitors/online/search.html", context)
    if page_key is not None and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        page_cache.pages.set(page_key, response.content, miss, timeout=SEARCH_CACHE_SECONDS)
    return _search_response(response)


def _search_response(response):
    patch_vary_headers(response, ("HX-Request",))
    patch_cache_control(response, private=True, max_age=0)
    return response


def _search_ids_key(edition, hall, industry: str, country: str, text: str) -> str:
    """The key of a search's ranked ids: the text hashed (any characters, any length)."""
    what = hashlib.sha256(f"{hall.pk if hall else ''}|{industry}|{country}|{text}".encode()).hexdigest()[:32]
    return f"exhibitors:online:{online_version()}:search-ids:{search.MAX_RESULTS}:{edition.pk}:{what}"


def _search_filters(edition) -> dict:
    """The search form's choices (pavilions, industries and countries with their counts),
    kept in the cache with the pages they come from: they change only with the data."""
    key = f"exhibitors:online:{online_version()}:{get_language()}:search-filters:{edition.pk}"
    choices = cache.get(key)
    if choices is None:
        facets = selectors.facet_counts(edition=edition)
        choices = {
            "pavilions": selectors.online_pavilions(edition=edition),
            "industries": _labelled(facets["industries"], dict(Industry.choices)),
            "countries": _labelled(facets["countries"], dict(countries)),
        }
        cache.set(key, choices, CACHE_SECONDS)
    return choices


@require_safe
def floor_plan(request, number, code):
    """An offline pavilion's plan for visitors: confirmed booths with their exhibitors' names,
    the booth of ``?booth=`` (or the exhibitors matching ``?q=``) highlighted."""
    highlight_code = request.GET.get("booth", "")[:20]
    text = search.normalize_query(request.GET.get("q", ""))

    def build():
        edition = _edition(number)
        hall = _pavilion(edition, code)
        if not hall.is_offline:
            raise Http404
        booths = floor_plan_booths(pavilion=hall)
        matches = []
        if text:
            matches = selectors.booth_search(pavilion=hall, text=text)
        highlighted = {highlight_code} if highlight_code else set()
        highlighted |= {application.booth.code for application in matches}
        english = not prefers_chinese()  # every reader but a Chinese one reads the English name
        found = []
        for booth in booths:
            booked = booth.state == ApplicationStatus.CONFIRMED
            booth.css = "booked" if booked else "closed"
            if booth.code in highlighted:
                booth.css = "mine"
            if booked:
                name = (booth.booked_name_en if english else "") or booth.booked_name
                fits = int(booth.width / Decimal("0.9")) * (2 if name.isascii() else 1)
                booth.label = name if len(name) <= fits else f"{name[: max(fits - 1, 1)]}…"
            if booth.code in highlighted:
                found.append((booth.code, name if booked else ""))
        return "exhibitors/online/floor_plan.html", {
            "title": hall.name,
            "edition": edition,
            "pavilion": hall,
            "plan_markup": public_plan_markup(booths),
            "matches": matches,
            "q": text,
            "highlight": highlight_code,
            "highlighted": found,
            "cacheable": not text and bool(found) == bool(highlight_code),
        }

    key = f"plan:{number}:{code}:{highlight_code}:{text}"
    return _cached_page(request, key, build)


LIVE_MAX_AGE = 30


@require_safe
def live(request):
    """The New Media Live Broadcast Pavilion: approved broadcasts on now, and the next ones.
    Not kept in our cache (it changes with the clock); a proxy may keep it half a minute."""
    edition = _edition(None)
    context = {"edition": edition, **selectors.live_broadcasts(edition=edition, now=timezone.now())}
    response = render(request, "exhibitors/online/live.html", context)
    _public(request, response)
    if "public" in response["Cache-Control"]:
        patch_cache_control(response, max_age=LIVE_MAX_AGE)
    return response
