from django.urls import path

from plans import import_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("import/", import_views.import_start, name="import"),
    path("import/<str:token>/", import_views.import_preview, name="import_preview"),
]
