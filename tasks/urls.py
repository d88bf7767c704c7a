from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
    path("my/", views.my_tasks, name="my_tasks"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
