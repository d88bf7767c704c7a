"""Creating, saving, regenerating and publishing documents (文稿).

A document starts as a draft generated from the data (``compilation``, ``bulletin``,
``summary``); the planner edits its text. Every save names the version it was loaded with and is
refused (``EditConflict``, with the colleague's version) when someone saved meanwhile — the one
versioned save of the plan editor (``plans.drafting.versioning``). Regenerating replaces the text
with a fresh draft, under the same check. A bulletin is published once: to every unit of the
federation, in the portal and through the reminder channels, exactly once per unit.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import audit
from plans.drafting.versioning import EditConflict, versioned_update
from tasks import access
from tasks.models import Writing
from tasks.reminders import bulletins as bulletin_channels
from tasks.writings import bulletin, compilation, summary

__all__ = ["EditConflict", "WritingError"]

Kind = Writing.Kind

# Audit actions written here (made readable in tasks.writings.history).
CREATED = "writing.created"
SAVED = "writing.saved"
REGENERATED = "writing.regenerated"
EXAMPLES_INSERTED = "writing.examples_inserted"
PUBLISHED = "writing.published"

# What a save compares and writes.
FIELDS = ("title", "body", "issuer", "issued_on")


class WritingError(Exception):
    """What a document does not allow; the message is shown to the user."""


def generate(writing, now=None):
    """A fresh (title, body) for ``writing`` from the data, in the documents' language."""
    if writing.kind == Kind.COMPILATION:
        rnd = writing.round
        return compilation.title(rnd), compilation.text(compilation.gather(rnd, now=now))
    if writing.kind == Kind.BULLETIN:
        scope = bulletin.Scope.of(writing)
        data = bulletin.gather(scope, examples=list(writing_examples(writing)), now=now)
        return bulletin.title(scope), bulletin.text(data)
    data = summary.gather(writing.plan, now=now)
    return summary.title(writing.plan), summary.text(data)


def writing_examples(writing):
    """The answers a bulletin cites, in the order they were given."""
    if writing.pk is None:
        return getattr(writing, "picked_examples", [])
    return writing.examples.select_related("unit", "task").order_by("created_at", "pk")


def draft(kind, plan, *, rnd=None, period_start=None, period_end=None, examples=(), now=None):
    """An unsaved document of ``kind`` generated from the data: what ``create`` saves, and what
    ``export_round`` writes when no compilation was saved."""
    writing = Writing(
        kind=kind,
        plan=plan,
        round=rnd,
        period_start=period_start,
        period_end=period_end,
        issuer=plan.owner.name,
        issued_on=timezone.localdate(),
    )
    writing.picked_examples = list(examples)
    writing.title, writing.body = generate(writing, now=now)
    return writing


def compilation_of(rnd):
    """The saved compilation of the round ``rnd``, or None."""
    return Writing.objects.filter(kind=Kind.COMPILATION, round=rnd).first()


def summary_of(plan):
    """The saved year-end summary of ``plan``, or None."""
    return Writing.objects.filter(kind=Kind.SUMMARY, plan=plan).first()


def compilation_to_export(rnd):
    """The round's compilation as edited, or (none saved) generated now."""
    return compilation_of(rnd) or draft(Kind.COMPILATION, rnd.plan, rnd=rnd)


def summary_to_export(plan):
    """The plan's year-end summary as edited, or (none saved) generated now."""
    return summary_of(plan) or draft(Kind.SUMMARY, plan)


def create(user, kind, plan, *, rnd=None, period_start=None, period_end=None, examples=()):
    """Generate a document and save it. A round has one compilation and a plan one summary: when
    it exists already (or a colleague created it a moment before) that one is returned."""
    if kind == Kind.COMPILATION and rnd is None:
        raise WritingError(_("A compilation is made of a reporting round."))
    if kind == Kind.BULLETIN and rnd is None and not (period_start and period_end):
        raise WritingError(_("Choose a reporting round or a period for the bulletin."))
    if rnd is not None and rnd.plan_id != plan.pk:
        raise WritingError(_("This round belongs to another plan."))
    existing = _single(kind, plan, rnd)
    if existing is not None:
        return existing
    writing = draft(
        kind,
        plan,
        rnd=rnd,
        period_start=period_start,
        period_end=period_end,
        examples=examples,
    )
    writing.created_by = writing.updated_by = _person(user)
    try:
        with transaction.atomic():
            writing.save()
            if examples:
                writing.examples.set(examples)
            _audit(user, CREATED, writing)
    except IntegrityError:
        # Created by a colleague at the same moment: theirs is the one.
        existing = _single(kind, plan, rnd)
        if existing is None:
            raise
        return existing
    return writing


