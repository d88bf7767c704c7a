"""How templates/_field.html writes a form's field, so that every form reads alike."""

from django import template

register = template.Library()


@register.filter
def widget(field):
    """``field``'s input, with Bootstrap's ``is-invalid`` beside its own classes when the field
    has errors: the red outline that the forms drawn by crispy-forms show."""
    if not field.errors:
        return field.as_widget()
    classes = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{classes} is-invalid".strip()})
