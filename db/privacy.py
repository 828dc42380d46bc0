"""Personal data under PIPL: ID and phone numbers only as keyed hashes and masked forms;
clerk PINs with scrypt. Also the GB 11643 ID-number checksum and age, and how a number
typed at the kiosk or found in a booking file is normalised before it is checked or
hashed (one rule for the import, the booking API and the kiosk's check-in box)."""
from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import date
from enum import StrEnum

ID_RE = re.compile(r"^\d{17}[\dX]$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number: 1, then 3–9, then 9 digits
# GB 11643-1999 (公民身份号码), ISO 7064 MOD 11-2: the character in place i counted from the
# right (the check character is place 1) weighs 2^(i-1) mod 11; the check character is
# _CHECK[weighted sum of the first 17 mod 11].
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


#: quotes and marks that spreadsheets and people put round a number to keep it text:
#: '150627…, "150627…", ‘…’, “…”, `…` (Excel's ="150627…" is taken apart by `unwrap`)
_QUOTES = "'\"\u2018\u2019\u201c\u201d`"
#: separators inside a phone number: spaces, dashes (also en/em dashes), dots, brackets
_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.()]")
#: a number Excel wrote in scientific notation ("1.50627E+17"): its last digits are lost
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$")
#: mobile country code prefixes a phone may carry (+86, 0086, 86), longest first
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def unwrap(text: str) -> str:
    """A number as a spreadsheet or a person wrote it → its characters, nothing round them.

    Full-width digits and letters (from a Chinese input method) become ASCII (Unicode
    NFKC); spaces, tabs, quotes and Excel's `="…"` text formula round it are dropped.

    Args:
        text: the number as found.

    Returns:
        The inner text (spaces inside are kept: the callers drop what they do not want).
    """
    out = unicodedata.normalize("NFKC", text).strip()
    if out.startswith("="):  # ="150627…": Excel's way of keeping digits as text in a CSV
        out = out[1:].strip()
    return out.strip(_QUOTES).strip()


def normalise_id(text: str) -> str:
    """An ID number as typed or exported → upper case (a final x), without spaces.

    Full-width characters, surrounding quotes and Excel's `="…"` are undone (`unwrap`).
    """
    return unwrap(text).replace(" ", "").upper()


def normalise_phone(text: str) -> str:
    """A phone number as typed or exported → the 11-digit mobile number where it is one.

    Full-width digits, spaces, dashes, dots and brackets are dropped; a +86, 0086 or 86
    country code is dropped when 11 digits follow it ("+86 138 0013 8000",
    "0086-13800138000", "8613800138000" → "13800138000").

    Args:
        text: the number as found.

    Returns:
        The digits (and whatever else was typed): check it with `valid_phone`.
    """
    digits = _PHONE_SEPARATORS.sub("", unwrap(text))
    for prefix in _COUNTRY_PREFIXES:
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix):]
    return digits


def excel_mangled(text: str) -> bool:
    """Whether a long number was turned into a number by Excel, its last digits lost.

    Excel keeps 15 significant digits: an 18-digit ID becomes "1.50627E+17" in a CSV
    saved with the General format, or "150627199001011000" with a number format (the
    digits after the 15th are 0, and the check digit no longer fits).

    Args:
        text: the value, normalised (`normalise_id`).
    """
    if _SCIENTIFIC.match(text):
        return True
    return len(text) == 18 and text.isdigit() and text.endswith("000") and not id_checksum_ok(text)


class IdProblem(StrEnum):
    """Why an ID number from a booking cannot be kept (`id_problem`)."""

    EXCEL_NUMBER = "excel_number"    # Excel turned it into a number: digits lost
    FIFTEEN_DIGITS = "fifteen_digits"  # an old 15-digit number: IDs have had 18 since 1999
    LENGTH = "length"                # not 18 characters of digits (and a final X)
    CHECKSUM = "checksum"            # the check character does not match (a digit mistyped)
    BIRTH_DATE = "birth_date"        # characters 7–14 are not a date


