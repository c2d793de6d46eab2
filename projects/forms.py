"""Forms of cooperation projects: validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from expo.enums import MemberUnitKind
from expo.forms import ImportFileForm, VisibleTextMixin
from projects.models import Project
from projects.selectors import municipalities, signing_ceremonies
from projects.services import title_taken

PORTAL_FIELDS = [
    "title",
    "type",
    "investment_yuan",
    "industry",
    "municipality",
    "partner_name",
    "partner_country",
    "partner_province",
    "stage",
    "signed_on",
    "signing_ceremony",
]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class CeremonyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.starts_at:%Y-%m-%d})"


class ProjectForm(VisibleTextMixin, forms.ModelForm):
    """A member unit's project in the department portal. The instance carries the edition and
    the reporting unit, which the form does not change."""

    class Meta:
        model = Project
        fields = PORTAL_FIELDS
        field_classes = {"municipality": UnitChoiceField, "signing_ceremony": CeremonyChoiceField}
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, instance: Project, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["municipality"].queryset = municipalities()
        self.fields["signing_ceremony"].queryset = signing_ceremonies(edition=instance.edition)
        self.fields["signing_ceremony"].empty_label = _("not yet chosen")
        self.fields["investment_yuan"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        self.fields["investment_yuan"].help_text = _(
            "In yuan, e.g. 1200000000 for 12亿元 (1.2 billion yuan). For an agreement project, the agreed amount."
        )
        self.fields["partner_province"].help_text = _("For partners in China only; leave empty for foreign partners.")
        if instance.pk is None and instance.reporting_unit.kind == MemberUnitKind.MUNICIPALITY:
            self.initial["municipality"] = self.initial.get("municipality") or instance.reporting_unit.pk

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if title_taken(edition=self.instance.edition, title=title, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("The %(edition)s already has a project titled “%(title)s”. Choose a title that tells them apart.")
                % {"edition": self.instance.edition.name, "title": title},
                code="duplicate_title",
            )
        return title


class ProjectImportForm(ImportFileForm):
    """A CSV or XLSX file of projects, and the edition they belong to."""
