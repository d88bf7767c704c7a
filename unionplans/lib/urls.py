"""Addresses shown to people: without the secrets they may carry."""

import urllib.parse


def redact(url: str) -> str:
    """The address without its query (a robot's key or token), for logs and messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
