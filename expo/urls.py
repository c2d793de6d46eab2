from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from expo.views import portal, public, staff

admin.site.site_header = _("China-Northeast Asia Expo administration")
admin.site.site_title = _("Expo administration")
admin.site.index_title = _("Organizer's administration")

staff_patterns = (
    [
        path("", staff.dashboard, name="dashboard"),
        path("worker-check/", staff.worker_check, name="worker_check"),
    ],
    "staff",
)
portal_patterns = ([path("", portal.portal_home, name="home")], "portal")

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include(staff_patterns)),
    path("staff/exhibition/", include("exhibitors.staff_urls")),
    path("staff/check-in/", include("events.staff_urls")),
    path("staff/protocol/", include("delegations.staff_urls")),
    path("staff/projects/", include("projects.staff_urls")),
    path("portal/projects/", include("projects.portal_urls")),
    path("portal/", include(portal_patterns)),
    path("exhibitor/", include("exhibitors.urls")),
    path("programme/badge/", include("events.badge_urls")),
    path("programme/", include("events.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "expo.views.errors.permission_denied"
handler404 = "expo.views.errors.page_not_found"
handler500 = "expo.views.errors.server_error"

# Uploaded pictures on a developer's machine (DEBUG only); production serves MEDIA_ROOT itself.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
