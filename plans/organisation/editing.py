"""A unit or a responsible leader changed on its form: saved and recorded in the federation's
audit trail (``recorded``) in one transaction."""

from django.db import transaction

from . import recorded


@transaction.atomic
def save_unit(unit, actor, federation, before):
    """Save ``unit`` of ``federation`` as ``actor`` changed it (new when ``before`` is None,
    else ``recorded.unit_values`` taken before the change) and record it."""
    unit.save()
    recorded.unit_saved(actor, federation, unit, before)
    return unit


@transaction.atomic
def save_leader(leader, actor, federation, before):
    """Save the responsible leader ``leader`` of ``federation`` as ``actor`` changed it (new
    when ``before`` is None, else ``recorded.leader_values`` taken before) and record it."""
    leader.federation = federation
    leader.save()
    recorded.leader_saved(actor, federation, leader, before)
    return leader
