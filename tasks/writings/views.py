"""The pages of documents: a plan's documents, a round's compilation (Word and Excel), a new
bulletin, the editor (save, regenerate, good examples, publish), the Word file, and the
bulletins published to a unit. Rules in ``tasks.access``, work in ``tasks.writings.service``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.drafting import snapshots
from tasks import access
from tasks.models import Writing
from tasks.writings import bulletin, compilation, export, service, workbook
from tasks.writings.forms import ConfirmForm, ExamplesForm, ScopeForm, WritingForm
from unionplans.lib.downloads import download
from unionplans.lib.paging import paginate

Kind = Writing.Kind
PER_PAGE = 30


@login_required
def writing_list(request, pk):
    """A plan's documents, newest first, and (for its planners) the buttons that make them."""
    plan = access.get_plan_for_writings(request.user, pk)
    context = {
        "plan": plan,
        "writings": plan.writings.select_related("round", "updated_by"),
        "rounds": plan.rounds.order_by("-due_date", "-pk"),
        "may_write": access.can_write_documents(request.user, plan),
    }
    return render(request, "tasks/writings/writing_list.html", context)


@login_required
@require_POST
def summary_new(request, pk):
    """Generate the plan's year-end summary (or open the one already written)."""
    plan = access.get_plan_for_writings(request.user, pk)
    if not access.can_write_documents(request.user, plan):
        raise PermissionDenied
    writing = service.create(request.user, Kind.SUMMARY, plan)
    return redirect(writing)


@login_required
def bulletin_new(request, pk):
    """A new bulletin: choose its round or period, pick good examples among the answers, and
    generate the draft."""
    plan = access.get_plan_for_writings(request.user, pk)
    if not access.can_write_documents(request.user, plan):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    bound = bool({"round", "period_start", "period_end"} & set(data))
    scope_form = ScopeForm(data if bound else None, plan=plan)
    examples_form = None
    if bound and scope_form.is_valid():
        scope = scope_form.scope()
        examples_form = ExamplesForm(
            request.POST if request.method == "POST" else None, scope=scope
        )
        if request.method == "POST" and examples_form.is_valid():
            try:
                writing = service.create(
                    request.user,
                    Kind.BULLETIN,
                    plan,
                    rnd=scope.round,
                    period_start=scope.start,
                    period_end=scope.end,
                    examples=list(examples_form.cleaned_data["examples"]),
                )
            except service.WritingError as error:
                scope_form.add_error(None, str(error))
            else:
                messages.success(request, _("The bulletin's draft is ready: read it and edit it."))
                return redirect(writing)
    context = {"plan": plan, "scope_form": scope_form, "examples_form": examples_form}
    return render(request, "tasks/writings/bulletin_new.html", context)


@login_required
def round_compilation(request, pk):
    """The round's compilation: opened when written, generated (its planners, by POST) when
    not; the Excel sheet of the answers is always at hand."""
    rnd = access.get_round(request.user, pk)
    may_write = access.can_write_documents(request.user, rnd.plan)
    existing = service.compilation_of(rnd)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        writing = existing or service.create(request.user, Kind.COMPILATION, rnd.plan, rnd=rnd)
        return redirect(writing)
    if existing is not None:
        return redirect(existing)
    return render(
        request, "tasks/writings/round_compilation.html", {"round": rnd, "may_write": may_write}
    )


@login_required
def round_compilation_xlsx(request, pk):
    """The round's answers as an Excel sheet: a row per task and unit."""
    rnd = access.get_round(request.user, pk)
    title = compilation.title(rnd)
    data = workbook.xlsx(compilation.gather(rnd), title)
    return download(data, f"{export.safe_name(title)}.xlsx", f"round-{rnd.pk}.xlsx")


def _editor_context(request, writing, form):
    may_edit = access.can_write_documents(request.user, writing.plan) and not writing.is_published
    context = {
        "writing": writing,
        "form": form if may_edit else None,
        "may_edit": may_edit,
        "may_publish": may_edit and writing.kind == Kind.BULLETIN,
        "paragraphs": export.preview(writing.body),
        "follows": not access.sees_unit_part_only(request.user),
    }
    if may_edit and writing.kind == Kind.BULLETIN:
        context["examples_form"] = ExamplesForm(
            scope=bulletin.Scope.of(writing),
            with_version=True,
            initial={"version": writing.version},
        )
    return context


