from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose otherwise with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with
    an English browser would show the portal in English to people who read Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY with every response.

    With DEBUG on, Django's own error pages (inline script and style) go without it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PasswordChangeRequiredMiddleware:
    """Sends a person whose password someone else chose (a new account, a reset) to the
    password change page, whatever they open, until they have chosen their own. Logging out,
    the language switch and the health check stay open. Never a directory account: its password
    is the directory's."""

    OPEN = ("organisation:password_change", "logout", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not user.password_in_directory
        ):
            open_paths = {reverse(name) for name in self.OPEN}
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                return redirect("organisation:password_change")
        return self.get_response(request)
