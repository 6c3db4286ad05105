"""Saudi mobile numbers (domain.md §7): accept every common way of writing one, store E.164.

Validation is delegated to ``phonenumbers`` (Google's libphonenumber metadata) rather than a regular
expression, so that numbering-plan changes arrive with a library upgrade instead of a code change.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from .digits import normalise_digits

_SAUDI_COUNTRY_CODE = 966
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


class InvalidPhone(ValueError):
    code = "invalid_phone"


def parse_mobile(value: str) -> str:
    """Return the E.164 form (+9665XXXXXXXX) of a Saudi mobile number, or raise ``InvalidPhone``.

    Accepts 05…, 5…, 9665…, +9665…, 009665…, with spaces, dashes or brackets and Arabic-Indic/Persian digits.
    """
    if not isinstance(value, str):
        raise InvalidPhone("not text")
    text = normalise_digits(value).strip()
    if not text:
        raise InvalidPhone("empty")
    # phonenumbers reads letters as a vanity number (ABC → 222); in a roll file a letter is a typo.
    if any(char.isalpha() for char in text):
        raise InvalidPhone("contains letters")
    try:
        number = phonenumbers.parse(text, "SA")
    except NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    # An extension ("#5", "x5") means the clerk typed something other than a mobile number.
    if number.extension:
        raise InvalidPhone("has an extension")
    if number.country_code != _SAUDI_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid Saudi number")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhone("not a mobile number")
    national = str(number.national_number)
    # domain.md §7: 052… is not a mobile range. phonenumbers already rejects it today; the explicit check
    # keeps that true if a future metadata release starts allocating it, until someone decides otherwise.
    if national.startswith("52"):
        raise InvalidPhone("052 is not a mobile range")
    # Saudi mobiles are 5 followed by eight digits; anything else would not fit the E.164 shape we promise.
    if len(national) != 9 or not national.startswith("5"):
        raise InvalidPhone("not a Saudi mobile number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_mobile_local(e164: str) -> str:
    """Display form "05X XXX XXXX", the way Saudi users read and dial their own numbers."""
    local = "0" + parse_mobile(e164)[len("+966") :]
    return f"{local[:3]} {local[3:6]} {local[6:]}"
