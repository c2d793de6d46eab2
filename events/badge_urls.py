"""A person's badge under /programme/badge/: the page, the QR code and the printable PDF.
(``slug`` has no dot, so ``<code>.png`` cannot swallow its extension.)"""

from django.urls import path

from events.views import badges

app_name = "badges"

urlpatterns = [
    path("<slug:code>/", badges.badge, name="badge"),
    path("<slug:code>.png", badges.badge_png, name="png"),
    path("<slug:code>.pdf", badges.badge_pdf_download, name="pdf"),
]
