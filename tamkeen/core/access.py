"""The one door to protected objects: the same 404 for "missing" and "not yours"."""

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


def get_visible_or_404[M: Model](visible: QuerySet[M], **lookup) -> M:
    try:
        return visible.get(**lookup)
    except (visible.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None
