"""Programme pages: a programme admin runs a cohort; staff see their learning record and what
they miss; managers see their team; each page's query count does not grow with the data."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.auth.models import Role
from talent.extensions import db
from talent.people.models import Band
from talent.programmes import services as programme_services
from talent.programmes.models import Enrolment, EnrolmentStatus, PrerequisiteRule, Programme
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person
from tests.pages import check_page, csrf_token, error_summary


@pytest.fixture
def catalogue(db_session):
    standard_services.seed_frameworks()
    programme_services.seed_programmes()
    programmes = {p.code: p for p in db.session.scalars(select(Programme))}
    rule = PrerequisiteRule(
        title="Band 8c and above", min_band=Band.AFC_8C, required_level=4, effective_from=date(2026, 4, 1)
    )
    rule.programmes = [programmes["MID-CAREER"]]
    db.session.add(rule)
    db.session.flush()
    return programmes


def admin_account():
    return create_account(person=create_person(), roles=[(Role.PROGRAMME_ADMIN, None)])


def new_cohort(programme, capacity):
    today = date.today()
    return programme_services.create_cohort(
        programme,
        title="Spring",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=90),
        capacity=capacity,
    )


def test_an_admin_adds_a_cohort_and_fills_it_past_capacity_from_the_page(pages, catalogue):
    pages.sign_in(admin_account())
    programme = catalogue["MID-CAREER"]
    page = pages.get("programmes.new_cohort", programme_id=programme.id)
    url = pages.url("programmes.new_cohort", programme_id=programme.id)
    bad = pages.client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            "title": "North West spring",
            "capacity": "0",
            "starts_on[day]": "1",
            "starts_on[month]": "3",
            "starts_on[year]": "2027",
            "ends_on[day]": "1",
            "ends_on[month]": "2",
            "ends_on[year]": "2027",
        },
    )
    assert error_summary(check_page(bad)) == ["Places must be between 1 and 10,000"]
    response = pages.client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            "title": "North West spring",
            "capacity": "1",
            "starts_on[day]": "1",
            "starts_on[month]": "3",
            "starts_on[year]": "2027",
            "ends_on[day]": "30",
            "ends_on[month]": "9",
            "ends_on[year]": "2027",
        },
    )
    assert response.status_code == 302
    cohort_url = response.headers["Location"]
    first, second = create_person(), create_person(given_name="Femi")
    for person in (first, second):
        page = check_page(pages.client.get(cohort_url))
        assert (
            pages.client.post(
                cohort_url, data={"csrf_token": csrf_token(page), "person": person.work_email}
            ).status_code
            == 302
        )
    page = check_page(pages.client.get(cohort_url))
    assert "1 of 1 places taken" in page.text
    statuses = [cell.get_text(" ", strip=True) for cell in page.select("tbody tr td:nth-of-type(3)")]
    assert statuses[0] == "Enrolled"
    assert statuses[1].startswith("On the waiting list since")
    unknown = pages.client.post(cohort_url, data={"csrf_token": csrf_token(page), "person": "nobody@example.nhs.uk"})
    assert error_summary(check_page(unknown)) == ["No one has that work email address or employee number"]

    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.person_id == first.id))
    done = pages.post("programmes.withdraw_enrolment", {"reason": "Left the NHS"}, enrolment_id=enrolment.id)
    assert "Femi" in check_page(pages.client.get(done.headers["Location"])).text
    db.session.expire_all()
    promoted = db.session.scalar(select(Enrolment).where(Enrolment.person_id == second.id))
    assert promoted.status is EnrolmentStatus.ENROLLED


def test_an_admin_records_an_outcome_with_errors_named(pages, catalogue):
    pages.sign_in(admin_account())
    enrolment = programme_services.enrol(create_person(), new_cohort(catalogue["MID-CAREER"], 5))
    url = pages.url("programmes.record_outcome", enrolment_id=enrolment.id)
    page = pages.get("programmes.record_outcome", enrolment_id=enrolment.id)
    today = date.today()
    day = {"completed_on[day]": today.day, "completed_on[month]": today.month, "completed_on[year]": today.year}
    missing = pages.client.post(url, data={"csrf_token": csrf_token(page), "outcome": "completed", **day})
    assert error_summary(check_page(missing)) == ["Describe the evidence of completion, such as a certificate number"]
    done = pages.client.post(
        url, data={"csrf_token": csrf_token(page), "outcome": "completed", "evidence": "Certificate 77", **day}
    )
    assert done.status_code == 302
    db.session.refresh(enrolment)
    assert (enrolment.status, enrolment.evidence) == (EnrolmentStatus.COMPLETED, "Certificate 77")


def test_staff_see_their_programmes_what_they_miss_and_where_they_stand(pages, catalogue):
    trust = create_organisation()
    staff = create_account(person=create_person(organisation=trust, band="8c", title="Associate director"))
    programme_services.enrol(staff.person, new_cohort(catalogue["CMI-L7"], 5))
    pages.sign_in(staff)
    page = pages.get("programmes.view_learning", person_id=staff.person_id)
    text = page.get_text(" ", strip=True)
    assert "Not yet meeting the standard" in text
    assert "You keep the post of Associate director" in text
    assert "Complete National mid-career programme" in text
    assert "CMI Level 7 Certificate in Strategic Management and Leadership Practice" in text
    assert "For a band 8d post, you would need to:" in text


def test_managers_see_who_in_their_team_meets_the_standard(pages, catalogue):
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="9", title="Director of operations"))
    create_person(organisation=trust, manager=manager.person, band="8c", title="Head of patient flow")
    create_person(organisation=trust, manager=manager.person, band="7", title="Matron")
    pages.sign_in(manager)
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in pages.get("programmes.team_learning").select("tbody tr")
    ]
    standing = sorted(row[3] for row in rows)
    assert standing == ["Meets it", "Not yet meeting the standard"]


@pytest.mark.parametrize("page_name", ["cohort", "learning", "team"])
def test_programme_pages_query_the_same_however_many_people(pages, catalogue, count_queries, page_name):
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="9"), roles=[(Role.PROGRAMME_ADMIN, None)])
    cohort = new_cohort(catalogue["MID-CAREER"], 3)
    programmes = list(catalogue.values())
    pages.sign_in(manager)

    def grow(step: int) -> None:
        for _ in range(5):
            report = create_person(organisation=trust, manager=manager.person, band="8c")
            programme_services.enrol(report, cohort)
        # The manager's own record grows by a programme each time.
        programme_services.enrol(manager.person, new_cohort(programmes[step], 2))

    endpoint, values = {
        "cohort": ("programmes.view_cohort", {"cohort_id": cohort.id}),
        "learning": ("programmes.view_learning", {"person_id": manager.person_id}),
        "team": ("programmes.team_learning", {}),
    }[page_name]
    counts = []
    for step in range(2):
        grow(step)
        with count_queries() as counter:
            pages.get(endpoint, **values)
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_hr_is_told_what_is_missing_and_a_system_admin_can_override_with_a_reason(pages, catalogue):
    trust = create_organisation()
    person = create_person(organisation=trust, band="8b", title="Deputy head of nursing")
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    data = {
        "title": "Head of nursing",
        "band": "8c",
        "start_date[day]": "1",
        "start_date[month]": "12",
        "start_date[year]": "2026",
    }
    pages.sign_in(hr)
    page = pages.get("people.new_post", person_id=person.id)
    assert page.find("textarea", attrs={"name": "override_reason"}) is None
    url = pages.url("people.new_post", person_id=person.id)
    refused = check_page(pages.client.post(url, data={**data, "csrf_token": csrf_token(page)}))
    [message] = error_summary(refused)
    assert "cannot start a band 8c post on 1 December 2026 yet" in message
    assert "Complete National mid-career programme" in message
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    page = pages.get("people.new_post", person_id=person.id)
    response = pages.client.post(
        url, data={**data, "override_reason": "Only applicant; booked on spring cohort", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    assert "Head of nursing" in pages.get("people.view_person", person_id=person.id).text


def test_an_admin_adds_and_retires_a_rule_and_records_accreditation_and_attendance(pages, catalogue):
    pages.sign_in(admin_account())
    page = pages.get("programmes.new_rule")
    url = pages.url("programmes.new_rule")
    base = {
        "csrf_token": csrf_token(page),
        "title": "Board roles",
        "min_band": "ned",
        "effective_from[day]": "1",
        "effective_from[month]": "1",
        "effective_from[year]": "2027",
    }
    empty = check_page(pages.client.post(url, data=base))
    assert error_summary(empty) == ["Choose at least one programme or a standards level"]
    nye_bevan = catalogue["NYE-BEVAN"]
    assert pages.client.post(url, data={**base, "programmes": [str(nye_bevan.id)]}).status_code == 302
    rule = db.session.scalar(select(PrerequisiteRule).where(PrerequisiteRule.title == "Board roles"))
    assert [p.code for p in rule.programmes] == ["NYE-BEVAN"]
    person = create_person()
    assert not programme_services.check_eligibility(person.id, Band.CHAIR, date(2027, 1, 1)).eligible
    confirmation = pages.get("programmes.retire_rule", rule_id=rule.id)
    assert "posts that start on or after 1 January 2027 will no longer need" in confirmation.get_text(" ", strip=True)
    db.session.refresh(rule)
    assert rule.retired_on is None  # the confirmation page changes nothing
    pages.post("programmes.retire_rule", {"comment": "Replaced by the board rule"}, rule_id=rule.id)
    db.session.refresh(rule)
    assert rule.retired_on == date(2027, 1, 1)  # not yet in force, so it never applies
    history = pages.get("programmes.view_rule", rule_id=rule.id).select_one(".talent-history").get_text(" ", strip=True)
    assert "Rule added" in history
    assert "Rule retired" in history
    assert '"Replaced by the board rule"' in history
    assert rule not in programme_services.check_eligibility(person.id, Band.CHAIR, date(2027, 1, 1)).rules

    course = catalogue["CMI-L3"]
    page = pages.get("programmes.new_accreditation", programme_id=course.id)
    response = pages.client.post(
        pages.url("programmes.new_accreditation", programme_id=course.id),
        data={
            "csrf_token": csrf_token(page),
            "body": "Chartered Management Institute",
            "valid_from[day]": "1",
            "valid_from[month]": "4",
            "valid_from[year]": "2027",
            "valid_to[day]": "1",
            "valid_to[month]": "3",
            "valid_to[year]": "2027",
        },
    )
    assert error_summary(check_page(response)) == ["The end date must be the same as or after the start date"]

    enrolment = programme_services.enrol(create_person(), new_cohort(course, 5))
    page = pages.get("programmes.record_attendance", enrolment_id=enrolment.id)
    url = pages.url("programmes.record_attendance", enrolment_id=enrolment.id)
    late = date.today() + timedelta(days=365)
    outside = {"session_on[day]": late.day, "session_on[month]": late.month, "session_on[year]": late.year}
    refused = check_page(pages.client.post(url, data={"csrf_token": csrf_token(page), "attended": "yes", **outside}))
    assert error_summary(refused)[0].startswith("The session date must be between")
    today = date.today()
    inside = {"session_on[day]": today.day, "session_on[month]": today.month, "session_on[year]": today.year}
    assert pages.client.post(url, data={"csrf_token": csrf_token(page), "attended": "yes", **inside}).status_code == 302
    assert "attended" in pages.get("programmes.record_attendance", enrolment_id=enrolment.id).text


def test_an_admin_adds_a_programme_and_maps_a_module_to_standards(pages, catalogue):
    pages.sign_in(admin_account())
    page = pages.get("programmes.new_programme")
    url = pages.url("programmes.new_programme")
    data = {
        "csrf_token": csrf_token(page),
        "code": "CMI-L3",
        "title": "Leading teams in social care",
        "kind": "accredited_course",
        "provider": "Skills for Care",
    }
    assert error_summary(check_page(pages.client.post(url, data=data))) == [
        "Another programme already has the code CMI-L3"
    ]
    created = pages.client.post(url, data={**data, "code": "SFC-LT"})
    assert created.status_code == 302
    programme = db.session.scalar(select(Programme).where(Programme.code == "SFC-LT"))
    page = pages.get("programmes.new_module", programme_id=programme.id)
    boxes = {box.find_next("label").get_text(strip=True): box["value"] for box in page.select("input[type=checkbox]")}
    chosen = [boxes["Level 2: Leading a team"], boxes["Level 2: Inclusive team leadership"]]
    response = pages.client.post(
        pages.url("programmes.new_module", programme_id=programme.id),
        data={"csrf_token": csrf_token(page), "title": "People and inclusion", "standards": chosen},
    )
    assert response.status_code == 302
    db.session.refresh(programme)
    assert [s.code for s in programme.modules[0].standards] == ["MLS-2-INCLUSION", "MLS-2-PEOPLE"]


def test_a_programme_admin_finds_someone_by_name_post_band_and_organisation_and_enrols_them(pages, catalogue):
    """Two people called Priya Patel are told apart by post, band and organisation; the search
    narrows with each word, and the chosen one is enrolled."""
    leeds = create_organisation(name="Leeds Teaching Hospitals NHS Trust")
    york = create_organisation(name="York and Scarborough Teaching Hospitals NHS Foundation Trust")
    ward_sister = create_person(
        organisation=leeds, given_name="Priya", family_name="Patel", band="7", title="Ward sister"
    )
    create_person(organisation=york, given_name="Priya", family_name="Patel", band="5", title="Staff nurse")
    create_person(organisation=leeds, given_name="Sam", family_name="Okafor", band="7", title="Ward sister")
    pages.sign_in(admin_account())
    cohort = new_cohort(catalogue["MID-CAREER"], 5)

    def names_found(search):
        page = pages.get("programmes.view_cohort", cohort_id=cohort.id, find=search)
        return [
            [cell.get_text(" ", strip=True) for cell in row.select("td")][:4]
            for row in page.select("table[role=table]")[0].select("tbody tr")
        ]

    both = names_found("priya patel")
    assert sorted(row[2] for row in both) == ["Band 5", "Band 7"]
    assert names_found("patel band 7 leeds") == [
        ["Priya Patel", "Ward sister", "Band 7", "Leeds Teaching Hospitals NHS Trust"]
    ]
    assert names_found("ward sister leeds") == [  # surname order
        ["Sam Okafor", "Ward sister", "Band 7", "Leeds Teaching Hospitals NHS Trust"],
        ["Priya Patel", "Ward sister", "Band 7", "Leeds Teaching Hospitals NHS Trust"],
    ]
    nobody = pages.get("programmes.view_cohort", cohort_id=cohort.id, find="Zebedee")
    assert "No one matches “Zebedee”" in nobody.get_text(" ", strip=True)

    page = pages.get("programmes.view_cohort", cohort_id=cohort.id, find="patel band 7")
    response = pages.client.post(
        pages.url("programmes.view_cohort", cohort_id=cohort.id),
        data={"csrf_token": csrf_token(page), "person_id": str(ward_sister.id)},
    )
    assert response.status_code == 302
    enrolled = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id))
    assert enrolled.person_id == ward_sister.id
    nothing = pages.client.post(
        pages.url("programmes.view_cohort", cohort_id=cohort.id), data={"csrf_token": csrf_token(page)}
    )
    assert error_summary(check_page(nothing)) == [
        "Find the person by name, or enter their work email or employee number"
    ]


def test_enrolment_notices_that_stop_being_true_are_withdrawn(db_session, catalogue):
    from talent.notifications import services as notification_services

    first, second = create_account(person=create_person()), create_account(person=create_person())
    cohort = new_cohort(catalogue["MID-CAREER"], 1)
    leaving = programme_services.enrol(first.person, cohort)
    programme_services.enrol(second.person, cohort)

    def titles(account):
        return [n.title for n in db.session.scalars(notification_services.list_notifications(account.id))]

    assert titles(second) == ["You are on the waiting list for Spring"]
    programme_services.withdraw(leaving, reason="Changed role")
    assert titles(first) == []  # "You have a place" is no longer true
    assert titles(second) == ["A place is now yours on Spring"]
    notice = db.session.scalars(notification_services.list_notifications(second.id)).first()
    assert notice.link.endswith(f"#enrolment-{leaving.id + 1}")  # points at the row in their learning record
