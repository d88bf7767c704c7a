"""The plan as a document: plans, their numbered sections and tasks, who is responsible for
each task, and the targets written in it.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models.organisation import Leader, Unit


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans ``user`` may open (see plans.permissions)."""
        from plans import permissions

        return permissions.filter_plans(self, user)


class Plan(models.Model):
    """One year's work plan (工作要点) of one union body."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    owner = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    preamble = models.TextField(_("preamble"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    source_file = models.FileField(
        _("source file"), upload_to="plan-sources/%Y/", blank=True, max_length=300
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The earlier plan this one was copied from (plans.copying), if any.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    # Raised by every save of the title, year or preamble through the editor, as Task.version.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "title"]
        indexes = [
            # The plans list: a federation's plans by year, newest first.
            models.Index(fields=["owner", "-year"], name="plan_owner_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2200), name="plan_year_plausible"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def section_tree(self):
        """The plan's sections as a tree, each with ``children`` and ``task_list``, in order.

        Three queries whatever the plan's size: sections, tasks (with their responsibilities
        prefetched) and targets.
        """
        sections = list(self.sections.order_by("order", "pk"))
        tasks = (
            self.tasks.order_by("order", "pk")
            .select_related("section")
            .prefetch_related(
                models.Prefetch(
                    "responsibilities",
                    queryset=Responsibility.objects.select_related("unit", "leader").order_by(
                        "order", "pk"
                    ),
                ),
                "targets",
            )
        )
        by_id = {section.pk: section for section in sections}
        for section in sections:
            section.children = []
            section.task_list = []
        roots = []
        for section in sections:
            parent = by_id.get(section.parent_id)
            (parent.children if parent else roots).append(section)
        for task in tasks:
            by_id[task.section_id].task_list.append(task)
        return roots


class Section(models.Model):
    """A numbered part of a plan (一、 or （一）); sections nest."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subsections",
    )
    label = models.CharField(_("label"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Raised by every save through the editor, as Task.version.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "order", "pk"]
        indexes = [
            # Plan.section_tree(): all sections of a plan in order.
            models.Index(fields=["plan", "order"], name="section_plan_order_idx"),
        ]

    def __str__(self):
        return f"{self.label}{self.title}"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The tasks ``user`` may open: another unit's task is simply not there (a 404)."""
        from plans import permissions

        return permissions.filter_tasks(self, user)

    def for_unit(self, unit):
        """Tasks of published plans that ``unit`` leads or supports, with ``unit_role``."""
        from plans.permissions import VISIBLE_TO_UNITS

        # One row at most (a unit is responsible once per task); no ordering, or the default
        # one (task → plan) joins the task and its plan again for every task.
        mine = Responsibility.objects.filter(task=models.OuterRef("pk"), unit=unit).order_by()
        return (
            self.filter(plan__status__in=VISIBLE_TO_UNITS)
            .annotate(unit_role=models.Subquery(mine.values("role")[:1]))
            .filter(unit_role__isnull=False)
        )

    def open(self):
        """Tasks not yet accepted as done."""
        return self.exclude(status=Task.Status.DONE)

    def overdue(self, today=None):
        """Open tasks whose deadline has passed."""
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days))


class Task(models.Model):
    """One concrete piece of work of a plan: the deepest numbered item."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
        DONE = "done", _("Done")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="tasks"
    )
    label = models.CharField(_("label"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"), blank=True)
    deadline_text = models.CharField(
        _("deadline as written"),
        max_length=100,
        blank=True,
        help_text=_("For example 全年, 8月, 11月底前."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Raised by every save through the editor: a save based on an older version is refused
    # instead of silently overwriting a colleague's change.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "pk"]
        indexes = [
            # Plan.section_tree() and the plan page: a plan's tasks in document order.
            models.Index(fields=["plan", "order"], name="task_plan_order_idx"),
            # Reminders and dashboards: tasks by deadline.
            models.Index(fields=["deadline"], name="task_deadline_idx"),
            # Reminders and dashboards: open tasks by deadline.
            models.Index(fields=["status", "deadline"], name="task_status_deadline_idx"),
        ]

    def __str__(self):
        return f"{self.label}{self.title}"

    def save(self, *args, **kwargs):
        # The plan is kept on the task so that a plan's tasks are one query; it must agree
        # with the section's.
        self.plan_id = self.section.plan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tasks:detail", args=[self.pk])

    def _by_role(self, role):
        return [r for r in self.responsibilities.all() if r.role == role]

    @property
    def lead_units(self):
        return [r.unit for r in self._by_role(Responsibility.Role.LEAD)]

    @property
    def supporting_units(self):
        return [r.unit for r in self._by_role(Responsibility.Role.SUPPORTING)]

    @property
    def leaders(self):
        return [r.leader for r in self._by_role(Responsibility.Role.LEADER)]

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    def days_left(self, today=None):
        """Days until the deadline (negative when overdue), or None without a deadline."""
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class Responsibility(models.Model):
    """The link (责任) between a task and a unit, lead or supporting, or a responsible leader."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Responsible leader")
        LEAD = "lead", _("Lead unit")
        SUPPORTING = "supporting", _("Supporting unit")

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    leader = models.ForeignKey(
        Leader,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["task", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="leader", leader__isnull=False, unit__isnull=True)
                    | Q(role__in=["lead", "supporting"], unit__isnull=False, leader__isnull=True)
                ),
                name="responsibility_unit_or_leader_by_role",
            ),
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=Q(unit__isnull=False),
                name="responsibility_unit_once_per_task",
            ),
            models.UniqueConstraint(
                fields=["task", "leader"],
                condition=Q(leader__isnull=False),
                name="responsibility_leader_once_per_task",
            ),
        ]
        indexes = [
            # "My tasks" and unit permissions: the tasks a unit is responsible for.
            models.Index(fields=["unit", "task"], name="responsibility_unit_task_idx"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.unit or self.leader}"


class Target(models.Model):
    """A quantitative goal inside a task: 新建市级职工书屋30家 is 30 家."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="targets"
    )
    text = models.CharField(_("text as written"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measure = models.CharField(_("measure"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["task", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def value_display(self):
        """30 rather than 30.00."""
        return f"{self.value.normalize():f}"

    @property
    def display(self):
        """The target as shown: its text, followed by the figure only when the text writes it
        otherwise ("服务职工2万人次（20000人次）"), never "召开通气会4次（4次）"."""
        figure = f"{self.value_display}{self.measure}"
        written = self.text.replace(" ", "").replace("％", "%")
        if figure in written:
            return self.text
        return _("%(text)s (%(figure)s)") % {"text": self.text, "figure": figure}
