from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plans.views import password_reset
from unionplans import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/forgot/", password_reset.forgot, name="password_forgot"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        password_reset.ResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", include("plans.urls")),
    path("", include("plans.organisation_urls")),
    path("", include("tasks.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