@login_required
def writing_detail(request, pk):
    """A document: the editor for its planners, the text for the others. A save based on a
    version a colleague replaced is refused and both versions shown; the typing is kept."""
    writing = access.get_writing(request.user, pk)
    if request.method != "POST":
        initial = {name: getattr(writing, name) for name in service.FIELDS}
        form = WritingForm(initial={**initial, "version": writing.version})
        return render(
            request, "tasks/writings/writing_detail.html", _editor_context(request, writing, form)
        )
    writing = access.get_writing_to_edit(request.user, pk)
    if writing.is_published:
        messages.error(request, _("This bulletin is published; it is not changed any more."))
        return redirect(writing)
    form = WritingForm(request.POST)
    context = {}
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in service.FIELDS}
        try:
            service.save(request.user, writing, loaded_version=form.cleaned_data["version"], **data)
        except service.EditConflict as conflict:
            context["conflict"] = _conflict(conflict.current, data)
            _keep_at_version(form, conflict.current.version)
        except service.WritingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(writing)
    context.update(_editor_context(request, writing, form))
    return render(request, "tasks/writings/writing_detail.html", context)


def _conflict(current, yours):
    """Their saved version beside the user's, field by field, as the plan editor shows it."""
    labels = {
        "title": _("Title"),
        "body": _("Text"),
        "issuer": _("Issued by"),
        "issued_on": _("Date"),
    }
    theirs = {name: getattr(current, name) for name in service.FIELDS}
    rows = [
        {
            "label": labels[name],
            "theirs": snapshots.display_value(theirs[name]),
            "yours": snapshots.display_value(yours[name]),
        }
        for name in snapshots.differences(theirs, yours)
    ]
    # Who saved their version, and when: the conflict box names them.
    entry = {"user": current.updated_by, "at": current.updated_at}
    return {"rows": rows, "entry": entry}


def _keep_at_version(form, version):
    """The typing stays; it now names the version seen, so saving again replaces it."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data


@login_required
def writing_regenerate(request, pk):
    """Replace the text with a fresh draft from the data, after a confirmation."""
    writing = access.get_writing_to_edit(request.user, pk)
    form = ConfirmForm(request.POST or None, initial={"version": writing.version})
    if request.method == "POST" and form.is_valid():
        try:
            service.regenerate(request.user, writing, loaded_version=form.cleaned_data["version"])
        except service.EditConflict:
            form.add_error(
                None, _("Someone saved the document meanwhile: read their version first.")
            )
        except service.WritingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The text was generated again from the data."))
            return redirect(writing)
    context = {"writing": writing, "form": form, "action": "regenerate"}
    return render(request, "tasks/writings/confirm.html", context)


@login_required
@require_POST
def writing_examples(request, pk):
    """Cite the answers picked as good examples in the bulletin's text."""
    writing = access.get_writing_to_edit(request.user, pk)
    if writing.kind != Kind.BULLETIN:
        raise PermissionDenied
    form = ExamplesForm(request.POST, scope=bulletin.Scope.of(writing), with_version=True)
    if form.is_valid():
        try:
            service.insert_examples(
                request.user,
                writing,
                list(form.cleaned_data["examples"]),
                loaded_version=form.cleaned_data["version"],
            )
        except service.EditConflict:
            messages.error(
                request, _("Someone saved the document meanwhile: pick the examples again.")
            )
        except service.WritingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The examples are in the text."))
    else:
        messages.error(request, _("Pick answers of this bulletin's round or period."))
    return redirect(writing)


@login_required
def writing_publish(request, pk):
    """Publish a bulletin to every unit of the federation, after a confirmation."""
    writing = access.get_writing_to_edit(request.user, pk)
    if writing.kind != Kind.BULLETIN:
        raise PermissionDenied
    form = ConfirmForm(request.POST or None, initial={"version": writing.version})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != Writing.objects.get(pk=writing.pk).version:
            form.add_error(None, _("Someone saved the bulletin meanwhile: read it again first."))
        elif service.publish(request.user, writing):
            messages.success(request, _("The bulletin is published to every unit."))
            return redirect(writing)
        else:
            messages.info(request, _("The bulletin was already published."))
            return redirect(writing)
    units = access.federation_units(writing.plan.owner.federation_root_id).count()
    context = {"writing": writing, "form": form, "action": "publish", "units": units}
    return render(request, "tasks/writings/confirm.html", context)


@login_required
def writing_docx(request, pk):
    """The document as Word, in the 公文 layout."""
    writing = access.get_writing(request.user, pk)
    return download(
        export.docx(writing), export.filename(writing, "docx"), f"document-{writing.pk}.docx"
    )


@login_required
def bulletin_list(request):
    """The bulletins published to the user's federation, newest first."""
    if not access.can_read_bulletins(request.user):
        raise PermissionDenied
    bulletins = (
        access.writings_visible_to(request.user)
        .published_bulletins()
        .order_by("-published_at", "-pk")
    )
    page, query = paginate(request, bulletins.select_related("published_by"), PER_PAGE)
    return render(request, "tasks/writings/bulletin_list.html", {"page": page, "query": query})
