"""The form of the copy-forward page (validation only; expo.copy_forward does the work)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from expo.models import Edition


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what a date input reads, in every language


class EditionCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy from"),
        queryset=Edition.objects.order_by("-number"),
        empty_label=None,
        help_text=_("The previous edition: its pavilions, booths, committee units and work items are copied."),
    )
    number = forms.IntegerField(label=_("Number of the new edition"), min_value=1, max_value=999)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        number = data.get("number")
        if number and Edition.objects.filter(number=number).exists():
            self.add_error(
                "number",
                _("There is already an edition number %(number)s: choose another number.") % {"number": number},
            )
        source = data.get("source")
        if start and source and start <= source.end_date:
            self.add_error("start_date", _("The new edition must begin after the edition it is copied from."))
        return data

    @staticmethod
    def initial_for(source: Edition | None) -> dict:
        if source is None:
            return {}
        number = source.number + 1
        start = source.start_date.replace(year=source.start_date.year + 2) if source else None
        return {
            "source": source.pk,
            "number": number,
            "name_zh": "",
            "name_en": "",
            "start_date": start,
            "end_date": start + datetime.timedelta(days=(source.end_date - source.start_date).days),
        }
