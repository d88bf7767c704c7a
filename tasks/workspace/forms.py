"""The forms of the unit workspace and of the review queue."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tasks.workspace import attachments

MAX_FILES = 10
MAX_LINKS = 20
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each checked by content (``tasks.attachments``). Cleans to a
    list of (file, kind); every refused file is named in the errors."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = attachments.ACCEPT

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            uploads = [item for item in data if item]
        else:
            uploads = [data] if data else []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                gettext("Attach at most %(count)s files to one report.") % {"count": MAX_FILES}
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append((upload, attachments.check(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def _figure_field_name(target):
    return f"target_{target.pk}"


class ReportForm(forms.Form):
    """A progress report: text, percent, the unit's figure for each target, links, files."""

    text = forms.CharField(
        label=_("What has been done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Activities held, people reached, results so far."),
    )
    percent = forms.IntegerField(
        label=_("Percent done"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "0–100"}),
    )
    links = forms.CharField(
        label=_("Links to published articles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        help_text=_("One per line; a title may come before the address."),
    )
    files = AttachmentsField(
        label=_("Photos and documents"),
        help_text=_("Photos (JPEG, PNG, GIF, WebP), PDF, Word, Excel or PowerPoint files."),
    )

    def __init__(self, *args, targets=(), previous=None, refused=(), **kwargs):
        """``targets`` of the task get a figure field each; ``previous`` maps target ids to the
        unit's latest figure, shown as a hint; ``refused`` says why the upload handler did not
        receive files (``unionplans.lib.uploads.refusals``)."""
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.refused = list(refused)
        previous = previous or {}
        for target in self.targets:
            hint = gettext("Target: %(value)s%(measure)s.") % {
                "value": target.value_display,
                "measure": target.measure,
            }
            if target.pk in previous:
                hint += " " + gettext("Your unit's last figure: %(value)s.") % {
                    "value": previous[target.pk]
                }
            self.fields[_figure_field_name(target)] = forms.DecimalField(
                label=target.text,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                help_text=hint
                + " "
                + gettext("Enter your unit's total so far, not only what was added."),
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
        self.order_fields(
            ["text", "percent", *[_figure_field_name(t) for t in self.targets], "links", "files"]
        )

    @property
    def figure_fields(self):
        return [self[_figure_field_name(target)] for target in self.targets]

    def clean_links(self):
        validate = URLValidator(schemes=["http", "https"])
        links, errors = [], []
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        for number, line in enumerate((line for line in lines if line), start=1):
            match = _URL.search(line)
            url = match.group(0) if match else ""
            try:
                validate(url)
            except ValidationError:
                errors.append(
                    gettext("Line %(number)s is not a web address starting with http(s)://.")
                    % {"number": number}
                )
                continue
            title = line[: match.start()].strip(" ：:-—|")
            links.append((url, title[:300]))
        if errors:
            raise ValidationError(errors)
        if len(links) > MAX_LINKS:
            raise ValidationError(gettext("Give at most %(count)s links.") % {"count": MAX_LINKS})
        return links

    def figures(self):
        """{target: value} of the figures entered."""
        result = {}
        for target in self.targets:
            value = self.cleaned_data.get(_figure_field_name(target))
            if value is not None:
                result[target] = value
        return result

    def clean_files(self):
        if self.refused:
            raise ValidationError(self.refused)
        return self.cleaned_data["files"]

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("files"):
            self.ask_files_again()
        return cleaned

    def refuse_files(self, message):
        """Refuse the files after validation (the unit's quota, checked when saving)."""
        self.add_error("files", message)
        self.ask_files_again()

    def ask_files_again(self):
        """Say next to the files field that they must be chosen again (a page shown again
        cannot keep the files the browser sent)."""
        # The browser cannot keep chosen files: say so, next to the refused ones.
        self.add_error(
            "files",
            gettext(
                "Nothing was saved yet: your text and figures are kept below; choose the "
                "files again and send the report."
            ),
        )


class CompletionRequestForm(forms.Form):
    """The summary of the work; when the task looks unfinished (``gaps``, from
    progress.completion_gaps: percent under 100, targets not reached) the unit is warned and
    must tick that it requests completion all the same."""

    note = forms.CharField(
        label=_("Summary of the work done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, gaps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.gaps = list(gaps)
        if self.gaps:
            self.fields["confirm_gaps"] = forms.BooleanField(
                label=_("I request completion although the task does not look finished"),
                error_messages={"required": _("Tick the box to request completion all the same.")},
            )


class ExtensionRequestForm(forms.Form):
    proposed_deadline = forms.DateField(
        label=_("Proposed deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task

    def clean_proposed_deadline(self):
        day = self.cleaned_data["proposed_deadline"]
        if self.task is not None and self.task.deadline and day <= self.task.deadline:
            raise ValidationError(gettext("Propose a date after the current deadline."))
        if day < timezone.localdate():
            raise ValidationError(gettext("Propose a date that has not passed."))
        return day


class ReturnForm(forms.Form):
    """Sending a completion request back, or rejecting an extension: a comment is required."""

    comment = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtensionApprovalForm(forms.Form):
    new_deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline_text = forms.CharField(
        label=_("Deadline as written"),
        required=False,
        max_length=100,
        help_text=_("Left empty: written from the date, for example 2026年12月31日前."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
