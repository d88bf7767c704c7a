from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from plans import permissions
from plans.models import Plan


@login_required
def plan_list(request):
    """The plans the user may open, newest year first."""
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-year", "owner__name", "title")
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


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
    }
    return render(request, "plans/plan_detail.html", context)
