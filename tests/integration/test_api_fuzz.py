"""Schemathesis drives every operation in the OpenAPI document with generated requests, as the
admin, a line manager and a member of staff: no 500s, every response matches its documented
schema and status codes, and the stateful phase follows the document's links (a created
appraisal to its steps, an enrolment to its completion, ``getMe`` to the person's own records)
so that operations are reached with real ids, not only refused with 404.

Driven from a plain test rather than ``schemathesis.pytest.from_fixture``, whose fixture
loader reads a pytest attribute that pytest 9 removed. Operations are read from the document,
so an operation added later is fuzzed without editing this file.
"""

import json
import os
from collections import defaultdict
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from talent.api.routing import OPERATIONS
from talent.appraisals import services as appraisal_services
from talent.auth import tokens
from talent.auth.models import Role
from talent.auth.policy import build_principal, can
from talent.edi.models import Sex
from talent.standards import services as standard_services
from tests.factories import (
    PASSWORD,
    create_account,
    create_edi_profile,
    create_organisation,
    create_person,
    get_region,
)

EXAMPLES_PER_OPERATION = {"admin": 20, "manager": 8, "staff": 8}
STATEFUL_SCENARIOS = 25
#: Operations whose business rules refuse some schema-valid requests with a 400 (a date of birth
#: in the future, withdrawing consent twice, a finished cohort, a completion before the cohort
#: started, a post whose holder misses the prerequisites; band or post_id, exactly one, which
#: query parameters cannot say in OpenAPI), so "valid data is accepted" cannot hold for them.
#: Every other check still runs on them, and their refusals answer 400 or 409 in the error shape.
RULES_BEYOND_SCHEMA = {
    "getEligibility",
    "updateEdiProfile",
    "withdrawEdiConsent",
    "createEnrolment",
    "recordCompletion",
    "createPost",
    # The appraisal workflow refuses steps out of order and steps by the wrong party.
    "createAppraisal",
    "submitSelfAssessment",
    "submitManagerAssessment",
    "recordAppraisalDiscussion",
    "signOffAppraisal",
    # Feedback is asked by the appraisee or appraiser of people other than themselves, and
    # answered once.
    "requestFeedback",
    "submitFeedback",
    # Corrections are for signed-off appraisals only; endorsement for submitted board appraisals.
    "amendAppraisal",
    "endorseAppraisal",
    # A token is issued only for a correct email and password.
    "createToken",
    # A page cursor is accepted only if this list gave it out (`next`).
    "listPeople",
    "listPoolMembers",
    # The talent pipeline: conversations recorded by the person's line manager only and answered
    # by the person; nominations only for people meeting a pool's criteria; reviews need people
    # with conversations; a move must change something.
    "createTalentConversation",
    "agreeTalentConversation",
    "createTalentPool",
    "nominateToTalentPool",
    "decidePoolNomination",
    "createCalibrationReview",
    "moveCalibrationPosition",
    # NED appointments: vacancies need a real LCF domain and a future closing date; applications
    # an open vacancy; panels and scores their own rules of who and when.
    "createNedVacancy",
    "createNedApplication",
    "assignPanelMember",
    "declareConflict",
    "submitPanelScore",
    "recordPanelDecision",
    # Appointments follow the panel's final decision, and terms obey the tenure rules.
    "createAppointment",
    "reappoint",
    # Diversity for a vacancy that exists.
    "getAppointmentDiversity",
    # Challenged posts: only at a challenged organisation, in the future, at a senior band; packages
    # within the pay rules; matching only open posts; decisions once, on proposed pairs.
    "createChallengedPost",
    "createIncentivePackage",
    "approveIncentivePackage",
    "matchCandidates",
    "proposeRegionalAssignment",
    "acceptAssignment",
    "createShortlist",
    "recordInterviewOutcome",
    "offerPost",
    "recordPlacement",
}


