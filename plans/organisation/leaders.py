"""A person with the leader role linked to the federation's responsible leader (责任领导) of
their name: the one rule for the list import and for directory login."""

from plans.models import Leader, User


def leader_to_link(name, role, user, leaders, linked_users):
    """The name of the responsible leader a person named ``name`` with ``role`` (``user``:
    their account, None for one not made yet) is to be linked to, or None: only a person with
    the leader role and a name, and neither already linked — ``leaders`` are the federation's
    by name, ``linked_users`` the ids of accounts linked to one."""
    if role != User.Role.LEADER or not name:
        return None
    if user is not None and user.pk in linked_users:
        return None
    leader = leaders.get(name)
    if leader is not None and leader.user_id is not None:
        return None
    return name


def link(federation, name, user, leaders):
    """Link ``user`` to the responsible leader ``name`` of ``federation`` (in ``leaders`` by
    name, made if missing); returns the leader."""
    leader = leaders.get(name) or Leader(federation=federation, name=name)
    leader.user = user
    leader.save()
    leaders[name] = leader
    return leader


def link_by_name(federation, user):
    """Link ``user`` (saved) to the responsible leader of their name as the list import would;
    returns the leader's name, or "" when there is nothing to link. No query for a person who
    is no leader; two, three when linking, for a leader."""
    name = user.first_name
    if leader_to_link(name, user.role, None, {}, ()) is None:
        return ""
    leaders = {
        leader.name: leader for leader in Leader.objects.filter(federation=federation, name=name)
    }
    linked = set(Leader.objects.filter(user=user).values_list("user_id", flat=True))
    name = leader_to_link(name, user.role, user, leaders, linked)
    if name is None:
        return ""
    link(federation, name, user, leaders)
    return name
