"""Who is who: units (单位) in their hierarchy, the people who log in, and the responsible
leaders (责任领导) of a federation.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """An organisation that can be responsible for tasks: a federation, one of its departments,
    a district or county union, an industry union or an affiliated body."""

    class Kind(models.TextChoices):
        FEDERATION = "federation", _("Federation of trade unions")
        DEPARTMENT = "department", _("Federation department")
        DISTRICT = "district", _("District or county union")
        INDUSTRY = "industry", _("Industry union")
        AFFILIATED = "affiliated", _("Affiliated body")
        OTHER = "other", _("Other unit")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The top of the hierarchy, kept on every unit so that "everything of a federation" is one
    # indexed filter instead of a walk up the tree. Set in save() from the parent.
    federation = models.ForeignKey(
        "self",
        verbose_name=_("federation"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="members",
    )
    emails = models.TextField(
        _("notification emails"), blank=True, help_text=_("One address per line.")
    )
    # Numbers to call the unit on (an office line, a contact's mobile), one per line.
    phones = models.TextField(_("contact phones"), blank=True, help_text=_("One number per line."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="unit_name_unique_in_federation"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(federation__isnull=True),
                name="federation_name_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.federation = self.parent.federation_root if self.parent_id else None
        super().save(*args, **kwargs)

    @property
    def federation_root(self):
        """The federation this unit belongs to (itself for a federation)."""
        return self.federation if self.federation_id else self

    @property
    def federation_root_id(self):
        return self.federation_id or self.pk

    @property
    def display_name(self):
        return self.short_name or self.name

    def email_list(self):
        """The unit's notification addresses, one per line in ``emails``."""
        return [line.strip() for line in self.emails.splitlines() if line.strip()]

    def phone_list(self):
        """The unit's contact phones, one per line in ``phones``."""
        return [line.strip() for line in self.phones.splitlines() if line.strip()]


class User(AbstractUser):
    """A person who logs in. Their role and unit decide what they see (plans.permissions)."""

    class Role(models.TextChoices):
        PLANNER = "planner", _("Planner (propaganda department)")
        REPORTER = "reporter", _("Unit reporter")
        LEADER = "leader", _("Leader")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Set when someone else chose the password (a new account, a reset): the person is sent to
    # change it before anything else (unionplans.middleware.PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Logged in through the directory (LDAP): the password lives there, the portal keeps none
    # (plans/organisation/ldap_backend.py).
    directory_account = models.BooleanField(_("directory account"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin") | Q(unit__isnull=False),
                name="user_needs_unit_unless_admin",
            ),
        ]

    @property
    def is_admin(self):
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_planner(self):
        return self.role == self.Role.PLANNER

    @property
    def is_leader(self):
        return self.role == self.Role.LEADER

    @property
    def is_reporter(self):
        return self.role == self.Role.REPORTER

    @property
    def federation_id(self):
        return self.unit.federation_root_id if self.unit_id else None

    @property
    def password_in_directory(self):
        """The person logs in with the directory's password, which the portal neither resets
        nor changes (only while directory login is on: without it, the portal's own)."""
        return self.directory_account and settings.LDAP_ENABLED


class Leader(models.Model):
    """A responsible leader (责任领导), usually a vice-chair of the federation, known by name
    and linked to a user account once they have one."""

    federation = models.ForeignKey(
        Unit,
        verbose_name=_("federation"),
        on_delete=models.PROTECT,
        related_name="leaders",
        limit_choices_to={"kind": Unit.Kind.FEDERATION},
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("position"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_profile",
    )

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="leader_unique_in_federation"
            )
        ]

    def __str__(self):
        return self.name


class ResetLink(models.Model):
    """A password reset link asked for by email (忘记密码), one row per request: the worker
    claims the row before sending, so a redelivered message sends nothing twice, and a person
    gets at most one mail per RESET_LINK_INTERVAL_MINUTES however often the form is sent. The
    link itself is Django's token, which stops working once the password has changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reset_links",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Set in the claiming UPDATE, before the mail goes out.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("password reset link")
        verbose_name_plural = _("password reset links")
        indexes = [models.Index(fields=["user", "requested_at"])]

    def __str__(self):
        return f"{self.user} {self.requested_at:%Y-%m-%d %H:%M}"
