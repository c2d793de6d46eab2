"""The exhibitor portal in the navigation of the people who act for an exhibitor."""

from django.urls import reverse
from django.utils.translation import gettext as _

from exhibitors.selectors import exhibitor_of


def exhibitor_workspace(user, found):
    return [(_("Exhibitor portal"), reverse("exhibitor:home"))] if exhibitor_of(user) is not None else []
