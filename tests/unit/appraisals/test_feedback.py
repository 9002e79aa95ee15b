"""Service-level tests (no test client); the page tests are in
tests/integration/test_appraisal_feedback.py.

360 feedback: named colleagues answer anonymously; the appraisee sees a summary only once three
have answered; reminders reach those who have not answered, once each.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from talent.appraisals import feedback as appraisal_feedback
from talent.appraisals import services as appraisal_services
from talent.appraisals.models import FeedbackRequest, FeedbackResponse
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.notifications.models import Notification
from tests.factories import create_account, create_person
from tests.integration.test_appraisal_feedback import TODAY, answer, ask, team  # noqa: F401 (fixtures and helpers shared with the page tests)


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
