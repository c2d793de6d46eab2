"""The exhibitor portal: an exhibitor's users see and change only their own exhibitor's data."""

import datetime
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exhibitors import selectors, services
from exhibitors.enums import ACTIVE_STATUSES, ApplicationStatus
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, ExhibitorMember, Participation, Pavilion
from exhibitors.portal_forms import ExhibitForm, ProfileForm, SignUpForm
from exhibitors.views import floorplan
from expo.errors import DomainError
from expo.i18n import prefers_chinese
from expo.kept_pages import kept_page
from expo.models import Edition
from expo.selectors import current_edition

# A hold that ends within this time is among the exhibitor's next steps.
HOLD_ENDS_SOON = datetime.timedelta(days=2)


class _EmailNotVerified(PermissionDenied):
    pass


def _exhibitor(request):
    """The exhibitor the user acts for; an account whose email is not verified yet (a new
    sign-up) acts for nobody: it is sent to the "check your mail" page."""
    exhibitor = selectors.exhibitor_of(request.user)
    if exhibitor is None:
        raise PermissionDenied
    if request.user.email_verified_at is None:
        raise _EmailNotVerified
    return exhibitor


def exhibitor_login_required(view):
    """``login_required``, and an unverified account goes to the "check your mail" page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _EmailNotVerified:
            return redirect("exhibitor:check_email")

    return login_required(wrapped)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("exhibitor:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.exhibitor_sign_up(
                company=form.company_data(),
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                base_url=request.build_absolute_uri("/"),
            )
        except services.SignUpConflict as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="expo.auth.ExpoModelBackend")
            return redirect("exhibitor:check_email")
    return render(request, "exhibitors/portal_signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check_email(request):
    """For a new sign-up: "open the link we mailed you", and a button to mail it again."""
    exhibitor = selectors.exhibitor_of(request.user)
    if exhibitor is None:
        raise PermissionDenied
    if request.user.email_verified_at is not None:
        return redirect("exhibitor:home")
    if request.method == "POST":
        if services.exhibitor_resend_verification(user=request.user, base_url=request.build_absolute_uri("/")):
            messages.success(request, _("We sent the link again to %(email)s.") % {"email": request.user.email})
        else:
            messages.error(request, _("The link was sent a short while ago. Wait a few minutes, then try again."))
        return redirect("exhibitor:check_email")
    return render(request, "exhibitors/portal_check_email.html", {"exhibitor": exhibitor})


@exhibitor_login_required
def home(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    applications = list(selectors.exhibitor_applications(exhibitor=exhibitor))
    now = timezone.now()
    context = {
        "exhibitor": exhibitor,
        "edition": edition,
        "next_steps": selectors.exhibitor_next_steps(
            exhibitor=exhibitor, applications=applications, now=now, soon=now + HOLD_ENDS_SOON
        ),
        "participation": Participation.objects.filter(exhibitor=exhibitor, edition=edition)
        .select_related("pavilion")
        .first(),
        "active_applications": [a for a in applications if a.status in ACTIVE_STATUSES],
        "exhibit_count": Exhibit.objects.filter(exhibitor=exhibitor).count(),
    }
    return render(request, "exhibitors/portal_home.html", context)


@exhibitor_login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    exhibitor = _exhibitor(request)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=exhibitor)
    if request.method == "POST" and form.is_valid():
        services.exhibitor_profile_update(exhibitor=form.instance, fields=form.changed_data, request=request)
        messages.success(request, _("Your company profile was saved."))
        return redirect("exhibitor:profile")
    return render(request, "exhibitors/portal_profile.html", {"exhibitor": exhibitor, "form": form})


@exhibitor_login_required
def pavilion_list(request):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    pavilions = list(selectors.offline_pavilions(edition=edition)) if edition else []
    for pavilion in pavilions:
        pavilion.free_count = pavilion.booth_count - pavilion.taken_count
    return render(
        request,
        "exhibitors/portal_pavilions.html",
        {"exhibitor": exhibitor, "edition": edition, "pavilions": pavilions},
    )


def _bookable_pavilion(pk):
    edition = current_edition()
    pavilion = get_object_or_404(Pavilion.objects.select_related("edition"), pk=pk, edition=edition)
    if not pavilion.is_offline:
        raise PermissionDenied
    return pavilion


@exhibitor_login_required
# Kept for its reader while no booth, application, pavilion, exhibitor, membership or edition
# changes (expo.kept_pages): a pavilion of 2,000 booths is 60 ms to build, and an exhibitor
# comes back to it between holds; any hold anywhere shows at the next request. In the web
# process's memory only: during a rush every hold would leave a copy of up to a megabyte per
# reader in the shared cache.
@kept_page(
    Edition, Pavilion, Booth, BoothApplication, Exhibitor, ExhibitorMember, name="exhibitor:floor_plan", shared=False
)
def floor_plan(request, pk):
    exhibitor = _exhibitor(request)
    pavilion = _bookable_pavilion(pk)
    booths = selectors.floor_plan_booths(pavilion=pavilion)
    english = not prefers_chinese()
    for booth in booths:
        booth.css = _booth_css(booth, exhibitor)
        if booth.css == "booked":
            name = (booth.booked_name_en if english else "") or booth.booked_name
            # about one CJK character per 0.9 m, two Latin letters
            fits = int(booth.width / Decimal("0.9")) * (2 if name.isascii() else 1)
            booth.label = name if len(name) <= fits else f"{name[: max(fits - 1, 1)]}…"
    counts = {state: sum(1 for b in booths if b.css == state) for state in ("free", "held", "booked", "mine", "closed")}
    return render(
        request,
        "exhibitors/portal_floor_plan.html",
        {
            "exhibitor": exhibitor,
            "pavilion": pavilion,
            "counts": counts,
            "plan_markup": floorplan.plan_markup(booths),
            "free_rows_markup": floorplan.free_rows_markup(booths),
        },
    )


def _booth_css(booth, exhibitor) -> str:
    if booth.state and booth.holder_id == exhibitor.pk:
        return "mine"
    if booth.state == ApplicationStatus.CONFIRMED:
        return "booked"
    if booth.state == ApplicationStatus.HELD:
        return "held"
    return "free" if booth.is_bookable else "closed"


@exhibitor_login_required
def booth_detail(request, pk):
    exhibitor = _exhibitor(request)
    pavilion = _bookable_pavilion(get_object_or_404(Booth.objects.values_list("pavilion_id", flat=True), pk=pk))
    booth = get_object_or_404(selectors.floor_plan(pavilion=pavilion), pk=pk)
    booth.css = _booth_css(booth, exhibitor)
    return render(
        request, "exhibitors/portal_booth.html", {"exhibitor": exhibitor, "pavilion": pavilion, "booth": booth}
    )


@exhibitor_login_required
@require_POST
def booth_hold(request, pk):
    exhibitor = _exhibitor(request)
    edition = current_edition()
    if edition is None:
        raise Http404
    # The service reads the booth once, locked, among the current edition's; an online
    # pavilion's booth is not open for booking (its floor plan is then refused).
    try:
        application = services.hold_booth(exhibitor=exhibitor, booth=pk, edition=edition, user=request.user)
    except Booth.DoesNotExist:
        raise Http404 from None
    except DomainError as exc:  # taken, closed, or busy for too long
        # (A closed edition is refused before the booth is read: it may not be one of its.)
        pavilion_id = Booth.objects.filter(pk=pk, pavilion__edition=edition).values_list("pavilion_id", flat=True)
        pavilion_id = get_object_or_404(pavilion_id)
        messages.error(request, exc.message)
        return redirect("exhibitor:floor_plan", pk=pavilion_id)
    messages.success(
        request,
        _("Booth %(code)s is held for you until %(until)s. The exhibition office will confirm it.")
        % {"code": application.booth.code, "until": _local(application.held_until)},
    )
    return redirect("exhibitor:applications")


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# The session key of the booth an exhibitor just gave up, offered back once ("undo").
UNDO_BOOTH = "exhibitor_undo_booth"


@exhibitor_login_required
def application_list(request):
    exhibitor = _exhibitor(request)
    applications = selectors.exhibitor_applications(exhibitor=exhibitor)
    undo = request.session.pop(UNDO_BOOTH, None)
    undo_booth = Booth.objects.filter(pk=undo).first() if undo else None
    return render(
        request,
        "exhibitors/portal_applications.html",
        {"exhibitor": exhibitor, "applications": applications, "undo_booth": undo_booth},
    )


@exhibitor_login_required
@require_http_methods(["GET", "POST"])
def application_cancel(request, pk):
    """GET: what cancelling means, and a button to confirm it; POST: cancel, then offer to
    hold the same booth again while it is free."""
    exhibitor = _exhibitor(request)
    application = get_object_or_404(
        BoothApplication.objects.select_related("booth__pavilion"), pk=pk, exhibitor=exhibitor
    )
    if request.method == "GET":
        return render(request, "exhibitors/portal_application_cancel.html", {"application": application})
    try:
        services.cancel_application(application=application, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your application for booth %(code)s was cancelled; the booth is free for others.")
            % {"code": application.booth.code},
        )
        request.session[UNDO_BOOTH] = application.booth_id
    return redirect("exhibitor:applications")


@exhibitor_login_required
def exhibit_list(request):
    exhibitor = _exhibitor(request)
    exhibits = selectors.exhibitor_exhibits(exhibitor=exhibitor)
    return render(request, "exhibitors/portal_exhibits.html", {"exhibitor": exhibitor, "exhibits": exhibits})


def _limits() -> dict:
    return {"max_image_bytes": settings.EXHIBITORS_MAX_IMAGE_BYTES}


def _exhibit_form(request, exhibitor, instance=None):
    pavilions = selectors.online_pavilions(edition=current_edition())
    return ExhibitForm(request.POST or None, request.FILES or None, instance=instance, pavilions=pavilions)


@exhibitor_login_required
@require_http_methods(["GET", "POST"])
def exhibit_create(request):
    exhibitor = _exhibitor(request)
    form = _exhibit_form(request, exhibitor)
    if request.method == "POST" and form.is_valid():
        exhibit = services.exhibit_create(exhibitor=exhibitor, **form.cleaned_data)
        messages.success(request, _("“%(name)s” was published in the online exhibition.") % {"name": exhibit.name})
        return redirect("exhibitor:exhibits")
    return render(request, "exhibitors/portal_exhibit_form.html", {"exhibitor": exhibitor, "form": form, **_limits()})


@exhibitor_login_required
@require_http_methods(["GET", "POST"])
def exhibit_update(request, pk):
    exhibitor = _exhibitor(request)
    exhibit = get_object_or_404(Exhibit, pk=pk, exhibitor=exhibitor)
    form = _exhibit_form(request, exhibitor, instance=exhibit)
    if request.method == "POST" and form.is_valid():
        services.exhibit_update(exhibit=exhibit, **form.cleaned_data)
        messages.success(request, _("“%(name)s” was saved.") % {"name": exhibit.name})
        return redirect("exhibitor:exhibits")
    return render(
        request,
        "exhibitors/portal_exhibit_form.html",
        {"exhibitor": exhibitor, "form": form, "exhibit": exhibit, **_limits()},
    )


@exhibitor_login_required
@require_http_methods(["GET", "POST"])
def exhibit_delete(request, pk):
    """GET: the exhibit and a button to confirm its removal; POST: remove it."""
    exhibitor = _exhibitor(request)
    exhibit = get_object_or_404(Exhibit, pk=pk, exhibitor=exhibitor)
    if request.method == "GET":
        return render(request, "exhibitors/portal_exhibit_delete.html", {"exhibit": exhibit})
    services.exhibit_delete(exhibit=exhibit)
    messages.success(request, _("“%(name)s” was removed.") % {"name": exhibit.name})
    return redirect(reverse("exhibitor:exhibits"))
