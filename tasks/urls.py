from django.urls import path

from tasks import dashboard_views, reminder_views, views

app_name = "tasks"
urlpatterns = [
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
    path("tasks/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("tasks/<int:pk>/report/", views.report, name="report"),
    path("tasks/<int:pk>/complete/", views.request_completion, name="request_completion"),
    path("tasks/<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("my/", views.my_tasks, name="my_tasks"),
    path("review/", views.review_queue, name="review"),
    path("review/completion/<int:pk>/", views.review_completion, name="review_completion"),
    path("review/extension/<int:pk>/", views.review_extension, name="review_extension"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/big/", dashboard_views.big_screen, name="dashboard_big"),
    path("dashboard/print/", dashboard_views.printable, name="dashboard_print"),
    path("dashboard/export.xlsx", dashboard_views.export, name="dashboard_export"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_read_all, name="notifications_read_all"),
    # Reminders: a plan's policy, the units' chat robots, the delivery log (tasks.reminder_views).
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
