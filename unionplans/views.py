"""The portal's own pages: home (sends each role to its place), login (and its lockout) and the
health check."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from unionplans.celery import app as celery_app

log = logging.getLogger(__name__)


@login_required
def home(request):
    """Planners and administrators start at the plans, units at their tasks, leaders at the
    dashboard."""
    user = request.user
    if user.is_leader:
        return redirect("tasks:dashboard")
    if user.is_reporter:
        return redirect("tasks:my_tasks")
    return redirect("plans:list")


class LoginForm(AuthenticationForm):
    """Django's login form. When directory login refused a right password, or could not ask
    the directory, the reason it left on the request (plans.organisation.ldap_backend) is the
    form's ``directory_problem``, shown instead of "the password did not match"."""

    directory_problem = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            self.directory_problem = getattr(self.request, "directory_problem", None)
            raise


def login(request):
    """The login page; in demo mode it lists the demo accounts."""
    extra = {}
    if settings.DEMO_MODE:
        from plans.demo.accounts import DEMO_ACCOUNTS

        extra["demo_accounts"] = DEMO_ACCOUNTS
    view = auth_views.LoginView.as_view(
        authentication_form=LoginForm, redirect_authenticated_user=True, extra_context=extra
    )
    return view(request)


def locked_out(request, response=None, credentials=None):
    """What django-axes answers a locked-out login, at the portal or the admin: the login page,
    saying why and for how long, with status 429. The form is not bound: validating it again
    would count one more failure."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "lockout_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
    return render(request, "registration/login.html", context, status=429)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)


@never_cache
def healthz(request):
    """Database and broker reachable: 200 and "ok" for each, else 503 naming what failed."""
    checks = {"database": _check_database, "broker": _check_broker}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure is reported, not raised: this is the alarm
            log.warning("health check %s failed: %s", name, exc)
            results[name] = "error"
    healthy = all(value == "ok" for value in results.values())
    body = {"status": "ok" if healthy else "error", **results}
    return JsonResponse(body, status=200 if healthy else 503)
