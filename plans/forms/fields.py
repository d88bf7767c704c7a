"""Forms of the plan editor: a new plan (blank or copied), the plan's title and preamble, a
section, a task with its responsibilities, deadline and targets. Each editing form carries the
version it was loaded with (see plans.drafting.versioning)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

TITLE_SENTENCE_END = "。！？!?；;"
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2200)]


def form_helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


def no_sentence_end(title):
    title = (title or "").strip().rstrip("。")
    if any(mark in title for mark in TITLE_SENTENCE_END):
        raise forms.ValidationError(
            _(
                "A title is one sentence: put what follows 。 or ； into the text below, so "
                "that the printed plan reads the same."
            )
        )
    return title


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class ParagraphsField(forms.CharField):
    """Text of one paragraph per line. Browsers send a textarea's line breaks as CR LF; they
    are kept as LF, as imported and stored text has them, so that saving unchanged text is no
    change (and is not recorded as one)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value
