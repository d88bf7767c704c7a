"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from plans import copying, editing, permissions, publishing
from plans.exporting import common as export_common
from plans.exporting import docx as docx_export
from plans.exporting import xlsx as xlsx_export
from plans.forms import CopyPlanForm, NewPlanForm, PlanForm, SectionForm, TaskForm
from plans.importing import is_open_ended, parse_deadline
from plans.models import AuditEntry, Plan, Section, Task

# --- Lists and the plan ------------------------------------------------------------------------


@login_required
def plan_list(request):
    """The plans the user may open, newest year first, by owner."""
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-year", "owner__name", "title")
    )
    context = {"plans": plans, "can_create": permissions.can_create_plans(request.user)}
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, pk):
    """The plan as the document reads: sections, tasks, responsibilities and deadlines."""
    plan = permissions.get_plan(request.user, pk)
    sections = plan.section_tree()
    permissions.mark_openable_tasks(request.user, sections)
    context = {
        "plan": plan,
        "sections": sections,
        "can_edit": permissions.can_edit_plan(request.user, plan),
        "can_create": permissions.can_create_plans(request.user),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_new(request):
    """A new plan: blank, imported (the import page) or copied from an earlier plan."""
    if not permissions.can_create_plans(request.user):
        raise PermissionDenied
    source = None
    if request.GET.get("copy", "").isdigit():
        source = permissions.get_plan(request.user, int(request.GET["copy"]))
    mode = request.POST.get("mode") if request.method == "POST" else None
    blank = NewPlanForm(request.user, request.POST if mode == "blank" else None, prefix="blank")
    copy = CopyPlanForm(
        request.user, request.POST if mode == "copy" else None, source=source, prefix="copy"
    )
    if mode == "blank" and blank.is_valid():
        data = blank.cleaned_data
        plan = editing.create_plan(
            data["owner"], data["year"], data["title"].strip(), user=request.user
        )
        messages.success(request, _("The plan was created. Add its sections and tasks."))
        return redirect("plans:edit", pk=plan.pk)
    if mode == "copy" and copy.is_valid():
        data = copy.cleaned_data
        plan = copying.copy_plan(
            data["source"],
            owner=data["owner"],
            year=data["year"],
            user=request.user,
            title=data["title"].strip(),
            only_open=data["only_open"],
        )
        messages.success(
            request,
            _("The plan was copied with %(count)d tasks; their deadlines were moved to %(year)d.")
            % {"count": plan.tasks.count(), "year": plan.year},
        )
        return redirect("plans:edit", pk=plan.pk)
    context = {"blank": blank, "copy": copy, "mode": mode or ("copy" if source else "blank")}
    return render(request, "plans/plan_new.html", context)


# --- Fetching with permissions ----------------------------------------------------------------


def _editable(user, plan):
    if not permissions.can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def _plan_to_edit(request, pk):
    return _editable(request.user, permissions.get_plan(request.user, pk))


def _section_to_edit(request, pk):
    section = get_object_or_404(
        Section.objects.filter(plan__in=Plan.objects.visible_to(request.user)).select_related(
            "plan", "plan__owner"
        ),
        pk=pk,
    )
    _editable(request.user, section.plan)
    return section


def _task_to_edit(request, pk):
    task = permissions.get_task(request.user, pk)
    _editable(request.user, task.plan)
    return task


def _next_url(request, default):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return default


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
    plan = _plan_to_edit(request, pk)
    context = _tree_context(plan)
    context["plan_form"] = None
    return render(request, "plans/plan_edit.html", context)


def _render_tree(request, plan):
    return render(request, "plans/editor/_tree.html", _tree_context(plan))


@login_required
def plan_header(request, pk):
    """The plan's title, year and preamble: shown, or edited (?edit), or saved (POST)."""
    plan = _plan_to_edit(request, pk)
    if request.method == "GET" and "edit" not in request.GET:
        if not request.htmx:
            return redirect(_editor_url(plan))
        return render(request, "plans/editor/_header.html", {"plan": plan})
    form = PlanForm(request.POST or None, plan=plan)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            plan = editing.update_plan(
                plan,
                form.plan_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.EditConflict as conflict:
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
    yours = {key: form.cleaned_data[key] for key in editing.PLAN_FIELDS}
    theirs = editing.plan_snapshot(current)
    _keep_input_at_version(form, current.version)
    return _conflict_context(theirs, yours, editing.PLAN_FIELDS, plan=current)


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
            "theirs": editing.display_value(theirs.get(key)),
            "yours": editing.display_value(yours.get(key)),
        }
        for key in editing.differences(theirs, yours)
    ]
    return {"conflict": {"rows": rows, "entry": entry}}


# Sections


