from django.urls import path

from . import views

app_name = "grievances"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="file"),
    path("record/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("service-levels/", views.service_levels, name="service_levels"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures_export, name="figures_export"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/new/<str:kind>/<int:pk>/", views.appeal_file, name="appeal_file"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
]
