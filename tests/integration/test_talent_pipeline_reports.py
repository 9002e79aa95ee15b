"""Calibration reviews and the pipeline dashboard: moves recorded with their reasons, counts
never under the threshold (page, CSV), the four-fifths flag, and a fixed number of SQL
statements whatever the pool's size."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.auth.models import Role
from talent.auth.policy import build_principal
from talent.db import utcnow
from talent.edi.models import EthnicGroup
from talent.errors import RuleViolation
from talent.extensions import db
from talent.insights import services as insight_services
from talent.jobs.registry import get_job
from talent.people.models import Band, Person, Post, ProfessionalGroup
from talent.pipeline import reports
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    Axis,
    CalibrationMove,
    GrowthDirection,
    MembershipStatus,
    NominationRoute,
    PoolMembership,
    ReadinessLevel,
    TalentConversation,
)
from tests.factories import create_account, create_edi_profile, create_organisation, create_person, get_region


def level(code: str) -> ReadinessLevel:
    return db.session.scalar(select(ReadinessLevel).where(ReadinessLevel.code == code))


@pytest.fixture
def team(db_session):
    trust = create_organisation(region_code="Y62")
    lead = create_account(person=create_person(organisation=trust), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    manager = create_person(organisation=trust, band="9", title="Chief executive", given_name="Ada")
    pool = pipeline_services.create_pool(
        name="Aspiring directors",
        region_id=get_region("Y62").id,
        level=Band.AFC_8C,
        min_band=Band.AFC_8A,
        max_band=Band.AFC_8D,
        readiness_id=None,
        conversation_within_months=None,
        review_on=date.today() + timedelta(days=120),
        principal=build_principal(lead),
    )
    return {"trust": trust, "lead": lead, "manager": manager, "pool": pool}


_numbers = iter(range(1, 10**6))


def add_people(team, count: int, *, ready_now: int = 0, ethnicity=None, member=True) -> list[Person]:
    """``count`` band 8a staff with a current conversation (``ready_now`` of them rated ready
    now) and, with ``member``, in the pool: written in bulk, as a large region would be."""
    today = date.today()
    manager_post = db.session.scalar(select(Post).where(Post.person_id == team["manager"].id))
    ready, later = level("ready_now"), level("ready_12_months")
    people = []
    for _ in range(count):
        number = next(_numbers)
        person = Person(
            given_name="Member",
            family_name=f"Pipeline{number:07d}",
            work_email=f"member{number}@pipeline.example.nhs.uk",
            organisation=team["trust"],
            professional_group=ProfessionalGroup.ADMINISTRATIVE_CLERICAL,
        )
        people.append(person)
        db.session.add(person)
        db.session.add(
            Post(
                title="Service manager",
                organisation=team["trust"],
                band=Band.AFC_8A,
                holder=person,
                start_date=today - timedelta(days=400),
                reports_to=manager_post,
            )
        )
    db.session.flush()
    for index, person in enumerate(people):
        db.session.add(
            TalentConversation(
                person_id=person.id,
                facilitator_id=team["manager"].id,
                held_on=today - timedelta(days=30),
                impact=Axis.MEDIUM,
                growth=Axis.HIGH,
                direction=GrowthDirection.STRETCH,
                readiness_id=(ready if index < ready_now else later).id,
                target_band=Band.AFC_8C,
            )
        )
        if member:
            db.session.add(
                PoolMembership(
                    pool_id=team["pool"].id,
                    person_id=person.id,
                    route=NominationRoute.LINE_MANAGER,
                    status=MembershipStatus.MEMBER,
                    decided_at=utcnow(),
                    review_on=today + timedelta(days=100),
                )
            )
        if ethnicity is not None:
            create_edi_profile(person, ethnicity=ethnicity)
    db.session.flush()
    return people


def test_moves_are_recorded_with_who_from_where_to_where_and_why_and_stop_at_closing(team):
    [person] = add_people(team, 1)
    review = pipeline_services.open_review(title="Spring", pool=team["pool"], principal=build_principal(team["lead"]))
    [position] = review.positions
    with pytest.raises(RuleViolation, match="why"):
        pipeline_services.move_position(
            review,
            position,
            readiness_id=level("ready_now").id,
            impact=Axis.HIGH,
            growth=Axis.HIGH,
            reason=" ",
            actor=team["lead"],
        )
    pipeline_services.move_position(
        review,
        position,
        readiness_id=level("ready_now").id,
        impact=Axis.HIGH,
        growth=Axis.HIGH,
        reason="Led the winter plan",
        actor=team["lead"],
    )
    move = db.session.scalar(select(CalibrationMove))
    assert (move.from_readiness.code, move.to_readiness.code, move.from_impact, move.to_impact) == (
        "ready_12_months",
        "ready_now",
        Axis.MEDIUM,
        Axis.HIGH,
    )
    assert move.moved_by_id == team["lead"].id
    assert move.reason == "Led the winter plan"
    pipeline_services.close_review(review, summary="Two ready now", actor=team["lead"])
    with pytest.raises(RuleViolation, match="closed"):
        pipeline_services.move_position(
            review,
            position,
            readiness_id=level("ready_12_months").id,
            impact=Axis.LOW,
            growth=Axis.LOW,
            reason="x",
            actor=team["lead"],
        )


def test_small_groups_never_show_a_count_under_the_threshold(pages, team):
    add_people(team, 4, ready_now=2, ethnicity=EthnicGroup.WHITE_BRITISH)
    add_people(team, 3, ready_now=1, ethnicity=EthnicGroup.BLACK_AFRICAN)
    reports.recount_pipeline()
    review = pipeline_services.open_review(title="Spring", pool=team["pool"], principal=build_principal(team["lead"]))
    pages.sign_in(team["lead"])
    minimum = pages.client.application.config["INSIGHTS_MIN_CELL"]
    for endpoint, values in (("pipeline.view_review", {"review_id": review.id}), ("pipeline.dashboard", {})):
        page = pages.get(endpoint, **values)
        statistics = page.select("table[data-talent-statistics]")
        assert statistics
        for table in statistics:
            cells = [
                td.get_text(strip=True).replace("(withheld)", "")
                for td in table.select("td.nhsuk-table__cell--numeric")
            ]
            shown = [int(cell.replace(",", "")) for cell in cells if cell != "*"]
            assert all(number >= minimum for number in shown), (endpoint, table.caption.get_text(), shown)
    csv_text = pages.client.get(pages.url("pipeline.dashboard_csv")).get_data(as_text=True)
    counts = [row["Number of people"] for row in csv.DictReader(io.StringIO(csv_text))]
    assert counts
    assert all(count == "Withheld" or int(count) >= minimum for count in counts)
    page = pages.get("pipeline.view_review", review_id=review.id)
    assert "four-fifths" not in page.get_text()
    assert re.search(
        r"ready now, white compared with black and minority ethnic: Not available", page.get_text(" ", strip=True)
    )


def test_the_four_fifths_rule_is_flagged_when_ready_now_ratings_differ_by_ethnicity(pages, team):
    add_people(team, 40, ready_now=30, ethnicity=EthnicGroup.WHITE_BRITISH)
    add_people(team, 40, ready_now=10, ethnicity=EthnicGroup.ASIAN_INDIAN)
    review = pipeline_services.open_review(title="Spring", pool=team["pool"], principal=build_principal(team["lead"]))
    by_key = {item.key: item for item in reports.review_distribution(review, actor=team["lead"])}
    assert by_key["wres_group"].ready_now.value == 3.0
    assert by_key["wres_group"].flagged
    assert not by_key["sex"].flagged  # nobody stated their sex: not available, so not flagged
    pages.sign_in(team["lead"])
    page = pages.get("pipeline.view_review", review_id=review.id)
    assert "Ethnicity: the four-fifths rule is crossed" in page.get_text()


@pytest.mark.parametrize("endpoint", ["pipeline.view_pool", "pipeline.dashboard"])
def test_pool_and_dashboard_pages_issue_the_same_statements_for_10_and_1000_members(
    pages, team, count_queries, endpoint
):
    add_people(team, 10, ready_now=3, ethnicity=EthnicGroup.WHITE_BRITISH)
    reports.recount_pipeline()
    pages.sign_in(team["lead"])
    values = {"pool_id": team["pool"].id} if endpoint == "pipeline.view_pool" else {}
    pages.get(endpoint, **values)
    with count_queries() as small:
        pages.get(endpoint, **values)
    add_people(team, 990, ready_now=300, ethnicity=EthnicGroup.ASIAN_INDIAN)
    reports.recount_pipeline()
    with count_queries() as large:
        page = pages.get(endpoint, **values)
    assert large.count == small.count
    if endpoint == "pipeline.view_pool":
        assert page.find("a", string="Next members") is not None


def test_the_review_page_issues_the_same_statements_for_10_and_1000_people(pages, team, count_queries):
    add_people(team, 10, ready_now=3, ethnicity=EthnicGroup.WHITE_BRITISH)
    principal = build_principal(team["lead"])
    small_review = pipeline_services.open_review(title="Small", pool=team["pool"], principal=principal)
    pages.sign_in(team["lead"])
    pages.get("pipeline.view_review", review_id=small_review.id)
    with count_queries() as small:
        pages.get("pipeline.view_review", review_id=small_review.id)
    add_people(team, 990, ready_now=300, ethnicity=EthnicGroup.ASIAN_INDIAN)
    large_review = pipeline_services.open_review(title="Large", pool=team["pool"], principal=principal)
    pages.get("pipeline.view_review", review_id=large_review.id)
    with count_queries() as large:
        page = pages.get("pipeline.view_review", review_id=large_review.id)
    assert large.count == small.count
    assert page.find("a", string="Next people") is not None
    assert "697 people" in page.select_one("table.talent-grid").get_text(" ", strip=True)


def test_the_dashboards_workforce_tables_come_from_the_workforce_summary(pages, team):
    """The region's workforce beside its pipeline is read from the summary (counted each night
    and as posts change), not counted from every post in the region on each view."""
    add_people(team, 30, ready_now=2, ethnicity=EthnicGroup.WHITE_BRITISH)
    add_people(team, 15, ready_now=2, ethnicity=EthnicGroup.BLACK_AFRICAN)
    pages.sign_in(team["lead"])

    def workforce_at_8a_white(page) -> str:
        table = next(
            table
            for table in page.select("table[data-talent-statistics]")
            if table.caption.get_text(strip=True).startswith("Workforce in post by level: ethnicity")
        )
        columns = [th.get_text(strip=True) for th in table.select("thead th")]
        row = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True) == "Bands 8a and 8b")
        return row.select("td")[columns.index("White") - 1].get_text(strip=True)

    page = pages.get("pipeline.dashboard")
    assert "The workforce has not been counted yet" in page.get_text(" ", strip=True)
    assert workforce_at_8a_white(page) != "30"
    insight_services.recount_workforce()
    page = pages.get("pipeline.dashboard")
    assert "The workforce was counted at" in page.get_text(" ", strip=True)
    assert workforce_at_8a_white(page) == "30"


def _cell(page, caption: str, row: str, column: str) -> str:
    table = next(
        table
        for table in page.select("table[data-talent-statistics]")
        if table.caption.get_text(strip=True).startswith(caption)
    )
    columns = [th.get_text(strip=True) for th in table.select("thead th")]
    tr = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True) == row)
    return tr.select("td")[columns.index(column) - 1].get_text(strip=True)


def test_the_dashboard_reads_the_pipeline_summary_recounted_for_a_recorded_conversation_and_by_the_job(pages, team):
    """Conversations and senior staff come from the pipeline summary: an organisation is
    recounted when a conversation with someone there is recorded, and every organisation by the
    15-minute job, which is what picks up changes made elsewhere (here, rows written directly)."""
    people = add_people(team, 12, ethnicity=EthnicGroup.WHITE_BRITISH)
    add_people(team, 12, ethnicity=EthnicGroup.ASIAN_INDIAN)
    pages.sign_in(team["lead"])

    def readiness_cell(page) -> str:
        return _cell(page, "People with a current talent conversation", "Ready in 12 months", "Bands 8c to 9 and VSM")

    def pipeline_white(page) -> str:
        return _cell(page, "Pipeline by target level: ethnicity", "Bands 8c to 9 and VSM", "White")

    page = pages.get("pipeline.dashboard")
    assert "Talent conversations and senior staff have not been counted yet" in page.get_text(" ", strip=True)
    assert readiness_cell(page).startswith("*")  # nobody counted: withheld like any count under 10

    data = pipeline_services.ConversationInput(
        held_on=date.today() - timedelta(days=3),
        impact=Axis.HIGH,
        growth=Axis.HIGH,
        direction=GrowthDirection.STRETCH,
        readiness_id=level("ready_12_months").id,
        target_band=Band.AFC_8C,
    )
    pipeline_services.record_conversation(people[0], data, actor=create_account(person=team["manager"]))
    page = pages.get("pipeline.dashboard")
    assert "Talent conversations and senior staff were counted at" in page.get_text(" ", strip=True)
    assert (readiness_cell(page), pipeline_white(page)) == ("25", "10")  # 24 and 12, rounded to 5

    add_people(team, 12, ethnicity=EthnicGroup.WHITE_BRITISH)
    assert readiness_cell(pages.get("pipeline.dashboard")) == "25"
    get_job("pipeline_recount").function()()
    page = pages.get("pipeline.dashboard")
    assert (readiness_cell(page), pipeline_white(page)) == ("35", "25")  # 36 and 24
    assert _cell(page, "Time since the last talent conversation", "all", "In the last 6 months") == "35"
