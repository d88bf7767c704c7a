from django.urls import path

from plans import import_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    # Drafting, publishing and exporting (plans.views).
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/edit/header/", views.plan_header, name="header"),
    path("<int:pk>/sections/new/", views.section_new, name="section_new"),
    path("<int:pk>/deadline/", views.deadline, name="deadline"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/archive/", views.plan_archive, name="archive"),
    path("<int:pk>/history/", views.plan_history, name="history"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("<int:pk>/ledger/", views.ledger_print, name="ledger"),
    path("<int:pk>/export/docx/", views.export_docx, name="export_docx"),
    path("<int:pk>/export/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("sections/<int:pk>/", views.section_item, name="section_item"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_item, name="task_item"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/move/", views.task_move, name="task_move"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("import/", import_views.import_start, name="import"),
    path("import/<str:token>/", import_views.import_preview, name="import_preview"),
]
