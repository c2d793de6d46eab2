from django import forms
from django.utils.translation import gettext_lazy as _

from expo.committee import validate_report_attachment
from expo.forms import VisibleTextMixin
from expo.models import ProgressReport


class ProgressReportForm(VisibleTextMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), JPEG or PNG."),
    )

    class Meta:
        model = ProgressReport
        fields = ["narrative", "percent", "problems"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError(_("The percentage is between 0 and 100."))
        return percent

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        if file:
            validate_report_attachment(file)
        return file


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what the unit should change: a returned report needs a comment."))
        return data
