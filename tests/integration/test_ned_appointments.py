"""NED appointments and terms: the panel's preferred candidate goes into the board post; tenure
rules refuse a reappointment past six years without a review and past nine without an approved
extension, saying which rule and what to record; a resignation leaves the post vacant; term
reminders reach the appointments team and the board secretary once each; the diversity of the
process is published suppressed and never to a panel."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talent.auth.models import Account, Role
from talent.auth.policy import build_principal
from talent.errors import Conflict, RuleViolation
from talent.extensions import db
from talent.ned import reports as ned_reports
from talent.ned import services as ned_services
from talent.ned.models import (
    AppointmentStatus,
    BoardAppointment,
    BoardRole,
    TermEnd,
    VacancyStatus,
)
from talent.notifications import services as notification_services
from talent.notifications.models import Notification
from talent.people.models import Post
from tests.factories import create_account, create_board_term, create_organisation, create_person, create_post
from tests.integration.test_programmes_api import bearer

TODAY = date.today()


def decide(process):
    """Shortlist both candidates, score them at interview and choose the second as preferred and
    the first as reserve; the vacancy fills a vacant NED post."""
    main, chair = process["main"], process["chair"]
    reserve, preferred = process["candidates"]
    main.post = create_post(organisation=main.organisation, band="ned", title="Non-executive director")
    main.post.person_id = None
    db.session.flush()
    ned_services.record_shortlist(main, shortlisted=[reserve.id, preferred.id], reasons="Both strong", actor=chair)
    ned_services.record_final_decision(
        main, preferred=preferred.id, reserve=reserve.id, reasons="Clearest audit leadership", actor=chair
    )
    return main, preferred, reserve


def test_the_preferred_candidate_is_appointed_into_the_vacant_board_post(pages, process):
    main, preferred, _ = decide(process)
    team = process["team"]
    pages.sign_in(team)
    assert "Record the appointment" in pages.get("ned.view_vacancy", vacancy_id=main.id).get_text()
    starts = TODAY + timedelta(days=30)
    pages.post(
        "ned.appoint",
        {
            "version": str(main.version),
            "application_id": str(preferred.id),
            "starts_on[day]": str(starts.day),
            "starts_on[month]": str(starts.month),
            "starts_on[year]": str(starts.year),
            "term_months": "36",
            "supplement_pounds": "2000",
            "supplement_for": "Chairing the audit committee",
        },
        vacancy_id=main.id,
    )
    appointment = db.session.scalar(select(BoardAppointment).where(BoardAppointment.vacancy_id == main.id))
    post = db.session.get(Post, main.post_id)
    db.session.refresh(post)
    assert (appointment.person_id, post.person_id) == (preferred.person_id, preferred.person_id)
    assert (appointment.starts_on, appointment.ends_on) == (starts, ned_services.term_end(starts, 36))
    assert post.end_date == appointment.ends_on
    assert (appointment.remuneration_pounds, appointment.supplement_pounds) == (13_000, 2_000)
    db.session.refresh(main)
    assert main.status is VacancyStatus.APPOINTED
    board = pages.get("ned.board_terms", organisation_id=main.organisation_id).get_text()
    assert preferred.person.full_name in board
    assert "Within six years" in board
    # A second appointment to the same vacancy is refused, by the page and the service.
    with pytest.raises(RuleViolation, match="appointed"):
        ned_services.appoint(main, preferred, starts_on=starts, principal=build_principal(team))
    told = db.session.scalar(
        select(Notification.title)
        .join(Account, Account.id == Notification.account_id)
        .where(Account.person_id == preferred.person_id, Notification.kind == "ned_appointment")
    )
    assert told == f"Appointed non-executive director of {main.organisation.display_name}"


def test_reappointment_past_six_years_needs_a_review_and_past_nine_an_approved_extension(pages, process):
    trust, team = process["main"].organisation, process["team"]
    ned = create_person(organisation=create_organisation(region_code="Y62"), given_name="Nadia")
    first = TODAY - timedelta(days=365 * 3 - 60)
    term = create_board_term(ned, trust, first_appointed_on=first, term_months=36)
    before = db.session.scalar(select(func.count(BoardAppointment.id)))
    # Term 2 ends six years after first appointment exactly: no review needed. Four years would not.
    with pytest.raises(RuleViolation) as refused:
        ned_services.reappoint(term, term_months=48, actor=team)
    assert refused.value.field == "tenure_review"
    assert "more than 6 years" in refused.value.message
    assert "rigorous review" in refused.value.message
    pages.sign_in(team)
    page = pages.post("ned.reappoint", {"version": str(term.version), "term_months": "48"}, 200, appointment_id=term.id)
    summary = page.select_one(".nhsuk-error-summary").get_text()
    assert "needs a rigorous review" in summary
    assert "record who reviewed the reappointment" in summary
    assert db.session.scalar(select(func.count(BoardAppointment.id))) == before
    second = ned_services.reappoint(
        term, term_months=48, tenure_review="Nominations committee review, 3 March: contribution strong", actor=team
    )
    assert (second.term_number, second.first_appointed_on) == (2, first)
    assert term.status is AppointmentStatus.ENDED
    assert term.end_reason is TermEnd.REAPPOINTED
    # Term 3 would end ten years after first appointment: refused without the appointing body's extension.
    with pytest.raises(RuleViolation) as refused:
        ned_services.reappoint(second, term_months=36, tenure_review="Reviewed again", actor=team)
    assert refused.value.field == "extension_approval"
    assert "more than 9 years" in refused.value.message
    assert "extension approved by NHS England" in refused.value.message
    third = ned_services.reappoint(
        second, term_months=36, extension_approval="NHS England proforma approved 1 May, ref NHSE-123", actor=team
    )
    assert third.term_number == 3
    assert ned_services.tenure_flag(third) == "Past nine years: extension approved"


def test_a_ned_who_becomes_chair_is_not_reviewed_three_years_into_the_chairs_term(process):
    main, team = process["main"], process["team"]
    trust = main.organisation
    chair_vacancy = ned_services.create_vacancy(
        trust,
        role=BoardRole.CHAIR,
        title="Chair",
        role_description="Lead the board",
        lcf_domains=["D1"],
        skills=[],
        remuneration_pounds=45_000,
        time_commitment="3 days a week",
        term_months=36,
        closing_on=TODAY + timedelta(days=20),
        actor=team,
    )
    ned = create_person(organisation=create_organisation(region_code="Y62"), given_name="Olu")
    account = create_account(person=ned)
    ned_term = create_board_term(ned, trust, first_appointed_on=TODAY - timedelta(days=365 * 3), term_months=48)
    ned_services.move_vacancy(chair_vacancy, VacancyStatus.OPEN, actor=team)
    application = ned_services.apply(
        chair_vacancy,
        ned,
        experience="Three years as a NED here",
        skills=[],
        interests_declared="",
        not_an_employee=True,
        not_disqualified=True,
        actor=account,
    )
    application.status = application.status.PREFERRED
    chair_vacancy.status = VacancyStatus.DECIDED
    db.session.flush()
    chair_term = ned_services.appoint(chair_vacancy, application, starts_on=TODAY, principal=build_principal(team))
    assert ned_term.status is AppointmentStatus.ENDED
    assert ned_term.end_reason is TermEnd.BECAME_CHAIR
    assert chair_term.first_appointed_on == ned_term.first_appointed_on
    # Three more years as chair ends nine years after first joining the board, six after
    # becoming chair: no review, where a NED with the same service would need one.
    again = ned_services.reappoint(chair_term, term_months=36, actor=team)
    assert again.role is BoardRole.CHAIR
    assert again.tenure_review == ""


def test_a_resignation_ends_the_term_and_the_board_post_is_vacant_again(pages, process):
    trust, team = process["main"].organisation, process["team"]
    ned = create_person(organisation=create_organisation(region_code="Y62"), given_name="Priya")
    term = create_board_term(ned, trust, first_appointed_on=TODAY - timedelta(days=400))
    pages.sign_in(team)
    last = TODAY + timedelta(days=14)
    pages.post(
        "ned.end_term",
        {
            "version": str(term.version),
            "reason": "resigned",
            "last_day[day]": str(last.day),
            "last_day[month]": str(last.month),
            "last_day[year]": str(last.year),
        },
        appointment_id=term.id,
    )
    db.session.refresh(term)
    db.session.refresh(term.post)
    assert (term.status, term.end_reason, term.ended_on) == (AppointmentStatus.ENDED, TermEnd.RESIGNED, last)
    assert term.post.end_date == last
    vacant = db.session.scalar(
        select(Post).where(Post.organisation_id == trust.id, Post.person_id.is_(None), Post.band == term.post.band)
    )
    assert vacant is not None
    assert vacant.start_date == last + timedelta(days=1)
    with pytest.raises(RuleViolation, match="already ended"):
        ned_services.end_appointment(term, reason=TermEnd.REMOVED, last_day=last, note="x", actor=team)


def test_term_reminders_reach_the_team_and_the_board_secretary_once_each(app, db_session, smtp_server):
    trust = create_organisation(region_code="Y62")
    team = create_account(person=create_person(), roles=[(Role.NED_TEAM, None)])
    secretary = create_account(person=create_person(organisation=trust), roles=[(Role.BOARD_SECRETARY, trust)])
    ned = create_person(organisation=create_organisation(), given_name="Quinn")
    # Ends in about eight months: the nine-month notice.
    term = create_board_term(ned, trust, first_appointed_on=TODAY - timedelta(days=365 * 3 - 240), term_months=36)
    assert ned_services.send_term_reminders(TODAY)["reminded"] == 1
    assert ned_services.send_term_reminders(TODAY)["already_reminded"] == 1
    # Five months later: the three-month notice is due only once it is within three months.
    later = term.ends_on - timedelta(days=80)
    assert ned_services.send_term_reminders(later)["reminded"] == 1
    assert ned_services.send_term_reminders(later)["reminded"] == 0
    assert notification_services.send_pending_emails()["sent"] == 4
    messages = smtp_server.wait_for(4)
    received = sorted((m["To"], " ".join(m["Subject"].split())) for m in messages)
    subject = f"Quinn {ned.family_name}'s term as non-executive director of {trust.display_name} ends on"
    assert [to for to, title in received if title.startswith(subject)] == sorted(
        [team.email, team.email, secretary.email, secretary.email]
    )
    assert notification_services.send_pending_emails()["sent"] == 0


def test_a_term_past_its_end_ends_and_its_post_becomes_vacant(process):
    trust = process["main"].organisation
    ned = create_person(organisation=create_organisation(), given_name="Rhys")
    term = create_board_term(ned, trust, first_appointed_on=TODAY - timedelta(days=365 * 3 + 10), term_months=36)
    assert ned_services.send_term_reminders(TODAY)["ended"] == 1
    assert (term.status, term.end_reason) == (AppointmentStatus.ENDED, TermEnd.END_OF_TERM)
    assert (
        db.session.scalar(select(func.count(Post.id)).where(Post.organisation_id == trust.id, Post.person_id.is_(None)))
        >= 1
    )


def test_a_board_secretary_sees_their_own_boards_terms_only(pages, process):
    trust = process["main"].organisation
    elsewhere = create_organisation(region_code="Y56")
    secretary = create_account(person=create_person(organisation=trust), roles=[(Role.BOARD_SECRETARY, trust)])
    own = create_board_term(create_person(given_name="Sian"), trust, first_appointed_on=TODAY - timedelta(days=900))
    far = create_board_term(
        create_person(given_name="Tariq"), elsewhere, first_appointed_on=TODAY - timedelta(days=900)
    )
    pages.sign_in(secretary)
    text = pages.get("ned.expiring_terms").get_text()
    assert own.person.full_name in text
    assert far.person.full_name not in text
    pages.get("ned.view_appointment", appointment_id=own.id)
    pages.get("ned.view_appointment", 404, appointment_id=far.id)
    pages.get("ned.board_terms", 404, organisation_id=elsewhere.id)
    pages.get("ned.reappoint", 403, appointment_id=own.id)
    # The office-holder sees their own term, and no one else's.
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(create_account(person=own.person))
    assert "Term 1" in pages.get("ned.view_appointment", appointment_id=own.id).get_text()
    pages.get("ned.view_appointment", 404, appointment_id=far.id)


def test_the_diversity_of_the_process_is_suppressed_and_never_a_panels(pages, client, process, app):
    main, preferred, _ = decide(process)
    ned_services.appoint(
        main, preferred, starts_on=TODAY + timedelta(days=7), principal=build_principal(process["team"])
    )
    breakdowns = ned_reports.process_diversity(actor=process["team"], vacancy_id=main.id)
    threshold = app.config["INSIGHTS_MIN_CELL"]
    for item in breakdowns:
        for cell in item.table.cells.values():
            assert cell.suppressed or cell.value == 0 or cell.value >= threshold
    pages.sign_in(process["team"])
    page = pages.get("ned.diversity", vacancy=main.id)
    assert "Relative likelihood of appointment from shortlisting" in page.get_text()
    for number in page.select("[data-talent-statistics] td"):
        text = number.get_text().replace("(withheld)", "").strip()
        assert text in ("*", "0") or int(text) >= threshold
    # The panel reaches neither the page nor the API.
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(process["chair"])
    pages.get("ned.diversity", 403, vacancy=main.id)
    chair = bearer(client, process["chair"])
    response = client.get(f"/api/v1/ned-diversity?vacancy_id={main.id}", headers=chair)
    assert response.status_code == 403
    assert "bme" not in json.dumps(response.json)


def test_two_appointments_at_once_are_told_apart_by_the_version(process):
    main, preferred, _ = decide(process)
    principal = build_principal(process["team"])
    with pytest.raises(Conflict):
        ned_services.appoint(main, preferred, starts_on=TODAY, principal=principal, expected_version=main.version - 1)


def test_the_terms_pages_read_as_many_queries_for_3_terms_as_for_30(pages, process, count_queries):
    trust, team = process["main"].organisation, process["team"]
    pages.sign_in(team)

    def add_terms(count):
        for _ in range(count):
            holder = create_person(organisation=create_organisation())
            create_board_term(holder, trust, first_appointed_on=TODAY - timedelta(days=800))

    counts = []
    for batch in (3, 27):
        add_terms(batch)
        with count_queries() as counter:
            pages.get("ned.expiring_terms", within=12)
            pages.get("ned.board_terms", organisation_id=trust.id)
        counts.append(counter.count)
    assert counts[0] == counts[1]
