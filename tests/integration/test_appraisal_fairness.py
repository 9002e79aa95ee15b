"""Appraisal fairness: ratings by protected characteristic with no cell under the minimum ever
returned, in the page or the CSV, and the relative likelihood of the top rating."""

import csv
import io
from datetime import date

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import Appraisal, AppraisalStatus, AppraisalVariant
from talent.auth.models import Role
from talent.edi.models import Disability, EthnicGroup
from talent.extensions import db
from talent.jobs.registry import get_job
from talent.standards import queries as standard_queries
from talent.standards import services as standard_services
from tests.factories import (
    PASSWORD,
    create_account,
    create_edi_profile,
    create_organisation,
    create_person,
    get_region,
)


def appraised(trust, cycle, manager, ethnicity, rating, count, objectives_rating=None):
    framework = standard_queries.active_framework("hlm")
    for _ in range(count):
        person = create_person(organisation=trust, manager=manager)
        create_edi_profile(person, ethnicity=ethnicity, disability=Disability.NO)
        db.session.add(
            Appraisal(
                cycle_id=cycle.id,
                appraisee_id=person.id,
                appraiser_id=manager.id,
                framework_id=framework.id,
                variant=AppraisalVariant.STANDARD,
                status=AppraisalStatus.SIGNED_OFF,
                behaviours_rating=rating,
                objectives_rating=objectives_rating,
            )
        )
    db.session.flush()


def test_fairness_shows_no_small_cell_and_finds_the_difference(pages, db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    today = date.today()
    year = today.year if today.month >= 4 else today.year - 1
    cycle = appraisal_services.create_cycle(trust, year=year, opens_on=date(year, 4, 1), due_on=date(year + 1, 3, 31))
    manager = create_person(organisation=trust, band="8a")
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 4, 30)
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 3, 30)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 4, 10)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 3, 40)
    appraised(trust, cycle, manager, EthnicGroup.ASIAN_INDIAN, 2, 3)
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    token = pages.client.post("/api/v1/tokens", json={"email": hr.email, "password": PASSWORD}).json["token"]
    api = pages.client.get("/api/v1/appraisals/fairness", headers={"Authorization": f"Bearer {token}"}).json
    counts = [cell["count"] for item in api["breakdowns"] for cell in item["cells"]]
    assert None in counts
    assert all(c is None or (c >= 10 and c % 5 == 0) for c in counts)
    ethnicity = next(item for item in api["breakdowns"] if item["characteristic"] == "wres_group")
    # Published rounded: two decimals for the ratio, a band for the p-value.
    assert ethnicity["top_rating"]["relative_likelihood"] == 2.65
    assert ethnicity["top_rating"]["p_value_band"] in ("< 0.001", "< 0.01", "< 0.05", "0.05 or more")
    completion = pages.client.get("/api/v1/appraisals/completion", headers={"Authorization": f"Bearer {token}"}).json
    assert completion["grouped_by"] == "band_group"
    # Headcounts by band group follow the same rule as the workforce page: none under 10, the rest rounded.
    published = [row[state] for row in completion["rows"] for state in ("signed_off", "in_progress", "not_started")]
    assert None in published
    assert all(n is None or (n >= 10 and n % 5 == 0) for n in published)
    pages.sign_in(hr)
    page = pages.get("appraisals.fairness")
    cells = [td.get_text(" ", strip=True) for td in page.select("td")]
    published = [c for c in cells if not c.startswith("*")]
    assert published
    assert all(int(c) >= 10 and int(c) % 5 == 0 for c in published)
    assert any(c.startswith("*") for c in cells)  # the three rated Essential
    text = page.get_text(" ", strip=True)
    # White: 30 of 60 top (0.5); BME: 10 of 53 (0.189); 0.5 / 0.1887 = 2.65
    assert "Relative likelihood of the top rating, white compared with black and minority ethnic: 2.65" in text
    assert "unlikely to be chance" in text
    download = pages.client.get(pages.url("appraisals.fairness", format="csv")).get_data(as_text=True)
    counts = [row[4] for row in csv.reader(io.StringIO(download))][1:]
    assert all(c == "*" or (int(c) >= 10 and int(c) % 5 == 0) for c in counts)


