"""360 feedback: named colleagues answer anonymously; the appraisee sees a summary only once
three have answered; reminders reach those who have not answered, once each."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import AppraisalStatus, FeedbackRequest
from talent.appraisals.reminders import send_appraisal_reminders
from talent.extensions import db
from talent.notifications import services as notification_services
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person
from tests.integration.test_api import token_for
from tests.pages import check_page, csrf_token, error_summary

TODAY = date(2026, 11, 22)


@pytest.fixture
def team(db_session):
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="7", title="Ward manager"))
    nurse = create_account(person=create_person(organisation=trust, manager=manager.person))
    colleagues = [create_account(person=create_person(organisation=trust, manager=manager.person)) for _ in range(4)]
    cycle = appraisal_services.create_cycle(trust, year=2026, opens_on=date(2026, 4, 1), due_on=date(2027, 3, 31))
    appraisal = appraisal_services.start_appraisal(cycle, nurse.person, today=TODAY)
    return {"manager": manager, "nurse": nurse, "colleagues": colleagues, "appraisal": appraisal}


def ask(team, *accounts, by=None):
    return appraisal_feedback.request_feedback(
        team["appraisal"],
        actor=by or team["nurse"],
        respondent_emails=[account.email for account in accounts],
        today=TODAY,
    )


def answer(request, account, rating, comment=""):
    answers = [
        appraisal_feedback.FeedbackAnswerInput(r.statement_id, rating, comment) for r in request.appraisal.ratings
    ]
    appraisal_feedback.give_feedback(request, actor=account, answers=answers)


def test_every_email_is_answered_the_same_way_with_or_without_an_account(client, team):
    """Asking must not tell the asker who has a Talent account, nor return anyone's id."""
    headers = token_for(client, team["nurse"])
    url = f"/api/v1/appraisals/{team['appraisal'].id}/feedback-requests"
    replies = [
        client.post(url, json={"respondent_emails": [email]}, headers=headers)
        for email in (team["colleagues"][0].email, "nobody-here@example.nhs.uk")
    ]
    assert [reply.status_code for reply in replies] == [201, 201]
    bodies = [reply.get_json() for reply in replies]
    for body in bodies:
        assert "respondent_id" not in str(body)
    assert set(bodies[0]["requests"][0]) == set(bodies[1]["requests"][0])
    unknown = db.session.scalar(
        select(FeedbackRequest).where(FeedbackRequest.respondent_email == "nobody-here@example.nhs.uk")
    )
    assert unknown.respondent_id is None


def test_colleagues_who_have_not_answered_are_reminded_once_by_email(app, team, smtp_server):
    first, second = team["colleagues"][:2]
    requests = ask(team, first, second)
    answer(requests[0], first, 3)
    notification_services.send_pending_emails()
    smtp_server.wait_for(2)  # the two requests themselves
    smtp_server.messages.clear()

    due = requests[1].due_on
    assert send_appraisal_reminders(due - timedelta(days=2))["feedback_due"] == 1
    assert send_appraisal_reminders(due - timedelta(days=1))["feedback_due"] == 0
    assert send_appraisal_reminders(due + timedelta(days=1))["feedback_overdue"] == 1
    assert send_appraisal_reminders(due + timedelta(days=2))["feedback_overdue"] == 0
    assert notification_services.send_pending_emails()["sent"] >= 2
    received = [(m["To"], m["Subject"]) for m in smtp_server.wait_for(2) if "feedback" in m["Subject"]]
    name = team["nurse"].person.full_name
    assert sorted(received) == sorted(
        [
            (second.email, f"Your feedback for {name} is due by 6 December 2026"),
            (second.email, f"{name} is still waiting for your feedback"),
        ]
    )


