"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans import permissions
from plans.drafting import publishing

# --- Publishing and archiving -----------------------------------------------------------------


@login_required
def plan_publish(request, pk):
    """What blocks publishing, each blocking task linked to its form; publishing (POST)."""
    plan = permissions.get_plan_to_edit(request.user, pk)
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
    plan = permissions.get_plan_to_edit(request.user, pk)
    if request.method == "POST":
        try:
            publishing.archive(plan, user=request.user)
        except publishing.PublishError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The plan was archived; it can no longer be changed."))
        return redirect(plan)
    return render(request, "plans/plan_archive.html", {"plan": plan})
