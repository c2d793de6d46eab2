"""Messages of Django's own forms that its Mongolian catalogue words differently."""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django's Mongolian catalogue has these messages of the login and password forms only in an
# older wording: without a translation of ours a Mongolian reader would get them in the
# site's default language, Chinese. Marked here so that makemessages keeps them in the
# catalogues (Russian, Japanese and Korean leave them empty: Django's own are complete).
DJANGO_MESSAGES_MONGOLIAN_LACKS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Enter a valid domain name."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)
