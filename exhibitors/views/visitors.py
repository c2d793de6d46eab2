"""Online visitors: registration (an account whose email is verified, and an attendee of
the edition), favourites, the count of visits, and the language links of the public pages."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from exhibitors import online_selectors as selectors
from exhibitors import online_services as services
from exhibitors.models import Participation
from exhibitors.online_forms import VisitorRegistrationForm
from expo.errors import DomainError
from expo.models import Edition
from expo.security import client_ip

# A transparent 1x1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _safe_next(request, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    edition = selectors.online_edition()
    if edition is None:
        raise Http404
    next_url = _safe_next(request, "/online/")
    form = VisitorRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.online_visitor_register(
                edition=edition,
                name=data["name"],
                email=data["email"],
                password=data["password1"],
                country=data["country"],
                organization=data["organization"],
                interests=data["interests"],
                base_url=request.build_absolute_uri("/"),
                next_url=next_url,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="expo.auth.ExpoModelBackend")
            messages.success(
                request,
                _("Welcome! We sent you an email: open its link to confirm your address, then keep your favourites."),
            )
            return redirect(next_url)
    return render(request, "exhibitors/online/register.html", {"form": form, "edition": edition, "next_url": next_url})


def _visitor_edition(number: int) -> Edition:
    edition = Edition.objects.filter(number=number).first()
    if edition is None:
        raise Http404
    return edition


@login_required
@require_POST
def favourite_exhibit(request, number: int, pk: int):
    edition = _visitor_edition(number)
    exhibit = selectors.online_exhibit(edition=edition, pk=pk)
    if exhibit is None:
        raise Http404
    return _toggle(request, edition=edition, exhibitor=exhibit.exhibitor, exhibit=exhibit)


@login_required
@require_POST
def favourite_exhibitor(request, number: int, pk: int):
    edition = _visitor_edition(number)
    participation = selectors.online_participation(edition=edition, exhibitor_id=pk)
    if participation is None:
        raise Http404
    return _toggle(request, edition=edition, exhibitor=participation.exhibitor, exhibit=None)


def _toggle(request, *, edition, exhibitor, exhibit):
    try:
        kept = services.favourite_toggle(user=request.user, edition=edition, exhibitor=exhibitor, exhibit=exhibit)
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied as error:  # the email address is not verified yet
        messages.error(request, str(error))
    else:
        name = exhibit.display_name if exhibit else exhibitor.display_name
        if kept:
            messages.success(request, _("“%(name)s” is now among your favourites.") % {"name": name})
        else:
            messages.success(request, _("“%(name)s” was removed from your favourites.") % {"name": name})
    return redirect(_safe_next(request, "online:favourites"))


@login_required
@never_cache
@require_safe
def favourites(request):
    rows = selectors.favourites_of(user=request.user)
    return render(request, "exhibitors/online/favourites.html", {"favourites": rows})


@never_cache
@require_safe
def seen(request):
    """The pixel of the public pages: counts the day's different visitors of the edition
    (a salted daily key, ``visit_record``) and the views of an exhibitor's or exhibit's page."""
    number, exhibitor_id, exhibit_id = (request.GET.get(name, "") for name in ("e", "x", "i"))
    edition = Edition.objects.filter(number=int(number)).first() if number.isdigit() and len(number) < 5 else None
    if edition is not None:
        day = timezone.localdate()
        key = services.visitor_key(
            day=day, address=client_ip(request) or "", agent=request.headers.get("User-Agent", "")
        )
        services.visit_record(edition=edition, key=key, day=day)
        exhibitor_id = int(exhibitor_id) if exhibitor_id.isdigit() and len(exhibitor_id) < 12 else None
        exhibit_id = int(exhibit_id) if exhibit_id.isdigit() and len(exhibit_id) < 12 else None
        if exhibitor_id and _shown(edition, exhibitor_id, exhibit_id):
            services.view_record(edition=edition, exhibitor_id=exhibitor_id, exhibit_id=exhibit_id, day=day)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def _shown(edition, exhibitor_id: int, exhibit_id: int | None) -> bool:
    if exhibit_id is not None:
        return selectors.visible_exhibits(edition=edition).filter(pk=exhibit_id, exhibitor_id=exhibitor_id).exists()
    return Participation.objects.filter(edition=edition, exhibitor_id=exhibitor_id).exists()


@require_safe
def language(request):
    """The language links of the public pages: GET, so that the pages need no CSRF token and
    stay the same for every visitor (the setting is only the language cookie)."""
    code = request.GET.get("language", "")
    response = HttpResponseRedirect(_safe_next(request, "/online/"))
    if check_for_language(code) and code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
