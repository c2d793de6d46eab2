"""The second login step of organizers: a TOTP code, and the enrolment of a first device
by a one-time link that a superuser issued (``expo.otp``)."""

import base64
import io
from binascii import unhexlify

import django_otp
import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import otp
from expo.security import confirmed_device, needs_second_factor, otp_verified

WRONG_CODE = gettext_lazy("This code is not valid. Check the time on your phone and try the newest code.")
TOO_MANY = gettext_lazy("Too many wrong codes. Wait a little, then try again.")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/staff/"


def _secret(device: TOTPDevice) -> str:
    return base64.b32encode(unhexlify(device.key)).decode()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if not needs_second_factor(request.user) or otp_verified(request):
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('otp_enroll')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"].strip()):
            django_otp.login(request, device)
            request.session.cycle_key()
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE if allowed else TOO_MANY)
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enroll(request):
    """Without an enrolment link opened in this session: "ask a superuser for a link". With
    one: the device's QR code and key, and the form that confirms it with a first code."""
    if not needs_second_factor(request.user) or otp_verified(request):
        return redirect(_next_url(request))
    if confirmed_device(request.user) is not None:
        return redirect(f"{reverse('otp_verify')}?{request.GET.urlencode()}")
    device = otp.session_device(request)
    if device is None:
        return render(request, "registration/otp_enroll_ask.html", {"next": _next_url(request)})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"].strip()):
            otp.enrolment_confirm(device=device, name=_("Authenticator app"))
            request.session.pop(otp.SESSION_KEY, None)
            django_otp.login(request, device)
            request.session.cycle_key()
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE if allowed else TOO_MANY)
    context = {"form": form, "next": _next_url(request), "secret": _secret(device)}
    return render(request, "registration/otp_enroll.html", context)


@never_cache
@login_required
@require_GET
def enroll_link(request, token):
    """A one-time enrolment link: spent by the first session of its own user that opens it,
    which then sees the new device on the enrolment page."""
    if not needs_second_factor(request.user) or confirmed_device(request.user) is not None:
        return redirect("otp_verify" if needs_second_factor(request.user) else "home")
    try:
        device = otp.enrolment_link_open(raw=token, user=request.user, request=request)
    except otp.EnrolmentRefused as refused:
        return render(request, "registration/otp_enroll_ask.html", {"error": refused.message}, status=404)
    request.session[otp.SESSION_KEY] = device.pk
    query = request.GET.urlencode()
    return redirect(f"{reverse('otp_enroll')}?{query}" if query else reverse("otp_enroll"))


@never_cache
@login_required
@require_GET
def enroll_qr(request):
    """The QR code of the device this session is enrolling, as SVG (an image, so no inline markup)."""
    if not needs_second_factor(request.user) or confirmed_device(request.user) is not None:
        raise PermissionDenied
    device = otp.session_device(request)
    if device is None:
        raise PermissionDenied
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, border=2)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")
