from django import forms
from django.utils.translation import gettext_lazy as _

from expo.dates import BoundedDateField
from expo.forms import ImportFileForm


class DeskDayForm(forms.Form):
    """The day the protocol desk shows (``?day=YYYY-MM-DD``), and optionally the edition."""

    day = BoundedDateField(label=_("day"), required=False, input_formats=["%Y-%m-%d"])
    edition = forms.IntegerField(label=_("edition"), required=False, min_value=1)


class DelegateImportForm(ImportFileForm):
    """A CSV or XLSX file of delegates, and the edition their delegations come to."""

    MAX_BYTES = 5 * 1024 * 1024
