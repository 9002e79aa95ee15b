"""360 feedback: named colleagues answer anonymously; the appraisee sees a summary only once
three have answered; reminders reach those who have not answered, once each."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import FeedbackRequest, FeedbackResponse
from talent.appraisals.reminders import send_appraisal_reminders
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications import services as notification_services
from talent.notifications.models import Notification
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person
from tests.integration.test_api import token_for
from tests.pages import error_summary

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


def test_feedback_is_shown_only_once_three_colleagues_have_answered(team):
    colleagues = team["colleagues"]
    requests = ask(team, *colleagues[:3])
    assert {r.due_on for r in requests} == {TODAY + timedelta(days=14)}
    told = db.session.scalars(select(Notification.account_id).where(Notification.kind == "feedback_requested"))
    assert sorted(told) == sorted(c.id for c in colleagues[:3])

    answer(requests[0], colleagues[0], 4, "Calm when the ward is busy")
    answer(requests[1], colleagues[1], 3)
    summary = appraisal_feedback.feedback_summary(team["appraisal"])
    assert (summary.requested, summary.received, summary.shown, summary.statements) == (3, 2, False, [])

    answer(requests[2], colleagues[2], 3)
    summary = appraisal_feedback.feedback_summary(team["appraisal"])
    assert (summary.received, summary.shown) == (3, True)
    assert {item.statement.id: item.counts for item in summary.statements}[
        requests[0].appraisal.ratings[0].statement_id
    ] == {
        3: 2,
        4: 1,
    }
    assert "Calm when the ward is busy" in summary.statements[0].comments


def test_answers_are_not_linked_to_the_colleague_who_gave_them(team):
    colleague = team["colleagues"][0]
    (request,) = ask(team, colleague)
    answer(request, colleague, 4)
    columns = {column.name for column in inspect(FeedbackResponse).columns}
    # No respondent, no request, no time; "released" is shared by a whole group of at least three.
    assert columns == {"id", "appraisal_id", "comment", "released"}
    assert request.answered
    response = db.session.scalar(select(FeedbackResponse))
    assert len(response.id) == 32
    assert not response.id.isdigit()


def test_a_colleague_answers_once_and_only_their_own_request(team):
    first, second = team["colleagues"][:2]
    request, _ = ask(team, first, second)
    with pytest.raises(Forbidden, match="Only the colleague who was asked"):
        answer(request, second, 4)
    answer(request, first, 4)
    with pytest.raises(RuleViolation, match="already answered"):
        answer(request, first, 2)
    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1


def test_bad_requests_are_refused_and_change_nothing(team):
    nurse, colleague, stranger = team["nurse"], team["colleagues"][0], team["colleagues"][1]
    # Neither party can be counted as an anonymous colleague, whoever asks.
    for party, by in ((nurse, nurse), (team["manager"], nurse), (team["manager"], team["manager"])):
        with pytest.raises(RuleViolation, match="other than the appraisee and the appraiser"):
            ask(team, colleague, party, by=by)
    with pytest.raises(RuleViolation, match="in the correct format"):
        appraisal_feedback.request_feedback(
            team["appraisal"], actor=nurse, respondent_emails=["not an email"], today=TODAY
        )
    with pytest.raises(Forbidden, match="Only the appraisee or the appraiser"):
        ask(team, colleague, by=stranger)
    assert db.session.scalar(select(func.count()).select_from(FeedbackRequest)) == 0
    ask(team, colleague, by=team["manager"])
    with pytest.raises(RuleViolation, match=f"Already asked: {colleague.email}"):
        ask(team, colleague)


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


def test_new_answers_join_the_summary_only_in_groups_of_three(team):
    """Reading the summary before and after one colleague answers must not isolate their answers."""
    trust = team["nurse"].person.organisation
    colleagues = team["colleagues"] + [
        create_account(person=create_person(organisation=trust, manager=team["manager"].person)) for _ in range(3)
    ]
    requests = ask(team, *colleagues)
    by_person = {c.person_id: c for c in colleagues}
    shown_after = []
    for request in requests:
        answer(request, by_person[request.respondent_id], 2 if len(shown_after) < 3 else 4)
        summary = appraisal_feedback.feedback_summary(team["appraisal"])
        shown_after.append((summary.shown, summary.received, summary.waiting))
    assert shown_after == [
        (False, 1, 1),
        (False, 2, 2),
        (True, 3, 0),
        (True, 4, 1),
        (True, 5, 2),
        (True, 6, 0),
        (True, 7, 1),
    ]


def test_feedback_closes_once_the_appraisal_has_been_discussed(team):
    colleague = team["colleagues"][0]
    (request,) = ask(team, colleague)
    team["appraisal"].status = appraisal_services.AppraisalStatus.DISCUSSED
    with pytest.raises(RuleViolation, match="has closed"):
        answer(request, colleague, 3)
    with pytest.raises(RuleViolation, match="gathered until the appraisal is discussed"):
        ask(team, team["colleagues"][1])


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
