"""The pages of the assessment (结果考评): a plan's score table, its scheme, an adjustment of a
unit's score and the table as Excel. Rules in ``tasks.access``, scores in
``tasks.assessment.scoring``, changes in ``tasks.assessment.service``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks import access
from tasks.assessment import export, scoring, service
from tasks.assessment.forms import AdjustmentForm, SchemeForm
from unionplans.lib import params
from unionplans.lib.downloads import download


@login_required
def assessment(request, pk):
    """The plan's score table: per lead unit each criterion's figures and points, adjustments,
    total and rank; a unit's users see their own row only."""
    plan = access.get_plan_for_assessment(request.user, pk)
    table = scoring.table(plan, timezone.localdate())
    unit_only = access.sees_unit_part_only(request.user)
    if unit_only:
        own = table.row_of(request.user.unit_id)
        rows = [own] if own else []
        adjustments = service.adjustments(plan, own.unit_id) if own else []
    else:
        rows = table.rows
        adjustments = service.adjustments(plan)
    context = {
        "plan": plan,
        "table": table,
        "rows": rows,
        "adjustments": adjustments,
        "unit_only": unit_only,
        "may_manage": access.can_manage_assessment(request.user, plan),
    }
    return render(request, "tasks/assessment/table.html", context)


@login_required
def scheme(request, pk):
    """The weights of the plan's assessment (its planners); the defaults until saved."""
    plan = access.get_plan_to_assess(request.user, pk)
    current = service.scheme_of(plan)
    form = SchemeForm(request.POST or None, initial=current.weights)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_scheme(request.user, plan, form.weights)
        except service.AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assessment weights are saved."))
            return redirect("tasks:assessment", plan.pk)
    context = {"plan": plan, "form": form, "scheme": current}
    return render(request, "tasks/assessment/scheme.html", context)


@login_required
def adjust(request, pk):
    """Add points to or deduct points from a unit's score, with the reason (its planners)."""
    plan = access.get_plan_to_assess(request.user, pk)
    units = service.assessed_units(plan)
    form = AdjustmentForm(
        request.POST or None, units=units, initial={"unit": params.int_param(request, "unit")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.adjust(request.user, plan, data["unit"], data["points"], data["reason"])
        except service.AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The score is adjusted."))
            return redirect("tasks:assessment", plan.pk)
    return render(request, "tasks/assessment/adjust.html", {"plan": plan, "form": form})


@login_required
def export_xlsx(request, pk):
    """The whole table, the adjustments and the weights as an Excel workbook."""
    plan = access.get_plan_for_assessment_export(request.user, pk)
    table = scoring.table(plan, timezone.localdate())
    data = export.workbook_bytes(plan, table, service.adjustments(plan))
    return download(data, f"{plan.title}-{_('Assessment')}.xlsx", f"assessment-{plan.pk}.xlsx")
