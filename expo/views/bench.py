"""The benchmark's floor (tests/bench/run.py): the cheapest page Django can serve through the
whole middleware stack, mounted only when the ``EXPO_BENCH`` setting is on."""

from django.http import HttpResponse


def floor(request):
    return HttpResponse("ok", content_type="text/plain")
