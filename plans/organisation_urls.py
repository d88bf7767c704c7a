"""The organisation pages (/organisation/…) and a person's own account (/account/…)."""

from django.urls import path

from plans.views import accounts, organisation, organisation_lists

app_name = "organisation"
urlpatterns = [
    path("organisation/", organisation.start, name="start"),
    path("organisation/<int:federation>/", organisation.units, name="units"),
    path("organisation/<int:federation>/units/new/", organisation.unit_new, name="unit_new"),
    path("organisation/units/<int:pk>/", organisation.unit_detail, name="unit"),
    path("organisation/units/<int:pk>/edit/", organisation.unit_edit, name="unit_edit"),
    path("organisation/<int:federation>/people/", organisation.people, name="people"),
    path("organisation/<int:federation>/people/new/", accounts.account_new, name="account_new"),
    path("organisation/people/<int:pk>/edit/", accounts.account_edit, name="account_edit"),
    path("organisation/people/<int:pk>/active/", accounts.account_active, name="account_active"),
    path(
        "organisation/people/<int:pk>/password/",
        accounts.account_reset_password,
        name="account_password",
    ),
    path(
        "organisation/people/<int:pk>/reset-link/",
        accounts.account_reset_link,
        name="account_reset_link",
    ),
    path("organisation/<int:federation>/leaders/", organisation.leaders, name="leaders"),
    path("organisation/<int:federation>/leaders/new/", organisation.leader_new, name="leader_new"),
    path("organisation/leaders/<int:pk>/edit/", organisation.leader_edit, name="leader_edit"),
    path("organisation/<int:federation>/changes/", organisation.changes, name="changes"),
    path("organisation/<int:federation>/list/", organisation_lists.list_upload, name="list_upload"),
    path(
        "organisation/<int:federation>/list/template.xlsx",
        organisation_lists.list_template,
        name="list_template",
    ),
    path(
        "organisation/<int:federation>/list/export.xlsx",
        organisation_lists.list_export,
        name="list_export",
    ),
    path(
        "organisation/<int:federation>/list/<str:token>/",
        organisation_lists.list_preview,
        name="list_preview",
    ),
    path("account/", accounts.profile, name="profile"),
    path("account/password/", accounts.password_change, name="password_change"),
]
