"""Programmes: places and the waiting list, completion, induction for new joiners, and the
prerequisite rules with accreditation that expires."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.auth.policy import build_principal
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.models import Notification, OutboundEmail
from talent.people import services as people_services
from talent.people.models import Band, Person, Post
from talent.programmes import services as programme_services
from talent.programmes.models import Enrolment, EnrolmentStatus, PrerequisiteRule, Programme
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person

TODAY = date(2026, 11, 22)
RULE_FROM = date(2026, 4, 1)


@pytest.fixture
def catalogue(db_session):
    standard_services.seed_frameworks()
    programme_services.seed_programmes()
    programmes = {p.code: p for p in db.session.scalars(select(Programme))}
    rule = PrerequisiteRule(title="Band 8c and above", min_band=Band.AFC_8C, required_level=4, effective_from=RULE_FROM)
    rule.programmes = [programmes["MID-CAREER"]]
    db.session.add(rule)
    db.session.flush()
    return programmes


def cohort_of(programme, capacity=2, starts=TODAY - timedelta(days=60), weeks=30):
    return programme_services.create_cohort(
        programme,
        title=f"{programme.title} cohort",
        starts_on=starts,
        ends_on=starts + timedelta(weeks=weeks),
        capacity=capacity,
    )


def complete(person, programme, on=TODAY - timedelta(days=10)):
    cohort = cohort_of(programme, capacity=50, starts=on - timedelta(days=100))
    enrolment = programme_services.enrol(person, cohort, today=on)
    programme_services.record_completion(enrolment, completed_on=on, passed=True, evidence="Certificate 1", today=on)
    return enrolment


def test_a_full_cohort_puts_people_on_the_waiting_list_and_a_withdrawal_promotes_and_tells_the_next(catalogue):
    cohort = cohort_of(catalogue["MID-CAREER"], capacity=2)
    people = [create_person() for _ in range(4)]
    waiting_account = create_account(person=people[2])
    statuses = [programme_services.enrol(person, cohort, today=TODAY).status for person in people]
    assert statuses == [EnrolmentStatus.ENROLLED] * 2 + [EnrolmentStatus.WAITING] * 2

    first = db.session.scalar(select(Enrolment).where(Enrolment.person_id == people[0].id))
    promoted = programme_services.withdraw(first, reason="Moved to another trust")
    assert promoted.person_id == people[2].id
    assert promoted.status is EnrolmentStatus.ENROLLED
    assert programme_services.places_taken(cohort) == 2
    notices = db.session.execute(
        select(Notification.title, Notification.dismissed_at)
        .where(Notification.account_id == waiting_account.id)
        .order_by(Notification.id)
    ).all()
    assert [title for title, _ in notices] == [
        f"You are on the waiting list for {cohort.title}",
        f"A place is now yours on {cohort.title}",
    ]
    # The waiting-list notice is no longer true, so it has left their list.
    assert [dismissed is not None for _, dismissed in notices] == [True, False]
    assert (
        db.session.scalar(
            select(OutboundEmail.subject)
            .where(OutboundEmail.to_address == waiting_account.email)
            .order_by(OutboundEmail.id.desc())
        )
        == notices[-1].title
    )


def test_deferring_frees_the_place_too_and_no_one_holds_two_open_enrolments(catalogue):
    cohort = cohort_of(catalogue["MID-CAREER"], capacity=1)
    holder, waiting = create_person(), create_person()
    enrolment = programme_services.enrol(holder, cohort, today=TODAY)
    programme_services.enrol(waiting, cohort, today=TODAY)
    with pytest.raises(RuleViolation, match="already enrolled"):
        programme_services.enrol(holder, cohort, today=TODAY)
    assert programme_services.defer(enrolment, reason="Maternity leave").person_id == waiting.id
    with pytest.raises(RuleViolation, match="already deferred"):
        programme_services.withdraw(enrolment)
    # The database refuses a second open enrolment even if a service forgot to check.
    second = Enrolment(
        person_id=waiting.id, programme_id=cohort.programme_id, cohort_id=cohort.id, status=EnrolmentStatus.WAITING
    )
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(second)


def test_completion_needs_a_place_a_sensible_date_and_evidence(catalogue):
    cohort = cohort_of(catalogue["MID-CAREER"], capacity=1)
    enrolment = programme_services.enrol(create_person(), cohort, today=TODAY)
    with pytest.raises(RuleViolation, match="cannot be in the future"):
        programme_services.record_completion(
            enrolment, completed_on=TODAY + timedelta(days=1), passed=True, evidence="x", today=TODAY
        )
    with pytest.raises(RuleViolation, match="before the cohort started"):
        programme_services.record_completion(
            enrolment, completed_on=cohort.starts_on - timedelta(days=1), passed=True, evidence="x", today=TODAY
        )
    with pytest.raises(RuleViolation, match="evidence"):
        programme_services.record_completion(enrolment, completed_on=TODAY, passed=True, today=TODAY)
    programme_services.record_completion(
        enrolment, completed_on=TODAY, passed=True, evidence="Certificate MC-1", today=TODAY
    )
    assert enrolment.status is EnrolmentStatus.COMPLETED
    with pytest.raises(RuleViolation, match="Only someone with a place"):
        programme_services.record_completion(enrolment, completed_on=TODAY, passed=True, evidence="again", today=TODAY)


def test_new_joiners_are_given_the_induction(catalogue):
    trust = create_organisation()
    person = create_person(organisation=trust)
    db.session.execute(Enrolment.__table__.delete())
    joiner = create_person(organisation=trust)
    for post in list(joiner.posts):
        db.session.delete(post)
    db.session.flush()
    people_services.add_post(joiner, organisation=trust, title="Ward clerk", band=Band.AFC_3, start_date=TODAY)
    assigned = db.session.scalar(select(Enrolment).where(Enrolment.person_id == joiner.id))
    assert (assigned.programme.code, assigned.status) == ("INDUCTION", EnrolmentStatus.ASSIGNED)
    # Someone who already holds a post is not a new joiner.
    people_services.add_post(person, organisation=trust, title="Second post", band=Band.AFC_4, start_date=TODAY)
    assert db.session.scalar(select(Enrolment).where(Enrolment.person_id == person.id)) is None
    # Booking a cohort turns the assignment into the enrolment.
    enrolment = programme_services.enrol(joiner, cohort_of(catalogue["INDUCTION"]), today=TODAY)
    assert enrolment.id == assigned.id


def test_the_prerequisite_lists_what_is_missing_and_accreditation_stops_counting_after_its_end(catalogue):
    person = create_person()
    result = programme_services.check_eligibility(person.id, Band.AFC_8C, TODAY)
    titles = [item.title for item in result.missing]
    assert titles[0] == "Complete National mid-career programme"
    assert len(titles) == 6  # the programme and five level 4 standards
    assert "CMI Level 7" in result.missing[1].detail
    assert programme_services.check_eligibility(person.id, Band.AFC_8B, TODAY).eligible
    # Before the rule's effective date, moves are not checked.
    assert programme_services.check_eligibility(person.id, Band.VSM, RULE_FROM - timedelta(days=1)).eligible

    complete(person, catalogue["MID-CAREER"])
    complete(person, catalogue["CMI-L7"])
    assert programme_services.check_eligibility(person.id, Band.AFC_8C, TODAY).eligible
    accreditation_end = catalogue["CMI-L7"].accreditations[0].valid_to
    assert programme_services.check_eligibility(person.id, Band.CHAIR, accreditation_end).eligible
    after = programme_services.check_eligibility(person.id, Band.AFC_8C, accreditation_end + timedelta(days=1))
    assert [item.title for item in after.missing][0].startswith("Meet the level 4 (Senior manager) standard")


def test_hr_cannot_regrade_or_appoint_someone_missing_the_prerequisites_but_an_admin_can_override(catalogue):
    trust = create_organisation()
    person = create_person(organisation=trust, band="8b", title="Deputy director")
    post = person.posts[0]
    hr = build_principal(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    with pytest.raises(RuleViolation, match="Missing: Complete National mid-career programme"):
        people_services.update_post(
            post, expected_version=post.version, title=post.title, band=Band.AFC_8C, end_date=None, principal=hr
        )
    with pytest.raises(Forbidden, match="Only system admins and the national appointments team"):
        people_services.add_post(
            person,
            organisation=trust,
            title="Director",
            band=Band.VSM,
            start_date=TODAY,
            principal=hr,
            override_reason="Urgent",
        )
    admin = build_principal(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    new_post = people_services.add_post(
        person,
        organisation=trust,
        title="Interim director",
        band=Band.VSM,
        start_date=TODAY,
        principal=admin,
        override_reason="Interim cover while the trust recruits; programme booked for spring",
    )
    assert new_post.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "eligibility_overridden"))
    assert event.data["reason"].startswith("Interim cover")
    assert "Complete National mid-career programme" in event.data["missing"]
    # A post starting before the rule took effect is not checked.
    people_services.add_post(
        person, organisation=trust, title="Acting director", band=Band.VSM, start_date=RULE_FROM - timedelta(days=30)
    )


def test_the_staff_import_refuses_a_move_into_a_senior_post_and_says_why(catalogue):
    trust = create_organisation()
    header = list(people_services.STAFF_COLUMNS)
    rows = [
        ["E1", "Ada", "Senior", "ada@example.nhs.uk", trust.ods_code, "Director of nursing", "VSM", ""],
        ["E2", "Bo", "Nurse", "bo@example.nhs.uk", trust.ods_code, "Staff nurse", "5", ""],
    ]
    report = people_services.import_staff(header, rows, today=TODAY, skip_bad_rows=True)
    assert report.inserted == 1
    [problem] = report.errors
    assert (problem.row, problem.field) == (2, "band")
    assert problem.reason.startswith("prerequisites not met: Complete National mid-career programme")


def test_the_staff_import_gives_new_joiners_the_induction_once(catalogue):
    trust = create_organisation()
    db.session.execute(Enrolment.__table__.delete())
    header = list(people_services.STAFF_COLUMNS)
    rows = [["J1", "Cy", "Joiner", "cy@example.nhs.uk", trust.ods_code, "Ward clerk", "3", ""]]
    people_services.import_staff(header, rows, today=TODAY)
    joiner = db.session.scalar(select(Person).where(Person.employee_number == "J1"))
    [assigned] = db.session.scalars(select(Enrolment).where(Enrolment.person_id == joiner.id)).all()
    assert (assigned.programme.code, assigned.status) == ("INDUCTION", EnrolmentStatus.ASSIGNED)
    # A second run of the same file finds no new joiner.
    people_services.import_staff(header, rows, today=TODAY)
    assert len(db.session.scalars(select(Enrolment).where(Enrolment.person_id == joiner.id)).all()) == 1


def test_staff_of_a_manager_refused_for_prerequisites_still_load_without_the_reporting_line(catalogue):
    """With --skip-bad-rows, a refused manager's staff load; the import used to stop with a
    KeyError looking up the manager it had not loaded."""
    trust = create_organisation()
    header = list(people_services.STAFF_COLUMNS)
    rows = [
        ["M1", "Ada", "Director", "ada.d@example.nhs.uk", trust.ods_code, "Director of nursing", "VSM", ""],
        ["S1", "Bo", "Nurse", "bo.n@example.nhs.uk", trust.ods_code, "Staff nurse", "5", "M1"],
    ]
    report = people_services.import_staff(header, rows, today=TODAY, skip_bad_rows=True)
    assert [(problem.row, problem.field) for problem in report.errors] == [(2, "band")]
    assert report.inserted == 1
    nurse = db.session.scalar(select(Person).where(Person.employee_number == "S1"))
    [post] = db.session.scalars(select(Post).where(Post.person_id == nurse.id)).all()
    assert post.reports_to_post_id is None
