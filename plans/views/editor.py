"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from plans import permissions
from plans.drafting import ordering, plan_edits, publishing, section_edits, snapshots, task_edits
from plans.drafting.removal import EditRefused
from plans.drafting.versioning import EditConflict
from plans.exporting import common as export_common
from plans.forms.editor import SectionForm, TaskForm
from plans.forms.plans import PlanForm
from plans.models import AuditEntry, Section, Task
from plans.wording.deadlines import (
    deadline_phrase,
    deadline_problem,
    describe_deadline_problem,
    is_open_ended,
    parse_deadline,
)
from unionplans.lib import params
from unionplans.lib.redirects import safe_next


def _editor_url(plan, anchor=""):
    return reverse("plans:edit", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


# --- The editor -------------------------------------------------------------------------------


def _decorate_task(task):
    """Add what the editor shows beside a task: the note and what blocks publishing."""
    task.note = export_common.responsibility_note(task)
    task.problems = publishing.problems(task)
    return task


def _tree_context(plan):
    sections = plan.section_tree()
    for entry in export_common.walk(sections):
        if entry.task is not None:
            _decorate_task(entry.task)
    return {"plan": plan, "sections": sections}


@login_required
def plan_edit(request, pk):
    """The editor: the plan's title and preamble, its sections and tasks, each editable in
    place."""
    plan = permissions.get_plan_to_edit(request.user, pk)
    context = _tree_context(plan)
    context["plan_form"] = None
    return render(request, "plans/plan_edit.html", context)


def _render_tree(request, plan):
    return render(request, "plans/editor/_tree.html", _tree_context(plan))


@login_required
def plan_header(request, pk):
    """The plan's title, year and preamble: shown, or edited (?edit), or saved (POST)."""
    plan = permissions.get_plan_to_edit(request.user, pk)
    if request.method == "GET" and "edit" not in request.GET:
        if not request.htmx:
            return redirect(_editor_url(plan))
        return render(request, "plans/editor/_header.html", {"plan": plan})
    form = PlanForm(request.POST or None, plan=plan)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_edits.update_plan(
                plan,
                form.plan_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as conflict:
            context.update(_plan_conflict(request, form, conflict.current))
        else:
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect(_editor_url(plan))
            return render(request, "plans/editor/_header.html", {"plan": plan, "saved": True})
    template = "plans/editor/_header_form.html" if request.htmx else "plans/editor/page_form.html"
    context["fragment"] = "plans/editor/_header_form.html"
    return render(request, template, context)


def _plan_conflict(request, form, current):
    yours = {key: form.cleaned_data[key] for key in snapshots.PLAN_FIELDS}
    theirs = snapshots.plan_snapshot(current)
    _keep_input_at_version(form, current.version)
    return _conflict_context(theirs, yours, snapshots.PLAN_FIELDS, plan=current)


def _keep_input_at_version(form, version):
    """The user's input stays in the form; it now names the version they have seen, so that
    saving again deliberately replaces it."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data


def _conflict_context(theirs, yours, labels, plan=None, task=None, section=None):
    entry = None
    if task is not None:
        entry = AuditEntry.objects.filter(task=task).select_related("user").first()
    elif plan is not None:
        entry = AuditEntry.objects.filter(plan=plan).select_related("user").first()
    rows = [
        {
            "label": labels[key],
            "theirs": snapshots.display_value(theirs.get(key)),
            "yours": snapshots.display_value(yours.get(key)),
        }
        for key in snapshots.differences(theirs, yours)
    ]
    return {"conflict": {"rows": rows, "entry": entry}}


# Sections


@login_required
def section_new(request, pk):
    """Add a section to the plan, or (?parent=) a subsection."""
    plan = permissions.get_plan_to_edit(request.user, pk)
    parent_id = params.int_param(request, "parent")
    parent = get_object_or_404(plan.sections, pk=parent_id) if parent_id is not None else None
    initial = {"label": ordering.new_section_label(plan, parent)}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        section = section_edits.create_section(plan, parent, form.section_data(), user=request.user)
        if not request.htmx:
            messages.success(request, _("Section added."))
            return redirect(_editor_url(plan, f"section-{section.pk}"))
        section.children, section.task_list = [], []
        context = {
            "plan": plan,
            "section": section,
            "parent": parent,
            "first": parent is None and plan.sections.filter(parent=None).count() == 1,
        }
        response = render(request, "plans/editor/_section_added.html", context)
        target = f"#section-{parent.pk}-children" if parent else "#plan-sections"
        return reswap(retarget(response, target), "beforeend")
    context = {"plan": plan, "form": form, "parent": parent, "new": True}
    if request.htmx:
        return render(request, "plans/editor/_section_form.html", context)
    context["fragment"] = "plans/editor/_section_form.html"
    return render(request, "plans/editor/page_form.html", context)


@login_required
def section_item(request, pk):
    """One section's heading as the editor shows it (after "cancel")."""
    section = permissions.get_section_to_edit(request.user, pk)
    if not request.htmx:
        return redirect(_editor_url(section.plan, f"section-{section.pk}"))
    return render(
        request, "plans/editor/_section_head.html", {"plan": section.plan, "section": section}
    )


@login_required
def section_edit(request, pk):
    section = permissions.get_section_to_edit(request.user, pk)
    plan = section.plan
    form = SectionForm(request.POST or None, section=section)
    context = {"plan": plan, "section": section, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            section = section_edits.update_section(
                section,
                form.section_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except Section.DoesNotExist:  # deleted by a colleague while it was being edited
            raise Http404 from None
        except EditConflict as conflict:
            current = conflict.current
            _keep_input_at_version(form, current.version)
            context.update(
                _conflict_context(
                    snapshots.section_snapshot(current),
                    {key: form.cleaned_data[key] for key in snapshots.SECTION_FIELDS},
                    snapshots.SECTION_FIELDS,
                    plan=plan,
                )
            )
        else:
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect(_editor_url(plan, f"section-{section.pk}"))
            context = {"plan": plan, "section": section, "saved": True}
            return render(request, "plans/editor/_section_head.html", context)
    if request.htmx:
        return render(request, "plans/editor/_section_form.html", context)
    context["fragment"] = "plans/editor/_section_form.html"
    return render(request, "plans/editor/page_form.html", context)


def _refused(request, plan, refused):
    """A refused change: in the editor an alert (nothing is re-drawn), else a message."""
    if request.htmx:
        response = HttpResponse(status=204)
        return trigger_client_event(response, "editorAlert", {"text": str(refused)})
    messages.error(request, str(refused))
    return redirect(_editor_url(plan))


def _after_delete(request, plan, deleted, done):
    """The editor after a delete: the tree re-drawn (htmx) or a message. When a colleague
    deleted the item a moment before, the user is told so instead of getting an error."""
    gone = _("It had already been deleted by someone else.")
    if request.htmx:
        response = _render_tree(request, plan)
        if deleted:
            return response
        return trigger_client_event(response, "editorAlert", {"text": gone})
    if deleted:
        messages.success(request, done)
    else:
        messages.info(request, gone)
    return redirect(_editor_url(plan))


def _direction(request):
    return -1 if params.choice_param(request, "direction", {"up", "down"}) == "up" else 1


@require_POST
@login_required
def section_move(request, pk):
    section = permissions.get_section_to_edit(request.user, pk)
    section_edits.move_section(section, _direction(request), user=request.user)
    if request.htmx:
        return _render_tree(request, section.plan)
    return redirect(_editor_url(section.plan, f"section-{section.pk}"))


@login_required
def section_delete(request, pk):
    """Delete a section with everything in it (POST; GET asks first)."""
    section = permissions.get_section_to_edit(request.user, pk)
    plan = section.plan
    if request.method == "POST":
        try:
            deleted = section_edits.delete_section(section, user=request.user)
        except EditRefused as refused:
            return _refused(request, plan, refused)
        return _after_delete(request, plan, deleted, _("Section deleted."))
    context = {
        "plan": plan,
        "object": section,
        "task_count": Task.objects.filter(section__in=ordering.subtree_ids(section)).count(),
        "action": reverse("plans:section_delete", args=[section.pk]),
    }
    return render(request, "plans/editor/confirm_delete.html", context)


# Tasks


def _task_form_response(request, context):
    if request.htmx:
        return render(request, "plans/editor/_task_form.html", context)
    context["fragment"] = "plans/editor/_task_form.html"
    return render(request, "plans/editor/page_form.html", context)


@login_required
def task_new(request, pk):
    """Add a task at the end of section ``pk``."""
    section = permissions.get_section_to_edit(request.user, pk)
    plan = section.plan
    form = TaskForm(request.POST or None, plan=plan, section=section)
    context = {"plan": plan, "section": section, "form": form, "new": True}
    if request.method == "POST" and form.is_valid():
        try:
            task = task_edits.create_task(section, form.task_data(), user=request.user)
        except EditRefused as refused:
            form.add_error(None, str(refused))
        else:
            if not request.htmx:
                messages.success(request, _("Task added."))
                return redirect(_editor_url(plan, f"task-{task.pk}"))
            task = _decorate_task(task_edits.fetch_task(task.pk))
            response = render(
                request,
                "plans/editor/_task_added.html",
                {"plan": plan, "task": task, "section": task.section},
            )
            return reswap(retarget(response, f"#section-{task.section_id}-tasks"), "beforeend")
    return _task_form_response(request, context)


@login_required
def task_item(request, pk):
    """One task as the editor shows it (after "cancel")."""
    task = permissions.get_task_to_edit(request.user, pk)
    if not request.htmx:
        return redirect(_editor_url(task.plan, f"task-{task.pk}"))
    task = _decorate_task(task_edits.fetch_task(task.pk))
    return render(request, "plans/editor/_task.html", {"plan": task.plan, "task": task})


@login_required
def task_edit(request, pk):
    """Edit a task in place (htmx) or on its own page; a save based on an older version is
    refused and both versions are shown, the user's input kept in the form."""
    task = task_edits.fetch_task(permissions.get_task_to_edit(request.user, pk).pk)
    plan = task.plan
    form = TaskForm(request.POST or None, plan=plan, task=task)
    next_url = safe_next(request, "")
    context = {"plan": plan, "task": task, "form": form, "next": next_url}
    if request.method == "POST" and form.is_valid():
        try:
            saved = task_edits.update_task(
                task,
                form.task_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as conflict:
            current = conflict.current
            _keep_input_at_version(form, current.version)
            context.update(
                _conflict_context(
                    snapshots.task_snapshot(current),
                    form.task_data().snapshot(),
                    snapshots.TASK_FIELDS,
                    task=current,
                )
            )
        except EditRefused as refused:
            form.add_error(None, str(refused))
        except Task.DoesNotExist:  # deleted by a colleague while it was being edited
            raise Http404 from None
        else:
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect(next_url or _editor_url(plan, f"task-{saved.pk}"))
            saved = _decorate_task(saved)
            context = {"plan": plan, "task": saved, "saved": True}
            if saved.section_id != task.section_id:
                # Into its new section, at the end; the form goes (other open forms stay).
                response = render(request, "plans/editor/_task_moved.html", context)
                return reswap(retarget(response, f"#section-{saved.section_id}-tasks"), "beforeend")
            return render(request, "plans/editor/_task.html", context)
    return _task_form_response(request, context)


@require_POST
@login_required
def task_move(request, pk):
    task = permissions.get_task_to_edit(request.user, pk)
    task_edits.move_task(task, _direction(request), user=request.user)
    if request.htmx:
        return _render_tree(request, task.plan)
    return redirect(_editor_url(task.plan, f"task-{task.pk}"))


@login_required
def task_delete(request, pk):
    """Delete a task (POST; GET asks first)."""
    task = permissions.get_task_to_edit(request.user, pk)
    plan = task.plan
    if request.method == "POST":
        try:
            deleted = task_edits.delete_task(task, user=request.user)
        except EditRefused as refused:
            return _refused(request, plan, refused)
        return _after_delete(request, plan, deleted, _("Task deleted."))
    context = {
        "plan": plan,
        "object": task,
        "action": reverse("plans:task_delete", args=[task.pk]),
    }
    return render(request, "plans/editor/confirm_delete.html", context)


@login_required
def deadline(request, pk):
    """The other half of a deadline: ?text=11月底前 → its date in the plan year; ?date=2026-11-30
    → "11月30日前". For the editor's deadline fields."""
    plan = permissions.get_plan_to_edit(request.user, pk)
    if "text" in request.GET:
        text = params.raw_param(request, "text")
        day = parse_deadline(text, plan.year)
        problem = deadline_problem(text, day, plan.year)
        warning = describe_deadline_problem(problem, text, day, plan.year) if problem else ""
        return JsonResponse(
            {
                "date": day.isoformat() if day else None,
                "open_ended": is_open_ended(text),
                "warning": str(warning),
            }
        )
    day = params.date_param(request, "date")  # a day that does not exist reads as none
    return JsonResponse({"text": deadline_phrase(day, plan.year) if day else ""})
