"""The regional talent pipeline in the browser's shoes: a manager records a talent conversation,
the person agrees it, the manager nominates them into a pool and the region's talent lead
approves; criteria are enforced with what is missing named; another region's talent lead
cannot reach any of it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.auth.policy import build_principal
from talent.extensions import db
from talent.people.models import Band
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    Axis,
    GrowthDirection,
    MembershipStatus,
    PoolMembership,
    ReadinessLevel,
    Response,
    TalentConversation,
)
from talent.programmes import services as programme_services
from talent.programmes.models import Programme
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person, get_region
from tests.pages import csrf_token, error_summary


def readiness(code: str) -> ReadinessLevel:
    return db.session.scalar(select(ReadinessLevel).where(ReadinessLevel.code == code))


@pytest.fixture
def region(db_session):
    """A trust in the North West with a manager, their report and the region's talent lead;
    a London talent lead as the outsider."""
    home = create_organisation(region_code="Y62")
    manager = create_person(organisation=home, band="8d", title="Director of operations", given_name="Maya")
    person = create_person(
        organisation=home, band="8b", title="Head of operations", manager=manager, given_name="Tomasz"
    )
    return {
        "home": home,
        "manager": manager,
        "person": person,
        "manager_account": create_account(person=manager),
        "person_account": create_account(person=person),
        "lead": create_account(person=create_person(organisation=home), roles=[(Role.TALENT_LEAD, get_region("Y62"))]),
        "london_lead": create_account(
            person=create_person(organisation=create_organisation(region_code="Y56")),
            roles=[(Role.TALENT_LEAD, get_region("Y56"))],
        ),
    }


def conversation_for(region, *, level="ready_12_months", held_on=None, target_band=Band.AFC_8C):
    data = pipeline_services.ConversationInput(
        held_on=held_on or date.today() - timedelta(days=7),
        impact=Axis.HIGH,
        growth=Axis.HIGH,
        direction=GrowthDirection.STRETCH,
        readiness_id=readiness(level).id,
        target_band=target_band,
    )
    return pipeline_services.record_conversation(region["person"], data, actor=region["manager_account"])


def pool_for(region, *, level=Band.AFC_8C, name="Aspiring directors", readiness_code=None, months=12):

    return pipeline_services.create_pool(
        name=name,
        region_id=get_region("Y62").id,
        level=level,
        min_band=Band.AFC_8A,
        max_band=Band.AFC_8D,
        readiness_id=readiness(readiness_code).id if readiness_code else None,
        conversation_within_months=months,
        review_on=date.today() + timedelta(days=180),
        principal=build_principal(region["lead"]),
    )


def test_manager_records_person_agrees_manager_nominates_and_talent_lead_approves(pages, region):
    pool = pool_for(region)
    person = region["person"]
    pages.sign_in(region["manager_account"])
    page = pages.get("pipeline.record_conversation", person_id=person.id)
    held = date.today() - timedelta(days=3)
    form = {
        "csrf_token": csrf_token(page),
        "held_on[day]": str(held.day),
        "held_on[month]": str(held.month),
        "held_on[year]": str(held.year),
        "impact": "high",
        "growth": "medium",
        "direction": "stretch",
        "readiness_id": str(readiness("ready_now").id),
        "target_band": "8c",
        "target_role": "chief_operating_officer",
        "willing_challenged": "yes",
        "region_ids": [str(get_region("Y62").id)],
        "max_travel_km": "60",
        "travel_from": "home",
        "home_postcode_district": "m1",
        "aspirations": "Chief operating officer within two years",
        "development_plan": "Shadow the COO; join the mid-career programme",
    }
    response = pages.client.post(pages.url("pipeline.record_conversation", person_id=person.id), data=form)
    assert response.status_code == 302
    conversation = db.session.scalar(select(TalentConversation).where(TalentConversation.person_id == person.id))
    assert conversation.home_postcode_district == "M1"
    assert conversation.response is Response.AWAITING

    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(region["person_account"])
    assert "Agree your talent conversation" in pages.get("home.show_home").get_text()
    talent = pages.get("pipeline.person_talent", person_id=person.id)
    assert "Agree it or say where you differ" in talent.get_text()
    pages.post(
        "pipeline.respond",
        {"response": "agree", "version": str(conversation.version)},
        conversation_id=conversation.id,
    )
    db.session.refresh(conversation)
    assert conversation.response is Response.AGREED

    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(region["manager_account"])
    pages.post("pipeline.nominate", {"pool_id": str(pool.id), "case": "Runs the division well"}, person_id=person.id)
    membership = db.session.scalar(select(PoolMembership).where(PoolMembership.person_id == person.id))
    assert membership.status is MembershipStatus.NOMINATED

    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(region["lead"])
    assert f"Decide nominations for {pool.name}" in pages.get("home.show_home").get_text()
    pool_page = pages.get("pipeline.view_pool", pool_id=pool.id)
    assert "Tomasz" in pool_page.select_one("table").get_text()
    decision = pages.get("pipeline.decide_nomination", membership_id=membership.id)
    assert "They meet the pool's criteria today" in decision.get_text()
    pages.get("pipeline.view_conversation", conversation_id=conversation.id)
    pages.post(
        "pipeline.decide_nomination",
        {"decision": "approve", "reason": "Ready for a COO post", "version": str(membership.version)},
        membership_id=membership.id,
    )
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.MEMBER
    assert "Decide nominations" not in pages.get("home.show_home").get_text()
    assert membership.review_on == pool.review_on
    # The talent lead read the conversation on the way: that read is audited; the person's own were not.
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "talent_conversation_viewed")).all()
    assert {event.actor_account_id for event in reads} == {region["lead"].id}


def test_a_person_outside_the_criteria_is_refused_with_what_is_missing(pages, region, db_session):
    standard_services.seed_frameworks()
    programme_services.seed_programmes()
    programme = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    programme_services.create_rule(
        title="Band 8c and above",
        min_band=Band.AFC_8C,
        programmes=[programme],
        required_level=None,
        effective_from=date.today() - timedelta(days=1),
    )
    pool = pool_for(region, readiness_code="ready_now")
    conversation_for(region, level="ready_12_24_months")
    pages.sign_in(region["manager_account"])
    page = pages.post(
        "pipeline.nominate",
        {"pool_id": str(pool.id), "case": "Strong"},
        _expected_status=200,
        person_id=region["person"].id,
    )
    [message] = error_summary(page)
    assert "readiness of ready now or nearer" in message
    assert programme.title in message
    assert db.session.scalar(select(PoolMembership.id)) is None


def test_another_regions_talent_lead_gets_404_for_the_pool_member_and_conversation(pages, region):
    pool = pool_for(region)
    conversation = conversation_for(region)
    membership = pipeline_services.nominate(
        pool, region["person"], case="Strong", principal=build_principal(region["manager_account"])
    )
    pages.sign_in(region["london_lead"])
    pages.get("pipeline.view_pool", 404, pool_id=pool.id)
    pages.get("pipeline.decide_nomination", 404, membership_id=membership.id)
    pages.get("pipeline.leave_pool", 404, membership_id=membership.id)
    pages.get("pipeline.view_conversation", 404, conversation_id=conversation.id)
    pages.get("pipeline.person_talent", 404, person_id=region["person"].id)
    pools = pages.get("pipeline.list_pools")
    assert "Aspiring directors" not in pools.get_text()


def test_a_self_nomination_into_another_regions_pool_lets_that_talent_lead_see_the_conversation(pages, region):

    london_pool = pipeline_services.create_pool(
        name="London aspiring directors",
        region_id=get_region("Y56").id,
        level=Band.AFC_8C,
        min_band=Band.AFC_8A,
        max_band=Band.AFC_8D,
        readiness_id=None,
        conversation_within_months=None,
        review_on=date.today() + timedelta(days=90),
        principal=build_principal(region["london_lead"]),
    )
    conversation = conversation_for(region)
    pages.sign_in(region["london_lead"])
    pages.get("pipeline.view_conversation", 404, conversation_id=conversation.id)
    pipeline_services.nominate(
        london_pool,
        region["person"],
        case="I want to work in London",
        principal=build_principal(region["person_account"]),
    )
    pages.get("pipeline.view_conversation", conversation_id=conversation.id)


def test_a_new_conversation_replaces_the_current_one_and_keeps_history(region, db_session):
    first = conversation_for(region, held_on=date.today() - timedelta(days=200))
    second = conversation_for(region, level="ready_now")
    assert first.replaced_at is not None
    assert second.is_current
    with pytest.raises(Exception, match="newer conversation"):
        pipeline_services.respond_to_conversation(first, agree=True, actor=region["person_account"])


def test_only_the_person_answers_and_differing_needs_words(region, db_session):
    from talent.errors import Forbidden, RuleViolation

    conversation = conversation_for(region)
    with pytest.raises(Forbidden):
        pipeline_services.respond_to_conversation(conversation, agree=True, actor=region["manager_account"])
    with pytest.raises(RuleViolation, match="where you differ"):
        pipeline_services.respond_to_conversation(conversation, agree=False, actor=region["person_account"])


def test_a_nomination_or_conversation_made_at_the_same_moment_elsewhere_is_a_conflict(region, monkeypatch):
    """Two people acting at once both pass the "already there?" check; the unique index stops the
    second, which is told rather than given a server error."""
    from talent.errors import Conflict
    from talent.pipeline import queries as pipeline_queries

    pool = pool_for(region)
    conversation_for(region)
    pipeline_services.nominate(
        pool, region["person"], case="Strong", principal=build_principal(region["manager_account"])
    )
    monkeypatch.setattr(pipeline_queries, "open_membership", lambda pool_id, person_id: None)
    with pytest.raises(Conflict, match="by someone else just now"):
        pipeline_services.nominate(
            pool, region["person"], case="Also strong", principal=build_principal(region["person_account"])
        )
    monkeypatch.setattr(pipeline_queries, "current_conversation", lambda person_id: None)
    with pytest.raises(Conflict, match="just now"):
        conversation_for(region)
    assert db.session.scalar(select(func.count(PoolMembership.id))) == 1
