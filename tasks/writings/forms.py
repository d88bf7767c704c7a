"""The forms of documents: the editor, the confirmations, a new bulletin's scope and the good
examples picked from the answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.models import Round
from tasks.writings import bulletin

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _version():
    """The version the page was loaded with (``plans.drafting.versioning``)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# A year's summary of a large plan runs to tens of thousands of characters.
MAX_BODY = 200_000


class WritingForm(forms.Form):
    """The document as the planner edits it: title, text and closing (落款)."""

    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        required=False,
        strip=False,
        help_text=_(
            "One paragraph per line. Lines numbered 一、 and （一） are headings; a line numbered "
            "1． opens with its first sentence in bold."
        ),
        widget=forms.Textarea(attrs={"rows": 28, "class": "form-control writing-body"}),
    )
    issuer = forms.CharField(
        label=_("Issued by"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    issued_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    version = _version()

    def clean_body(self):
        # Windows line ends from the browser; trailing spaces of a line mean nothing.
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in body.split("\n")).strip("\n")


class ConfirmForm(forms.Form):
    """A confirmation of something that replaces or sends the document."""

    version = _version()
    confirm = forms.BooleanField(
        label=_("Yes, I am sure"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ScopeForm(forms.Form):
    """What a new bulletin is about: one of the plan's rounds, or a period."""

    round = forms.ModelChoiceField(
        label=_("Reporting round"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("— a period instead —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["round"].queryset = plan.rounds.order_by("-due_date", "-pk")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("period_start"), data.get("period_end")
        if data.get("round") is None:
            if not (start and end):
                raise forms.ValidationError(
                    _("Choose a reporting round, or give the first and last day of a period.")
                )
            if end < start:
                self.add_error("period_end", _("The period ends before it starts."))
        else:
            data["period_start"] = data["period_end"] = None
        return data

    def scope(self):
        data = self.cleaned_data
        return bulletin.Scope(self.plan, data["round"], data["period_start"], data["period_end"])


class ExampleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, report):
        text = " ".join(report.text.split())
        return f"{report.unit.name} · {report.task.label}{report.task.title}：{text[:120]}"


class ExamplesForm(forms.Form):
    """The answers a planner cites as good examples."""

    examples = ExampleChoiceField(
        label=_("Good examples"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, scope, with_version=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["examples"].queryset = bulletin.candidates(scope)
        if with_version:
            self.fields["version"] = _version()
