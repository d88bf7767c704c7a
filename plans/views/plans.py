"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans import permissions
from plans.drafting import copying, plan_edits
from plans.forms.plans import CopyPlanForm, NewPlanForm
from plans.models import Plan
from plans.views import outline
from unionplans.lib import params
from unionplans.lib.paging import paginate

PLANS_PER_PAGE = 50

# --- Lists and the plan ------------------------------------------------------------------------


@login_required
def plan_list(request):
    """The plans the user may open, newest year first, by owner; a page at a time."""
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-year", "owner__name", "title")
    )
    # A federation keeps every year's plans: a page of them at a time.
    page, query = paginate(request, plans, PLANS_PER_PAGE)
    context = {
        "plans": page,
        "page": page,
        "query": query,
        "can_create": permissions.can_create_plans(request.user),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, pk):
    """The plan as the document reads: sections, tasks, responsibilities and deadlines; a plan
    of thousands of tasks with its sections folded, one section's tasks at a time."""
    plan = permissions.get_plan(request.user, pk)
    # Sections and tasks prepared once (the template does no work per task); a plan of
    # thousands of tasks folded, one section's tasks shown.
    document = outline.document(request, plan)
    context = {
        "plan": plan,
        "document": document,
        "outline": document.blocks,
        "deadline_word": _("Deadline"),
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
    copy_of = params.int_param(request, "copy")
    if copy_of is not None:
        source = permissions.get_plan(request.user, copy_of)
    mode = (
        params.choice_param(request, "mode", {"blank", "copy"})
        if request.method == "POST"
        else None
    )
    blank = NewPlanForm(request.user, request.POST if mode == "blank" else None, prefix="blank")
    copy = CopyPlanForm(
        request.user, request.POST if mode == "copy" else None, source=source, prefix="copy"
    )
    if mode == "blank" and blank.is_valid():
        data = blank.cleaned_data
        plan = plan_edits.create_plan(
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
