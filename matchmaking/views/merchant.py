"""The merchant's side: sign-up, recommended exhibitors, meeting requests and the agenda."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exhibitors.models import Exhibitor
from expo.errors import DomainError, InvalidInput
from expo.selectors import current_edition
from expo.verification import queue_verification_mail, require_verified_email
from matchmaking import selectors, services
from matchmaking.forms import MeetingRequestForm, MerchantSignUpForm
from matchmaking.models import Meeting
from matchmaking.views.common import post_step, step_forms


def _merchant(request):
    merchant = selectors.merchant_of(request.user, edition=current_edition())
    if merchant is None:
        raise PermissionDenied(_("This page is for merchants registered for the current expo."))
    return merchant


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("matchmaking:agenda")
    edition = current_edition()
    form = MerchantSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.merchant_sign_up(
                edition=edition,
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                name=data["name"],
                country=data["country"],
                organization=data["organization"],
                industries=data["industries"],
                phone=data["phone"],
            )
        except InvalidInput as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            queue_verification_mail(
                user=user, base_url=request.build_absolute_uri("/"), next_url=reverse("matchmaking:agenda")
            )
            login(request, user, backend="expo.auth.ExpoModelBackend")
            messages.success(
                request,
                _(
                    "Welcome! We sent you an email: open its link to confirm your address, then ask exhibitors for meetings."
                ),
            )
            return redirect("matchmaking:agenda")
    return render(request, "matchmaking/signup.html", {"form": form, "edition": edition})


@login_required
def agenda(request):
    merchant = _merchant(request)
    meetings = list(selectors.merchant_meetings(merchant=merchant).order_by("starts_at", "-created_at", "pk"))
    feed = selectors.calendar_feed_for(merchant=merchant)
    return render(
        request,
        "matchmaking/agenda.html",
        {
            "merchant": merchant,
            "meetings": meetings,
            "calendar_url": request.build_absolute_uri(feed.get_absolute_url()),
            "verified": request.user.email_verified_at is not None,
        },
    )


@login_required
def exhibitors(request):
    merchant = _merchant(request)
    return render(
        request,
        "matchmaking/exhibitors.html",
        {"merchant": merchant, "exhibitors": selectors.exhibitors_for_merchant(merchant=merchant)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_meeting(request, exhibitor_pk):
    merchant = _merchant(request)
    exhibitor = get_object_or_404(Exhibitor, pk=exhibitor_pk)
    form = MeetingRequestForm(request.POST or None, initial={"mode": "onsite"})
    if request.method == "POST":
        require_verified_email(request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_request(
                    merchant=merchant,
                    exhibitor=exhibitor,
                    mode=form.cleaned_data["mode"],
                    message=form.cleaned_data["message"],
                    proposed_times=form.times(),
                    user=request.user,
                )
            except services.MeetingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your request was sent to %(exhibitor)s.") % {"exhibitor": exhibitor})
                return redirect(meeting.get_absolute_url())
    return render(
        request,
        "matchmaking/request.html",
        {
            "merchant": merchant,
            "exhibitor": exhibitor,
            "form": form,
            "verified": request.user.email_verified_at is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    merchant = _merchant(request)
    meeting = get_object_or_404(
        Meeting.objects.select_related("exhibitor", "session", "merchant", "project"), pk=pk, merchant=merchant
    )
    forms = None
    if request.method == "POST":
        require_verified_email(request.user)
        result = post_step(request, meeting, services.MERCHANT, meeting.get_absolute_url())
        if not isinstance(result, dict):
            return result
        forms = result
    forms = forms or step_forms(meeting, services.MERCHANT)
    return render(
        request,
        "matchmaking/meeting.html",
        {"meeting": meeting, "forms": forms, "side": "merchant", "counterpart": meeting.exhibitor},
    )
