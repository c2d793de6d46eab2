from django.shortcuts import render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_GET

from expo.models import User
from expo.verification import user_verify_email


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@require_GET
def email_verify(request, uidb64: str, token: str):
    """The link of the verification mail: confirms the address once, then answers 'does not work'."""
    user = _user_from_uid(uidb64)
    verified = user is not None and user_verify_email(user=user, token=token)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return render(
        request,
        "registration/verify_email_result.html",
        {"verified": verified, "next_url": next_url},
        status=200 if verified else 400,
    )
