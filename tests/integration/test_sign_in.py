"""Signing in and out, throttling, CSRF and the security headers on every page."""

from datetime import timedelta

import pytest

from talent.auth.models import ThrottleScope
from talent.db import utcnow
from talent.extensions import db
from tests.factories import create_account, create_person
from tests.pages import csrf_token, error_summary


def attempt(pages, email, password, *, address="127.0.0.1"):
    page = pages.get("auth.sign_in")
    return pages.client.post(
        pages.url("auth.sign_in"),
        data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        environ_base={"REMOTE_ADDR": address},
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


def test_five_failures_make_the_next_attempt_wait_even_with_the_right_password(pages, db_session):
    account = create_account(person=create_person())
    for _ in range(4):
        assert "Enter a correct email" in attempt(pages, account.email, "wrong-password-here").get_data(as_text=True)
    fifth = attempt(pages, account.email, "wrong-password-here").get_data(as_text=True)
    assert "Too many failed sign-in attempts. Try again in 1 minute" in fifth
    response = attempt(pages, account.email, "correct-horse-battery-staple-42")
    assert response.status_code == 200
    assert "Too many failed sign-in attempts. Try again in 1 minute" in response.get_data(as_text=True)


def test_unknown_emails_are_throttled_in_the_same_words(pages, db_session):
    known = create_account(person=create_person())
    replies = {}
    for email in (known.email, "nobody-here@nhs.net"):
        replies[email] = [attempt(pages, email, "wrong-password-here").get_data(as_text=True) for _ in range(6)]
    for known_reply, unknown_reply in zip(replies[known.email], replies["nobody-here@nhs.net"], strict=True):
        assert error_summary(_soup(known_reply)) == error_summary(_soup(unknown_reply))


def _soup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_each_failure_past_the_allowance_doubles_the_wait(pages, db_session):
    account = create_account(person=create_person())
    for _ in range(5):
        attempt(pages, account.email, "wrong-password-here")
    throttle = _pair_throttle()
    assert throttle.failures == 5
    first_wait = throttle.blocked_until - throttle.last_failed_at
    # The wait runs out; the next failure is counted and waits twice as long.
    throttle.blocked_until = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert "Try again in 2 minutes" in attempt(pages, account.email, "wrong-password-here").get_data(as_text=True)
    db.session.refresh(throttle)
    assert throttle.blocked_until - throttle.last_failed_at == 2 * first_wait


def _pair_throttle():
    from sqlalchemy import select

    from talent.auth.models import SignInThrottle, ThrottleScope

    return db.session.scalar(select(SignInThrottle).where(SignInThrottle.scope == ThrottleScope.PAIR))


def test_the_wait_expires(pages, db_session):
    account = create_account(person=create_person())
    for _ in range(5):
        attempt(pages, account.email, "wrong-password-here")
    throttle = _pair_throttle()
    throttle.blocked_until = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert attempt(pages, account.email, "correct-horse-battery-staple-42").status_code == 302


def test_a_guesser_elsewhere_does_not_lock_the_owner_out(pages, db_session):
    account = create_account(person=create_person())
    for _ in range(10):
        attempt(pages, account.email, "wrong-password-here", address="203.0.113.9")
    assert "Too many" in attempt(pages, account.email, "wrong-password-here", address="203.0.113.9").get_data(
        as_text=True
    )
    assert attempt(pages, account.email, "correct-horse-battery-staple-42", address="198.51.100.4").status_code == 302


def test_one_source_trying_many_emails_is_throttled(pages, db_session):
    for number in range(20):
        attempt(pages, f"spray{number}@nhs.net", "wrong-password-here", address="203.0.113.7")
    reply = attempt(pages, "spray-next@nhs.net", "wrong-password-here", address="203.0.113.7")
    assert "Too many failed sign-in attempts" in reply.get_data(as_text=True)
    assert "Too many" not in attempt(pages, "spray-next@nhs.net", "wrong-password-here").get_data(as_text=True)


def test_forty_wrong_passwords_through_the_api_end_in_the_throttle_and_the_audit_log(client, db_session):
    from sqlalchemy import func, select

    from talent.audit.models import AuditEvent

    account = create_account(person=create_person())
    replies = [
        client.post("/api/v1/tokens", json={"email": account.email, "password": f"wrong-guess-{n}"}) for n in range(40)
    ]
    assert {reply.status_code for reply in replies} == {403}
    assert "Too many failed sign-in attempts" in replies[-1].get_json()["message"]
    right = client.post("/api/v1/tokens", json={"email": account.email, "password": "correct-horse-battery-staple-42"})
    assert right.status_code == 403
    kinds = dict(db.session.execute(select(AuditEvent.kind, func.count()).group_by(AuditEvent.kind)).all())
    # Five passwords were checked; every later attempt was refused unchecked, and recorded.
    assert kinds["sign_in_failed"] == 5
    assert kinds["sign_in_throttled"] == 36
    assert _pair_throttle().failures == 5


def test_a_post_without_the_csrf_token_is_refused_and_signs_no_one_in(pages, db_session):
    account = create_account(person=create_person())
    response = pages.client.post(
        pages.url("auth.sign_in"), data={"email": account.email, "password": "correct-horse-battery-staple-42"}
    )
    assert response.status_code == 400
    assert pages.client.get(pages.url("home.show_home")).status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/%09/evil.example",
        "/%0a/x",
        "/\\evil.example",
        "/%5Cevil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_only_redirects_to_local_paths(pages, db_session, target):
    account = create_account(person=create_person())
    page = pages.get("auth.sign_in")
    response = pages.client.post(
        pages.url("auth.sign_in") + "?next=" + target,
        data={"email": account.email, "password": "correct-horse-battery-staple-42", "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_goes_on_to_the_local_page_asked_for(pages, db_session):
    account = create_account(person=create_person())
    page = pages.get("auth.sign_in")
    response = pages.client.post(
        pages.url("auth.sign_in") + "?next=/learning?tab=2",
        data={"email": account.email, "password": "correct-horse-battery-staple-42", "csrf_token": csrf_token(page)},
    )
    assert response.headers["Location"] == "/learning?tab=2"


def test_sign_out_ends_the_session_on_the_server(pages, db_session):
    pages.sign_in(create_account(person=create_person()))
    kept = pages.client.get_cookie("session").value
    page = pages.get("home.show_home")
    pages.client.post(pages.url("auth.sign_out"), data={"csrf_token": csrf_token(page)})
    assert pages.client.get(pages.url("home.show_home")).status_code == 302
    # A copy of the cookie taken before signing out is worthless afterwards.
    pages.client.set_cookie("session", kept, domain="localhost")
    assert pages.client.get(pages.url("home.show_home")).status_code == 302


def test_signing_out_everywhere_ends_every_session(pages, db_session):
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


def test_housekeeping_deletes_expired_sessions_and_forgotten_counts_only(pages, db_session):
    from sqlalchemy import func, select

    from talent.auth.models import SignedInSession, SignInThrottle
    from talent.auth.services import purge_sign_in_records

    account = create_account(person=create_person())
    for _ in range(5):
        attempt(pages, "someone-else@nhs.net", "wrong-password-here")
    pages.sign_in(account)
    # A session from yesterday and counts from two days ago, with no wait in force.
    db.session.add(SignedInSession(account=account, key_hash="0" * 64, started_at=utcnow() - timedelta(days=1)))
    db.session.add(
        SignInThrottle(
            scope=ThrottleScope.PAIR, key_hash="1" * 64, failures=3, last_failed_at=utcnow() - timedelta(days=2)
        )
    )
    db.session.flush()
    # Deleted: the old session, the old counts, and the two empty rows the successful sign-in
    # left (no failures to remember).
    assert purge_sign_in_records() == {"sessions_deleted": 1, "throttles_deleted": 3}
    # The live session and today's counts (with their wait) are kept.
    assert pages.client.get(pages.url("home.show_home")).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(SignInThrottle)) == 3
