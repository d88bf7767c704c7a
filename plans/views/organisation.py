"""The organisation pages: the unit tree, a unit with its contacts and people, the people,
the leaders; editing a unit or a leader; the change log. Short: fetch through plans.permissions,
call plans.organisation, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans import permissions
from plans.audit import display
from plans.forms.organisation import (
    ChangeLogFilterForm,
    LeaderForm,
    PeopleFilterForm,
    UnitFilterForm,
    UnitForm,
)
from plans.models import Leader, Unit
from plans.organisation import directory, editing, history, recorded
from unionplans.lib.paging import paginate

# Entries on a page of the change log.
HISTORY_PAGE = 50


@login_required
def start(request):
    """The user's federation; an administrator of several picks one."""
    if not permissions.can_manage_organisation(request.user):
        raise PermissionDenied
    federations = list(permissions.federations_managed_by(request.user).order_by("name"))
    if len(federations) == 1:
        return redirect("organisation:units", federation=federations[0].pk)
    return render(request, "organisation/federations.html", {"federations": federations})


@login_required
def units(request, federation):
    """The unit tree: kind, parent, short name, order, contacts and people, searched."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    form = UnitFilterForm(request.GET)
    tree = directory.unit_tree(federation, **form.values())
    context = {"federation": federation, "form": form, "units": tree, "tab": "units"}
    return render(request, "organisation/units.html", context)


@login_required
def unit_detail(request, pk):
    """A unit: its contacts, its people, the units under it."""
    unit = permissions.get_unit_to_manage(request.user, pk)
    federation = unit.federation_root
    context = {
        "federation": federation,
        "unit": unit,
        "people": directory.people(federation, unit=unit),
        "children": unit.children.order_by("order", "name"),
        "tab": "units",
    }
    return render(request, "organisation/unit_detail.html", context)


def _edit_unit(request, federation, unit):
    # Taken before the form writes what was typed into the unit.
    before = recorded.unit_values(unit) if unit.pk else None
    form = UnitForm(federation, request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        unit = editing.save_unit(form.save(commit=False), request.user, federation, before)
        messages.success(request, _("%(unit)s was saved.") % {"unit": unit.name})
        return redirect("organisation:unit", pk=unit.pk)
    context = {"federation": federation, "form": form, "unit": unit, "tab": "units"}
    return render(request, "organisation/unit_form.html", context)


@login_required
def unit_new(request, federation):
    """A new unit of the federation."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    return _edit_unit(request, federation, Unit())


@login_required
def unit_edit(request, pk):
    """Change a unit."""
    unit = permissions.get_unit_to_manage(request.user, pk)
    return _edit_unit(request, unit.federation_root, unit)


@login_required
def people(request, federation):
    """The people of the federation's units, searched and filtered."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    form = PeopleFilterForm(federation, request.GET)
    found = directory.people(federation, **form.values())
    context = {"federation": federation, "form": form, "people": found, "tab": "people"}
    return render(request, "organisation/people.html", context)


@login_required
def leaders(request, federation):
    """The responsible leaders (责任领导) and the account each is linked to."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    context = {
        "federation": federation,
        "leaders": directory.leaders(federation),
        "tab": "leaders",
    }
    return render(request, "organisation/leaders.html", context)


def _edit_leader(request, federation, leader):
    before = recorded.leader_values(leader) if leader.pk else None
    form = LeaderForm(federation, request.POST or None, instance=leader)
    if request.method == "POST" and form.is_valid():
        leader = editing.save_leader(form.save(commit=False), request.user, federation, before)
        messages.success(request, _("%(leader)s was saved.") % {"leader": leader.name})
        return redirect("organisation:leaders", federation=federation.pk)
    context = {"federation": federation, "form": form, "leader": leader, "tab": "leaders"}
    return render(request, "organisation/leader_form.html", context)


@login_required
def leader_new(request, federation):
    """A new responsible leader."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    return _edit_leader(request, federation, Leader(federation=federation))


@login_required
def leader_edit(request, pk):
    """Change a leader, or link them to an account."""
    leader = permissions.get_leader_to_manage(request.user, pk)
    return _edit_leader(request, leader.federation, leader)


@login_required
def changes(request, federation):
    """The organisation's change log (组织机构变更记录): who changed which unit or person, when,
    how, before and after; narrowed by the filter form, a page at a time."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    form = ChangeLogFilterForm(federation, request.GET)
    page, query = paginate(request, history.entries(federation, **form.values()), HISTORY_PAGE)
    context = {
        "federation": federation,
        "form": form,
        "page": page,
        "query": query,
        "rows": display.rows(page),
        "tab": "changes",
    }
    return render(request, "organisation/changes.html", context)
