from django.urls import path

from plans.views import editor, exports, history, importing, plans, publishing

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    # Drafting (plans.views.editor), publishing, the change log and exports.
    path("new/", plans.plan_new, name="new"),
    path("<int:pk>/edit/", editor.plan_edit, name="edit"),
    path("<int:pk>/edit/header/", editor.plan_header, name="header"),
    path("<int:pk>/sections/new/", editor.section_new, name="section_new"),
    path("<int:pk>/deadline/", editor.deadline, name="deadline"),
    path("<int:pk>/publish/", publishing.plan_publish, name="publish"),
    path("<int:pk>/archive/", publishing.plan_archive, name="archive"),
    path("<int:pk>/history/", history.plan_history, name="history"),
    path("<int:pk>/print/", exports.plan_print, name="print"),
    path("<int:pk>/export/docx/", exports.export_docx, name="export_docx"),
    path("sections/<int:pk>/", editor.section_item, name="section_item"),
    path("sections/<int:pk>/edit/", editor.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", editor.section_move, name="section_move"),
    path("sections/<int:pk>/delete/", editor.section_delete, name="section_delete"),
    path("sections/<int:pk>/tasks/new/", editor.task_new, name="task_new"),
    path("tasks/<int:pk>/", editor.task_item, name="task_item"),
    path("tasks/<int:pk>/edit/", editor.task_edit, name="task_edit"),
    path("tasks/<int:pk>/move/", editor.task_move, name="task_move"),
    path("tasks/<int:pk>/delete/", editor.task_delete, name="task_delete"),
    path("import/", importing.import_start, name="import"),
    path("import/<str:token>/", importing.import_preview, name="import_preview"),
    path("import/<str:token>/correct/", importing.import_correct, name="import_correct"),
]
