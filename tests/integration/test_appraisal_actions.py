"""For every appraisal state and every person who might look at it, the buttons on the appraisal
page are exactly the actions the services accept: no button leads to a refusal, and no action
the services would take is missing its button.

"Accepted" is found by calling each real service inside a savepoint that is rolled back, as
the person; a refusal by the workflow (wrong state, wrong party, one's own record) counts as not
accepted, while a complaint about the (deliberately empty) input means the workflow let it through.
Corrections and escalation outcomes also need the route's permission (``appraisal.review``).
"""

from datetime import date, timedelta

import pytest

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import services as appraisal_services
from talent.auth.models import Role
from talent.auth.policy import build_principal, can
from talent.errors import TalentError
from talent.extensions import db
from talent.orgs.models import OrganisationType
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person
from tests.integration.test_appraisal_after_sign_off import signed_off

TODAY = date.today()
STAGES = [
    "draft",
    "self_assessed",
    "manager_assessed",
    "discussed",
    "appraisee_signed",
    "signed_off",
    "escalated",
    "resolved",
    "board_signed_off",
    "board_submitted",
]
PARTIES = ["appraisee", "appraiser", "appraisers_manager", "hr", "colleague"]


@pytest.fixture
def people(db_session):
    standard_services.seed_frameworks()
    trust = create_organisation(org_type=OrganisationType.NHS_TRUST)
    appraisal_services.create_cycle(
        trust, year=2026, opens_on=TODAY - timedelta(days=60), due_on=TODAY + timedelta(days=120)
    )
    director = create_account(person=create_person(organisation=trust, band="8d", title="Director of nursing"))
    matron = create_account(person=create_person(organisation=trust, band="8a", manager=director.person))
    return {
        "trust": trust,
        "appraisee": create_account(person=create_person(organisation=trust, manager=matron.person)),
        "appraiser": matron,
        "appraisers_manager": director,
        "hr": create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]),
        "colleague": create_account(person=create_person(organisation=trust, manager=matron.person)),
    }


def at_stage(people, stage):
    """An appraisal at ``stage``; for the board stages the appraisee is a non-executive director."""
    appraisee, appraiser = people["appraisee"], people["appraiser"]
    if stage.startswith("board"):
        chair = people["appraiser"]
        ned = create_person(
            organisation=people["trust"], band="ned", title="Non-executive director", manager=chair.person
        )
        people["appraisee"] = create_account(person=ned)
        appraisal = signed_off(ned, chair.person, fppt=TODAY - timedelta(days=30), edi=True)
        if stage == "board_submitted":
            appraisal_services.submit_to_region(appraisal, actor=chair)
        return appraisal
    if stage in ("signed_off", "escalated", "resolved"):
        appraisal = signed_off(appraisee.person, appraiser.person, disagreement="I expected more")
        if stage in ("escalated", "resolved"):
            appraisal_services.escalate_disagreement(appraisal, actor=appraisee)
        if stage == "resolved":
            appraisal_services.resolve_escalation(appraisal, actor=people["hr"], outcome="The ratings stand")
        return appraisal
    appraisal = appraisal_services.start_current_appraisal(appraisee.person)
    steps = STAGES.index(stage)
    if steps >= 1:
        appraisal_services.save_self_assessment(
            appraisal,
            actor=appraisee,
            ratings=[appraisal_services.RatingInput(r.statement_id, 3) for r in appraisal.ratings],
            objectives=[appraisal_services.ObjectiveInput("Improve discharge", "Fewer delays", TODAY, False)],
            wellbeing="",
            career="",
            development_needs="",
        )
        appraisal_services.submit_self_assessment(appraisal, actor=appraisee)
    if steps >= 2:
        appraisal_services.save_manager_assessment(
            appraisal,
            actor=appraiser,
            ratings=[appraisal_services.RatingInput(r.statement_id, 2) for r in appraisal.ratings],
            objectives_rating=3,
            behaviours_rating=2,
            objective_outcomes={1: "met"},
        )
        appraisal_services.submit_manager_assessment(appraisal, actor=appraiser)
    if steps >= 3:
        appraisal_services.record_discussion(appraisal, actor=appraiser, discussed_on=TODAY)
    if steps >= 4:
        appraisal_services.sign_off(appraisal, actor=appraisee, disagreement="I expected more")
    return appraisal


