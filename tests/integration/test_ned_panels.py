"""NED appointments: a vacancy with applications, a panel with a declared conflict, and
independent scoring: panel members reach only their vacancies, a conflicted member is refused,
others' scores stay hidden until one's own are submitted, and no panel page shows candidates'
monitoring answers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talent.audit.models import AuditEvent
from talent.errors import Forbidden, RuleViolation
from talent.extensions import db
from talent.ned import queries as ned_queries
from talent.ned import services as ned_services
from talent.ned.models import (
    ApplicationStatus,
    BoardRole,
    CandidateScheme,
    NedMonitoring,
    PanelRole,
    PanelScore,
    ScoringStage,
    VacancyStatus,
)
from tests.factories import create_account, create_person
from tests.pages import csrf_token


def all_scores(vacancy, value=3):
    return {criterion.id: (value, "Clear examples") for criterion in vacancy.criteria}


def test_panel_members_reach_only_their_vacancies_in_html(pages, process):
    pages.sign_in(process["chair"])
    home = pages.get("home.show_home")
    assert process["main"].title in home.get_text()
    assert process["other"].title not in pages.get("ned.list_vacancies").get_text()
    pages.get("ned.view_vacancy", 404, vacancy_id=process["other"].id)
    pages.get("ned.panel_scores", 404, vacancy_id=process["other"].id)
    pages.get("ned.view_vacancy", vacancy_id=process["main"].id)


def test_a_conflicted_member_can_neither_score_nor_see_that_candidate(pages, process):
    main, member = process["main"], process["member"]
    conflicted, other = process["candidates"]
    with pytest.raises(Forbidden, match="conflict of interest"):
        ned_services.save_scores(conflicted, all_scores(main), actor=member)
    pages.sign_in(member)
    page = pages.get("ned.score", application_id=conflicted.id)
    assert "You declared a conflict of interest with this candidate" in page.get_text()
    assert page.select_one("main form[method=post]") is None
    # The chair scores everyone and submits; the member scores the other candidate and submits.
    ned_services.save_scores(conflicted, all_scores(main, 4), actor=process["chair"])
    ned_services.save_scores(other, all_scores(main, 1), actor=process["chair"])
    ned_services.submit_scores(main, actor=process["chair"])
    ned_services.save_scores(other, all_scores(main, 3), actor=member)
    ned_services.submit_scores(main, actor=member)
    seen = ned_services.visible_scores(main, ScoringStage.SHORTLISTING, actor=member)
    assert {score.application_id for score in seen} == {other.id}
    scores_page = pages.get("ned.panel_scores", vacancy_id=main.id).get_text()
    assert conflicted.person.full_name not in scores_page
    assert "Discuss" in scores_page  # 1 against 3 on every criterion: a spread of 2


def test_others_scores_stay_hidden_until_ones_own_are_all_submitted(pages, process):
    main, chair, member = process["main"], process["chair"], process["member"]
    conflicted, other = process["candidates"]
    ned_services.save_scores(other, all_scores(main, 2), actor=member)
    ned_services.submit_scores(main, actor=member)
    ned_services.save_scores(other, all_scores(main, 4), actor=chair)
    assert {s.panel_member_id for s in ned_services.visible_scores(main, ScoringStage.SHORTLISTING, actor=chair)} == {
        main.panel[0].id
    }
    with pytest.raises(RuleViolation, match="criteria not scored"):
        ned_services.submit_scores(main, actor=chair)
    pages.sign_in(chair)
    assert "Dana" not in pages.get("ned.panel_scores", vacancy_id=main.id).get_text()
    ned_services.save_scores(conflicted, all_scores(main, 3), actor=chair)
    ned_services.submit_scores(main, actor=chair)
    assert "Dana" in pages.get("ned.panel_scores", vacancy_id=main.id).get_text()
    with pytest.raises(RuleViolation, match="can no longer change"):
        ned_services.save_scores(other, all_scores(main, 1), actor=chair)
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.kind == "ned_scores_submitted")) == 2


def test_scoring_by_the_panel_member_in_the_browsers_shoes(pages, process):
    main, chair = process["main"], process["chair"]
    conflicted, other = process["candidates"]
    pages.sign_in(chair)
    for application in (conflicted, other):
        page = pages.get("ned.score", application_id=application.id)
        data = {"csrf_token": csrf_token(page)}
        for criterion in main.criteria:
            data[f"criterion_{criterion.id}"] = "3"
            data[f"evidence_{criterion.id}"] = "Led an audit committee"
        response = pages.client.post(pages.url("ned.score", application_id=application.id), data=data)
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(PanelScore.id))) == 2 * len(main.criteria)
    vacancy_page = pages.get("ned.view_vacancy", vacancy_id=main.id)
    response = pages.client.post(
        pages.url("ned.submit_scores", vacancy_id=main.id), data={"csrf_token": csrf_token(vacancy_page)}
    )
    assert response.status_code == 302
    assert "/scores" in response.headers["Location"]
    page = pages.post(
        "ned.shortlist",
        {"shortlisted": [str(other.id)], "reasons": "Strongest evidence on audit"},
        vacancy_id=main.id,
    )
    db.session.refresh(other)
    db.session.refresh(conflicted)
    assert (other.status, conflicted.status) == (ApplicationStatus.SHORTLISTED, ApplicationStatus.NOT_SHORTLISTED)
    decision = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "ned_panel_decision"))
    assert decision.data["conflicted"] == [[process["member"].person_id, conflicted.id]]
    assert page.status_code == 302


def test_no_panel_page_shows_candidates_monitoring_answers(pages, process):
    main, chair = process["main"], process["chair"]
    conflicted, other = process["candidates"]
    assert db.session.scalar(select(func.count(NedMonitoring.application_id))) == 2
    ned_services.save_scores(conflicted, all_scores(main), actor=chair)
    ned_services.save_scores(other, all_scores(main), actor=chair)
    ned_services.submit_scores(main, actor=chair)
    pages.sign_in(chair)
    texts = [
        pages.get("home.show_home").get_text(),
        pages.get("ned.list_vacancies").get_text(),
        pages.get("ned.view_vacancy", vacancy_id=main.id).get_text(),
        pages.get("ned.panel_scores", vacancy_id=main.id).get_text(),
        pages.get("ned.shortlist", vacancy_id=main.id).get_text(),
        *[pages.get("ned.score", application_id=a.id).get_text() for a in (conflicted, other)],
    ]
    for text in texts:
        for words in ("55 to 64", "55_to_64", "65 and over", "Disabled", "Black, Asian", "Female", "bme"):
            assert words not in text


def test_an_employee_of_the_trust_cannot_apply(process):
    main = process["main"]
    ned_services.move_vacancy(process["other"], VacancyStatus.CLOSED, actor=process["team"])
    insider = create_person(organisation=main.organisation)
    account = create_account(person=insider)
    other = process["other"]
    other.status = VacancyStatus.OPEN
    with pytest.raises(RuleViolation, match="cannot be its non-executives"):
        ned_services.apply(
            other,
            insider,
            experience="Years on the ward",
            skills=[],
            interests_declared="",
            not_an_employee=True,
            not_disqualified=True,
            actor=account,
        )


def test_interview_scores_then_the_final_decision_names_preferred_and_reserve(pages, process):
    main, chair, member = process["main"], process["chair"], process["member"]
    conflicted, other = process["candidates"]
    ned_services.record_shortlist(
        main, shortlisted=[conflicted.id, other.id], reasons="Both strong on audit", actor=chair
    )
    assert main.status is VacancyStatus.INTERVIEWING
    ned_services.save_scores(other, all_scores(main, 4), actor=chair)
    with pytest.raises(Forbidden, match="conflict of interest"):
        ned_services.save_scores(conflicted, all_scores(main, 1), actor=member)
    with pytest.raises(Forbidden, match="chair of the panel"):
        ned_services.record_final_decision(main, preferred=other.id, reserve=None, reasons="x", actor=member)
    with pytest.raises(RuleViolation, match="reserve"):
        ned_services.record_final_decision(main, preferred=other.id, reserve=other.id, reasons="x", actor=chair)
    pages.sign_in(chair)
    pages.post(
        "ned.final_decision",
        {"preferred": str(other.id), "reserve": str(conflicted.id), "reasons": "Clearest audit leadership"},
        vacancy_id=main.id,
    )
    db.session.refresh(other)
    db.session.refresh(conflicted)
    db.session.refresh(main)
    assert (other.status, conflicted.status) == (ApplicationStatus.PREFERRED, ApplicationStatus.RESERVE)
    assert main.status is VacancyStatus.DECIDED
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "ned_panel_decision")).all()
    assert [event.data["stage"] for event in events] == ["shortlisting", "interview"]


def test_a_draft_vacancy_is_not_advertised_and_a_closed_one_takes_no_applications(pages, process):
    draft = ned_services.create_vacancy(
        process["main"].organisation,
        role=BoardRole.CHAIR,
        title="Chair (not yet advertised)",
        role_description="Unpublished",
        lcf_domains=["D1"],
        skills=[],
        remuneration_pounds=None,
        time_commitment="3 days a week",
        term_months=36,
        closing_on=date.today() + timedelta(days=40),
        actor=process["team"],
    )
    pages.sign_in(create_account(person=create_person()))
    pages.get("ned.apply", 404, vacancy_id=draft.id)
    closed = pages.get("ned.apply", vacancy_id=process["main"].id)
    assert "no longer taking applications" in closed.get_text()
    assert closed.select_one("main form[method=post]") is None


def test_a_panel_member_cannot_apply_for_the_vacancy_they_sit_on(process):
    other = process["other"]
    ned_services.assign_panel_member(other, process["chair"].person, panel_role=PanelRole.CHAIR, actor=process["team"])
    with pytest.raises(RuleViolation, match="sit on this vacancy's panel"):
        ned_services.apply(
            other,
            process["chair"].person,
            experience="Audit",
            skills=[],
            interests_declared="",
            not_an_employee=True,
            not_disqualified=True,
            actor=process["chair"],
        )


def test_a_submitted_score_changes_only_at_moderation_with_a_recorded_reason(pages, process):
    main, chair, member = process["main"], process["chair"], process["member"]
    conflicted, other = process["candidates"]
    ned_services.save_scores(conflicted, all_scores(main, 4), actor=chair)
    ned_services.save_scores(other, all_scores(main, 4), actor=chair)
    ned_services.save_scores(other, all_scores(main, 1), actor=member)
    member_score = ned_services.visible_scores(main, ScoringStage.SHORTLISTING, actor=member)[0]
    # Not yet submitted: the member changes their own draft, not through moderation.
    with pytest.raises(RuleViolation, match="has not submitted"):
        ned_services.change_submitted_score(member_score, to=3, reason="Agreed", actor=chair)
    ned_services.submit_scores(main, actor=member)
    ned_services.submit_scores(main, actor=chair)
    with pytest.raises(RuleViolation, match="Say why"):
        ned_services.change_submitted_score(member_score, to=3, reason=" ", actor=chair)
    with pytest.raises(RuleViolation, match="already 1"):
        ned_services.change_submitted_score(member_score, to=1, reason="Agreed", actor=member)
    # A panel member other than the chair changes only their own scores.
    chair_score = next(
        score
        for score in ned_services.visible_scores(main, ScoringStage.SHORTLISTING, actor=chair)
        if score.panel_member_id != member_score.panel_member_id
    )
    with pytest.raises(Forbidden, match="chair of the panel"):
        ned_services.change_submitted_score(chair_score, to=2, reason="I think so", actor=member)
    pages.sign_in(chair)
    scores_page = pages.get("ned.panel_scores", vacancy_id=main.id)
    assert scores_page.select_one(f"a[href$='/ned/scores/{member_score.id}/change']") is not None
    pages.post(
        "ned.change_score",
        {"to_score": "3", "reason": "Agreed at moderation: the audit example was stronger than first read"},
        score_id=member_score.id,
    )
    db.session.refresh(member_score)
    assert member_score.score == 3
    text = pages.get("ned.panel_scores", vacancy_id=main.id).get_text()
    assert "changed from 1 to 3: Agreed at moderation" in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "ned_score_moderated"))
    assert (event.data["from_score"], event.data["to_score"]) == (1, 3)


def test_people_join_the_candidate_pool_and_the_appointments_team_finds_them(pages, process):
    person = create_person(given_name="Efua")
    account = create_account(person=person)
    pages.sign_in(account)
    assert "Join the NED candidate pool" in pages.get("ned.opportunities").get_text()
    pages.get("ned.list_candidates", 403)
    pages.post(
        "ned.candidate_pool",
        {"scheme": "next_director", "summary": "Ten years leading community services", "skills": ["workforce"]},
    )
    assert "You are in the national candidate pool" in pages.get("ned.opportunities").get_text()
    pages.post("auth.sign_out", {}, _form_page="home.show_home")
    pages.sign_in(process["team"])
    assert "Efua" in pages.get("ned.list_candidates", scheme="next_director").get_text()
    assert "Efua" not in pages.get("ned.list_candidates", scheme="aspirant_chair").get_text()
    assert "Efua" in pages.get("ned.list_candidates", skill="workforce").get_text()
    pages.get("ned.list_candidates", 400, scheme="not-a-scheme")
    with pytest.raises(Forbidden):
        ned_services.join_candidate_pool(
            person,
            scheme=CandidateScheme.NONE,
            summary="On their behalf",
            skills=[],
            interested_in_chair=False,
            actor=process["team"],
        )
    candidate = ned_queries.candidate_of(person.id)
    ned_services.leave_candidate_pool(candidate, actor=account)
    assert "Efua" not in pages.get("ned.list_candidates").get_text()