def test_asking_and_answering_in_the_browser(pages, team):
    nurse, colleagues, appraisal = team["nurse"], team["colleagues"], team["appraisal"]
    pages.sign_in(nurse)
    refused = pages.post(
        "appraisals.request_feedback",
        {"respondent_emails": nurse.email},
        _expected_status=200,
        appraisal_id=appraisal.id,
    )
    assert error_summary(refused) == [
        "Ask colleagues other than the appraisee and the appraiser: feedback is from others"
    ]
    emails = "\n".join(c.email for c in colleagues[:3])
    pages.post("appraisals.request_feedback", {"respondent_emails": emails}, appraisal_id=appraisal.id)
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "0 of 3 colleagues have answered" in shown
    pages.post("auth.sign_out", {}, _form_page="home.show_home")

    requests = db.session.scalars(select(FeedbackRequest).order_by(FeedbackRequest.id)).all()
    for colleague, request in zip(colleagues[:3], requests, strict=True):
        pages.sign_in(colleague)
        listed = pages.get("appraisals.feedback_requests").get_text(" ", strip=True)
        assert f"{nurse.person.full_name} (2026/27 appraisal)" in listed
        form = {f"rating_{r.statement_id}": "3" for r in appraisal.ratings}
        pages.post("appraisals.give_feedback", {**form, "comment": "A pleasure to work with"}, request_id=request.id)
        again = pages.get("appraisals.give_feedback", request_id=request.id).get_text(" ", strip=True)
        assert "You have answered this request" in again
        pages.post("auth.sign_out", {}, _form_page="home.show_home")

    pages.sign_in(nurse)
    shown = pages.get("appraisals.view_appraisal", appraisal_id=appraisal.id).get_text(" ", strip=True)
    assert "3 of 3 colleagues' answers are shown, anonymously" in shown
    assert "A pleasure to work with" in shown
    # Someone else's request is not theirs to open.
    assert pages.client.get(pages.url("appraisals.give_feedback", request_id=requests[0].id)).status_code == 404


def test_request_and_submit_feedback_through_the_api(client, team):
    nurse, colleagues, appraisal = team["nurse"], team["colleagues"], team["appraisal"]
    asked = client.post(
        f"/api/v1/appraisals/{appraisal.id}/feedback-requests",
        json={"respondent_emails": [c.email for c in colleagues[:3]]},
        headers=token_for(client, nurse),
    )
    assert asked.status_code == 201, asked.json
    request_ids = [r["id"] for r in asked.json["requests"]]
    for colleague, request_id in zip(colleagues[:3], request_ids, strict=True):
        headers = token_for(client, colleague)
        mine = client.get("/api/v1/feedback-requests", headers=headers).json
        assert [item["id"] for item in mine["items"]] == [request_id]
        body = {"answers": [{"statement_id": r.statement_id, "rating": 2} for r in appraisal.ratings]}
        answered = client.post(f"/api/v1/feedback-requests/{request_id}/response", json=body, headers=headers)
        assert answered.status_code == 201
        assert answered.json["answered"] is True
        again = client.post(f"/api/v1/feedback-requests/{request_id}/response", json=body, headers=headers)
        assert again.status_code == 400
        assert "already answered" in again.json["message"]
    outsider = client.post(
        f"/api/v1/feedback-requests/{request_ids[0]}/response",
        json={"answers": []},
        headers=token_for(client, colleagues[3]),
    )
    assert outsider.status_code == 404
    feedback = client.get(f"/api/v1/appraisals/{appraisal.id}", headers=token_for(client, nurse)).json["feedback"]
    assert (feedback["received"], feedback["shown"]) == (3, True)
    assert feedback["statements"][0]["counts"] == {"2": 3}


