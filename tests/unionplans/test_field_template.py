"""templates/_field.html: a field in error is outlined (is-invalid), its message read with it."""

import re

from django import forms
from django.template.loader import render_to_string


class Form(forms.Form):
    name = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}))
    plain = forms.CharField(help_text="帮助")
    agreed = forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


def _input(html, name):
    return re.search(rf'<input\b[^>]*name="{name}"[^>]*>', html).group()


def test_a_field_in_error_keeps_its_classes_and_is_outlined():
    form = Form({"name": "", "plain": "", "agreed": ""})
    for name, classes in (
        ("name", "form-control is-invalid"),
        ("plain", "is-invalid"),
        ("agreed", "form-check-input is-invalid"),
    ):
        html = render_to_string("_field.html", {"field": form[name]})
        tag = _input(html, name)
        assert f'class="{classes}"' in tag and 'aria-invalid="true"' in tag
        described = re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()
        assert f"id_{name}_error" in described
        assert f'id="id_{name}_error"' in html


def test_a_valid_field_is_not_outlined_and_its_help_is_read_with_it():
    form = Form({"name": "甲", "plain": "乙", "agreed": "on"})
    form.is_valid()
    html = render_to_string("_field.html", {"field": form["plain"]})
    tag = _input(html, "plain")
    assert "is-invalid" not in tag and "aria-invalid" not in tag
    assert 'aria-describedby="id_plain_helptext"' in tag and 'id="id_plain_helptext"' in html
