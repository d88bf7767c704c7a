"""Where to send a user back to: a ``next`` parameter, only when it stays on this site."""

from django.utils.http import url_has_allowed_host_and_scheme

from unionplans.lib.params import raw_param


def is_safe_local_url(request, url):
    """True for a path on this site (``/plans/1/``), never for another host or a bare word."""
    return bool(
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


def safe_next(request, default):
    """The ``next`` of the POST or the query string when it is safe, else ``default``."""
    url = raw_param(request, "next")
    return url if is_safe_local_url(request, url) else default
