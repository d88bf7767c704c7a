"""The unit and people list: the template and the current directory as Excel, an upload, its
preview (created, changed, unchanged, errors per row) and applying it in one transaction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from plans import permissions
from plans.forms.organisation import ListUploadForm
from plans.organisation import pending, workbook
from plans.organisation.applying import HasErrors, apply_list
from plans.organisation.changes import compute_changes
from plans.organisation.reading import ListError, read_list
from unionplans.lib.downloads import download


@login_required
def list_template(request, federation):
    """The blank list to fill in."""
    permissions.get_federation_to_manage(request.user, federation)
    return download(workbook.template(), "单位和人员名单模板.xlsx", "organisation-template.xlsx")


@login_required
def list_export(request, federation):
    """The federation's units and people in the list's format."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    day = timezone.localdate().isoformat()
    return download(
        workbook.export(federation),
        f"{federation.name}单位和人员名单{day}.xlsx",
        f"organisation-{day}.xlsx",
    )


@login_required
def list_upload(request, federation):
    """Upload a filled list; it is read once and shown in a preview."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            read = read_list(form.cleaned_data["workbook"])
        except ListError as error:
            form.add_error("workbook", str(error))
        else:
            token = pending.store(request, federation, read)
            return redirect("organisation:list_preview", federation=federation.pk, token=token)
    context = {"federation": federation, "form": form, "tab": "import"}
    return render(request, "organisation/list_upload.html", context)


@never_cache
@login_required
def list_preview(request, federation, token):
    """What the list would create, change or leave alone; applied on confirmation."""
    federation = permissions.get_federation_to_manage(request.user, federation)
    read = pending.load(request, federation, token)
    if read is None:
        raise Http404
    if request.method == "POST":
        try:
            applied = apply_list(federation, read, request.user)
        except HasErrors:
            messages.error(request, _("The list has rows in error; nothing was changed."))
        else:
            pending.discard(request, token)
            context = {"federation": federation, "applied": applied, "tab": "import"}
            # The new accounts' initial passwords are on this page only, once.
            response = render(request, "organisation/list_applied.html", context)
            response["Cache-Control"] = "no-store"
            return response
    changes = compute_changes(federation, read, request.user)
    context = {"federation": federation, "changes": changes, "read": read, "tab": "import"}
    return render(request, "organisation/list_preview.html", context)
