import datetime

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from expo.enums import Industry
from expo.forms import LongSelect, VisibleTextMixin
from expo.i18n import country_choices
from matchmaking.enums import MeetingMode, Outcome
from projects.models import Project

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
MAX_AHEAD = datetime.timedelta(days=366)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


def _time_field(required: bool, label):
    return forms.DateTimeField(label=label, required=required, input_formats=LOCAL_FORMATS, widget=LocalDateTimeInput())


class MerchantSignUpForm(VisibleTextMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    organization = forms.CharField(label=_("Company or organization"), max_length=200)
    country = forms.ChoiceField(label=_("Country or region"), choices=country_choices, widget=LongSelect)
    industries = forms.MultipleChoiceField(
        label=_("Industries of interest"), choices=Industry.choices, widget=forms.CheckboxSelectMultiple
    )
    email = forms.EmailField(label=_("Email"), help_text=_("We send a link to this address to confirm it."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    username = forms.CharField(label=_("User name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MeetingRequestForm(VisibleTextMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Where"), choices=MeetingMode.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    time1 = _time_field(True, _("Proposed time"))
    time2 = _time_field(False, _("Another time (optional)"))
    time3 = _time_field(False, _("A third time (optional)"))

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("time1", "time2", "time3"):
            value = data.get(name)
            if value and value <= now:
                self.add_error(name, _("Propose times in the future."))
            elif value and value > now + MAX_AHEAD:
                self.add_error(name, _("Propose times within the next year."))
        return data

    def times(self) -> list[datetime.datetime]:
        return [self.cleaned_data[n] for n in ("time1", "time2", "time3") if self.cleaned_data.get(n)]


class AcceptForm(VisibleTextMixin, forms.Form):
    """Accept at one of the offered times: the proposed ones, and for a meeting at the expo the
    free slots of the matchmaking sessions."""

    starts_at = forms.TypedChoiceField(label=_("Time"), coerce=datetime.datetime.fromisoformat)
    answer = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, times: list[datetime.datetime], **kwargs):
        super().__init__(*args, **kwargs)
        local = timezone.get_current_timezone()
        self.fields["starts_at"].choices = [
            (t.isoformat(), date_format(timezone.localtime(t, local), "SHORT_DATETIME_FORMAT")) for t in times
        ]


class ProposeForm(VisibleTextMixin, forms.Form):
    starts_at = _time_field(True, _("Another time"))
    answer = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Propose times in the future."))
        if value > timezone.now() + MAX_AHEAD:
            raise forms.ValidationError(_("Propose times within the next year."))
        return value


class DeclineForm(VisibleTextMixin, forms.Form):
    answer = forms.CharField(label=_("Reason (optional)"), max_length=2000, required=False)


def _project_field():
    return forms.ModelChoiceField(
        label=_("Cooperation project"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_(
            "The projects of this edition whose partner is one of you. If yours is not listed, "
            "the organizer can link it."
        ),
    )


class ProjectPickerMixin:
    """A choice among ``projects`` (matchmaking.selectors.linkable_projects): a project id
    outside them is refused like any invalid choice."""

    def _set_projects(self, projects):
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()
        self.fields["project"].label_from_instance = lambda p: f"{p.title} · {p.partner_name}"


class OutcomeForm(ProjectPickerMixin, VisibleTextMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    project = _project_field()
    note = forms.CharField(
        label=_("What came of it"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_projects(projects)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.PROJECT and not data.get("project"):
            self.add_error("project", _("Choose the cooperation project that came of this meeting."))
        return data


class LeadScanForm(VisibleTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Badge code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", "—")] + [(str(n), "★" * n) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LeadForm(ProjectPickerMixin, VisibleTextMixin, forms.Form):
    rating = LeadScanForm.base_fields["rating"]
    note = LeadScanForm.base_fields["note"]
    project = _project_field()

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_projects(projects)


class SessionForm(VisibleTextMixin, forms.Form):
    """A matchmaking session, as the investment office sets it."""

    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    location = forms.CharField(label=_("Hall or room"), max_length=200)
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=500)
    starts_at = _time_field(True, _("Starts at"))
    ends_at = _time_field(True, _("Ends at"))
    slot_minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=30)

    def clean(self):
        data = super().clean()
        start, end, minutes = data.get("starts_at"), data.get("ends_at"), data.get("slot_minutes")
        if start and end and end <= start:
            self.add_error("ends_at", _("A session must end after it starts."))
        elif start and end and minutes and end - start < datetime.timedelta(minutes=minutes):
            self.add_error("ends_at", _("A session holds at least one slot."))
        return data
