"""Matchmaking in the navigation of merchants and online visitors with an account."""

from django.urls import reverse
from django.utils.translation import gettext as _


def merchant_workspace(user, found):
    # Only for users without another role; one query.
    if found or not user.attendances.exists():
        return []
    return [(_("Matchmaking"), reverse("matchmaking:agenda"))]
