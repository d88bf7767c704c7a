from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The drafting and organisation actions become readable in the audit trail when their
        # modules are imported.
        from plans.drafting import recorded  # noqa: F401
        from plans.organisation import recorded as organisation_recorded  # noqa: F401
