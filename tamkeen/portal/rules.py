"""Pure rules of signing in: who may, how codes are made and compared. No database here."""

import hmac
import secrets
from datetime import date

from django.utils.crypto import salted_hmac

from tamkeen.core.digits import normalise_digits

CODE_LENGTH = 6
CODE_MINUTES = 5
MAX_WRONG_TRIES = 5
CODES_PER_ID = 3
CODES_PER_ID_MINUTES = 15
REQUESTS_PER_ADDRESS = 20
REQUESTS_PER_ADDRESS_MINUTES = 60
IDLE_MINUTES = 30
# The programme's scope: members of working age.
MIN_AGE, MAX_AGE = 18, 59


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def is_of_working_age(birth_date: date | None, today: date) -> bool:
    return birth_date is not None and MIN_AGE <= age_on(birth_date, today) <= MAX_AGE


def clean_typed_digits(value: str) -> str:
    """What a phone keyboard sends: Arabic-Indic or Persian digits, spaces, dashes."""
    return "".join(ch for ch in normalise_digits(value or "") if ch.isdigit())


def national_id_digest(national_id: str) -> str:
    """A keyed digest, so the requests table never holds the IDs people typed (known or not)."""
    return salted_hmac("tamkeen.portal.national_id", national_id, algorithm="sha256").hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def new_salt() -> str:
    return secrets.token_hex(16)


def code_hash(code: str, salt: str) -> str:
    return salted_hmac("tamkeen.portal.code", f"{salt}:{code}", algorithm="sha256").hexdigest()


def code_matches(typed: str, salt: str, stored_hash: str) -> bool:
    return hmac.compare_digest(code_hash(typed, salt), stored_hash)
