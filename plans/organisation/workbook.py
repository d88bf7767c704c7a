"""The unit and people list as a workbook: the blank template and the current directory, in
the format the import reads. Every cell is written through unionplans.lib.spreadsheets, so a
name starting with "=" stays text."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from plans.models import Unit, User
from unionplans.lib.spreadsheets import append_row

from .vocabulary import PEOPLE_COLUMNS, PEOPLE_SHEET, UNIT_COLUMNS, UNIT_SHEET

WIDTHS = {
    "name": 28,
    "parent": 24,
    "unit": 24,
    "emails": 36,
    "phones": 24,
    "email": 28,
    "role": 16,
}


def _sheet(workbook, title, columns, note):
    sheet = workbook.create_sheet(title)
    # A title row above the header, as offices write them; the import looks past it.
    append_row(sheet, [note])
    cells = append_row(sheet, [header for _key, header, _others in columns])
    for cell in cells:
        cell.font = Font(bold=True)
    for index, (key, _header, _others) in enumerate(columns):
        sheet.column_dimensions[cells[index].column_letter].width = WIDTHS.get(key, 14)
    sheet.freeze_panes = "A3"
    return sheet


def _listed(choices):
    """Every label of ``choices``, as the rows write them (``get_kind_display``,
    ``get_role_display``) and the import reads them (vocabulary.read_kind, read_role)."""
    return pgettext("between names in a list", ", ").join(str(label) for label in choices.labels)


def _blank():
    workbook = Workbook()
    workbook.remove(workbook.active)
    kinds = _listed(Unit.Kind)
    roles = _listed(User.Role)
    units = _sheet(
        workbook,
        UNIT_SHEET,
        UNIT_COLUMNS,
        _(
            "Unit list. Kind: %(kinds)s. Several emails or phone numbers: one a line or "
            "separated by ；"
        )
        % {"kinds": kinds},
    )
    people = _sheet(
        workbook,
        PEOPLE_SHEET,
        PEOPLE_COLUMNS,
        _("People list. Role: %(roles)s. The login name is what the person types to log in.")
        % {"roles": roles},
    )
    return workbook, units, people


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template():
    """The blank list to fill in (bytes of an .xlsx)."""
    workbook, _units, _people = _blank()
    return _save(workbook)


def export(federation):
    """The federation's units and people as a filled list (bytes of an .xlsx), in two
    queries."""
    workbook, unit_sheet, people_sheet = _blank()
    members = Unit.objects.filter(federation=federation).select_related("parent")
    units = [federation, *members.order_by("order", "name")]
    for unit in units:
        append_row(
            unit_sheet,
            [
                unit.name,
                unit.parent.name if unit.parent_id else "",
                str(unit.get_kind_display()),
                unit.short_name,
                "；".join(unit.email_list()),
                unit.order,
                "；".join(unit.phone_list()),
            ],
        )
    people = (
        User.objects.filter(unit__in=[unit.pk for unit in units], is_active=True)
        .select_related("unit")
        .order_by("unit__order", "unit__name", "username")
    )
    for user in people:
        append_row(
            people_sheet,
            [
                user.first_name,
                user.unit.name,
                user.username,
                str(user.get_role_display()),
                user.phone,
                user.email,
            ],
        )
    return _save(workbook)
