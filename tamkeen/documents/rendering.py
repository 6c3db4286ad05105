"""Printing: the HTML of a document, its QR code, and the PDF (WeasyPrint, Arabic shaped by Pango/HarfBuzz).

Fonts are the system's Noto Naskh/Sans Arabic (Debian's fonts-noto-core); nothing is fetched while printing:
the QR code is inline SVG in the page, and any URL the page might name is refused by the fetcher.
"""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

QR_ERROR_LEVEL = "m"  # 15 % of the code may be smudged or folded and it still reads
QR_SCALE = 3


def qr_code(payload: str) -> segno.QRCode:
    return segno.make(payload, error=QR_ERROR_LEVEL, micro=False)


def qr_svg(payload: str) -> str:
    """The QR code as an inline <svg> element (vector: sharp on any printer)."""
    return qr_code(payload).svg_inline(scale=QR_SCALE, border=4, title=payload)


def refuse_every_url(url: str, *args, **kwargs):
    """A printed document uses no remote (or local) resource: fonts come from the system, the QR is inline."""
    raise ValueError(f"documents fetch no resources ({url[:60]})")


def render_html(*, document, subject, facts: dict, context: dict, verify_url: str, template: str) -> str:
    with translation.override(document.language):
        return render_to_string(
            template,
            {
                "document": document,
                "subject": subject,
                "facts": facts,
                "verify_url": verify_url,
                # segno builds this markup itself and escapes the URL in its <title>.
                "qr": mark_safe(qr_svg(verify_url)),
                "is_rtl": translation.get_language_bidi(),
                **context,
            },
        )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=refuse_every_url).write_pdf()
