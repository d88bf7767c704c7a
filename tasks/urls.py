from django.urls import path

from tasks.assessment import views as assessment_views
from tasks.dashboard import views as dashboard_views
from tasks.exports import views as export_views
from tasks.notifications import views as notification_views
from tasks.reminders import views as reminder_views
from tasks.rounds import answer_views
from tasks.rounds import views as round_views
from tasks.workspace import ledger_views, review_views, views
from tasks.writings import views as writing_views

app_name = "tasks"
urlpatterns = [
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
    path("tasks/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("tasks/<int:pk>/report/", views.report, name="report"),
    path("tasks/<int:pk>/complete/", views.request_completion, name="request_completion"),
    path("tasks/<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("my/", views.my_tasks, name="my_tasks"),
    # The ledger (台账) sits beside the plan it lists, but shows the work done on it.
    path("plans/<int:pk>/ledger/", ledger_views.ledger_print, name="ledger"),
    path("plans/<int:pk>/export/xlsx/", export_views.ledger_xlsx, name="export_xlsx"),
    path("review/", review_views.review_queue, name="review"),
    path("review/unit/<int:pk>/", review_views.review_unit, name="review_unit"),
    path("review/completion/<int:pk>/", review_views.review_completion, name="review_completion"),
    path("review/extension/<int:pk>/", review_views.review_extension, name="review_extension"),
    # Reporting rounds (定期报送): tasks.rounds.views.
    path("plans/<int:pk>/rounds/", round_views.round_list, name="round_list"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/state/", round_views.round_state, name="round_state"),
    path("plans/<int:pk>/rounds/schedule/", round_views.round_schedule, name="round_schedule"),
    path("rounds/<int:pk>/units/<int:unit_pk>/", answer_views.round_unit, name="round_unit"),
    # Assessment (结果考评): tasks.assessment.views.
    path("plans/<int:pk>/assessment/", assessment_views.assessment, name="assessment"),
    path("plans/<int:pk>/assessment/scheme/", assessment_views.scheme, name="assessment_scheme"),
    path("plans/<int:pk>/assessment/adjust/", assessment_views.adjust, name="assessment_adjust"),
    path(
        "plans/<int:pk>/assessment/export.xlsx",
        assessment_views.export_xlsx,
        name="assessment_export",
    ),
    # Documents made from the execution (文稿): tasks.writings.views.
    path("plans/<int:pk>/documents/", writing_views.writing_list, name="writing_list"),
    path("plans/<int:pk>/documents/summary/", writing_views.summary_new, name="summary_new"),
    path("plans/<int:pk>/documents/bulletin/", writing_views.bulletin_new, name="bulletin_new"),
    path(
        "rounds/<int:pk>/compilation/",
        writing_views.round_compilation,
        name="round_compilation",
    ),
    path(
        "rounds/<int:pk>/compilation.xlsx",
        writing_views.round_compilation_xlsx,
        name="round_compilation_xlsx",
    ),
    path("documents/<int:pk>/", writing_views.writing_detail, name="writing_detail"),
    path(
        "documents/<int:pk>/regenerate/",
        writing_views.writing_regenerate,
        name="writing_regenerate",
    ),
    path("documents/<int:pk>/examples/", writing_views.writing_examples, name="writing_examples"),
    path("documents/<int:pk>/publish/", writing_views.writing_publish, name="writing_publish"),
    path("documents/<int:pk>/docx/", writing_views.writing_docx, name="writing_docx"),
    path("bulletins/", writing_views.bulletin_list, name="bulletin_list"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/big/", dashboard_views.big_screen, name="dashboard_big"),
    path("dashboard/print/", dashboard_views.printable, name="dashboard_print"),
    path("dashboard/export.xlsx", export_views.dashboard_xlsx, name="dashboard_export"),
    # A large export is produced by the worker: its page, then its file (tasks.exports).
    path("exports/<int:pk>/", export_views.export_detail, name="export"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export_download"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "notifications/read/",
        notification_views.notification_read_all,
        name="notifications_read_all",
    ),
    # Reminders: a plan's policy, the units' chat robots, the delivery log (tasks.reminders.views).
    path("reminders/plans/<int:pk>/", reminder_views.policy, name="reminder_policy"),
    path("reminders/units/", reminder_views.units, name="reminder_units"),
    path("reminders/units/<int:pk>/", reminder_views.unit_channels, name="unit_channels"),
    path(
        "reminders/units/<int:pk>/robots/<int:robot>/",
        reminder_views.unit_channel_edit,
        name="unit_channel_edit",
    ),
    path(
        "reminders/units/<int:pk>/robots/<int:robot>/test/",
        reminder_views.unit_channel_test,
        name="unit_channel_test",
    ),
    path(
        "reminders/units/<int:pk>/robots/<int:robot>/delete/",
        reminder_views.unit_channel_delete,
        name="unit_channel_delete",
    ),
    path("reminders/deliveries/", reminder_views.deliveries, name="deliveries"),
    path("reminders/deliveries/<int:pk>/", reminder_views.delivery_detail, name="delivery_detail"),
    path(
        "reminders/deliveries/<int:pk>/resend/",
        reminder_views.delivery_resend,
        name="delivery_resend",
    ),
]