def id_problem(id_number: str) -> IdProblem | None:
    """What is wrong with an ID number (normalised with `normalise_id`), if anything.

    Returns:
        None for a valid 18-character number (GB 11643-1999: checksum and date of birth).
    """
    if excel_mangled(id_number):
        return IdProblem.EXCEL_NUMBER
    if re.fullmatch(r"\d{15}", id_number):
        return IdProblem.FIFTEEN_DIGITS
    if not ID_RE.match(id_number):
        return IdProblem.LENGTH
    if not id_checksum_ok(id_number):
        return IdProblem.CHECKSUM
    if birth_date(id_number) is None:
        return IdProblem.BIRTH_DATE
    return None


def id_checksum_ok(id_number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17."""
    if not ID_RE.match(id_number):
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == id_number[17]


def birth_date(id_number: str) -> date | None:
    """The date of birth in an 18-character ID number (characters 7–14, YYYYMMDD); None
    when it is not a date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def valid_id(id_number: str) -> bool:
    """An 18-character ID number with a right checksum and a real date of birth."""
    return id_checksum_ok(id_number) and birth_date(id_number) is not None


def age_on(id_number: str, today: date) -> int | None:
    """Age in whole years (for the 60+ green channel).

    Args:
        id_number: an 18-character ID number.
        today: the day of the age.

    Returns:
        The age; None when the number holds no real date of birth.
    """
    born = birth_date(id_number)
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def valid_phone(phone: str) -> bool:
    """An 11-digit mainland mobile number (digits only)."""
    return bool(PHONE_RE.match(phone))


def mask_id(id_number: str) -> str:
    """The masked form kept and shown: first 4 and last 4 characters (1501**********1234)."""
    return id_number[:4] + "*" * 10 + id_number[-4:]


def mask_phone(phone: str) -> str:
    """The masked form kept and shown: first 3 and last 4 digits (138****5678)."""
    return phone[:3] + "****" + phone[-4:]


def keyed_hash(key: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256 of "kind:value" under the hall's key: equal values can be found again
    (check-in by ID or phone) but not read back without the key.

    Args:
        key: the hall's personal-data key.
        kind: "id" or "phone", so the same digits hash apart.
        value: the normalised number.

    Returns:
        64 hex digits.
    """
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


KEY_BYTES = 32


def key_fingerprint(key: bytes) -> str:
    """A short fingerprint of the personal-data key, kept in the database to tell a wrong
    key file from the right one (HMAC-SHA256 of a fixed label, not the key itself)."""
    return hmac.new(key, b"hallq key fingerprint", hashlib.sha256).hexdigest()[:16]


def new_key() -> bytes:
    """A new 32-byte personal-data key."""
    return secrets.token_bytes(KEY_BYTES)


# scrypt parameters for PINs: N = 2^14, r = 8, p = 1, the figures C. Percival's scrypt paper
# (2009) gives for interactive logins; a 32-byte digest
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


def hash_pin(pin: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    """A PIN's scrypt digest.

    Args:
        pin: the PIN.
        salt: default a new random 16-byte salt.

    Returns:
        (salt, digest).
    """
    salt = salt or secrets.token_bytes(16)
    return salt, hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)


def pin_matches(pin: str, salt: bytes, digest: bytes) -> bool:
    """Whether `pin` gives `digest` with `salt` (compared in constant time).

    Args:
        pin: the PIN typed.
        salt, digest: as hash_pin gave them.
    """
    return hmac.compare_digest(hash_pin(pin, salt)[1], digest)


@functools.cache
def unknown_clerk_pin() -> tuple[bytes, bytes]:
    """A salt and scrypt hash no PIN matches in practice, checked against when a clerk id is
    unknown, so that answer costs the same time as a wrong PIN (ids cannot be probed)."""
    return hash_pin(secrets.token_hex(16), secrets.token_bytes(16))
