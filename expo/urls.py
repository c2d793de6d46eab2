import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from expo import otp_views
from expo.admin import restrict_to_superusers
from expo.auth import AdminLoginForm, LoginForm, QueuedPasswordResetForm
from expo.committee import views as committee
from expo.media_views import media_file
from expo.views import edition_copy, editions, portal, public, reports, staff, verification, workspace

admin.site.site_header = _("China-Northeast Asia Expo administration")
admin.site.site_title = _("Expo administration")
admin.site.index_title = _("Organizer's administration")
admin.site.login_form = AdminLoginForm
# Every app's admin is registered by now: those of rights and tasks become superusers' only.
restrict_to_superusers(admin.site)

staff_patterns = (
    [
        path("", staff.dashboard, name="dashboard"),
        path("worker-check/", staff.worker_check, name="worker_check"),
        path("committee/", committee.matrix, name="committee"),
        path("committee/reports/<int:pk>/", committee.review, name="committee_review"),
        path("committee/reports/<int:pk>/comment/", committee.staff_comment, name="committee_comment"),
        path("committee/attachments/<int:pk>/", committee.staff_attachment, name="committee_attachment"),
        path("reports/", reports.run_list, name="report_runs"),
        path("reports/<int:pk>/", reports.run_detail, name="report_run"),
        path("reports/<int:pk>/rebuild/", reports.run_rebuild, name="report_rebuild"),
        path("reports/<int:pk>/<str:fmt>/", reports.download, name="report_download"),
        path("editions/", editions.edition_list, name="editions"),
        path("editions/<int:number>/", editions.edition_detail, name="edition"),
        path("editions/<int:number>/open/", editions.edition_open, name="edition_open"),
        path("editions/<int:number>/prepare/", editions.edition_prepare, name="edition_prepare"),
        path("editions/<int:number>/close/", editions.edition_close, name="edition_close"),
        path("editions/<int:number>/reopen/", editions.edition_reopen_view, name="edition_reopen"),
    ],
    "staff",
)
portal_patterns = (
    [
        path("", portal.portal_home, name="home"),
        path("committee/items/<int:pk>/", committee.item_detail, name="committee_item"),
        path("committee/items/<int:pk>/report/", committee.report_write, name="committee_report_write"),
        path("committee/reports/<int:pk>/", committee.report_detail, name="committee_report"),
        path("committee/reports/<int:pk>/edit/", committee.report_edit, name="committee_report_edit"),
        path("committee/reports/<int:pk>/submit/", committee.report_submit, name="committee_report_submit"),
        path("committee/reports/<int:pk>/comment/", committee.report_comment, name="committee_report_comment"),
        path("committee/attachments/<int:pk>/", committee.portal_attachment, name="committee_attachment"),
    ],
    "portal",
)

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("workspace/", workspace.workspace, name="workspace"),
    path("accounts/two-factor/", otp_views.verify, name="otp_verify"),
    path("accounts/two-factor/enroll/", otp_views.enroll, name="otp_enroll"),
    path("accounts/two-factor/enroll/qr.svg", otp_views.enroll_qr, name="otp_enroll_qr"),
    path("accounts/two-factor/enroll/<str:token>/", otp_views.enroll_link, name="otp_enroll_link"),
    path("accounts/verify/<str:uidb64>/<str:token>/", verification.email_verify, name="email_verify"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/editions/copy/", edition_copy.edition_copy, name="edition_copy"),
    path("staff/", include(staff_patterns)),
    path("staff/exhibition/", include("exhibitors.staff_urls")),
    path("staff/check-in/", include("events.staff_urls")),
    path("staff/protocol/", include("delegations.staff_urls")),
    path("staff/projects/", include("projects.staff_urls")),
    path("staff/matchmaking/", include("matchmaking.staff_urls")),
    path("portal/projects/", include("projects.portal_urls")),
    path("portal/programme/", include("events.unit_portal_urls")),
    path("staff/units/", include("events.unit_staff_urls")),
    path("portal/", include(portal_patterns)),
    path("exhibitor/", include("matchmaking.exhibitor_urls")),
    path("exhibitor/", include("exhibitors.urls")),
    path("matchmaking/", include("matchmaking.urls")),
    path("programme/badge/", include("events.badge_urls")),
    path("programme/", include("events.urls")),
    path("online/", include("exhibitors.online_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "expo.views.errors.permission_denied"
handler404 = "expo.views.errors.page_not_found"
handler500 = "expo.views.errors.server_error"

# Uploads are never served as they lie in MEDIA_ROOT: each goes through its permission check.
urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<name>.+)$", media_file, name="media")]

# The floor of the benchmark (tests/bench/run.py), only when EXPO_BENCH is set.
if settings.EXPO_BENCH:
    from expo.views import bench

    urlpatterns.insert(0, path("bench/floor", bench.floor, name="bench_floor"))
