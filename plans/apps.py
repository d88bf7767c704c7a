from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The drafting actions become readable in the audit trail when their module is imported.
        from plans.drafting import recorded  # noqa: F401
