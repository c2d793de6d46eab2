from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from expo.models import Edition, ReportFormat, ReportKind, ReportLanguage


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices, widget=forms.RadioSelect)
    edition = forms.ModelChoiceField(
        label=pgettext_lazy("the expo of a year", "Edition"),
        queryset=Edition.objects.order_by("-number"),
        empty_label=None,
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one format.")},
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(value, label) for value, label in ReportKind.choices if value in kinds]
