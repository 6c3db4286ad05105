from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("households/add/", views.household_add, name="household_add"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/file-number/", views.household_assign_file, name="household_assign_file"),
    path("households/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review_resolve, name="review_resolve"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/report/", views.import_report, name="import_report"),
]
