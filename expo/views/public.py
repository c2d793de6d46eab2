from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from expo.health import service_status
from expo.selectors import current_edition


@require_GET
def home(request):
    return render(request, "expo/home.html", {"edition": current_edition()})


@never_cache
@require_GET
def healthz(request):
    status = service_status()
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503)
