"""Optimistic versioning of the editor's saves: every save names the version it was loaded with;
the row is updated ``WHERE version = loaded`` and its version raised, so that a save based on a
version a colleague has meanwhile replaced is refused with ``EditConflict`` instead of silently
overwriting their work (taiga's OCC mixin, as one helper for plans, sections and tasks)."""

from dataclasses import dataclass

from django.db.models import F

from plans.drafting.snapshots import differences


class EditConflict(Exception):
    """Someone saved the object after the editor loaded it; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


@dataclass
class Saved:
    """The outcome of a versioned save: the row as it was before (locked), its values then, and
    the names of the values that changed (none: nothing was written)."""

    current: object
    before: dict
    changed: list


def versioned_update(queryset, pk, *, loaded_version, snapshot, after, values=None):
    """Lock row ``pk`` of ``queryset`` and compare ``snapshot(row)`` with ``after``; if they
    differ, write ``values`` (by default ``after``) and raise the version — unless the row is no
    longer at ``loaded_version``: then EditConflict. A save that changes nothing is no conflict.

    Runs inside the caller's transaction (the lock lasts until it ends)."""
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    before = snapshot(current)
    changed = differences(before, after)
    if changed:
        updated = queryset.model.objects.filter(pk=pk, version=loaded_version).update(
            version=F("version") + 1, **(after if values is None else values)
        )
        if not updated:
            raise EditConflict(current)
    return Saved(current, before, changed)


def raise_versions(model, pks):
    """Raise the version of rows changed without comparing (moved, renumbered), so that a form
    still open on one of them is refused rather than writing back what it was loaded with."""
    model.objects.filter(pk__in=pks).update(version=F("version") + 1)
