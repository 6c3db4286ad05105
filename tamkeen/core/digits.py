"""Digit normalisation shared by every parser.

Members, clerks and spreadsheets in Saudi offices type Arabic-Indic (٠-٩) digits, and keyboards set to
Persian produce the look-alike Extended Arabic-Indic (۰-۹) ones. Both must mean the same number as ASCII
digits, so every parser normalises first (see contracts/files.md).
"""

from __future__ import annotations

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans(_ARABIC_INDIC + _PERSIAN, "0123456789" * 2)


def normalise_digits(text: str) -> str:
    """Return ``text`` with Arabic-Indic and Persian digits replaced by ASCII digits.

    Only those two scripts are mapped: other "digits" Python accepts (superscripts, Devanagari...) are not
    what anyone here types, and letting them through would make ``isdigit`` checks lie.
    """
    return text.translate(_TO_ASCII)


def is_ascii_digits(text: str) -> bool:
    """True when ``text`` is non-empty and made only of 0-9.

    ``str.isdigit`` alone is too generous (it accepts "²" and other scripts' digits).
    """
    return bool(text) and text.isascii() and text.isdigit()
