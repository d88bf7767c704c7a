"""A unit's part of a round: its tasks with their answers and an answer form each (the
workspace's progress report form: statement, percent, figures, links, files). Rules in
``tasks.access``, the page's data in ``tasks.rounds.answering``, the work in
``tasks.rounds.service`` (and ``tasks.workspace.workflow`` for a progress report)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tasks import access
from tasks.rounds import answering, service
from tasks.workspace import workflow
from unionplans.lib import uploads


@login_required
def round_unit(request, pk, unit_pk):
    """One unit's part of a round: its tasks in order, which are answered, and a form per task
    for the unit's own users. An answer refused (the round closed meanwhile, a mistake in the
    form) is shown again as typed, with the reason."""
    rnd, unit = access.get_round_unit(request.user, pk, unit_pk)
    may_answer = access.can_answer_round(request.user, rnd, unit)
    page = answering.UnitPage(rnd, unit, answering=may_answer)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        response = _answer(request, page)
        if response is not None:
            return response
        rnd.refresh_from_db(fields=["closed_at"])
    context = {
        "round": rnd,
        "unit": unit,
        "page": page,
        "may_answer": may_answer,
        "follows": not access.sees_unit_part_only(request.user),
    }
    return render(request, "tasks/rounds/round_unit.html", context)


def _answer(request, page):
    """Save the answer posted on ``page`` and redirect to the next task to answer; None when the
    page is to be shown again with the form as sent and why it was not submitted."""
    item = page.posted_task(request.POST)
    if item is None:
        messages.error(request, _("Choose a task of the round to answer."))
        return None
    refused = uploads.refusals(request)
    # Files received before a cut-off are closed: with refusals, the form does not read them.
    form = page.form(
        item.task_id, request.POST, None if refused else request.FILES, refused=refused
    )
    page.show(item.task_id, form)
    if not form.is_valid():
        messages.error(request, _("The answer was not submitted: please correct what is marked."))
        return None
    report = {
        "text": form.cleaned_data["text"],
        "percent": form.cleaned_data["percent"],
        "figures": form.figures(),
        "links": form.cleaned_data["links"],
        "files": form.cleaned_data["files"],
    }
    try:
        service.answer(request.user, page.round, item.task, page.unit, **report)
    except service.RoundClosed as error:
        if "as_report" in request.POST:
            return _save_as_report(request, item.task, page.unit, form, report)
        form.round_closed = True
        form.add_error(None, str(error))
        if report["files"]:
            form.ask_files_again()
        return None
    except workflow.QuotaExceeded as error:
        form.refuse_files(str(error))
        return None
    except (service.RoundError, workflow.WorkflowError) as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, _("Your answer is submitted."))
    target = page.next_after(item.task_id) or item.task_id
    return redirect(
        f"{reverse('tasks:round_unit', args=[page.round.pk, page.unit.pk])}#item-{target}"
    )


def _save_as_report(request, task, unit, form, report):
    """The unit chose to keep an answer the closed round refused as a progress report on the
    task (it shows there, but not as an answer to the round)."""
    try:
        workflow.report(request.user, task, unit, **report)
    except workflow.QuotaExceeded as error:
        form.round_closed = True
        form.refuse_files(str(error))
        return None
    except workflow.WorkflowError as error:
        form.round_closed = True
        form.add_error(None, str(error))
        return None
    messages.success(
        request,
        _("Saved as a progress report on the task; it is not an answer to the closed round."),
    )
    return redirect(f"{task.get_absolute_url()}#reports")
