"""Forms of the organisation pages: searching the directory, a unit, an account, a leader, the
list upload, and a person's own contact details. Each keeps what was typed when it is
refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans import permissions
from plans.models import Leader, Unit, User
from plans.organisation import checks, directory, recorded
from plans.organisation.reading import MAX_FILE_BYTES

ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class UnitFilterForm(forms.Form):
    """Search the unit tree."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Unit.Kind.choices]
    )

    def values(self):
        """What was asked, or nothing for a bad request (it never fails)."""
        if not self.is_valid():
            return {"query": "", "kind": ""}
        return {"query": self.cleaned_data["q"], "kind": self.cleaned_data["kind"]}


class PeopleFilterForm(forms.Form):
    """Search the people."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *User.Role.choices]
    )
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, federation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = directory.federation_units(federation)

    def values(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data["active"])
        return {"query": data["q"], "role": data["role"], "unit": data["unit"], "active": active}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return recorded.person_name(user)


class DayField(forms.DateField):
    """A day typed or picked as YYYY-MM-DD; a day that does not exist says so."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": _("Not a day: give one as YYYY-MM-DD, such as 2026-03-31.")
    }


class ChangeLogFilterForm(forms.Form):
    """Narrow the organisation's change log: a unit or a person, a kind of change, a range of
    days."""

    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    person = PersonChoiceField(
        label=_("Person"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("All people"),
    )
    action = forms.ChoiceField(label=_("Change"), required=False)
    since = DayField(label=_("From"), required=False)
    until = DayField(label=_("To"), required=False)

    def __init__(self, federation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = directory.federation_units(federation)
        self.fields["unit"].queryset = units.order_by("order", "name")
        self.fields["person"].queryset = User.objects.filter(unit__in=units).order_by(
            "first_name", "username"
        )
        self.fields["action"].choices = [
            ("", _("All changes")),
            *((code, name) for code, name in recorded.ACTIONS.items()),
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day is before the first."))
        return data

    def values(self):
        """What was asked, for ``plans.organisation.history.entries``: the filters that make
        sense; one in error (its message shown by the form) narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "unit": data.get("unit"),
            "person": data.get("person"),
            "action": data.get("action", ""),
            "since": data.get("since"),
            "until": data.get("until"),
        }


class UnitForm(forms.ModelForm):
    """A unit of the federation: name, short name, kind, parent, contacts (emails, phones),
    order."""

    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none())

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "emails", "phones", "order"]
        widgets = {
            "emails": forms.Textarea(attrs={"rows": 3}),
            "phones": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, federation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.federation = federation
        parents = directory.federation_units(federation)
        if self.instance.pk:
            parents = parents.exclude(pk__in=_self_and_below(self.instance))
        self.fields["parent"].queryset = parents.order_by("order", "name")
        if self.instance.pk == federation.pk:
            del self.fields["parent"]
            self.fields["kind"].disabled = True
        elif not self.instance.pk:
            self.fields["parent"].initial = federation.pk

    def clean_emails(self):
        return checks.clean_emails(self.cleaned_data["emails"])

    def clean_phones(self):
        return checks.clean_phones(self.cleaned_data["phones"])

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = directory.federation_units(self.federation).filter(name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("The federation already has a unit of this name."))
        return name


def _self_and_below(unit):
    """``unit`` and every unit under it: none of them can become its parent."""
    ids, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(Unit.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


class AccountForm(forms.ModelForm):
    """An account: the person's name, login, unit, role and contacts."""

    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    class Meta:
        model = User
        fields = ["first_name", "username", "unit", "role", "phone", "email"]
        labels = {"first_name": _("Name")}

    def __init__(self, federation, actor, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["unit"].queryset = directory.federation_units(federation).order_by(
            "order", "name"
        )
        self.fields["role"].choices = [
            (role.value, role.label) for role in permissions.roles_user_may_grant(actor)
        ]
        if self.instance.pk:
            self.fields["username"].disabled = True

    def clean_phone(self):
        return checks.clean_phone(self.cleaned_data["phone"])


class LeaderForm(forms.ModelForm):
    """A responsible leader and the account they log in with."""

    class Meta:
        model = Leader
        fields = ["name", "title", "user"]

    def __init__(self, federation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.federation = federation
        linked = Leader.objects.exclude(pk=self.instance.pk).exclude(user=None)
        self.fields["user"].queryset = (
            User.objects.filter(unit__in=directory.federation_units(federation), is_active=True)
            .exclude(pk__in=linked.values("user_id"))
            .order_by("first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.first_name or user.username}（{user.username}）"
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Leader.objects.filter(federation=self.federation, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("The federation already has a leader of this name."))
        return name


class ListUploadForm(forms.Form):
    """A filled unit and people list."""

    workbook = forms.FileField(label=_("Filled list (.xlsx)"))

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)d MB; a unit and people list is far smaller.")
                % {"size": MAX_FILE_BYTES // 2**20}
            )
        return upload.read()


class ProfileForm(forms.ModelForm):
    """A person's own name and contact details."""

    class Meta:
        model = User
        fields = ["first_name", "phone", "email"]
        labels = {"first_name": _("Name")}

    def clean_phone(self):
        return checks.clean_phone(self.cleaned_data["phone"])


class ForgotPasswordForm(forms.Form):
    """The login name or email address of a person who forgot their password."""

    identifier = forms.CharField(
        label=_("Login name or email address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
