from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Task work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers, Celery tasks and the workflow's audit actions register when their
        # modules are imported.
        from tasks.assessment import history as assessment_history  # noqa: F401
        from tasks.dashboard import upkeep  # noqa: F401
        from tasks.exports import service as exports  # noqa: F401
        from tasks.notifications import subscribers  # noqa: F401
        from tasks.reminders import delivery, robot_test, sweep  # noqa: F401
        from tasks.rounds import history as round_history  # noqa: F401
        from tasks.rounds import schedule as round_schedule  # noqa: F401
        from tasks.workspace import history  # noqa: F401
        from tasks.writings import history as writing_history  # noqa: F401
