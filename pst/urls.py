from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from pst import views, views_my_data, views_privacy

admin.site.site_header = _("PST Konsultasi administration")
admin.site.site_title = _("PST Konsultasi")
admin.site.index_title = _("Offices, services, staff and calendar")

account_patterns = [
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("verify-again/", views.resend_verification, name="resend_verification"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("data/", views_my_data.my_data, name="my_data"),
    path("data/download/", views_my_data.my_data_download, name="my_data_download"),
    path("data/delete/", views_my_data.account_delete, name="account_delete"),
    path("email/", views.email_change_ask, name="email_change"),
    path("email/cancel/", views.email_change_cancel, name="email_change_cancel"),
    path("email/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
    path("password/change/", views.password_change, name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("office/<str:code>/", views.office_detail, name="office_detail"),
    path("privacy/", views_privacy.privacy, name="privacy"),
    path("office/<str:code>/privacy/", views_privacy.office_privacy, name="office_privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("queueing.urls")),
    path("", include("consultations.urls")),
    path("", include("complaints.urls")),
    path("accounts/", include(account_patterns)),
    # Django's set_language, which also keeps a signed-in person's choice (pst.views).
    path("i18n/setlang/", views.language_set, name="set_language"),
    # The admin's own "change my password" page uses Django's form ("Sandi lama"): send staff
    # to the portal's, which speaks our words and has the same rules.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="password_change", permanent=False),
    ),
    path("admin/autocomplete/", views.admin_autocomplete_refused),
    path("admin/", admin.site.urls),
]

# Uploaded files have no public address, in development either: they are served only by the
# views that check who may read them (product trial F: /media/ served them to anyone).
