"""The forms of the import flow: what to import, then the corrections made in the preview."""

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plans.importing.corrections import MERGE, SPLIT, TO_SECTION, TO_TASK
from plans.importing.saving import NEW_UNIT
from plans.models import Unit

# What the file chooser offers; plans.importing.read_document decides what it can read.
ACCEPTED_EXTENSIONS = ".docx,.doc,.wps,.rtf,.odt,.pdf,.xlsx,.xlsm,.xls,.et,.txt"


class ImportForm(forms.Form):
    """A document to upload, or its text pasted; the owner unit and, optionally, the year."""

    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_(
            "A Word or WPS document (.docx, .doc, .wps), a PDF, an Excel or WPS task list (.xlsx, "
            ".xls, .et) or a text file (.txt)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
    )
    text = forms.CharField(
        label=_("Or paste the text of the plan"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    owner = forms.ModelChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1949,
        max_value=2200,
        help_text=_("Leave empty to take the year from the document."),
    )

    def __init__(self, units, *args, refused=(), **kwargs):
        """``refused``: why the upload handler did not receive the document
        (``unionplans.lib.uploads.refusals``)."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units
        self.refused = list(refused)

    def clean_document(self):
        if self.refused:
            raise ValidationError(self.refused)
        upload = self.cleaned_data["document"]
        limit = settings.IMPORT_MAX_BYTES
        if upload and upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; documents of up to %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        # A refused upload has its own message already.
        if not data.get("document") and not has_text and not self.errors.get("document"):
            raise ValidationError(_("Choose a document to upload or paste the plan's text."))
        if data.get("document") and has_text:
            raise ValidationError(_("Upload a document or paste text, not both."))
        return data

    def source(self):
        """What to parse: (bytes, file name) for an upload, (str, "") for pasted text."""
        upload = self.cleaned_data.get("document")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"], ""


class ReviewForm(forms.Form):
    """The preview's corrections: title, year and, for each unit named in the document, the
    unit it is (matched ones preselected) or a new unit."""

    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2200)

    def __init__(self, parsed, matcher, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = parsed.title
        self.fields["year"].initial = parsed.year
        self.unit_rows = []
        self._units = {str(unit.pk): unit for unit in matcher.units}
        existing = sorted(matcher.units, key=lambda unit: (unit.order, unit.name))
        for name in unit_names(parsed):
            match = matcher.match(name)
            suggestions = [] if match else matcher.suggest(name)
            choices = [(NEW_UNIT, _("New unit “%(name)s”") % {"name": name})]
            choices += [(str(unit.pk), unit.name) for unit in suggestions]
            choices += [(str(unit.pk), unit.name) for unit in existing if unit not in suggestions]
            # Named after the unit's name, not its position: a correction made in the preview
            # (htmx re-draws the plan, not this form) may change the order names first appear.
            field_name = "unit_" + hashlib.sha1(name.encode()).hexdigest()[:12]
            self.fields[field_name] = forms.ChoiceField(
                label=name,
                choices=choices,
                initial=str(match.pk) if match else NEW_UNIT,
            )
            self.unit_rows.append(
                {"name": name, "field": field_name, "match": match, "suggestions": suggestions}
            )

    def unit_fields(self):
        return [(row, self[row["field"]]) for row in self.unit_rows]

    def unit_choices(self):
        """Name in the document → Unit, or NEW_UNIT."""
        choices = {}
        for row in self.unit_rows:
            value = self.cleaned_data[row["field"]]
            choices[row["name"]] = NEW_UNIT if value == NEW_UNIT else self._units[value]
        return choices


def unit_names(parsed):
    """Every unit named in a parsed plan, once, in order of first mention."""
    names = {}
    for task in parsed.all_tasks():
        for name in [*task.lead_units, *task.supporting_units]:
            names.setdefault(name, None)
    return list(names)


UNDO = "undo"
START_AGAIN = "start_again"
# A key pending.dump_plan gives (8 hex digits), or one by position ("p12") of an older preview.
_KEY = r"\A[0-9a-z]{1,16}\Z"


class CorrectionForm(forms.Form):
    """One correction of the preview: an action on a section or task (its key), or undoing the
    last correction, or starting again from the file. Splitting names the paragraph (from 0)
    with the button that starts there (``split_at``), the other actions with ``action``.
    ``version`` is the preview's when the page was shown (pending.PendingImport.version)."""

    action = forms.ChoiceField(
        required=False,
        choices=[(name, name) for name in (MERGE, TO_SECTION, TO_TASK, UNDO, START_AGAIN)],
    )
    split_at = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    key = forms.RegexField(regex=_KEY, required=False, max_length=16)
    version = forms.IntegerField(min_value=0, max_value=10**9)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        action, split_at = data.get("action"), data.get("split_at")
        if bool(action) == (split_at is not None):
            raise ValidationError(_("Choose one correction."))
        if split_at is not None:
            data["action"] = SPLIT
        if data["action"] not in (UNDO, START_AGAIN) and not data.get("key"):
            raise ValidationError(_("Choose the section or task to correct."))
        return data

    def error_message(self):
        """What was wrong, in one sentence for a message."""
        if self.non_field_errors():
            return self.non_field_errors()[0]
        return _(
            "This correction could not be read. Here is the preview as it is: try again from it."
        )
