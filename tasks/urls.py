from django.urls import path

from tasks import views

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
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_read_all, name="notifications_read_all"),
]
