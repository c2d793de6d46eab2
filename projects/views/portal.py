"""The department portal's cooperation projects: a member unit registers and follows its own
pipeline (never another unit's: those answer 404) while the registration window is open."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from expo.errors import DomainError, InvalidInput
from expo.roles import require_member_unit
from expo.selectors import current_edition
from projects import selectors, services
from projects.enums import ProjectStage
from projects.forms import ProjectForm
from projects.models import Project


def _window(edition) -> dict:
    if edition is None:
        return {"is_open": False, "opens": None, "closes": None}
    opens, closes = services.registration_window(edition=edition)
    return {"is_open": services.registration_is_open(edition=edition), "opens": opens, "closes": closes}


@login_required
@require_GET
def project_list(request):
    unit = require_member_unit(request.user)
    edition = current_edition()
    projects = list(selectors.unit_projects(unit=unit, edition=edition)) if edition else []
    stages = [
        {"value": stage.value, "label": stage.label, "count": sum(1 for p in projects if p.stage == stage)}
        for stage in ProjectStage
    ]
    signed_yuan = sum((p.investment_yuan for p in projects if p.stage == ProjectStage.SIGNED), start=Decimal("0.00"))
    context = {
        "unit": unit,
        "edition": edition,
        "projects": projects,
        "stages": stages,
        "signed_yuan": signed_yuan,
        "window": _window(edition),
    }
    return render(request, "projects/portal_project_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    unit = require_member_unit(request.user)
    edition = current_edition()
    if edition is None:
        messages.error(request, _("There is no edition to register projects for yet."))
        return redirect("portal_projects:list")
    try:
        services.ensure_registration_open(edition=edition)
    except services.RegistrationClosed as exc:
        messages.error(request, exc.message)
        return redirect("portal_projects:list")
    form = ProjectForm(request.POST or None, instance=Project(edition=edition, reporting_unit=unit))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                edition=edition, reporting_unit=unit, by=request.user, **form.cleaned_data
            )
        except InvalidInput as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The project “%(title)s” is registered.") % {"title": project.title})
            return redirect("portal_projects:list")
    return render(request, "projects/portal_project_form.html", {"unit": unit, "edition": edition, "form": form})


@login_required
@require_GET
def project_detail(request, pk: int):
    unit = require_member_unit(request.user)
    project = get_object_or_404(selectors.unit_project(unit=unit), pk=pk)
    context = {
        "unit": unit,
        "project": project,
        "history": selectors.project_history(project=project),
        "window": _window(project.edition),
    }
    return render(request, "projects/portal_project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request, pk: int):
    unit = require_member_unit(request.user)
    project = get_object_or_404(selectors.unit_project(unit=unit), pk=pk)
    try:
        services.ensure_registration_open(edition=project.edition)
    except services.RegistrationClosed as exc:
        messages.error(request, exc.message)
        return redirect("portal_projects:detail", pk=project.pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(project=form.instance, by=request.user)
        except InvalidInput as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The project “%(title)s” is saved.") % {"title": project.title})
            return redirect("portal_projects:detail", pk=project.pk)
    return render(
        request,
        "projects/portal_project_form.html",
        {"unit": unit, "edition": project.edition, "form": form, "project": project},
    )
