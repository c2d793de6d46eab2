from django import forms
from django.utils.translation import gettext_lazy as _

from expo.committee.services import validate_report_attachment
from expo.forms import VisibleTextMixin
from expo.models import ProgressReport

MAX_ATTACHMENTS_PER_SAVE = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressReportForm(VisibleTextMixin, forms.ModelForm):
    attachment = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("One or more files: PDF, Word (DOCX), Excel (XLSX), JPEG or PNG."),
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
        files = self.cleaned_data.get("attachment") or []
        if len(files) > MAX_ATTACHMENTS_PER_SAVE:
            raise forms.ValidationError(
                _("Attach at most %(count)d files at a time.") % {"count": MAX_ATTACHMENTS_PER_SAVE}
            )
        for file in files:
            validate_report_attachment(file)
        return files


class ReportCommentForm(VisibleTextMixin, forms.Form):
    text = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what the unit should change: a returned report needs a comment."))
        return data
