"""Exports produced by the worker: a large ledger or dashboard workbook is not built in the web
request; a row here asks for it, the worker claims the row, writes the file and marks it ready,
and only the person who asked may download it (tasks.exports)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def export_path(export, filename):
    """Where the file is stored: under the requester's id, never a guessable public address
    (MEDIA_URL is not served; the download view streams it after checking who asks)."""
    return f"exports/{export.requester_id}/{export.pk}-{filename}"


class Export(models.Model):
    """One workbook asked for by one person: what (``kind`` and ``parameters``), where it
    stands (``state``), and the file once it is ready."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", _("Plan ledger")
        DASHBOARD = "dashboard", _("Dashboard figures")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being produced")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What to export, as the kind reads it: {"plan": 12} or the dashboard's filters and day.
    parameters = models.JSONField(_("parameters"), default=dict)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="exports",
    )
    # The language of the request: the workbook and the messages are written in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    # The file's name as people see it (Chinese) and as old clients get it (ASCII).
    name = models.CharField(_("file name"), max_length=255)
    fallback_name = models.CharField(_("ASCII file name"), max_length=100)
    rows = models.PositiveIntegerField(_("estimated rows"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # Set when a worker claims the row: a second worker (a redelivered message) finds it taken.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Why it failed, in plain words for the person who asked.
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The cleanup's scan by age.
            models.Index(fields=["created_at"], name="export_created_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def pending(self):
        """Whether the worker has still to finish it (the page keeps refreshing)."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)
