from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Task work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers and Celery tasks register when their modules are imported.
        from tasks.notifications import subscribers  # noqa: F401
        from tasks.reminders import delivery, robot_test, sweep  # noqa: F401
