"""An uploaded list waiting in its preview: what was read from it, as JSON under
MEDIA_ROOT/organisation-imports/, its token in the user's session. Read once on upload; the
preview and the apply use what was read."""

import json
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .reading import ReadList

SESSION_KEY = "pending_lists"
KEEP = 5  # lists kept per session; older ones are deleted


def store(request, federation, read):
    """Keep ``read`` (a ReadList) for ``federation``; returns its token."""
    token = secrets.token_urlsafe(12)
    content = json.dumps(read.to_dict(), ensure_ascii=False).encode("utf-8")
    path = default_storage.save(f"organisation-imports/{token}.json", ContentFile(content))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"path": path, "federation": federation.pk}
    for old in list(pending)[:-KEEP]:
        default_storage.delete(pending.pop(old)["path"])
    request.session[SESSION_KEY] = pending
    return token


def load(request, federation, token):
    """The ReadList kept under ``token`` for ``federation`` in this session, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["federation"] != federation.pk:
        return None
    try:
        with default_storage.open(entry["path"]) as stream:
            return ReadList.from_dict(json.loads(stream.read()))
    except (OSError, ValueError, KeyError):
        return None


def discard(request, token):
    """Forget the list under ``token`` and delete what was kept of it."""
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    if entry:
        default_storage.delete(entry["path"])
        request.session[SESSION_KEY] = pending
