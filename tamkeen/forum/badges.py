"""Badges: a QR code carrying only the registration's random token, and a printable Arabic badge (PDF).

The PDF is drawn with Pillow, whose Raqm layout engine shapes Arabic and orders right-to-left text; the page
is
an A6 badge at 200 dpi saved as a one-page PDF. When no Arabic font is installed, the HTML print page
(badge_print) is the fallback.
"""

import io
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, features

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoNaskhArabic-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
DPI = 200
A6 = (int(105 / 25.4 * DPI), int(148 / 25.4 * DPI))


def qr_image(token: str, box_size: int = 10) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(token)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def qr_png(token: str) -> bytes:
    buffer = io.BytesIO()
    qr_image(token).save(buffer, "PNG")
    return buffer.getvalue()


def arabic_font_path() -> str | None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def can_draw_arabic() -> bool:
    path = arabic_font_path()
    return path is not None and "Arabic" in path and features.check("raqm")


LATIN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


def _font(size: int, latin: bool = False):
    path = LATIN_FONT if latin and Path(LATIN_FONT).exists() else arabic_font_path()
    if path is None:
        return ImageFont.load_default(size=size)
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, width: int, latin: bool = False) -> int:
    font = _font(size, latin)
    kwargs = {"direction": "rtl"} if features.check("raqm") and not latin else {}
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, **kwargs)
    draw.text(((width - (right - left)) / 2, y), text, font=font, fill="black", **kwargs)
    return y + (bottom - top) + size // 2


def badge_pdf(**fields) -> bytes:
    buffer = io.BytesIO()
    badge_image(**fields).save(buffer, "PDF", resolution=DPI)
    return buffer.getvalue()


def badge_image(
    *, event_title: str, name: str, kind_label: str, short_code: str, token: str, dates: str
) -> Image.Image:
    width, height = A6
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, width, 110), fill=(11, 110, 79))
    font = _font(44)
    kwargs = {"direction": "rtl"} if features.check("raqm") else {}
    left, _top, right, _bottom = draw.textbbox((0, 0), event_title, font=font, **kwargs)
    draw.text(((width - (right - left)) / 2, 25), event_title, font=font, fill="white", **kwargs)
    y = _centred(draw, 140, dates, 30, width)
    y = _centred(draw, y + 20, name, 56, width)
    y = _centred(draw, y, kind_label, 32, width)
    qr = qr_image(token, box_size=12)
    side = min(width - 160, height - y - 170)
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    page.paste(qr, ((width - side) // 2, y + 10))
    code_text = " ".join(short_code[i : i + 3] for i in range(0, len(short_code), 3))
    _centred(draw, y + side + 25, code_text, 60, width, latin=True)
    return page
