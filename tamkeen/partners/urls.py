from django.urls import path

from . import invitation_views, manage_views, views

app_name = "partners"
urlpatterns = [
    path("", views.entity_list, name="list"),
    path("new/", manage_views.entity_create, name="create"),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation"),
    path("<str:code>/", views.entity_detail, name="detail"),
    path("<str:code>/edit/", manage_views.entity_edit, name="edit"),
    path("<str:code>/agreements/new/", manage_views.agreement_add, name="agreement_add"),
    path("<str:code>/agreements/<int:pk>/end/", manage_views.agreement_end, name="agreement_end"),
    path("<str:code>/suspend/", manage_views.entity_suspend, name="suspend"),
    path("<str:code>/reinstate/", manage_views.entity_reinstate, name="reinstate"),
    path("<str:code>/invite/", manage_views.staff_invite, name="invite"),
]
