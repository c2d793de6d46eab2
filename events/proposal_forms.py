"""Forms of member units' proposals, their events and invitations, and the secretariat's
decisions: validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import RoleKind
from events.models import ActivityProposal, Room
from events.proposals import PROPOSAL_FIELDS
from expo.forms import VisibleTextMixin

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.venue.name} · {obj.name} ({obj.capacity})"


def _rooms():
    return Room.objects.select_related("venue").order_by("venue__name_en", "name_en")


class ProposalForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = ActivityProposal
        fields = PROPOSAL_FIELDS  # what a unit writes, as the service saves it
        field_classes = {
            "wished_start": forms.DateTimeField,
            "wished_end": forms.DateTimeField,
            "wished_room": RoomChoiceField,
        }
        widgets = {
            "wished_start": DATETIME_WIDGET,
            "wished_end": DATETIME_WIDGET,
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "expected_participants": forms.NumberInput(attrs={"min": 1, "max": 100000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("wished_start", "wished_end"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["wished_room"].queryset = _rooms()
        self.fields["wished_room"].empty_label = _("no preference, or our own venue")

    def clean_expected_participants(self):
        value = self.cleaned_data["expected_participants"]
        if not 1 <= value <= 100_000:
            raise forms.ValidationError(_("Expect between 1 and 100,000 participants."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("wished_start"), data.get("wished_end")
        if start and end and end <= start:
            self.add_error("wished_end", _("An activity must end after it starts."))
        return data


class DecisionForm(VisibleTextMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept into the programme")),
            ("return", _("Return for changes")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    room = RoomChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DATETIME_WIDGET)
    comment = forms.CharField(
        label=_("Comment to the unit"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, proposal: ActivityProposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = _rooms()
        self.fields["room"].empty_label = _("no room (held at the unit's own venue)")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.initial.setdefault("room", proposal.wished_room_id)
        self.initial.setdefault("starts_at", proposal.wished_start)
        self.initial.setdefault("ends_at", proposal.wished_end)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "accept":
            if not data.get("starts_at"):
                self.add_error("starts_at", _("Set when the activity starts."))
            if not data.get("ends_at"):
                self.add_error("ends_at", _("Set when the activity ends."))
        elif decision in ("return", "decline") and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Tell the unit why: returning or declining needs a comment."))
        return data


class OrganizedEventForm(VisibleTextMixin, forms.Form):
    description_zh = forms.CharField(
        label=_("description (Chinese)"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("description (English)"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda_zh = forms.CharField(
        label=_("agenda (Chinese)"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    agenda_en = forms.CharField(
        label=_("agenda (English)"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SpeakerForm(VisibleTextMixin, forms.Form):
    name_zh = forms.CharField(label=_("name (Chinese)"), required=False, max_length=200)
    name_en = forms.CharField(label=_("name (English)"), required=False, max_length=200)
    title_zh = forms.CharField(label=_("title (Chinese)"), required=False, max_length=300)
    title_en = forms.CharField(label=_("title (English)"), required=False, max_length=300)
    role = forms.ChoiceField(label=_("role"), choices=RoleKind.choices, initial=RoleKind.SPEAKER)

    def clean(self):
        data = super().clean()
        if not (data.get("name_zh") or data.get("name_en")):
            raise forms.ValidationError(_("Give the speaker's name in Chinese or English."))
        return data


class InvitationForm(VisibleTextMixin, forms.Form):
    label = forms.CharField(
        label=_("For whom"),
        required=False,
        max_length=120,
        help_text=_("Only your unit sees it, e.g. “Korean chamber of commerce” or “mail of 12 May”."),
    )


class TargetForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.IntegerField(label=_("Target"), min_value=0, max_value=1_000_000)
