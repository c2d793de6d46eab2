"""Copy forward from the staff pages: the form, the preview of what will be copied, then the
confirmation that makes the new edition (expo.copy_forward). Secretariat and superusers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expo.copy_forms import EditionCopyForm
from expo.copy_forward import EditionCopyRefused, edition_copy_forward, edition_copy_preview
from expo.enums import Office
from expo.models import Edition
from expo.roles import in_office
from expo.selectors import current_edition


def require_secretariat(user) -> None:
    if not in_office(user, Office.SECRETARIAT):
        raise PermissionDenied


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def edition_copy(request):
    require_secretariat(request.user)
    preview = None
    if request.method == "POST":
        form = EditionCopyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("step") == "confirm":
                try:
                    edition = edition_copy_forward(
                        source=data["source"],
                        number=data["number"],
                        year=data["start_date"].year,
                        name_zh=data["name_zh"],
                        name_en=data["name_en"],
                        start_date=data["start_date"],
                        end_date=data["end_date"],
                        by=request.user,
                        request=request,
                    )
                except EditionCopyRefused as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        _(
                            "%(edition)s was made from %(source)s. It is in preparation; make it the current edition when it is ready."
                        )
                        % {"edition": edition.name, "source": data["source"].name},
                    )
                    return redirect("staff:edition", edition.number)
            if form.is_valid():
                preview = {
                    "lines": edition_copy_preview(source=data["source"]),
                    "offset_days": (data["start_date"] - data["source"].start_date).days,
                }
    else:
        source = request.GET.get("source", "")
        chosen = Edition.objects.filter(pk=source).first() if source.isdigit() else None
        form = EditionCopyForm(initial=EditionCopyForm.initial_for(chosen or current_edition()))
    return render(request, "expo/edition_copy.html", {"form": form, "preview": preview})
