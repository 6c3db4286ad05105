"""Lets these pure tests run with ``-p no:django`` too (minimal settings: forms and filters need i18n only)."""

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
