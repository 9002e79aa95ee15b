"""Appraisal completion: counted in SQL for a manager's team, an organisation's HR and a region,
with a CSV export, in the same number of queries for 10 and 1,000 appraisals."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select, update

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import Appraisal, AppraisalStatus, AppraisalVariant
from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Band, Person, Post
from talent.standards import queries as standard_queries
from tests.factories import create_account, create_person, get_region
from tests.integration.test_api import token_for


def add_appraised_staff(trust, cycle, manager, count: int, status: AppraisalStatus, start: int) -> None:
    """Many people, posts and appraisals in three bulk statements."""
    people = [
        {
            "given_name": "Bulk",
            "family_name": f"Person{start + n}",
            "work_email": f"bulk{start + n}@example.nhs.uk",
            "organisation_id": trust.id,
            "version": 1,
        }
        for n in range(count)
    ]
    ids = list(db.session.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), people))
    manager_post = db.session.scalar(select(Post.id).where(Post.person_id == manager.id))
    db.session.execute(
        insert(Post),
        [
            {
                "title": "Nurse",
                "band": Band.AFC_5,
                "organisation_id": trust.id,
                "person_id": pid,
                "start_date": date.today() - timedelta(days=100),
                "reports_to_post_id": manager_post,
                "version": 1,
            }
            for pid in ids
        ],
    )
    framework = standard_queries.active_framework("hlm")
    db.session.execute(
        insert(Appraisal),
        [
            {
                "cycle_id": cycle.id,
                "appraisee_id": pid,
                "appraiser_id": manager.id,
                "variant": AppraisalVariant.STANDARD,
                "framework_id": framework.id,
                "status": status,
                "version": 1,
            }
            for pid in ids
        ],
    )


def test_hr_sees_completion_by_band_and_downloads_it(pages, trust_with_cycle):
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="7")
    add_appraised_staff(trust, cycle, manager, 32, AppraisalStatus.SIGNED_OFF, 0)
    add_appraised_staff(trust, cycle, manager, 12, AppraisalStatus.DRAFT, 100)
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    rows = {
        row.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in pages.get("appraisals.completion").select("tbody tr")
    }
    # 32 signed off, 12 in progress and 2 not started (the manager and the HR admin) of 46: the
    # 2 is withheld, so is one more figure in the row so it cannot be worked out, and the rest
    # are rounded to 5, as the workforce page does with the same headcounts.
    assert rows["Bands 5 to 7"] == ["30", "*", "*", "67%"]
    download = pages.client.get(pages.url("appraisals.completion", format="csv"))
    assert download.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert lines[0] == ["Band", "Signed off", "In progress", "Not started", "Total", "Completion rate"]
    assert ["Bands 5 to 7", "30", "", "", "45", "67%"] in lines


def test_hr_sees_completion_by_directorate(pages, client, trust_with_cycle):
    trust, cycle = trust_with_cycle
    manager = create_person(organisation=trust, band="7")
    add_appraised_staff(trust, cycle, manager, 23, AppraisalStatus.SIGNED_OFF, 0)
    db.session.execute(update(Post).where(Post.title == "Nurse").values(directorate="Surgery"))
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    pages.sign_in(hr)
    page = pages.get("appraisals.completion", by="directorate")
    rows = {
        row.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in page.select("tbody tr")
    }
    assert set(rows) == {"Surgery", "Not recorded"}
    shown = [cell for cells in rows.values() for cell in cells[:3] if cell != "*"]
    assert all(int(cell) >= 10 and int(cell) % 5 == 0 for cell in shown)
    download = pages.client.get(pages.url("appraisals.completion", by="directorate", format="csv"))
    assert download.get_data(as_text=True).splitlines()[0].startswith("Directorate,")
    api = client.get("/api/v1/appraisals/completion?by=directorate", headers=token_for(client, hr)).json
    assert (api["grouped_by"], sorted(r["group"] for r in api["rows"])) == ("directorate", ["Not recorded", "Surgery"])


@pytest.mark.parametrize("who", ["manager", "hr", "talent_lead"])
def test_the_dashboard_queries_the_same_for_10_and_1000_appraisals(pages, trust_with_cycle, count_queries, who):
    trust, cycle = trust_with_cycle
    manager = create_account(person=create_person(organisation=trust, band="8a"))
    roles = {"manager": [], "hr": [(Role.HR_ADMIN, trust)], "talent_lead": [(Role.TALENT_LEAD, get_region("Y62"))]}
    account = (
        manager if who == "manager" else create_account(person=create_person(organisation=trust), roles=roles[who])
    )
    pages.sign_in(account)
    counts = []
    for total, start in ((10, 0), (990, 100)):
        add_appraised_staff(trust, cycle, manager.person, total, AppraisalStatus.SELF_ASSESSED, start)
        # A region's figures come from the summary the scheduler counts every 15 minutes.
        appraisal_services.recount_completion()
        with count_queries() as counter:
            page = pages.get("appraisals.completion")
        counts.append(counter.count)
    assert counts[0] == counts[1]
    cells = [row.select("td")[1].get_text(strip=True).replace(",", "") for row in page.select("tbody tr")]
    if who == "manager":
        # A manager's team is listed by person, exactly; elsewhere the figures are controlled.
        assert sum(int(cell) for cell in cells) == 1000
        # Each person opens their appraisals.
        links = page.select("tbody th a")
        assert len(links) == 1000
        assert links[0]["href"].endswith("/appraisals")
    else:
        assert cells
        assert all(cell == "*" or (int(cell) >= 10 and int(cell) % 5 == 0) for cell in cells)
    summarised = "Counted at" in page.get_text(" ", strip=True)
    assert summarised == (who == "talent_lead")


def test_an_organisation_page_lists_its_appraisal_cycles_with_their_completion(pages, trust_with_cycle):
    trust, cycle = trust_with_cycle
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    page = pages.get("orgs.view_organisation", organisation_id=trust.id)
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("main a")}
    assert links[f"{cycle.name} appraisal completion"] == pages.url("appraisals.completion", year=cycle.year)
