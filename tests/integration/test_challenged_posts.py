"""Challenged posts, incentive packages and matching: a post only where the challenged rule
says so; a package over the threshold cannot be offered before national approval; a match run
ranks candidates with each criterion's contribution and says why each filtered person was
filtered; a saved run scores the same again from what it saved; a region-wide proposal
explains each pair and each post left unfilled."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.auth.models import Role
from talent.auth.policy import build_principal
from talent.dates import add_months
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.people.models import Band
from talent.pipeline import challenged, matching
from talent.pipeline import queries as challenged_queries
from talent.pipeline import reports as pipeline_reports
from talent.pipeline import services as pipeline_services
from talent.pipeline.models import (
    ApprovalStatus,
    Axis,
    ExperienceTag,
    GrowthDirection,
    MatchResult,
    PoolMembership,
    ReadinessLevel,
    TargetRole,
    TravelFrom,
)
from talent.programmes import services as programme_services
from talent.programmes.models import Programme
from talent.standards import services as standard_services
from tests.factories import (
    create_account,
    create_open_talent_pool,
    create_organisation,
    create_person,
    get_region,
)
from tests.pages import csrf_token

TODAY = date.today()


def _conversation(person, manager, *, readiness="ready_now", **values):
    level = db.session.scalar(select(ReadinessLevel).where(ReadinessLevel.code == readiness))
    data = pipeline_services.ConversationInput(
        held_on=TODAY,
        impact=Axis.HIGH,
        growth=Axis.HIGH,
        direction=GrowthDirection.STRETCH,
        readiness_id=level.id,
        **values,
    )
    return pipeline_services.record_conversation(person, data, actor=manager)


@pytest.fixture
def region(db_session):
    """A North West trust in segment 4 (challenged), one in segment 2 (not), the region's talent
    lead and a pool of three candidates with talent conversations: a strong one, a weaker one
    and one who will travel only 5 km; a fourth pool member elsewhere in England."""
    standard_services.seed_frameworks()
    challenged_trust = create_organisation(region_code="Y62", segment=4)
    challenged_trust.easting, challenged_trust.northing = 384_000, 398_000
    settled = create_organisation(region_code="Y62", segment=2)
    home = create_organisation(region_code="Y62", segment=2)
    home.easting, home.northing = 390_000, 400_000
    lead = create_account(person=create_person(organisation=home), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    manager = create_account(person=create_person(organisation=home, band="9", title="Chief operating officer"))
    pool = create_open_talent_pool(region_id=get_region("Y62").id, principal=build_principal(lead))
    people = {}
    for name, values in {
        "Strong": {
            "target_band": Band.AFC_9,
            "target_role": TargetRole.CHIEF_OPERATING_OFFICER,
            "willing_challenged": True,
            "experience": [ExperienceTag.TURNAROUND, ExperienceTag.URGENT_EMERGENCY_CARE],
        },
        "Steady": {"target_band": Band.AFC_9, "willing_challenged": False},
        "Local": {"willing_challenged": True, "max_travel_km": 5, "travel_from": TravelFrom.WORKPLACE},
    }.items():
        person = create_person(organisation=home, given_name=name, band="8c", manager=manager.person)
        _conversation(person, manager, readiness="ready_now" if name != "Steady" else "ready_12_24_months", **values)
        membership = pipeline_services.nominate(pool, person, case="Ready", principal=build_principal(manager))
        pipeline_services.decide_nomination(membership, approve=True, reason="Yes", actor=lead)
        people[name] = person
    return {
        "challenged": challenged_trust,
        "settled": settled,
        "lead": lead,
        "manager": manager,
        "pool": pool,
        "people": people,
    }


def _post(region, **overrides):
    values = {
        "title": "Chief operating officer",
        "band": Band.AFC_9,
        "role_type": TargetRole.CHIEF_OPERATING_OFFICER,
        "min_behaviours_rating": None,
        "experience": [ExperienceTag.TURNAROUND],
        "interim": False,
        "starts_on": TODAY + timedelta(days=90),
        "closing_on": TODAY + timedelta(days=30),
        "template": None,
    }
    values.update(overrides)
    return challenged.create_post(region["challenged"], actor=region["lead"], **values)


def test_a_post_is_only_for_an_organisation_the_challenged_rule_flags(region):
    with pytest.raises(RuleViolation, match="is not a challenged organisation"):
        challenged.create_post(
            region["settled"],
            title="Director of finance",
            band=Band.VSM,
            role_type=TargetRole.DIRECTOR_OF_FINANCE,
            min_behaviours_rating=None,
            experience=[],
            interim=True,
            starts_on=TODAY + timedelta(days=60),
            closing_on=TODAY + timedelta(days=20),
            template=None,
            actor=region["lead"],
        )
    post = _post(region)
    assert post.challenged_because.startswith("Oversight segment 4")


def test_a_package_over_the_threshold_waits_for_national_approval_before_an_offer(region, app):
    north_west = get_region("Y62")
    template = challenged.create_package(
        north_west,
        challenged.PackageTerms(
            name="Turnaround chief executive",
            base_salary_pounds=160_000,
            uplift_percent=15,
            uplift_months=24,
            ceo_mentoring=True,
            bonus_percent=10,
        ),
        template=True,
        actor=region["lead"],
    )
    assert template.salary_with_uplift == 184_000
    assert template.approval is ApprovalStatus.AWAITING
    with pytest.raises(RuleViolation, match="very senior manager posts only"):
        _post(region, template=template)
    post = _post(
        region, band=Band.VSM, title="Chief executive", role_type=TargetRole.CHIEF_EXECUTIVE, template=template
    )
    assert post.package.based_on_id == template.id
    assert any("cannot be offered until NHS England approves it" in p for p in challenged.offer_problems(post))
    admin = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    challenged.decide_package(post.package, approve=True, note="Pay case agreed", actor=admin)
    assert challenged.offer_problems(post) == []
    small = challenged.create_package(
        north_west,
        challenged.PackageTerms(name="Relocation", base_salary_pounds=110_000, relocation_pounds=8_000),
        template=True,
        actor=region["lead"],
    )
    assert small.approval is ApprovalStatus.NOT_NEEDED


def test_a_match_ranks_with_each_contribution_and_says_why_people_were_filtered(region):
    post = _post(region)
    # The mid-career programme is required for band 9: "Strong" has completed it; "Steady" has not.
    programme_services.seed_programmes()
    mid_career = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    programme_services.create_rule(
        title="Senior posts",
        min_band=Band.AFC_9,
        programmes=[mid_career],
        required_level=None,
        effective_from=TODAY - timedelta(days=1),
    )
    for name in ("Strong", "Local"):
        _complete(region["people"][name], mid_career)
    run = challenged.match_post(post, actor=region["lead"])
    results = db.session.scalars(select(MatchResult).where(MatchResult.run_id == run.id)).all()
    by_name = {r.person.given_name: r for r in results}
    assert by_name["Strong"].rank == 1
    contributions = json.loads(by_name["Strong"].contributions)
    assert set(contributions) == {
        "standards",
        "programmes",
        "readiness",
        "target",
        "experience",
        "aspiration",
        "distance",
    }
    assert contributions["target"][3] == "Aims for this band and role"
    assert contributions["experience"][3].startswith("1 of 1 asked for")
    assert round(sum(c[2] for c in contributions.values()), 2) == by_name["Strong"].score
    assert "Does not meet the prerequisites" in by_name["Steady"].filtered_because
    assert "Will travel up to 5 km" in by_name["Local"].filtered_because
    assert by_name["Steady"].rank is None


def _complete(person, programme):
    from talent.programmes.models import Enrolment, EnrolmentStatus

    db.session.add(
        Enrolment(programme_id=programme.id, person_id=person.id, status=EnrolmentStatus.COMPLETED, completed_on=TODAY)
    )
    db.session.flush()


def test_a_saved_run_scores_the_same_again_from_what_it_saved(region):
    post = _post(region)
    run = challenged.match_post(post, actor=region["lead"])
    saved = db.session.scalars(select(MatchResult).where(MatchResult.run_id == run.id)).all()
    # The data changes afterwards: a new conversation and new weights for the region.
    _conversation(region["people"]["Steady"], region["manager"], readiness="ready_now", willing_challenged=True)
    challenged.save_weights(get_region("Y62"), {"aspiration": 10, "standards": 0}, actor=region["lead"])
    again = challenged.rescore(run, saved)
    before = sorted((r.rank or 0, r.person_id, r.score, r.filtered_because) for r in saved)
    after_ranked = [e for e in again if e.eligible]
    after = sorted(
        [(i + 1, e.person_id, e.score, None) for i, e in enumerate(after_ranked)]
        + [(0, e.person_id, None, e.filtered_because) for e in again if not e.eligible]
    )
    assert before == after
    # A new run uses the new weights and data, and differs.
    fresh = challenged.match_post(post, actor=region["lead"])
    assert json.loads(fresh.weights)["aspiration"] == 10


def test_a_region_wide_proposal_explains_each_pair_and_each_post_left_unfilled(region):
    first = _post(region)
    second = _post(region, title="Director of finance", role_type=TargetRole.DIRECTOR_OF_FINANCE)
    nobody = _post(region, title="Medical director", role_type=TargetRole.MEDICAL_DIRECTOR, min_behaviours_rating=5)
    proposal = challenged.propose_assignment(get_region("Y62"), actor=region["lead"])
    results = db.session.scalars(select(MatchResult).where(MatchResult.run_id == proposal.run.id)).all()
    proposed = {r.post_id: r.person.given_name for r in results if r.proposed}
    assert proposed[first.id] == "Strong"
    assert second.id in proposed
    assert proposal.unfilled[nobody.id] == "No candidate passes this post's filters"
    pair = next(r for r in results if r.proposed and r.post_id == first.id)
    challenged.decide_pair(pair, accept=True, actor=region["lead"])
    assert pair.accepted is True
    with pytest.raises(RuleViolation, match="already been decided"):
        challenged.decide_pair(pair, accept=False, actor=region["lead"])


def test_the_talent_lead_adds_a_post_matches_it_and_reads_the_run_on_the_pages(pages, region):
    pages.sign_in(region["lead"])
    assert "Challenged posts" in pages.get("home.show_home").get_text()
    closing, starts = TODAY + timedelta(days=20), TODAY + timedelta(days=80)
    form = {
        "ods_code": region["challenged"].ods_code,
        "title": "Chief operating officer",
        "band": "9",
        "role_type": "chief_operating_officer",
        "experience": ["turnaround"],
        "interim": "substantive",
        "closing_on[day]": str(closing.day),
        "closing_on[month]": str(closing.month),
        "closing_on[year]": str(closing.year),
        "starts_on[day]": str(starts.day),
        "starts_on[month]": str(starts.month),
        "starts_on[year]": str(starts.year),
        "package_id": "",
    }
    refused = pages.post("pipeline.new_challenged_post", {**form, "ods_code": region["settled"].ods_code}, 200)
    assert "is not a challenged organisation" in refused.select_one(".nhsuk-error-summary").get_text()
    response = pages.post("pipeline.new_challenged_post", form)
    post_url = response.headers["Location"]
    post_page = pages.client.get(post_url)
    assert b"Oversight segment 4" in post_page.data
    post_id = int(post_url.rstrip("/").split("/")[-1])
    run_response = pages.post(
        "pipeline.match_challenged_post", {}, _form_page="pipeline.view_challenged_post", post_id=post_id
    )
    run_page = pages.client.get(run_response.headers["Location"]).get_data(as_text=True)
    assert "Why Strong" in run_page
    assert "Will travel up to 5 km" in run_page
    region_id = get_region("Y62").id
    proposal = pages.post(
        "pipeline.propose_assignment", {}, _form_page="pipeline.list_challenged_posts", region_id=region_id
    )
    assert "Proposed: Strong" in pages.client.get(proposal.headers["Location"]).get_data(as_text=True)


def test_the_api_matches_and_proposes_and_keeps_other_regions_out(client, region):
    from tests.integration.test_programmes_api import bearer

    lead = bearer(client, region["lead"])
    closing, starts = TODAY + timedelta(days=20), TODAY + timedelta(days=80)
    created = client.post(
        "/api/v1/challenged-posts",
        json={
            "organisation_id": region["challenged"].id,
            "title": "Chief operating officer",
            "band": "9",
            "role_type": "chief_operating_officer",
            "experience": ["turnaround"],
            "closing_on": closing.isoformat(),
            "starts_on": starts.isoformat(),
        },
        headers=lead,
    )
    assert created.status_code == 201
    post_id = created.json["id"]
    run = client.post(f"/api/v1/challenged-posts/{post_id}/match-runs", json={}, headers=lead)
    assert run.status_code == 201
    ranked = [r for r in run.json["results"] if r["rank"]]
    assert ranked[0]["name"].startswith("Strong")
    assert {c["criterion"] for c in ranked[0]["contributions"]} == set(matching.DEFAULT_WEIGHTS)
    assert client.get(f"/api/v1/match-runs/{run.json['id']}", headers=lead).json == run.json
    proposal = client.post(f"/api/v1/regions/{get_region('Y62').id}/assignments", json={}, headers=lead)
    pair = next(r for r in proposal.json["results"] if r["proposed"])
    accepted = client.post(f"/api/v1/match-results/{pair['id']}/decision", json={"accept": True}, headers=lead)
    assert accepted.json["accepted"] is True
    # A London post is not the North West lead's.
    london = challenged.create_post(
        create_organisation(region_code="Y56", segment=4),
        title="Director of finance",
        band=Band.VSM,
        role_type=TargetRole.DIRECTOR_OF_FINANCE,
        min_behaviours_rating=None,
        experience=[],
        interim=True,
        starts_on=starts,
        closing_on=closing,
        template=None,
        actor=create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]),
    )
    assert client.get(f"/api/v1/challenged-posts/{london.id}", headers=lead).status_code == 404
    assert client.post(f"/api/v1/challenged-posts/{london.id}/match-runs", json={}, headers=lead).status_code == 404
    assert client.post(f"/api/v1/regions/{get_region('Y56').id}/assignments", json={}, headers=lead).status_code == 404


def test_shortlist_offer_and_placement_with_the_package_approved_and_the_prerequisites_met(region):
    north_west = get_region("Y62")
    template = challenged.create_package(
        north_west,
        challenged.PackageTerms(name="Turnaround", base_salary_pounds=165_000, uplift_percent=10, uplift_months=12),
        template=True,
        actor=region["lead"],
    )
    post = _post(region, template=template)
    run = challenged.match_post(post, actor=region["lead"])
    strong, steady = region["people"]["Strong"], region["people"]["Steady"]
    ranked = [
        r.person_id for r in db.session.scalars(select(MatchResult).where(MatchResult.run_id == run.id)) if r.rank
    ]
    assert ranked[0] == strong.id
    # Passing over the best-ranked candidate is a change by hand: it needs a reason.
    with pytest.raises(RuleViolation, match="differs from the run's ranking"):
        challenged.create_shortlist(post, run=run, person_ids=[steady.id], reason="", actor=region["lead"])
    entries = challenged.create_shortlist(
        post, run=run, person_ids=[strong.id, steady.id], reason="", actor=region["lead"]
    )
    first = next(e for e in entries if e.person_id == strong.id)
    # Someone on this shortlist is filtered out of other posts' runs.
    other = _post(region, title="Director of operations")
    again = challenged.match_post(other, actor=region["lead"])
    taken = db.session.scalar(
        select(MatchResult).where(MatchResult.run_id == again.id, MatchResult.person_id == strong.id)
    )
    assert taken.filtered_because.startswith("On the shortlist for Chief operating officer")
    challenged.record_interview(first, selected=True, notes="Strong on recovery", actor=region["lead"])
    with pytest.raises(RuleViolation, match="cannot be offered until NHS England approves it"):
        challenged.make_offer(first, actor=region["lead"])
    admin = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    challenged.decide_package(post.package, approve=True, note="Pay case agreed", actor=admin)
    challenged.make_offer(first, actor=region["lead"])
    placement = challenged.record_placement(first, starts_on=post.starts_on, principal=build_principal(region["lead"]))
    assert placement.segment_at_placement == 4
    assert post.status.value == "filled"
    memberships = db.session.scalars(select(PoolMembership).where(PoolMembership.person_id == strong.id)).all()
    assert {m.status.value for m in memberships} == {"left"}
    [outcome] = challenged.placement_outcomes([placement], today=add_months(post.starts_on, 13))
    assert (outcome.in_post_at_12_months, outcome.in_post_at_24_months, outcome.early_leaver) == (True, None, False)
    challenged.record_leaving(
        placement, left_on=add_months(post.starts_on, 6), reason="Returned to previous trust", actor=region["lead"]
    )
    [outcome] = challenged.placement_outcomes([placement], today=add_months(post.starts_on, 25))
    assert (outcome.in_post_at_12_months, outcome.in_post_at_24_months, outcome.early_leaver) == (False, False, True)


def test_a_candidate_who_fails_the_prerequisites_is_never_placeable(region):
    post = _post(region)
    run = challenged.match_post(post, actor=region["lead"])
    steady = region["people"]["Steady"]
    programme_services.seed_programmes()
    mid_career = db.session.scalar(select(Programme).where(Programme.code == "MID-CAREER"))
    programme_services.create_rule(
        title="Senior posts",
        min_band=Band.AFC_9,
        programmes=[mid_career],
        required_level=None,
        effective_from=TODAY - timedelta(days=1),
    )
    [entry] = challenged.create_shortlist(
        post, run=run, person_ids=[steady.id], reason="Wide operational experience", actor=region["lead"]
    )[:1]
    challenged.record_interview(entry, selected=True, notes="", actor=region["lead"])
    challenged.make_offer(entry, actor=region["lead"])
    with pytest.raises(RuleViolation, match="Complete"):
        challenged.record_placement(entry, starts_on=post.starts_on, principal=build_principal(region["lead"]))


def test_the_talent_lead_shortlists_offers_and_places_on_the_pages(pages, region):
    post = _post(region)
    run = challenged.match_post(post, actor=region["lead"])
    strong = region["people"]["Strong"]
    pages.sign_in(region["lead"])
    page = pages.get("pipeline.shortlist_from_run", run_id=run.id)
    assert "Strong" in page.get_text()
    pages.post("pipeline.shortlist_from_run", {"person_ids": [str(strong.id)]}, run_id=run.id)
    [entry] = challenged_queries.shortlist(post.id)
    assert "Record the interview outcome" in pages.get("pipeline.view_challenged_post", post_id=post.id).get_text()
    pages.post("pipeline.record_interview", {"outcome": "selected", "notes": "Clear plan"}, entry_id=entry.id)
    token = csrf_token(pages.get("pipeline.view_challenged_post", post_id=post.id))
    pages.client.post(pages.url("pipeline.make_offer", entry_id=entry.id), data={"csrf_token": token})
    assert "Record the placement" in pages.get("pipeline.view_challenged_post", post_id=post.id).get_text()
    starts = post.starts_on
    pages.post(
        "pipeline.record_placement",
        {"starts_on[day]": str(starts.day), "starts_on[month]": str(starts.month), "starts_on[year]": str(starts.year)},
        entry_id=entry.id,
    )
    text = pages.get("pipeline.list_placements").get_text()
    assert strong.full_name in text
    assert "4 → 4" in text


def test_the_api_shortlists_offers_places_and_reports_outcomes(client, region):
    from tests.integration.test_programmes_api import bearer

    lead = bearer(client, region["lead"])
    post = _post(region)
    run = client.post(f"/api/v1/challenged-posts/{post.id}/match-runs", json={}, headers=lead).json
    strong, steady = region["people"]["Strong"].id, region["people"]["Steady"].id
    refused = client.post(f"/api/v1/match-runs/{run['id']}/shortlist", json={"person_ids": [steady]}, headers=lead)
    assert refused.status_code == 400
    assert refused.json["errors"][0]["field"] == "body.reason"
    shortlist = client.post(f"/api/v1/match-runs/{run['id']}/shortlist", json={"person_ids": [strong]}, headers=lead)
    [entry] = shortlist.json["entries"]
    client.post(f"/api/v1/shortlist-entries/{entry['id']}/interview", json={"selected": True}, headers=lead)
    assert client.post(f"/api/v1/shortlist-entries/{entry['id']}/offer", headers=lead).json["status"] == "offered"
    placed = client.post(
        f"/api/v1/shortlist-entries/{entry['id']}/placement",
        json={"starts_on": post.starts_on.isoformat()},
        headers=lead,
    )
    assert placed.status_code == 201
    outcomes = client.get("/api/v1/placements", headers=lead).json
    assert [p["person_id"] for p in outcomes["placements"]] == [strong]
    assert outcomes["reached_12_months"] == 0


def test_the_fairness_of_the_process_is_beside_each_run_and_suppressed(pages, region):
    post = _post(region)
    run = challenged.match_post(post, actor=region["lead"])
    challenged.create_shortlist(
        post, run=run, person_ids=[region["people"]["Strong"].id], reason="", actor=region["lead"]
    )
    fairness = pipeline_reports.process_fairness(get_region("Y62").id, actor=region["lead"])
    assert [item.key for item in fairness] == ["wres_group", "disability", "sex"]
    # Three people in the pool: every likelihood is withheld as small numbers.
    assert all(item.shortlisted_from_pool.value is None for item in fairness)
    pages.sign_in(region["lead"])
    text = pages.get("pipeline.view_match_run", run_id=run.id).get_text()
    assert "Fairness of the process in North West" in text
    assert "Not available" in text


def test_the_likelihood_of_shortlisting_is_worked_out_by_ethnicity_when_numbers_allow(region):
    from talent.edi.models import EthnicGroup
    from talent.pipeline.models import MembershipStatus, NominationRoute, ShortlistEntry
    from tests.factories import create_edi_profile

    post = _post(region)
    pool = region["pool"]
    for ethnicity, shortlisted in ((EthnicGroup.WHITE_BRITISH, 15), (EthnicGroup.ASIAN_INDIAN, 10)):
        for number in range(30):
            person = create_person(organisation=region["challenged"], band="8c")
            create_edi_profile(person, ethnicity=ethnicity)
            db.session.add(
                PoolMembership(
                    pool_id=pool.id,
                    person_id=person.id,
                    route=NominationRoute.TALENT_LEAD,
                    status=MembershipStatus.MEMBER,
                )
            )
            if number < shortlisted:
                db.session.add(ShortlistEntry(post_id=post.id, person_id=person.id, added_by_id=region["lead"].id))
    db.session.flush()
    [ethnicity, *_] = pipeline_reports.process_fairness(get_region("Y62").id, actor=region["lead"])
    assert ethnicity.shortlisted_from_pool.value == 1.5
    assert ethnicity.flagged


def test_a_declared_conflict_of_interest_keeps_a_candidate_off_that_organisations_posts(region):
    post = _post(region)
    strong = region["people"]["Strong"]
    challenged.declare_conflict(
        strong, region["challenged"], reason="Their partner chairs its board", actor=region["lead"]
    )
    with pytest.raises(RuleViolation, match="already recorded"):
        challenged.declare_conflict(strong, region["challenged"], reason="Again", actor=region["lead"])
    run = challenged.match_post(post, actor=region["lead"])
    result = db.session.scalar(
        select(MatchResult).where(MatchResult.run_id == run.id, MatchResult.person_id == strong.id)
    )
    assert result.filtered_because.startswith("Declared a conflict of interest with")
    assert result.filtered_because.endswith("Their partner chairs its board")
    proposal = challenged.propose_assignment(get_region("Y62"), actor=region["lead"])
    proposed = db.session.scalars(
        select(MatchResult.person_id).where(MatchResult.run_id == proposal.run.id, MatchResult.post_id == post.id)
    ).all()
    assert strong.id not in proposed


def test_the_talent_lead_records_a_conflict_on_the_page(pages, region):
    post = _post(region)
    challenged.match_post(post, actor=region["lead"])
    strong = region["people"]["Strong"]
    pages.sign_in(region["lead"])
    refused = pages.post("pipeline.declare_conflict", {"person_id": str(strong.id), "reason": ""}, 200, post_id=post.id)
    assert "Say what the conflict of interest is" in refused.select_one(".nhsuk-error-summary").get_text()
    pages.post("pipeline.declare_conflict", {"person_id": str(strong.id), "reason": "Former employer"}, post_id=post.id)
    run = challenged.match_post(post, actor=region["lead"])
    assert "Former employer" in pages.get("pipeline.view_match_run", run_id=run.id).get_text()


def test_a_talent_lead_in_the_pool_does_not_shortlist_or_accept_themselves(region):
    lead = region["lead"]
    membership = pipeline_services.nominate(region["pool"], lead.person, case="Ready", principal=build_principal(lead))
    admin = create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)])
    pipeline_services.decide_nomination(membership, approve=True, reason="Yes", actor=admin)
    post = _post(region)
    run = challenged.match_post(post, actor=lead)
    with pytest.raises(Forbidden, match="on your own record"):
        challenged.create_shortlist(post, run=run, person_ids=[lead.person_id], reason="Me", actor=lead)
    proposal = challenged.propose_assignment(get_region("Y62"), actor=lead)
    own = MatchResult(run_id=proposal.run.id, post_id=post.id, person_id=lead.person_id, rank=1, score=1, proposed=True)
    db.session.add(own)
    db.session.flush()
    with pytest.raises(Forbidden, match="on your own record"):
        challenged.decide_pair(own, accept=True, actor=lead)
