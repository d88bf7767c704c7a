"""Documents made from a plan's execution (文稿): the compilation of a round (进展情况汇总), a
bulletin (情况通报) and the year-end summary (年度工作总结). Each is generated from the data as a
draft, edited in the browser as plain text (one paragraph a line, headings by their numbering
一、（一）1．) and exported in the 公文 layout. See docs/rounds.md, "Documents"."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WritingQuerySet(models.QuerySet):
    def published_bulletins(self):
        return self.filter(kind=Writing.Kind.BULLETIN, published_at__isnull=False)


class Writing(models.Model):
    """One editable document about a plan's execution. Saves are versioned (a save based on a
    version a colleague has replaced is refused and both versions shown); a bulletin is
    published once, to every unit of the federation."""

    class Kind(models.TextChoices):
        COMPILATION = "compilation", _("Compilation of a round")
        BULLETIN = "bulletin", _("Bulletin")
        SUMMARY = "summary", _("Year-end summary")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="writings"
    )
    # The round a compilation puts together, or a bulletin is about.
    round = models.ForeignKey(
        "tasks.Round",
        verbose_name=_("reporting round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="writings",
    )
    # The dates a bulletin over a date range covers.
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    # Plain text, one paragraph a line, headings by their numbering: what
    # plans.exporting.gongwen.write_text lays out.
    body = models.TextField(_("text"), blank=True)
    # The closing (落款): the issuing unit and the date under the text.
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    # The answers a bulletin cites as good examples (picked by the planner).
    examples = models.ManyToManyField(
        "tasks.ProgressReport", verbose_name=_("good examples"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)

    objects = WritingQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One compilation per round (the one export_round and the round page use), one
            # summary per plan; bulletins as many as wanted.
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(kind="compilation"),
                name="writing_one_compilation_per_round",
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(kind="summary"), name="writing_one_summary_per_plan"
            ),
            models.CheckConstraint(
                condition=~Q(kind="compilation") | Q(round__isnull=False),
                name="writing_compilation_has_round",
            ),
            models.CheckConstraint(
                condition=Q(kind="bulletin") | Q(published_at__isnull=True),
                name="writing_only_bulletins_are_published",
            ),
        ]
        indexes = [
            # A plan's documents, newest first; the published bulletins of a federation.
            models.Index(fields=["plan", "kind"], name="writing_plan_kind_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tasks:writing_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None