def test_objective_ratings_have_their_own_breakdown(pages, db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    today = date.today()
    year = today.year if today.month >= 4 else today.year - 1
    cycle = appraisal_services.create_cycle(trust, year=year, opens_on=date(year, 4, 1), due_on=date(year + 1, 3, 31))
    manager = create_person(organisation=trust, band="8a")
    # The same behaviour rating for everyone; objectives rated top for 30 of 50 White staff and
    # 10 of 50 Black and minority ethnic staff.
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 3, 30, objectives_rating=4)
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 3, 20, objectives_rating=3)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 3, 10, objectives_rating=4)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 3, 40, objectives_rating=3)
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    token = pages.client.post("/api/v1/tokens", json={"email": hr.email, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    objectives = pages.client.get("/api/v1/appraisals/fairness?measure=objectives", headers=headers).json
    behaviours = pages.client.get("/api/v1/appraisals/fairness", headers=headers).json
    assert (objectives["measure"], behaviours["measure"]) == ("objectives", "behaviours")

    def likelihood(result):
        ethnicity = next(item for item in result["breakdowns"] if item["characteristic"] == "wres_group")
        return ethnicity["top_rating"]["relative_likelihood"]

    assert round(likelihood(objectives), 2) == 3.0  # 0.6 / 0.2
    assert likelihood(behaviours) is None  # no one has the top behaviour rating
    pages.sign_in(hr)
    text = pages.get("appraisals.fairness", measure="objectives").get_text(" ", strip=True)
    assert "Overall objective ratings given by appraisers" in text


def test_a_breakdown_with_every_count_withheld_says_why(pages, trust_with_cycle):
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="8a")
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 3, 4)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 2, 3)
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    page = pages.get("appraisals.fairness")
    insets = [inset.get_text(" ", strip=True) for inset in page.select(".nhsuk-inset-text")]
    assert any(text.startswith("Information: Every count for ethnicity is withheld") for text in insets), insets


def test_a_region_reads_the_fairness_summary_which_matches_counting_the_trust_as_it_stands(pages, trust_with_cycle):
    """A talent lead's region (and England) comes from the summary the 15-minute job counts: the
    page says when, and gives exactly the figures counted live for the one trust it holds."""
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="8a")
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 4, 30, objectives_rating=3)
    appraised(trust, cycle, manager, EthnicGroup.WHITE_BRITISH, 3, 30, objectives_rating=4)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 4, 10, objectives_rating=3)
    appraised(trust, cycle, manager, EthnicGroup.BLACK_AFRICAN, 3, 40, objectives_rating=2)
    lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    pages.sign_in(lead)
    assert "Not counted yet" in pages.get("appraisals.fairness").get_text(" ", strip=True)
    get_job("appraisal_completion_recount").function()()
    assert "Counted at" in pages.get("appraisals.fairness").get_text(" ", strip=True)

    def published(account, measure: str) -> dict:
        token = pages.client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
        return pages.client.get(
            f"/api/v1/appraisals/fairness?measure={measure}", headers={"Authorization": f"Bearer {token}"}
        ).json

    for measure in ("behaviours", "objectives"):
        region, organisation = published(lead, measure), published(hr, measure)
        assert region["counted_at"] is not None
        assert organisation["counted_at"] is None
        assert region["breakdowns"] == organisation["breakdowns"]
    breakdowns = published(lead, "behaviours")["breakdowns"]
    ethnicity = next(item for item in breakdowns if item["characteristic"] == "wres_group")
    assert ethnicity["top_rating"]["relative_likelihood"] == 2.5  # 30 of 60 against 10 of 50