def _single(kind, plan, rnd):
    if kind == Kind.COMPILATION:
        return compilation_of(rnd)
    if kind == Kind.SUMMARY:
        return summary_of(plan)
    return None


def _person(user):
    return user if user is not None and user.is_authenticated else None


def _snapshot(writing):
    return {name: getattr(writing, name) for name in FIELDS}


def _refuse_if_published(writing):
    if writing.is_published:
        raise WritingError(
            _("This bulletin was published on %(date)s; it is not changed any more.")
            % {"date": timezone.localtime(writing.published_at).strftime("%Y-%m-%d")}
        )


@transaction.atomic
def save(user, writing, *, loaded_version, title, body, issuer, issued_on):
    """Save the edited document. Raises ``EditConflict`` (with the saved version) when someone
    saved after ``loaded_version``, ``WritingError`` for a published bulletin."""
    _refuse_if_published(writing)
    after = {"title": title, "body": body, "issuer": issuer, "issued_on": issued_on}
    saved = versioned_update(
        Writing.objects.all(),
        writing.pk,
        loaded_version=loaded_version,
        snapshot=_snapshot,
        after=after,
        values={**after, "updated_by": _person(user), "updated_at": timezone.now()},
    )
    if saved.current.is_published:
        raise WritingError(_("This bulletin was published meanwhile; it is not changed any more."))
    if saved.changed:
        _audit_changes(user, SAVED, writing, saved.before, after, saved.changed)
    return Writing.objects.get(pk=writing.pk)


@transaction.atomic
def regenerate(user, writing, *, loaded_version):
    """Replace the text with a fresh draft from the data (title, closing and examples kept)."""
    _refuse_if_published(writing)
    _title, body = generate(writing)
    current = Writing.objects.select_for_update().get(pk=writing.pk)
    if current.version != loaded_version:
        raise EditConflict(current)
    Writing.objects.filter(pk=writing.pk).update(
        body=body, version=current.version + 1, updated_by=_person(user), updated_at=timezone.now()
    )
    _audit(user, REGENERATED, writing)
    return Writing.objects.get(pk=writing.pk)


@transaction.atomic
def insert_examples(user, writing, reports, *, loaded_version):
    """Cite ``reports`` (answers) as good examples of the bulletin: they are added to its
    examples and their paragraphs written into the text, under its examples heading."""
    _refuse_if_published(writing)
    current = Writing.objects.select_for_update().get(pk=writing.pk)
    if current.version != loaded_version:
        raise EditConflict(current)
    known = set(current.examples.values_list("pk", flat=True))
    new = [report for report in reports if report.pk not in known]
    if not new:
        return current
    current.examples.add(*new)
    body = bulletin.insert_examples(current.body, new)
    Writing.objects.filter(pk=writing.pk).update(
        body=body, version=current.version + 1, updated_by=_person(user), updated_at=timezone.now()
    )
    units = sorted({report.unit.name for report in new})
    audit.record(
        user,
        EXAMPLES_INSERTED,
        plan=writing.plan,
        summary=writing.title,
        after={"document": writing.title, "units": units},
    )
    return Writing.objects.get(pk=writing.pk)


def publish(user, writing, *, enqueue=True):
    """Publish the bulletin to every unit of the plan's federation: once, whoever presses the
    button and however often. Returns True when this call published it."""
    if writing.kind != Kind.BULLETIN:
        raise WritingError(_("Only bulletins are published."))
    now = timezone.now()
    with transaction.atomic():
        claimed = Writing.objects.filter(pk=writing.pk, published_at__isnull=True).update(
            published_at=now, published_by=_person(user)
        )
        if not claimed:
            return False
        units = access.federation_units(writing.plan.owner.federation_root_id)
        bulletin_channels.announce(
            writing,
            units.values_list("pk", flat=True),
            day=timezone.localdate(now),
            enqueue=enqueue,
        )
        _audit(user, PUBLISHED, writing)
    writing.published_at = now
    return True


def _audit(user, action, writing):
    audit.record(
        user,
        action,
        plan=writing.plan,
        summary=writing.title,
        after={"document": writing.title, "kind": writing.kind},
    )


def _audit_changes(user, action, writing, before, after, changed):
    # The text itself is long: the entry says that it changed, the document shows it.
    names = [name for name in changed if name != "body"]
    audit.record(
        user,
        action,
        plan=writing.plan,
        summary=after["title"],
        before={name: before[name] for name in names},
        after={
            "document": after["title"],
            **{name: after[name] for name in names},
            **({"body": True} if "body" in changed else {}),
        },
    )
