"""The secret itself: ``sbk_<prefix>_<secret>``; only the prefix and a SHA-256 digest are ever stored.

The secret is 32 random bytes, so a fast hash is enough (there is nothing to brute-force as with passwords);
the public prefix finds the row without scanning, and the digest is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "sbk"
_FORMAT = re.compile(r"^sbk_(?P<prefix>[a-z0-9]{10})_(?P<secret>[A-Za-z0-9_-]{43})$")
_PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True, slots=True)
class KeyMaterial:
    """A freshly generated key: ``plaintext`` is shown once, ``prefix`` and ``digest`` are stored."""

    plaintext: str
    prefix: str
    digest: str

    def __repr__(self) -> str:  # never print the secret by accident
        return f"KeyMaterial(prefix={self.prefix!r})"


def digest_of(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def new_key_material() -> KeyMaterial:
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(10))
    plaintext = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return KeyMaterial(plaintext=plaintext, prefix=prefix, digest=digest_of(plaintext))


def prefix_of(plaintext: str) -> str | None:
    """The public prefix of a well-formed key, ``None`` for anything else."""
    found = _FORMAT.match(plaintext)
    return found["prefix"] if found else None


def digest_matches(plaintext: str, digest: str) -> bool:
    return hmac.compare_digest(digest_of(plaintext), digest)
