"""The audit trail: one entry per recorded change, of a plan (its sections and tasks, the work
reported on them) or of a federation's organisation (its units and the people who log in).

One model for both, as pretix keeps one log of every change with an action and its data: one way
to record (``plans.audit.record``) and one renderer (``plans.audit.display``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models.document import Plan, Task
from plans.models.organisation import Unit


class AuditEntry(models.Model):
    """One recorded change (who, when, before, after). Of a plan: edits of a published plan,
    status, deadline and responsibility changes, reports; kept when the task is deleted. Of a
    federation's organisation (``plan`` empty, ``federation`` set): a unit or a person (the
    subject) created or changed, an account deactivated, a password reset, a list imported."""

    class Actor(models.TextChoices):
        """Who made a change when no user did: shown instead of a person's name."""

        DIRECTORY = "directory", _("The directory (LDAP)")

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # Set on the entries of a federation's organisation only: a plan's entries reach their
    # federation through the plan.
    federation = models.ForeignKey(
        Unit,
        verbose_name=_("federation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The subject of an organisation entry: the unit or the person changed (none for a list
    # imported as a whole). Kept as a name in the summary should the row ever go.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.CharField(_("made by"), max_length=20, choices=Actor.choices, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    action = models.CharField(_("action"), max_length=50)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(federation__isnull=False),
                name="audit_entry_of_a_plan_or_federation",
            ),
        ]
        indexes = [
            # The history on a task page, newest first.
            models.Index(fields=["task", "-at"], name="audit_task_at_idx"),
            # A plan's change log, newest first.
            models.Index(fields=["plan", "-at"], name="audit_plan_at_idx"),
            # A federation's organisation change log, and its units' and people's own; partial,
            # since most entries are a plan's.
            models.Index(
                fields=["federation", "-at"],
                name="audit_federation_at_idx",
                condition=Q(federation__isnull=False),
            ),
            models.Index(
                fields=["unit", "-at"], name="audit_unit_at_idx", condition=Q(unit__isnull=False)
            ),
            models.Index(
                fields=["person", "-at"],
                name="audit_person_at_idx",
                condition=Q(person__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.action} {self.summary}"
