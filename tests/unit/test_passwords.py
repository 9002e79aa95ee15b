import pytest

from talent.auth.passwords import hash_password, password_problem, verify_password


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-one", "12 characters or more"),
        ("password1234", "too common"),
        ("1qaz2wsx3edc", "too common"),
        ("Password123456!", "too common"),
        ("aaaaaaaaaaaaaaaa", "same few characters"),
        ("abababababababab", "same few characters"),
        ("amara.okafor-2026", "must not contain your email"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert problem in password_problem(password, email="amara.okafor@nhs.net")


def test_a_long_uncommon_password_is_accepted():
    assert password_problem("quiet-lantern-orchard-71", email="amara.okafor@nhs.net") is None


def test_hashes_use_scrypt_and_verify_only_the_right_password():
    hashed = hash_password("quiet-lantern-orchard-71")
    assert hashed.startswith("scrypt:")
    assert verify_password(hashed, "quiet-lantern-orchard-71")
    assert not verify_password(hashed, "quiet-lantern-orchard-72")