def test_the_appraisal_page_queries_the_same_for_3_and_10_answers(pages, team, count_queries):
    trust = team["nurse"].person.organisation
    colleagues = team["colleagues"] + [
        create_account(person=create_person(organisation=trust, manager=team["manager"].person)) for _ in range(6)
    ]
    requests = ask(team, *colleagues)
    pages.sign_in(team["nurse"])
    counts = []
    for answering in (requests[:3], requests[3:]):
        for request in answering:
            answer(request, next(c for c in colleagues if c.person_id == request.respondent_id), 3, "Seen it")
        with count_queries() as counter:
            page = pages.get("appraisals.view_appraisal", appraisal_id=team["appraisal"].id)
        counts.append(counter.count)
    text = page.get_text(" ", strip=True)
    # Ten answers: nine released in three groups, the tenth waiting for two more.
    assert f"9 of {len(requests)} colleagues' answers are shown" in text
    assert "1 more answer is not shown yet" in text
    assert counts[0] == counts[1]


def test_recording_the_discussion_warns_of_unanswered_requests_and_withdraws_them(pages, team):
    first, second = team["colleagues"][:2]
    requests = ask(team, first, second)
    answer(requests[0], first, 3)
    team["appraisal"].status = AppraisalStatus.MANAGER_ASSESSED  # both assessments done
    db.session.flush()

    pages.sign_in(team["manager"])
    page = pages.get("appraisals.record_discussion", appraisal_id=team["appraisal"].id)
    assert "1 colleague has not answered yet" in page.select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
    today = date.today()
    pages.post(
        "appraisals.record_discussion",
        {"discussed_on[day]": today.day, "discussed_on[month]": today.month, "discussed_on[year]": today.year},
        appraisal_id=team["appraisal"].id,
    )
    # The colleague who did not answer no longer has a request they cannot answer.
    assert [n.kind for n in db.session.scalars(notification_services.list_notifications(second.id))] == []
    assert [n.kind for n in db.session.scalars(notification_services.list_notifications(first.id))] == [
        "feedback_requested"
    ]


def test_the_appraisee_finds_a_colleague_by_name_and_asks_them(pages, team):
    colleague = team["colleagues"][0]
    pages.sign_in(team["nurse"])
    surname = colleague.person.family_name
    page = pages.get("appraisals.request_feedback", appraisal_id=team["appraisal"].id, find=surname)
    rows = [row.get_text(" ", strip=True) for row in page.select("table[role=table] tbody tr")]
    assert len(rows) == 1
    assert colleague.person.full_name in rows[0]
    # The nurse and their manager are not offered: they cannot give anonymous feedback.
    everyone = pages.get("appraisals.request_feedback", appraisal_id=team["appraisal"].id, find="staff nurse")
    offered = [row.select_one("td").get_text(strip=True) for row in everyone.select("table[role=table] tbody tr")]
    assert len(offered) == 4  # the four colleagues
    assert team["nurse"].person.full_name not in offered
    response = pages.client.post(
        pages.url("appraisals.request_feedback", appraisal_id=team["appraisal"].id),
        data={"csrf_token": csrf_token(page), "person_id": str(colleague.person_id)},
    )
    assert response.status_code == 302
    request = db.session.scalar(select(FeedbackRequest).where(FeedbackRequest.appraisal_id == team["appraisal"].id))
    assert (request.respondent_id, request.respondent_email) == (colleague.person_id, colleague.email)


def test_someone_outside_the_organisation_cannot_be_asked_by_id(pages, team):
    """Ids could otherwise be tried one by one to read names off the "already asked" list."""
    outsider = create_person(organisation=create_organisation())
    pages.sign_in(team["nurse"])
    page = pages.get("appraisals.request_feedback", appraisal_id=team["appraisal"].id)
    refused = pages.client.post(
        pages.url("appraisals.request_feedback", appraisal_id=team["appraisal"].id),
        data={"csrf_token": csrf_token(page), "person_id": str(outsider.id)},
    )
    assert refused.status_code == 200
    assert error_summary(check_page(refused)) == ["That person cannot be found: search for them again"]
    assert outsider.full_name not in refused.get_data(as_text=True)
    assert (
        db.session.scalar(select(FeedbackRequest).where(FeedbackRequest.appraisal_id == team["appraisal"].id)) is None
    )
