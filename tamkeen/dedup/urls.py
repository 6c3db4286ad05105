from django.urls import path

from . import views

app_name = "dedup"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.candidate, name="candidate"),
    path("pairs/<int:pk>/merge/", views.merge, name="merge"),
    path("pairs/<int:pk>/different/", views.distinct, name="distinct"),
    path("merges/<int:pk>/undo/", views.undo, name="undo"),
    path("check/", views.check, name="check"),
]
