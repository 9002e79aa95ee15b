"""Signing in and out, throttling, CSRF and the security headers on every page."""

from datetime import timedelta

from talent.db import utcnow
from talent.extensions import db
from tests.factories import create_account, create_person
from tests.pages import csrf_token, error_summary


def attempt(pages, email, password):
    page = pages.get("auth.sign_in")
    return pages.client.post(
        pages.url("auth.sign_in"), data={"email": email, "password": password, "csrf_token": csrf_token(page)}
    )


def test_wrong_password_and_unknown_email_get_the_same_message(pages, db_session):
    account = create_account(person=create_person())
    for email in (account.email, "nobody@nhs.net"):
        response = attempt(pages, email, "wrong-password-here")
        assert response.status_code == 200
        assert error_summary(pages_check(response)) == ["Enter a correct email address and password"]


def pages_check(response):
    from tests.pages import check_page

    return check_page(response)


def test_empty_fields_are_named_in_the_error_summary(pages, db_session):
    page = pages.post("auth.sign_in", data={"email": "", "password": ""}, _expected_status=200)
    assert error_summary(page) == ["Enter your email address", "Enter your password"]
    assert page.title.string.startswith("Error: ")


def test_five_failures_lock_the_account_even_for_the_right_password(pages, db_session):
    account = create_account(person=create_person())
    for _ in range(5):
        attempt(pages, account.email, "wrong-password-here")
    response = attempt(pages, account.email, "correct-horse-battery-staple-42")
    assert response.status_code == 200
    assert "Too many failed sign-in attempts. Try again in 15 minutes" in response.get_data(as_text=True)


def test_the_lock_expires(pages, db_session):
    account = create_account(person=create_person())
    account.locked_until = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert attempt(pages, account.email, "correct-horse-battery-staple-42").status_code == 302


def test_a_post_without_the_csrf_token_is_refused_and_signs_no_one_in(pages, db_session):
    account = create_account(person=create_person())
    response = pages.client.post(
        pages.url("auth.sign_in"), data={"email": account.email, "password": "correct-horse-battery-staple-42"}
    )
    assert response.status_code == 400
    assert pages.client.get(pages.url("home.show_home")).status_code == 302


def test_sign_in_only_redirects_to_local_paths(pages, db_session):
    account = create_account(person=create_person())
    page = pages.get("auth.sign_in")
    response = pages.client.post(
        pages.url("auth.sign_in") + "?next=https://evil.example/",
        data={"email": account.email, "password": "correct-horse-battery-staple-42", "csrf_token": csrf_token(page)},
    )
    assert response.headers["Location"] == "/"


def test_sign_out_ends_the_session(pages, db_session):
    pages.sign_in(create_account(person=create_person()))
    page = pages.get("home.show_home")
    pages.client.post(pages.url("auth.sign_out"), data={"csrf_token": csrf_token(page)})
    assert pages.client.get(pages.url("home.show_home")).status_code == 302


def test_rotating_the_session_token_signs_the_account_out_everywhere(pages, db_session):
    from talent.auth.services import sign_out_everywhere

    account = create_account(person=create_person())
    pages.sign_in(account)
    sign_out_everywhere(account)
    assert pages.client.get(pages.url("home.show_home")).status_code == 302


def test_pages_carry_a_strict_content_security_policy_and_security_headers(pages, db_session):
    response = pages.client.get(pages.url("auth.sign_in"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    # The one inline script (marking the body as JavaScript-enabled) carries the nonce.
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)


def test_session_cookie_is_http_only_and_same_site(pages, db_session):
    pages.sign_in(create_account(person=create_person()))
    cookie = pages.client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
