"""A person's badge, public like an e-ticket: whoever has the code has the badge.

The pages carry personal data, so no cache keeps them (``Cache-Control: private,
no-store``), and they answer 404 for an unknown code and for online visitors alike.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from events.badges import BADGE_KIND_LABELS, badge_holder, badge_pdf, badge_qr_png
from events.models import Attendee


def _holder(code: str) -> Attendee:
    attendee = badge_holder(code=code)
    if attendee is None:
        raise Http404
    return attendee


@require_safe
@cache_control(private=True, no_store=True)
def badge(request, code: str):
    attendee = _holder(code)
    return render(request, "events/badge.html", {"attendee": attendee, "kind_label": BADGE_KIND_LABELS[attendee.kind]})


@require_safe
@cache_control(private=True, no_store=True)
def badge_png(request, code: str):
    attendee = _holder(code)
    return HttpResponse(badge_qr_png(attendee=attendee), content_type="image/png")


@require_safe
@cache_control(private=True, no_store=True)
def badge_pdf_download(request, code: str):
    attendee = _holder(code)
    response = HttpResponse(badge_pdf(attendee=attendee), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"badge-{attendee.code}.pdf")
    return response
