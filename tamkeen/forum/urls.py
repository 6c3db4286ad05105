from django.urls import path

from tamkeen.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/booths/add/", views.booth_add, name="booth_add"),
    path("events/<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("events/<int:pk>/invite/", views.invite, name="invite"),
    path("events/<int:pk>/registrations/", views.registrations, name="registrations"),
    path("events/<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("events/<int:pk>/invitations/print/", views.invitations_print, name="invitations_print"),
    path("events/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("events/<int:pk>/report/", views.report, name="report"),
    path("events/<int:pk>/report/export/", views.report_export, name="report_export"),
    path("badges/<int:pk>.png", views.badge_png, name="badge_png"),
    path("badges/<int:pk>.pdf", views.badge_pdf, name="badge_pdf"),
    path("badges/<int:pk>/print/", views.badge_print, name="badge_print"),
    path("booths/<int:pk>/", views.booth, name="booth"),
    path("booths/<int:pk>/scan/", views.booth_scan, name="booth_scan"),
    path("booths/<int:pk>/apply/", views.booth_apply, name="booth_apply"),
    path("booths/<int:pk>/sales/", views.exhibitor_sales, name="exhibitor_sales"),
]
