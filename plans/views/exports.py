"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans import permissions
from plans.exporting import common as export_common
from plans.exporting import docx as docx_export
from unionplans.lib.downloads import download

# --- Exports ----------------------------------------------------------------------------------


@login_required
def export_docx(request, pk):
    """The plan as a Word document in the official-document layout."""
    plan = permissions.get_plan(request.user, pk)
    return download(
        docx_export.export_docx(plan),
        export_common.filename(plan, "docx"),
        f"plan-{plan.pk}.docx",
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
