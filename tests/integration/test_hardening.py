"""Bad input probed as an attacker or a careless user would: out-of-range numbers and dates in
query strings, oversized bodies, formula cells in CSV downloads, caching of personal data."""

import csv
import io

import pytest
from sqlalchemy import update

from talent.appraisals import services as appraisal_services
from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Post
from tests.factories import create_account, create_person
from tests.integration.test_api import token_for
from tests.integration.test_appraisal_completion import add_appraised_staff

TWENTY_DIGITS = "9" * 20


@pytest.fixture
def admin(pages, db_session):
    account = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    pages.sign_in(account)
    return account


@pytest.mark.parametrize(
    "path",
    [
        f"/audit?page={TWENTY_DIGITS}",
        "/audit?to=9999-12-31",
        "/audit?from=0001-01-01",
        f"/accounts?page={TWENTY_DIGITS}",
        f"/people?page={TWENTY_DIGITS}",
        f"/organisations?page={TWENTY_DIGITS}",
        f"/organisations?region={TWENTY_DIGITS}",
        f"/notifications?page={TWENTY_DIGITS}",
        f"/appraisals/completion?year={TWENTY_DIGITS}",
        f"/appraisals/fairness?year={TWENTY_DIGITS}",
        "/appraisals/fairness?year=-1",
        "/people?page=abc",
    ],
)
def test_out_of_range_numbers_and_dates_get_a_clear_400(client, admin, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "The address has a bad value for" in response.get_data(as_text=True)


def test_an_empty_filter_box_is_not_an_error(client, admin):
    assert client.get("/audit?from=&to=&kind=&actor=").status_code == 200
    assert client.get("/organisations?region=&q=").status_code == 200


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, db_session):
    big = "x" * (2 * 1024 * 1024)
    response = client.post("/api/v1/tokens", data=f'{{"email": "{big}"}}', content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["message"].startswith("The request is too large")
    page = client.post("/sign-in", data={"email": big, "password": "x"})
    assert page.status_code == 413
    assert "The request is too large" in page.get_data(as_text=True)


def test_every_authenticated_response_is_not_stored(client, admin, db_session):
    for path in ("/", "/appraisals/completion?format=csv", "/edi/download"):
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert response.headers["Cache-Control"] == "no-store", path
    headers = token_for(client, admin)
    assert client.get("/api/v1/me", headers=headers).headers["Cache-Control"] == "no-store"


def test_csv_cells_that_look_like_formulas_are_neutralised(pages, trust_with_cycle):
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="7")
    add_appraised_staff(trust, cycle, manager, 40, appraisal_services.AppraisalStatus.SIGNED_OFF, 0)
    db.session.execute(update(Post).where(Post.title == "Nurse").values(directorate='=HYPERLINK("http://x","y")'))
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    download = pages.client.get(pages.url("appraisals.completion", by="directorate", format="csv"))
    groups = [line[0] for line in csv.reader(io.StringIO(download.get_data(as_text=True)))]
    assert '\'=HYPERLINK("http://x","y")' in groups
    assert not any(group.startswith(("=", "+", "-", "@")) for group in groups)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_the_csv_writer_neutralises_each_formula_start(value):
    from talent.downloads import safe_cell

    assert safe_cell(value) == "'" + value
    assert safe_cell(-1) == -1
    assert safe_cell("Surgery") == "Surgery"


def test_completion_by_band_hides_the_same_small_headcounts_as_the_workforce_page(pages, trust_with_cycle):
    """One rule for headcounts: the exact band-group count the workforce page withholds must not
    appear on the completion page either."""
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="7")
    add_appraised_staff(trust, cycle, manager, 3, appraisal_services.AppraisalStatus.SIGNED_OFF, 0)
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    for endpoint in ("appraisals.completion", "insights.workforce_profile"):
        cells = [td.get_text(strip=True) for td in pages.get(endpoint).select("tbody td")]
        numbers = [cell for cell in cells if cell.replace(",", "").isdigit()]
        assert all(int(n.replace(",", "")) >= 10 for n in numbers if n != "0"), (endpoint, numbers)
