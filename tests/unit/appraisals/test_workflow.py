"""The appraisal workflow: each step by the right person in the right state, a clear refusal
otherwise, no silent overwrite, and the board variant's extra rules."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus, AppraisalVariant
from talent.errors import Conflict, Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.models import Notification
from talent.standards import services as standard_services
from tests.factories import account_for, create_organisation, create_person

TODAY = date(2026, 11, 22)


@pytest.fixture
def setting(db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_person(organisation=trust, band="7", title="Ward manager")
    nurse = create_person(organisation=trust, manager=manager)
    cycle = appraisal_services.create_cycle(trust, year=2026, opens_on=date(2026, 4, 1), due_on=date(2027, 3, 31))
    return {"trust": trust, "manager": manager, "nurse": nurse, "cycle": cycle}


def ratings(appraisal, value):
    return [appraisal_services.RatingInput(r.statement_id, value, "Seen on the ward") for r in appraisal.ratings]


OBJECTIVE = appraisal_services.ObjectiveInput(
    "Cut missed medication doses on the ward", "Missed doses under 2% on the monthly audit", date(2027, 3, 31)
)


def self_assess(appraisal, person, **changes):
    values = {
        "actor": account_for(person),
        "ratings": ratings(appraisal, 3),
        "objectives": [OBJECTIVE],
        "wellbeing": "Managing nights well",
        "career": "Interested in a band 6 role within two years",
        "development_needs": "Leadership foundations",
    }
    values.update(changes)
    appraisal_services.save_self_assessment(appraisal, **values)


def test_the_full_workflow_from_draft_to_signed_off(setting):
    nurse, manager = setting["nurse"], setting["manager"]
    appraisal = appraisal_services.start_appraisal(setting["cycle"], nurse, today=TODAY)
    assert (appraisal.variant, appraisal.framework.code, appraisal.appraiser_id) == (
        AppraisalVariant.STANDARD,
        "hlm",
        manager.id,
    )
    assert len(appraisal.ratings) == 9  # one statement per Healthcare Leadership Model dimension
    self_assess(appraisal, nurse)
    appraisal_services.submit_self_assessment(appraisal, actor=account_for(nurse))
    appraisal_services.save_manager_assessment(
        appraisal, actor=account_for(manager), ratings=ratings(appraisal, 2), objectives_rating=3, behaviours_rating=2
    )
    with pytest.raises(RuleViolation, match="Record the outcome of every objective: objective 1 has none"):
        appraisal_services.submit_manager_assessment(appraisal, actor=account_for(manager))
    with pytest.raises(RuleViolation, match="Choose met, partly met, not met or not yet due"):
        appraisal_services.save_manager_assessment(
            appraisal,
            actor=account_for(manager),
            ratings=[],
            objectives_rating=3,
            behaviours_rating=2,
            objective_outcomes={1: "smashed it"},
        )
    appraisal_services.save_manager_assessment(
        appraisal,
        actor=account_for(manager),
        ratings=[],
        objectives_rating=3,
        behaviours_rating=2,
        objective_outcomes={1: "partly_met"},
    )
    appraisal_services.submit_manager_assessment(appraisal, actor=account_for(manager))
    assert appraisal.objectives[0].outcome == "partly_met"
    appraisal_services.record_discussion(appraisal, actor=account_for(manager), discussed_on=TODAY, today=TODAY)
    appraisal_services.sign_off(appraisal, actor=account_for(nurse), disagreement="I think my teamwork rates 3")
    assert appraisal.status is AppraisalStatus.DISCUSSED
    appraisal_services.sign_off(appraisal, actor=account_for(manager))
    assert appraisal.status is AppraisalStatus.SIGNED_OFF
    # The appraiser's rating stands; the disagreement is on record.
    assert {r.manager_rating for r in appraisal.ratings} == {2}
    assert appraisal.appraisee_disagreement == "I think my teamwork rates 3"


def test_invalid_moves_and_the_wrong_person_are_refused_and_change_nothing(setting):
    nurse, manager = setting["nurse"], setting["manager"]
    appraisal = appraisal_services.start_appraisal(setting["cycle"], nurse, today=TODAY)
    with pytest.raises(RuleViolation, match="next step is that the appraisee submits their self-assessment"):
        appraisal_services.submit_manager_assessment(appraisal, actor=account_for(manager))
    with pytest.raises(Forbidden, match="Only the appraisee"):
        self_assess(appraisal, manager)
    with pytest.raises(RuleViolation, match="Add at least one objective"):
        appraisal_services.submit_self_assessment(appraisal, actor=account_for(nurse))
    with pytest.raises(RuleViolation, match="Choose a point on the framework's rating scale"):
        self_assess(appraisal, nurse, ratings=ratings(appraisal, 9))
    assert appraisal.objectives == []
    self_assess(appraisal, nurse, ratings=ratings(appraisal, None))
    with pytest.raises(RuleViolation, match="9 still to rate"):
        appraisal_services.submit_self_assessment(appraisal, actor=account_for(nurse))
    assert appraisal.status is AppraisalStatus.DRAFT
    with pytest.raises(RuleViolation, match="already has an appraisal"):
        appraisal_services.start_appraisal(setting["cycle"], nurse, today=TODAY)


def test_a_stale_version_is_refused(setting):
    nurse = setting["nurse"]
    appraisal = appraisal_services.start_appraisal(setting["cycle"], nurse, today=TODAY)
    seen = appraisal.version
    self_assess(appraisal, nurse, expected_version=seen)
    db.session.flush()
    with pytest.raises(Conflict, match="Someone else changed this appraisal"):
        self_assess(appraisal, nurse, expected_version=seen)


def test_board_members_use_the_lcf_and_need_an_edi_objective_and_a_recent_fppt(setting):
    trust = setting["trust"]
    chair = create_person(organisation=trust, band="chair", title="Chair")
    ned = create_person(organisation=trust, band="ned", title="Non-executive director", manager=chair)
    appraisal = appraisal_services.start_appraisal(setting["cycle"], ned, today=TODAY)
    assert (appraisal.variant, appraisal.framework.code) == (AppraisalVariant.BOARD, "lcf")
    self_assess(appraisal, ned, ratings=ratings(appraisal, 4))
    appraisal_services.submit_self_assessment(appraisal, actor=account_for(ned))
    appraisal_services.save_manager_assessment(
        appraisal,
        actor=account_for(chair),
        ratings=ratings(appraisal, 3),
        objectives_rating=3,
        behaviours_rating=3,
        objective_outcomes={1: "met"},
    )
    appraisal_services.submit_manager_assessment(appraisal, actor=account_for(chair))
    appraisal_services.record_discussion(appraisal, actor=account_for(chair), discussed_on=TODAY, today=TODAY)
    with pytest.raises(RuleViolation, match=r"at least one equality, diversity and inclusion \(EDI\) objective"):
        appraisal_services.sign_off(appraisal, actor=account_for(ned), today=TODAY)
    appraisal.objectives[0].is_edi = True
    appraisal.fppt_assessed_on = TODAY - timedelta(days=400)
    with pytest.raises(RuleViolation, match="fit and proper person assessment from the last 12 months"):
        appraisal_services.sign_off(appraisal, actor=account_for(ned), today=TODAY)
    appraisal.fppt_assessed_on = TODAY - timedelta(days=30)
    appraisal_services.sign_off(appraisal, actor=account_for(ned), today=TODAY)
    appraisal_services.sign_off(appraisal, actor=account_for(chair), today=TODAY)
    assert appraisal.status is AppraisalStatus.SIGNED_OFF


def test_someone_without_a_line_manager_cannot_be_appraised_yet(setting):
    loner = create_person(organisation=setting["trust"])
    with pytest.raises(RuleViolation, match="has no line manager recorded"):
        appraisal_services.start_appraisal(setting["cycle"], loner, today=TODAY)


def test_each_step_tells_the_person_whose_turn_it_is(setting):
    nurse, manager = setting["nurse"], setting["manager"]
    nurse_account, manager_account = account_for(nurse), account_for(manager)

    def kinds(account):
        return list(
            db.session.scalars(
                select(Notification.kind).where(Notification.account_id == account.id).order_by(Notification.id)
            )
        )

    appraisal = appraisal_services.start_appraisal(setting["cycle"], nurse, today=TODAY)
    assert kinds(nurse_account) == ["appraisal_started"]
    self_assess(appraisal, nurse)
    appraisal_services.submit_self_assessment(appraisal, actor=nurse_account)
    assert kinds(manager_account) == ["self_assessment_submitted"]
    appraisal_services.save_manager_assessment(
        appraisal,
        actor=manager_account,
        ratings=ratings(appraisal, 2),
        objectives_rating=3,
        behaviours_rating=2,
        objective_outcomes={1: "met"},
    )
    appraisal_services.submit_manager_assessment(appraisal, actor=manager_account)
    appraisal_services.record_discussion(appraisal, actor=manager_account, discussed_on=TODAY, today=TODAY)
    appraisal_services.sign_off(appraisal, actor=manager_account)
    assert kinds(nurse_account) == [
        "appraisal_started",
        "manager_assessment_submitted",
        "appraisal_discussed",
        "appraisal_signed",
    ]
    appraisal_services.sign_off(appraisal, actor=nurse_account)
    assert kinds(manager_account) == ["self_assessment_submitted", "appraisal_signed"]
    assert (
        db.session.scalar(
            select(Notification.body)
            .where(Notification.account_id == manager_account.id)
            .order_by(Notification.id.desc())
        )
        == "Both of you have signed: it is complete."
    )
