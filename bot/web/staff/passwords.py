"""Staff passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106's second profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes any length; a cap keeps a huge form field from costing much

_hasher = PasswordHasher()
# Verified against when the email is unknown, so that the answer takes as long as for a real
# account and timing does not tell which emails have one.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def password_problem(password: str) -> str | None:
    """Why `password` may not be used, or None."""
    if len(password) < MIN_LENGTH:
        return f"at least {MIN_LENGTH} characters, please (a few words make a good one)"
    if len(password) > MAX_LENGTH:
        return f"at most {MAX_LENGTH} characters"
    if not password.strip():
        return "a password of only spaces is not one"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash, a dummy check of the same cost, then False."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's (rehash at sign-in)."""
    return _hasher.check_needs_rehash(password_hash)
