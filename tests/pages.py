"""A test client that speaks in endpoints and checks every page it fetches.

Each HTML page must parse as HTML5 without errors, have a ``<title>`` and exactly one ``<h1>``,
and every form on it that posts must carry a CSRF token.
"""

import html5lib
from bs4 import BeautifulSoup
from flask import url_for

from tests.factories import PASSWORD


class PageClient:
    def __init__(self, client):
        self.client = client

    def url(self, endpoint: str, **values) -> str:
        with self.client.application.test_request_context():
            return url_for(endpoint, **values)

    def sign_in(self, account, password: str = PASSWORD):
        email = account if isinstance(account, str) else account.email
        page = self.get("auth.sign_in")
        response = self.client.post(
            self.url("auth.sign_in"),
            data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        )
        assert response.status_code == 302, f"sign-in as {email} failed"
        return response

    def get(self, endpoint: str, _expected_status: int = 200, **values) -> BeautifulSoup:
        response = self.client.get(self.url(endpoint, **values))
        assert response.status_code == _expected_status, (
            f"GET {endpoint} {values}: expected {_expected_status}, got {response.status_code}"
        )
        return check_page(response)

    def post(self, endpoint: str, data: dict, _expected_status: int = 302, _form_page: str | None = None, **values):
        """Post a form with the CSRF token taken from the page the form is on."""
        page = self.get(_form_page or endpoint, **values)
        response = self.client.post(self.url(endpoint, **values), data={**data, "csrf_token": csrf_token(page)})
        assert response.status_code == _expected_status, (
            f"POST {endpoint}: expected {_expected_status}, got {response.status_code}"
        )
        if response.mimetype == "text/html" and response.status_code != 302:
            return check_page(response)
        return response


def check_page(response) -> BeautifulSoup:
    text = response.get_data(as_text=True)
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(text)
    problems = [error for error in parser.errors if error[1] not in _TOLERATED_PARSE_ERRORS]
    assert not problems, f"HTML errors: {problems[:5]}"
    page = BeautifulSoup(text, "html.parser")
    # A responsive table repeats its column name in each cell for phones, hidden from screen
    # readers; tests read cells as a screen reader does.
    for repeated_heading in page.select(".nhsuk-table__heading[aria-hidden=true]"):
        repeated_heading.decompose()
    assert page.title is not None, "page has no <title>"
    assert page.title.string.strip(), "page has an empty <title>"
    assert len(page.find_all("h1")) == 1, f"expected one <h1>, found {len(page.find_all('h1'))}"
    for form in page.find_all("form", method="post"):
        assert form.find("input", attrs={"name": "csrf_token"}), (
            f"form posting to {form.get('action')} has no CSRF token"
        )
    return page


# html5lib reports these for markup that browsers and the HTML standard accept.
_TOLERATED_PARSE_ERRORS = {"unknown-doctype"}


def csrf_token(page: BeautifulSoup) -> str:
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no CSRF token on the page"
    return field["value"]


def error_summary(page: BeautifulSoup) -> list[str]:
    summary = page.select_one(".nhsuk-error-summary")
    return [item.get_text(" ", strip=True) for item in summary.select("li")] if summary else []
