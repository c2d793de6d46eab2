from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from expo.enums import Industry, MemberUnitKind, Province
from expo.models import TimeStamped
from projects.amounts import yuan
from projects.enums import DOMESTIC_COUNTRY, AuditedField, ProjectStage, ProjectType

MUNICIPALITIES = Q(kind=MemberUnitKind.MUNICIPALITY)
SIGNING_CEREMONIES = Q(kind="signing_ceremony")


class Project(TimeStamped):
    """An investment or trade cooperation project of an edition, from the pipeline to signing."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=300)
    type = models.CharField(_("type"), max_length=20, choices=ProjectType.choices, default=ProjectType.CONTRACT)
    investment_yuan = models.DecimalField(
        _("investment (yuan)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The total investment of a contract project, or the agreed amount of an agreement project."),
    )
    industry = models.CharField(_("industry field"), max_length=30, choices=Industry.choices)
    municipality = models.ForeignKey(
        "expo.MemberUnit",
        verbose_name=_("host municipality or prefecture"),
        on_delete=models.PROTECT,
        limit_choices_to=MUNICIPALITIES,
        related_name="hosted_projects",
    )
    reporting_unit = models.ForeignKey(
        "expo.MemberUnit",
        verbose_name=_("reporting member unit"),
        on_delete=models.PROTECT,
        related_name="reported_projects",
    )
    partner_name = models.CharField(_("partner"), max_length=300)
    partner_country = CountryField(
        _("partner's country or region"), default=DOMESTIC_COUNTRY, help_text=_("China for domestic partners.")
    )
    partner_province = models.CharField(
        _("partner's province"),
        max_length=30,
        choices=Province.choices,
        blank=True,
        help_text=_("For domestic partners only."),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.NEGOTIATING)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, help_text=_("Required when signed."))
    signing_ceremony = models.ForeignKey(
        "events.Event",
        verbose_name=_("signing ceremony"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to=SIGNING_CEREMONIES,
        related_name="projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        ordering = ["-edition__number", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "title"],
                name="project_title_unique_in_edition",
                violation_error_message=_("The edition already has a project with this title."),
            ),
            models.CheckConstraint(
                condition=Q(investment_yuan__gte=0),
                name="project_investment_not_negative",
                violation_error_message=_("The investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=ProjectStage.SIGNED) | Q(signed_on__isnull=False),
                name="project_signed_has_date",
                violation_error_message=_("A signed project needs its signing date."),
            ),
            models.CheckConstraint(
                condition=(Q(partner_country=DOMESTIC_COUNTRY) & ~Q(partner_province=""))
                | (~Q(partner_country=DOMESTIC_COUNTRY) & Q(partner_province="")),
                name="project_province_for_domestic_partners",
                violation_error_message=_("Domestic partners give their province; foreign partners none."),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "stage"], name="project_edition_stage"),
            models.Index(fields=["edition", "reporting_unit"], name="project_edition_unit"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from projects.services import project_problems  # here: the services import these models

        problems = project_problems(self)
        if problems:
            raise ValidationError(problems)

    def get_absolute_url(self):
        return reverse("portal_projects:detail", args=[self.pk])

    @property
    def is_international(self) -> bool:
        """International projects have a partner outside mainland China (the country is not CN)."""
        return self.partner_country != DOMESTIC_COUNTRY

    @property
    def is_signed(self) -> bool:
        return self.stage == ProjectStage.SIGNED


class ProjectChange(models.Model):
    """One change of a project's amount, type or stage: who, when, the old and the new value.
    Written by the services only; the first entries of a project record its initial values."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("field"), max_length=20, choices=AuditedField.choices)
    old_value = models.CharField(_("old value"), max_length=40, blank=True)
    new_value = models.CharField(_("new value"), max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("project change")
        verbose_name_plural = _("project changes")
        ordering = ["project", "changed_at", "pk"]
        indexes = [models.Index(fields=["project", "changed_at"], name="projectchange_project_time")]

    def __str__(self):
        return f"{self.get_field_display()}: {self.old_display} → {self.new_display}"

    def _display(self, value: str) -> str:
        if not value:
            return "—"
        if self.field == AuditedField.STAGE:
            return str(ProjectStage(value).label) if value in ProjectStage.values else value
        if self.field == AuditedField.TYPE:
            return str(ProjectType(value).label) if value in ProjectType.values else value
        return yuan(Decimal(value))

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)