def attempts(appraisal, account):
    """Each action, as its service is called by the pages, with deliberately empty input."""
    return {
        "self_assess": lambda: appraisal_services.save_self_assessment(
            appraisal,
            actor=account,
            ratings=[],
            objectives=[],
            wellbeing="",
            career="",
            development_needs="",
        ),
        "manager_assess": lambda: appraisal_services.save_manager_assessment(
            appraisal,
            actor=account,
            ratings=[],
            objectives_rating=None,
            behaviours_rating=None,
            objective_outcomes={},
        ),
        "record_discussion": lambda: appraisal_services.record_discussion(appraisal, actor=account, discussed_on=TODAY),
        "request_feedback": lambda: appraisal_feedback.request_feedback(
            appraisal, actor=account, respondent_emails=["someone.else@example.nhs.uk"]
        ),
        "sign_off": lambda: appraisal_services.sign_off(appraisal, actor=account),
        "escalate": lambda: appraisal_services.escalate_disagreement(appraisal, actor=account),
        "resolve_escalation": lambda: appraisal_services.resolve_escalation(appraisal, actor=account, outcome="Agreed"),
        "amend": lambda: appraisal_services.amend_appraisal(
            appraisal, actor=account, field="career_conversation", text="Corrected words", reason="Typo"
        ),
        "submit_to_region": lambda: appraisal_services.submit_to_region(appraisal, actor=account),
    }


NEEDS_REVIEW = {"resolve_escalation", "amend"}


def accepted(appraisal, account) -> set[str]:
    may_review = can(build_principal(account), "appraisal.review", appraisal)
    taken = set()
    for action, attempt in attempts(appraisal, account).items():
        if action in NEEDS_REVIEW and not may_review:
            continue
        savepoint = db.session.begin_nested()
        try:
            attempt()
        except TalentError as error:
            # A complaint about a named field means the workflow let the action through.
            if getattr(error, "field", None):
                taken.add(action)
        else:
            taken.add(action)
        finally:
            savepoint.rollback()
        db.session.refresh(appraisal)
    return taken


#: A few of the answers spelled out, so the comparison cannot pass by both sides being empty.
KNOWN = {
    ("draft", "appraisee"): {"self_assess", "request_feedback"},
    ("self_assessed", "appraiser"): {"manager_assess", "request_feedback"},
    ("discussed", "appraisee"): {"sign_off"},
    ("appraisee_signed", "appraisee"): {"escalate"},
    ("signed_off", "appraisee"): {"escalate"},
    ("signed_off", "hr"): {"amend"},
    ("escalated", "appraisers_manager"): {"amend", "resolve_escalation"},
    ("escalated", "appraiser"): {"amend"},
    ("board_signed_off", "appraiser"): {"amend", "submit_to_region"},
}


@pytest.mark.parametrize("stage", STAGES)
def test_buttons_are_exactly_the_actions_the_services_accept(client, pages, people, stage):
    appraisal = at_stage(people, stage)
    for party in PARTIES:
        account = people[party]
        expected = accepted(appraisal, account)
        client.delete_cookie("session", domain="localhost")
        pages.sign_in(account)
        response = client.get(f"/appraisals/{appraisal.id}")
        if response.status_code == 404:
            # Someone who may not see the appraisal gets no buttons; nor may they do anything to it.
            assert expected == set(), (stage, party)
            continue
        shown = {element["data-action"] for element in pages_soup(response).select("[data-action]")}
        assert shown == expected, (stage, party)
        if (stage, party) in KNOWN:
            assert shown == KNOWN[(stage, party)], (stage, party)


def pages_soup(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.get_data(as_text=True), "html.parser")
