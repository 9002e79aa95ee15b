"""Password policy: long enough, not a common password, hashed with scrypt."""

import re
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

MINIMUM_LENGTH = 12


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common leaked passwords; loaded on first use, not at import.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "") -> str | None:
    """Say what is wrong with a new password, or None if it is acceptable."""
    if len(password) < MINIMUM_LENGTH:
        return f"Password must be {MINIMUM_LENGTH} characters or more"
    lowered = password.lower()
    # Common passwords padded with digits or symbols ("password123456") are just as guessable.
    stem = re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", lowered))
    if lowered in _common_passwords() or (len(stem) >= 4 and stem in _common_passwords()):
        return "Password is too common. Choose one that is harder to guess"
    if len(set(lowered)) < 4:
        return "Password must not repeat the same few characters"
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Password must not contain your email address"
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# A real hash to check against when the email is unknown, so that the response takes the same
# time whether or not the account exists.
@cache
def dummy_hash() -> str:
    return hash_password("not-a-real-password-for-timing")
