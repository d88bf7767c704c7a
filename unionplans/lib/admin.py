"""The administration's base classes, without two of Django's crashes on odd input.

- An autocomplete field given a value that is not an id (``?parent=abc``, or a form sent back
  with its errors) is drawn by Django's ``AutocompleteSelect`` by querying that value as an id:
  a ValueError, a 500. ``SafeAutocompleteSelect`` draws it as no choice.
- The change and delete views take ``_to_field`` from the form or the query; an empty one is
  passed on to ``get_object``, which looks up a field named "": a 500. It means the primary key.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, ignoring selected values its target field cannot read."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteMixin:
    """Autocomplete fields drawn with ``SafeAutocompleteSelect`` (model admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SafeAdminMixin(SafeAutocompleteMixin):
    """For a ModelAdmin (mixed in before it, as with Django's UserAdmin)."""

    def get_object(self, request, object_id, from_field=None):
        return super().get_object(request, object_id, from_field or None)


class ModelAdmin(SafeAdminMixin, admin.ModelAdmin):
    """``admin.ModelAdmin`` without the crashes above."""


class TabularInline(SafeAutocompleteMixin, admin.TabularInline):
    """``admin.TabularInline`` without the autocomplete crash."""
