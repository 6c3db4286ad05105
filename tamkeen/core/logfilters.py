"""Log records as an operator wants them: one line for a refused or missing page, a traceback only for real errors.

Django logs every 403 (and 404 under DEBUG) on `django.request` with the exception's traceback; a person opening
a page of another office is the access rules working, not a fault, and a console full of tracebacks hides the
ones that matter.
"""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
