from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.register, name="register"),
    path("issue/<str:kind>/<str:key>/", views.issue, name="issue"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
