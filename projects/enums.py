from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectType(models.TextChoices):
    """Contract projects have a signed investment contract; agreement projects an agreement
    (framework or strategic cooperation agreement) with an agreed amount."""

    CONTRACT = "contract", _("contract project")
    AGREEMENT = "agreement", _("agreement project")


class ProjectStage(models.TextChoices):
    NEGOTIATING = "negotiating", _("negotiating")
    READY_TO_SIGN = "ready_to_sign", _("ready to sign")
    SIGNED = "signed", _("signed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AuditedField(models.TextChoices):
    """The fields of a project whose every change is kept (who, when, old and new value)."""

    INVESTMENT = "investment_yuan", _("investment")
    TYPE = "type", _("type")
    STAGE = "stage", _("stage")


# Stages of the pipeline: registered but not signed yet, and not given up.
PIPELINE_STAGES = (ProjectStage.NEGOTIATING, ProjectStage.READY_TO_SIGN)
# A signing date may stay on a signed project that was later withdrawn.
DATED_STAGES = (ProjectStage.SIGNED, ProjectStage.WITHDRAWN)
DOMESTIC_COUNTRY = "CN"


class ProjectAction(models.TextChoices):
    """What the activity log records of cooperation projects (registered by ``projects.apps``)."""

    PROJECT_CREATE = "project_create", _("project registered")
    PROJECT_UPDATE = "project_update", _("project changed")
