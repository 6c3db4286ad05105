"""Lets these pure tests run with ``-p no:django`` too: forms and filters need only i18n settings."""

from __future__ import annotations

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        USE_I18N=True,
        USE_TZ=True,
        TIME_ZONE="Asia/Riyadh",
        LANGUAGE_CODE="ar",
        LANGUAGES=[("ar", "Arabic"), ("en", "English")],
        INSTALLED_APPS=[],
    )
    django.setup()