@pytest.fixture
def accounts(db_session):
    """The admin (with HR and talent-lead roles too), a line manager and their report, in a
    trust with an open appraisal cycle, each with a bearer token."""
    standard_services.seed_frameworks()
    trust = create_organisation()
    appraisal_services.create_cycle(
        trust, year=2026, opens_on=date.today() - timedelta(days=30), due_on=date.today() + timedelta(days=300)
    )
    roles = [(Role.SYSTEM_ADMIN, None), (Role.HR_ADMIN, trust), (Role.TALENT_LEAD, get_region("Y62"))]
    manager = create_account(person=create_person(organisation=trust, band="7", title="Ward manager"))
    found = {
        "admin": create_account(person=create_person(organisation=trust), roles=roles),
        "manager": manager,
        "staff": create_account(person=create_person(organisation=trust, manager=manager.person)),
    }
    headers = {}
    for name, account in found.items():
        # Each has equality information, so the links from getMe reach it rather than a 404.
        create_edi_profile(account.person, sex=Sex.FEMALE)
        _, token = tokens.create_token(account.email, PASSWORD, address="127.0.0.1", name="fuzz", expires_in_days=1)
        headers[name] = {"Authorization": f"Bearer {token}"}
    return {name: (account, headers[name]) for name, account in found.items()}


def _excluded(operation_id: str) -> list:
    return [positive_data_acceptance] if operation_id in RULES_BEYOND_SCHEMA else []


@pytest.mark.parametrize("who", ["admin", "manager", "staff"])
def test_no_server_errors_and_responses_match_the_schema(app, accounts, who):
    account, headers = accounts[who]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    answered = defaultdict(set)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        operation_id = operation.definition.raw["operationId"]
        fuzz(operation, headers, _excluded(operation_id), EXAMPLES_PER_OPERATION[who], answered[operation_id])
    answered_by_links = run_stateful(schema, headers)
    for operation_id, statuses in answered_by_links.items():
        answered[operation_id] |= statuses
    # Every operation was reached past authentication by someone; for the admin, nearly all
    # answered something other than a refusal (the few that cannot are named in the note).
    reached = {op for op, statuses in answered.items() if statuses - {401, 403, 404}}
    if os.environ.get("TALENT_FUZZ_REPORT"):
        # For measuring coverage (make a note of it): which operations answered what, per account.
        with open(os.environ["TALENT_FUZZ_REPORT"], "a") as report:
            report.write(json.dumps({"who": who, "answered": {k: sorted(v) for k, v in answered.items()}}) + "\n")
    # Every operation this account may use that names no record must have been reached past a
    # refusal. (Whether operations that name a record are reached depends on the ids the
    # database happens to hold; the closing note reports how many were.)
    assert id_free_operations(account) <= reached, sorted(id_free_operations(account) - reached)


def id_free_operations(account) -> set[str]:
    """Operations the account's roles allow that take no id in the path or the body."""
    principal = build_principal(account)
    return {
        operation.operation_id
        for operation in OPERATIONS
        if operation.permission
        and "<id:" not in operation.rule
        and not (operation.body and any(name.endswith("_id") for name in operation.body.model_fields))
        and can(principal, operation.permission)
    }


def fuzz(operation, headers: dict, excluded: list, examples: int, statuses: set) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        statuses.add(response.status_code)

    check()


def run_stateful(schema, headers: dict) -> dict[str, set[int]]:
    """Follow the document's links from operations that create or find records to those that use them."""
    answered = defaultdict(set)

    class Journeys(schema.as_state_machine()):
        # Each step is called and checked as in the per-operation phase, so the bearer token counts
        # as the caller's own credentials (not as generated ones) and the same exclusions apply.
        def call(self, case, **kwargs):
            operation_id = case.operation.definition.raw["operationId"]
            response = case.call_and_validate(headers=headers, excluded_checks=_excluded(operation_id))
            answered[operation_id].add(response.status_code)
            return response

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            """Already checked in :meth:`call`."""

    # Scenarios share the database, so the same choices can meet different records from one
    # scenario to the next. Hypothesis checks that its choices are consistent across the examples
    # of one run and calls a run "flaky" when they are not; so each scenario is a run of its own,
    # reported as found (no shrinking, which replays).
    for _ in range(STATEFUL_SCENARIOS):
        Journeys.run(
            settings=settings(
                max_examples=1,
                stateful_step_count=6,
                phases=[Phase.generate],
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
        )
    return answered
