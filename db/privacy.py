"""Personal data under PIPL: ID and phone numbers only as keyed hashes and masked forms;
clerk PINs with scrypt. Also the GB 11643 ID-number checksum and age."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date

ID_RE = re.compile(r"^\d{17}[\dX]$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def normalise_id(text: str) -> str:
    return text.strip().upper().replace(" ", "")


def id_checksum_ok(id_number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17."""
    if not ID_RE.match(id_number):
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], _WEIGHTS))
    return _CHECK[total % 11] == id_number[17]


def birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def valid_id(id_number: str) -> bool:
    return id_checksum_ok(id_number) and birth_date(id_number) is not None


def age_on(id_number: str, today: date) -> int | None:
    born = birth_date(id_number)
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def valid_phone(phone: str) -> bool:
    return bool(PHONE_RE.match(phone))


def mask_id(id_number: str) -> str:
    return id_number[:4] + "*" * 10 + id_number[-4:]


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def keyed_hash(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def new_key() -> bytes:
    return secrets.token_bytes(32)


_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


def hash_pin(pin: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = salt or secrets.token_bytes(16)
    return salt, hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)


def pin_matches(pin: str, salt: bytes, digest: bytes) -> bool:
    return hmac.compare_digest(hash_pin(pin, salt)[1], digest)
