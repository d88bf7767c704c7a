"""Importing a plan in the browser: upload or paste → preview with corrections → draft plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import permissions
from plans.forms.importing import START_AGAIN, UNDO, CorrectionForm, ImportForm, ReviewForm
from plans.importing import DocumentError, duplicates
from plans.importing.corrections import CorrectionError, paragraphs
from plans.importing.pending import (
    PREVIEW_WARNINGS,
    STALE_AFTER,
    PendingImport,
    preview_sections,
)
from plans.importing.saving import Saver
from plans.importing.units import UnitMatcher
from plans.models import Plan
from unionplans.lib import uploads


def _check(user):
    if not permissions.can_create_plans(user):
        raise PermissionDenied


@login_required
def import_start(request):
    """Choose a document (or paste its text) and the owner unit."""
    _check(request.user)
    units = permissions.units_user_may_own_plans_for(request.user)
    refused = uploads.refusals(request)
    # Files received before a cut-off are closed: with refusals, the form does not read them.
    files = None if refused else request.FILES or None
    form = ImportForm(units, request.POST or None, files, refused=refused)
    if request.method == "POST" and form.is_valid():
        data, filename = form.source()
        year = form.cleaned_data["year"]
        try:
            # Read and parsed here, once: the preview and the save use what was read.
            pending = PendingImport.store(request, data, filename, form.cleaned_data["owner"], year)
        except DocumentError as error:
            # Nothing is kept; the pasted text stays in the form.
            form.add_error(None, str(error))
        else:
            return redirect("plans:import_preview", token=pending.token)
    elif request.method == "GET" and request.user.unit_id:
        form.fields["owner"].initial = request.user.unit_id
    return render(request, "plans/import_start.html", {"form": form})


def _pending(request, token):
    """The pending import ``token`` of this session, or the response instead: the plan when it
    was saved already, else a page that says why the preview is gone and what to do."""
    _check(request.user)
    pending = PendingImport.load(request, token)
    if pending is None:
        # Logged in again, another browser, someone else's link, or deleted after STALE_AFTER:
        # one page for all, so that another user's upload is not told apart from no upload
        # (a 404: the preview is not there, for htmx an error that import.js reloads).
        context = {"days": STALE_AFTER.days}
        return None, render(request, "plans/import_gone.html", context, status=404)
    if pending.saved_plan_id:
        return None, redirect("plans:detail", pk=pending.saved_plan_id)
    return pending, None


def _shown(sections):
    """The sections the preview shows, each task with its paragraphs; and the warnings shown
    next to them."""
    shown_warnings = set()
    for section in sections:
        shown_warnings.update(section.warnings)
        for task in section.tasks:
            task.paragraphs = paragraphs(task.body)
            shown_warnings.update(task.warnings)
        shown_warnings |= _shown(section.sections)
    return shown_warnings


@login_required
def import_preview(request, token):
    """The parsed plan beside its source, with warnings next to what they are about and the
    corrections of its structure; title, year and units corrected; saved as a draft."""
    pending, gone = _pending(request, token)
    if gone:
        return gone
    owner = get_object_or_404(
        permissions.units_user_may_own_plans_for(request.user), pk=pending.owner_id
    )
    parsed = pending.parse()
    matcher = UnitMatcher(owner.federation_root)
    form = ReviewForm(parsed, matcher, request.POST or None)
    if request.method == "POST" and form.is_valid():
        parsed.title = form.cleaned_data["title"]
        saver = Saver(owner, unit_choices=form.unit_choices())
        plan = saver.save(parsed, year=form.cleaned_data["year"], source_file=pending.source_file())
        pending.finish(plan)
        messages.success(
            request,
            _("The plan was imported as a draft: %(sections)d sections, %(tasks)d tasks.")
            % {"sections": plan.sections.count(), "tasks": plan.tasks.count()},
        )
        return redirect(plan)
    new_units = [row["name"] for row in form.unit_rows if row["match"] is None]
    # The title and year as sent when the form came back, else as read.
    checked = form.cleaned_data if form.is_bound else {}
    same_plans = duplicates.plans_like(
        owner.federation_root,
        checked.get("title", parsed.title),
        checked.get("year", parsed.year),
        among=Plan.objects.visible_to(request.user),
    )
    # A large plan is shown in part (all of it is saved), so that the page stays small.
    sections, hidden_tasks = preview_sections(parsed.sections)
    # Warnings about what is shown are said next to it; the rest at the top.
    beside = _shown(sections)
    warnings = [warning for warning in parsed.warnings if warning not in beside]
    source_lines, more_lines = pending.source_lines()
    context = {
        "form": form,
        "parsed": parsed,
        "sections": sections,
        "hidden_tasks": hidden_tasks,
        "warnings": warnings[:PREVIEW_WARNINGS],
        "more_warnings": max(0, len(warnings) - PREVIEW_WARNINGS),
        "warnings_beside": len(parsed.warnings) - len(warnings),
        "pending": pending,
        "owner": owner,
        "source_lines": source_lines,
        "more_lines": more_lines,
        "task_count": sum(1 for _task in parsed.all_tasks()),
        "new_units": new_units,
        "same_plans": [(plan, duplicates.warning(plan)) for plan in same_plans],
    }
    return render(request, "plans/import_preview.html", context)


@login_required
@require_POST
def import_correct(request, token):
    """One correction of the preview (split, merge, task ↔ section, undo, start again), then
    the preview again, at the item corrected. htmx re-draws the plan and the summary only."""
    pending, gone = _pending(request, token)
    if gone:
        return gone
    form = CorrectionForm(request.POST)
    anchor = ""
    if not form.is_valid():
        messages.error(request, form.error_message())
    else:
        data = form.cleaned_data
        try:
            if data["action"] == UNDO:
                pending.undo(data["version"])
                messages.success(request, _("The last correction was undone."))
            elif data["action"] == START_AGAIN:
                pending.start_again(data["version"])
                messages.success(request, _("The corrections were undone: the plan is as read."))
            else:
                done = pending.correct(
                    data["version"], data["action"], data["key"], data["split_at"]
                )
                messages.success(request, done)
                anchor = f"#item-{data['key']}"
        except CorrectionError as error:
            messages.error(request, str(error))
    return redirect(reverse("plans:import_preview", args=[token]) + anchor)
