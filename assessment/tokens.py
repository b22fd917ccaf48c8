"""Invitation codes for workshop links.

A code is derived as HMAC(SECRET_KEY, kind:id:salt) and written in 16 characters of an unambiguous
alphabet (80 bits), grouped in fours so it can be typed from a projector. The database stores only
the SHA-256 hash of the code (to find the respondent) and the random salt: a leaked database yields
no working link, while the facilitator can show a link again. A new salt re-issues the link and
the old code stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0/O, 1/I
CODE_LENGTH = 16
GROUP = 4


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_code(kind: str, object_id: int, salt: str) -> str:
    """The invitation code of an object (``kind`` is "respondent" or "room")."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{object_id}:{salt}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:10], "big")  # 80 bits -> 16 symbols of 5 bits
    symbols = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)


def normalise(code: str) -> str | None:
    """A typed or pasted code in canonical form, or None if it cannot be a code."""
    cleaned = "".join(code.split()).replace("-", "").upper()
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def display(code: str) -> str:
    """ABCD-EFGH-JKLM-NPQR"""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
