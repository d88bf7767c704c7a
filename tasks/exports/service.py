"""Exports past a size are produced by the worker, so that no web request holds a worker for
seconds (docs/performance.md, "Exports").

The request asks (``ask``): an ``Export`` row, and ``produce_export`` queued when the
transaction commits. The worker claims the row in one UPDATE before building (``run``): a
second message about the same export — a redelivery, a re-queue — finds it taken and does
nothing. The file is written to a temporary file with memory bounded whatever its rows, stored
under MEDIA_ROOT (never served publicly), and the requester gets an in-app notification.
``tidy`` (hourly, beat) deletes files older than EXPORT_KEEP_DAYS, re-queues exports whose
message was lost and fails those whose worker died.
"""

import datetime
import logging
import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks.exports.kinds import KINDS, Gone
from tasks.models import Export, export_path
from tasks.notifications.inbox import notify_users

logger = logging.getLogger("tasks.exports")

PENDING = (Export.State.QUEUED, Export.State.RUNNING)
# A queued export whose message has not been picked up after this long is queued again (a
# broker restarted empty); the claim makes a duplicate harmless.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
FOLDER = "exports"


def is_large(rows):
    """Whether an export of ``rows`` rows is the worker's job."""
    return rows > settings.EXPORT_WORKER_ROWS


@transaction.atomic
def ask(user, kind, subject, rows):
    """The Export of ``subject`` (a kind of tasks.exports.kinds) for ``user``, queued for the
    worker. The same export still pending for the same person is returned instead: a second
    click, or a reload of the link, does not produce the file twice."""
    parameters = kind.parameters(subject)
    pending = (
        Export.objects.filter(
            requester=user, kind=kind.code, parameters=parameters, state__in=PENDING
        )
        .order_by("-pk")
        .first()
    )
    if pending is not None:
        return pending
    name, fallback = kind.provisional_names(subject)
    export = Export.objects.create(
        kind=kind.code,
        parameters=parameters,
        requester=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        name=name,
        fallback_name=fallback,
        rows=rows,
    )
    produce_export.delay(export.pk)  # after the commit: the worker must find the row
    return export


def claim(export_id, now):
    """Take the export for this worker: True if it was waiting (or its previous worker's
    lease ran out). One UPDATE, so two workers cannot both take it."""
    lost = now - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    waiting = Q(state=Export.State.QUEUED) | Q(state=Export.State.RUNNING, started_at__lt=lost)
    taken = Export.objects.filter(waiting, pk=export_id).update(
        state=Export.State.RUNNING, started_at=now, finished_at=None, error=""
    )
    return taken == 1


def run(export_id):
    """Produce the export if it is still waiting: "ready", "failed", "skipped" (taken, done,
    or deleted meanwhile) or "superseded" (another worker took it over)."""
    claimed_at = timezone.now()
    if not claim(export_id, claimed_at):
        return "skipped"
    export = Export.objects.select_related("requester").get(pk=export_id)
    kind = KINDS[export.kind]
    # The workbook's headers and the messages in the language the person asked in.
    with translation.override(export.language):
        try:
            subject = kind.subject(export.requester, export.parameters)
            with tempfile.TemporaryFile() as scratch:
                name, fallback = kind.write(export.requester, subject, scratch)
                scratch.seek(0)
                stored = default_storage.save(export_path(export, fallback), File(scratch))
        except Gone as gone:
            return _finish(export, claimed_at, error=str(gone))
        except Exception:
            logger.exception("Export %s (%s) failed", export.pk, export.kind)
            error = _(
                "The file could not be produced because of an unexpected error. Please ask "
                "for it again; if it fails again, tell the administrator."
            )
            return _finish(export, claimed_at, error=error)
        return _finish(export, claimed_at, stored=stored, names=(name, fallback))


def _finish(export, claimed_at, *, error="", stored="", names=None):
    """Record the outcome if this worker still holds the export, and tell the requester."""
    fields = {
        "state": Export.State.FAILED if error else Export.State.READY,
        "finished_at": timezone.now(),
        "error": error,
    }
    if stored:
        fields.update(file=stored, name=names[0], fallback_name=names[1])
    with transaction.atomic():
        mine = Export.objects.filter(
            pk=export.pk, state=Export.State.RUNNING, started_at=claimed_at
        ).update(**fields)
        if mine:
            _notify(export, names[0] if names else export.name, error)
    if not mine:
        # Another worker took it over after this one's lease ran out: its file stands.
        if stored:
            default_storage.delete(stored)
        return "superseded"
    return "failed" if error else "ready"


def _notify(export, name, error):
    if error:
        title = _("Your export could not be produced: %(name)s") % {"name": name}
    else:
        title = _("Your export is ready to download: %(name)s") % {"name": name}
    notify_users(
        [export.requester],
        kind="export",
        title=title,
        body=error,
        url=reverse("tasks:export", args=[export.pk]),
    )


def tidy(now=None):
    """Delete exports (and files) older than EXPORT_KEEP_DAYS, queue again those whose message
    was lost, fail those whose worker died; return what was done, for the log."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = list(Export.objects.filter(created_at__lt=cutoff).values_list("pk", "file"))
    for _pk, stored in old:
        if stored:
            default_storage.delete(stored)
    Export.objects.filter(pk__in=[pk for pk, _stored in old]).delete()
    orphans = _delete_old_files(cutoff)

    lost = now - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    with translation.override(settings.LANGUAGE_CODE):
        died = Export.objects.filter(state=Export.State.RUNNING, started_at__lt=lost).update(
            state=Export.State.FAILED,
            finished_at=now,
            error=_("The worker stopped while producing the file. Please ask for it again."),
        )
    waiting = list(
        Export.objects.filter(
            state=Export.State.QUEUED, created_at__lt=now - REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in waiting:
        produce_export.delay(pk)
    return {"deleted": len(old) + orphans, "requeued": len(waiting), "failed": died}


def _delete_old_files(cutoff):
    """Files of exports whose row is gone (its requester was deleted) once they are old."""
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for folder in folders:
        _subfolders, files = default_storage.listdir(f"{FOLDER}/{folder}")
        for name in files:
            path = f"{FOLDER}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
    return deleted


@shared_task(name="tasks.exports.produce", ignore_result=True)
def produce_export(export_id):
    """Produce one export (idempotent: see ``claim``)."""
    return run(export_id)


@shared_task(name="tasks.exports.tidy", ignore_result=True)
def tidy_exports():
    """Beat's hourly tidying of exports."""
    result = tidy()
    logger.info("Exports tidied: %s", result)
    return result
