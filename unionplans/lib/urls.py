"""Addresses shown to people: without the secrets they may carry."""

import urllib.parse


def mask(url: str, shown: int = 4) -> str:
    """The address reduced to its scheme, host and last ``shown`` characters, as a robot's
    webhook is shown in pages and the administration: enough to tell two robots apart, not
    enough to post to either (the key or token is in the path or the query)."""
    url = (url or "").strip()
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if not host:
        return "…" if url else ""
    if ":" in host:
        host = f"[{host}]"
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    # Fewer than three times what is shown left hidden: a short key would be half given away.
    tail = rest[-shown:] if len(rest) >= 3 * shown else ""
    return f"{parts.scheme}://{host}/…{tail}"
