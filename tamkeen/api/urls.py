from django.urls import path, re_path

from tamkeen.api.api import api
from tamkeen.api.problems import problem_response


def unknown_api_path(request):
    return problem_response(404, "not_found")


urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/v1 is a problem+json 404, never an HTML page.
    re_path(r"^api/v1(?:/.*)?$", unknown_api_path),
]
