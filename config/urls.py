from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("tamkeen.accounts.urls")),
    path("audit/", include("tamkeen.audit.urls")),
    path("registry/", include("tamkeen.registry.urls")),
    path("dedup/", include("tamkeen.dedup.urls")),
    path("assessments/", include("tamkeen.assessments.urls")),
    path("cases/", include("tamkeen.cases.urls")),
    path("partners/", include("tamkeen.partners.urls")),
    path("opportunities/", include("tamkeen.opportunities.urls")),
    path("consent/", include("tamkeen.consent.urls")),
    path("referrals/", include("tamkeen.referrals.urls")),
    path("matching/", include("tamkeen.matching.urls")),
    path("outcomes/", include("tamkeen.outcomes.urls")),
    path("enterprises/", include("tamkeen.enterprises.urls")),
    path("forum/", include("tamkeen.forum.urls")),
    path("appointments/", include("tamkeen.appointments.urls")),
    path("grievances/", include("tamkeen.grievances.urls")),
    path("reports/", include("tamkeen.reports.urls")),
    path("privacy/", include("tamkeen.privacy.urls")),
    path("api-clients/", include("tamkeen.api.web_urls")),
    path("webhooks/", include("tamkeen.webhooks.urls")),
    path("", include("tamkeen.api.urls")),
    path("messages/", include("tamkeen.notifications.urls")),
    path("portal/", include("tamkeen.portal.urls")),
    path("", include("tamkeen.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
