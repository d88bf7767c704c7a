from django.apps import AppConfig
from django.core import checks


class UnionPlansConfig(AppConfig):
    """The project package as an app, for its system checks."""

    name = "unionplans"
    verbose_name = "UnionPlans"

    def ready(self):
        from unionplans import security

        checks.register(security.plain_http_check, checks.Tags.security, deploy=True)
        checks.register(security.plain_ldap_check, checks.Tags.security, deploy=True)