@login_required
def section_new(request, pk):
    """Add a section to the plan, or (?parent=) a subsection."""
    plan = _plan_to_edit(request, pk)
    parent_id = request.POST.get("parent") or request.GET.get("parent") or ""
    parent = get_object_or_404(plan.sections, pk=parent_id) if parent_id.isdigit() else None
    initial = {"label": editing.new_section_label(plan, parent)}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        section = editing.create_section(plan, parent, form.section_data(), user=request.user)
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
    section = _section_to_edit(request, pk)
    if not request.htmx:
        return redirect(_editor_url(section.plan, f"section-{section.pk}"))
    return render(
        request, "plans/editor/_section_head.html", {"plan": section.plan, "section": section}
    )


@login_required
def section_edit(request, pk):
    section = _section_to_edit(request, pk)
    plan = section.plan
    form = SectionForm(request.POST or None, section=section)
    context = {"plan": plan, "section": section, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            section = editing.update_section(
                section,
                form.section_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.EditConflict as conflict:
            current = conflict.current
            _keep_input_at_version(form, current.version)
            context.update(
                _conflict_context(
                    editing.section_snapshot(current),
                    {key: form.cleaned_data[key] for key in editing.SECTION_FIELDS},
                    editing.SECTION_FIELDS,
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


def _direction(request):
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
@login_required
def section_move(request, pk):
    section = _section_to_edit(request, pk)
    editing.move_section(section, _direction(request), user=request.user)
    if request.htmx:
        return _render_tree(request, section.plan)
    return redirect(_editor_url(section.plan, f"section-{section.pk}"))


@login_required
def section_delete(request, pk):
    """Delete a section with everything in it (POST; GET asks first)."""
    section = _section_to_edit(request, pk)
    plan = section.plan
    if request.method == "POST":
        try:
            editing.delete_section(section, user=request.user)
        except editing.EditRefused as refused:
            return _refused(request, plan, refused)
        if request.htmx:
            return _render_tree(request, plan)
        messages.success(request, _("Section deleted."))
        return redirect(_editor_url(plan))
    context = {
        "plan": plan,
        "object": section,
        "task_count": Task.objects.filter(section__in=editing.subtree_ids(section)).count(),
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
    section = _section_to_edit(request, pk)
    plan = section.plan
    form = TaskForm(request.POST or None, plan=plan, section=section)
    context = {"plan": plan, "section": section, "form": form, "new": True}
    if request.method == "POST" and form.is_valid():
        try:
            task = editing.create_task(section, form.task_data(), user=request.user)
        except editing.EditRefused as refused:
            form.add_error(None, str(refused))
        else:
            if not request.htmx:
                messages.success(request, _("Task added."))
                return redirect(_editor_url(plan, f"task-{task.pk}"))
            task = _decorate_task(editing.fetch_task(task.pk))
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
    task = _task_to_edit(request, pk)
    if not request.htmx:
        return redirect(_editor_url(task.plan, f"task-{task.pk}"))
    task = _decorate_task(editing.fetch_task(task.pk))
    return render(request, "plans/editor/_task.html", {"plan": task.plan, "task": task})


@login_required
def task_edit(request, pk):
    """Edit a task in place (htmx) or on its own page; a save based on an older version is
    refused and both versions are shown, the user's input kept in the form."""
    task = editing.fetch_task(_task_to_edit(request, pk).pk)
    plan = task.plan
    form = TaskForm(request.POST or None, plan=plan, task=task)
    next_url = _next_url(request, "")
    context = {"plan": plan, "task": task, "form": form, "next": next_url}
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.update_task(
                task,
                form.task_data(),
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.EditConflict as conflict:
            current = conflict.current
            _keep_input_at_version(form, current.version)
            context.update(
                _conflict_context(
                    editing.task_snapshot(current),
                    form.task_data().snapshot(),
                    editing.TASK_FIELDS,
                    task=current,
                )
            )
        except editing.EditRefused as refused:
            form.add_error(None, str(refused))
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
    task = _task_to_edit(request, pk)
    editing.move_task(task, _direction(request), user=request.user)
    if request.htmx:
        return _render_tree(request, task.plan)
    return redirect(_editor_url(task.plan, f"task-{task.pk}"))


@login_required
def task_delete(request, pk):
    """Delete a task (POST; GET asks first)."""
    task = _task_to_edit(request, pk)
    plan = task.plan
    if request.method == "POST":
        try:
            editing.delete_task(task, user=request.user)
        except editing.EditRefused as refused:
            return _refused(request, plan, refused)
        if request.htmx:
            return _render_tree(request, plan)
        messages.success(request, _("Task deleted."))
        return redirect(_editor_url(plan))
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
    plan = _plan_to_edit(request, pk)
    if "text" in request.GET:
        text = request.GET["text"].strip()
        day = parse_deadline(text, plan.year)
        return JsonResponse(
            {"date": day.isoformat() if day else None, "open_ended": is_open_ended(text)}
        )
    day = parse_date(request.GET.get("date", "") or "")
    return JsonResponse({"text": export_common.deadline_phrase(day) if day else ""})


# --- Publishing and archiving -----------------------------------------------------------------


@login_required
def plan_publish(request, pk):
    """What blocks publishing, each blocking task linked to its form; publishing (POST)."""
    plan = _plan_to_edit(request, pk)
    if request.method == "POST":
        try:
            sent = publishing.publish(plan, user=request.user)
        except publishing.PublishError as error:
            messages.error(request, str(error))
            return redirect("plans:publish", pk=plan.pk)
        messages.success(
            request,
            _("The plan was published; %(count)d people of the responsible units were notified.")
            % {"count": sent},
        )
        return redirect(plan)
    context = {"plan": plan, "checklist": publishing.checklist(plan)}
    return render(request, "plans/plan_publish.html", context)


@login_required
def plan_archive(request, pk):
    """Archive the plan (POST; GET asks first). An archived plan can no longer be changed."""
    plan = _plan_to_edit(request, pk)
    if request.method == "POST":
        try:
            publishing.archive(plan, user=request.user)
        except publishing.PublishError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The plan was archived; it can no longer be changed."))
        return redirect(plan)
    return render(request, "plans/plan_archive.html", {"plan": plan})


# --- The change log ---------------------------------------------------------------------------


@login_required
def plan_history(request, pk):
    """Every recorded change of the plan, newest first: who, when, what, before and after.
    A unit sees the changes of its own tasks."""
    plan = permissions.get_plan(request.user, pk)
    entries = plan.audit_entries.select_related("user", "task")
    if request.user.is_reporter:
        entries = entries.filter(task__in=Task.objects.visible_to(request.user))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    labels = {**editing.PLAN_FIELDS, **editing.SECTION_FIELDS, **editing.TASK_FIELDS}
    for entry in page:
        entry.rows = _entry_rows(entry, labels)
    context = {
        "plan": plan,
        "page": page,
        "can_edit": permissions.can_edit_plan(request.user, plan),
    }
    return render(request, "plans/plan_history.html", context)


def _entry_rows(entry, labels):
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {
            "label": labels.get(key, key),
            "before": editing.display_value(before.get(key)),
            "after": editing.display_value(after.get(key)),
        }
        for key in keys
    ]


# --- Exports ----------------------------------------------------------------------------------


def _download(plan, data, extension, content_type, suffix=""):
    name = export_common.filename(plan, extension, suffix)
    response = FileResponse(io.BytesIO(data), content_type=content_type)
    response["Content-Disposition"] = export_common.content_disposition(
        name, f"plan-{plan.pk}{suffix and '-ledger'}.{extension}"
    )
    response["Content-Length"] = str(len(data))
    return response


@login_required
def export_docx(request, pk):
    """The plan as a Word document in the official-document layout."""
    plan = permissions.get_plan(request.user, pk)
    return _download(
        plan,
        docx_export.export_docx(plan),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _ledger_user(user):
    """Whose view the ledger shows: a unit sees its own tasks only."""
    return user if user.is_reporter else None


@login_required
def export_xlsx(request, pk):
    """The ledger (台账) as an Excel workbook."""
    plan = permissions.get_plan(request.user, pk)
    return _download(
        plan,
        xlsx_export.export_xlsx(plan, _ledger_user(request.user)),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        suffix=_("-ledger"),
    )


@login_required
def plan_print(request, pk):
    """The plan laid out as the official document, for printing from the browser."""
    plan = permissions.get_plan(request.user, pk)
    entries = list(export_common.walk(plan.section_tree()))
    for entry in entries:
        if entry.task is not None:
            entry.task.heading = export_common.task_heading(entry.task)
            entry.task.paragraph_list = export_common.paragraphs(entry.task.body)
            entry.task.note = export_common.responsibility_note(entry.task)
        else:
            entry.section.paragraph_list = export_common.paragraphs(entry.section.body)
    context = {
        "plan": plan,
        "entries": entries,
        "preamble": export_common.paragraphs(plan.preamble),
    }
    return render(request, "plans/plan_print.html", context)


@login_required
def ledger_print(request, pk):
    """The ledger as a table for printing from the browser (A4 landscape)."""
    plan = permissions.get_plan(request.user, pk)
    context = {
        "plan": plan,
        "columns": [header for header, _width in xlsx_export.columns()],
        "rows": xlsx_export.rows(plan, _ledger_user(request.user)),
    }
    return render(request, "plans/ledger_print.html", context)
