from django.urls import path

from tamkeen.core import views
from tamkeen.core.metrics import metrics

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("health/", views.health, name="health"),
    # For Prometheus only (a token or an allowed address); a 404 to everyone else, signed in or not.
    path("metrics/", metrics, name="metrics"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:name>/new/", views.rule_add, name="rule_add"),
]
