"""What the documents write in the audit trail, made readable (``plans.audit.display``) for the
plan's change log. Imported when the app is ready (``TasksConfig.ready``)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.audit import display
from tasks.models import Writing
from tasks.writings import service


def _changed(value):
    """The text of a document is long: an entry only says that it changed."""
    return gettext("changed") if value else None


FIELDS = {
    "document": display.Field(_("Document")),
    "kind": display.Field(_("Type of document"), display.choice(Writing.Kind)),
    "title": display.Field(_("Title")),
    "body": display.Field(_("Text"), _changed),
    "issuer": display.Field(_("Issued by")),
    "issued_on": display.Field(_("Date"), display.date),
    "units": display.Field(_("Units")),
}

ACTIONS = {
    service.CREATED: _("Document generated"),
    service.SAVED: _("Document saved"),
    service.REGENERATED: _("Document generated again from the data"),
    service.EXAMPLES_INSERTED: _("Good examples inserted"),
    service.PUBLISHED: _("Bulletin published to the units"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)
