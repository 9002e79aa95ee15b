"""NED panels and appointments under concurrent use, on PostgreSQL: two panel members submitting
at the same moment both land; one member submitting twice at once lands once; two people
recording the appointment to one vacancy at once leave one appointment and one holder.

Each thread has its own connection and transaction against a database both can see; the
checks before the writes are slowed down so that, without the database's constraints and the
post's version, both would pass them before either commits.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talent.auth.models import Account, Role
from talent.auth.policy import build_principal
from talent.errors import Conflict, RuleViolation
from talent.extensions import db
from talent.ned import services as ned_services
from talent.ned.models import (
    BoardAppointment,
    BoardRole,
    NedApplication,
    NedVacancy,
    PanelRole,
    ScoreSubmission,
    ScoringStage,
    VacancyStatus,
)
from talent.people.models import Post
from talent.standards import services as standard_services
from talent.transactions import service_call
from tests.conftest import POSTGRESQL_ONLY, migrated_scratch_app
from tests.factories import create_account, create_organisation, create_person, create_post

pytestmark = POSTGRESQL_ONLY


@pytest.fixture
def shared_database(tmp_path_factory):
    app = migrated_scratch_app(tmp_path_factory, "ned_races")
    with app.app_context():
        standard_services.seed_frameworks()
        trust = create_organisation()
        elsewhere = create_organisation(region_code="Y56")
        team = create_account(person=create_person(organisation=elsewhere), roles=[(Role.NED_TEAM, None)])
        vacancy = ned_services.create_vacancy(
            trust,
            role=BoardRole.NED,
            title="Non-executive director",
            role_description="Audit",
            lcf_domains=["D1"],
            skills=[],
            remuneration_pounds=None,
            time_commitment="2.5 days a month",
            term_months=36,
            closing_on=date.today() + timedelta(days=10),
            post=create_post(organisation=trust, band="ned", title="Non-executive director"),
            actor=team,
        )
        ned_services.move_vacancy(vacancy, VacancyStatus.OPEN, actor=team)
        applications = []
        for given in ("Amara", "Brian"):
            candidate = create_account(person=create_person(organisation=elsewhere, given_name=given))
            applications.append(
                ned_services.apply(
                    vacancy,
                    candidate.person,
                    experience="Audit",
                    skills=[],
                    interests_declared="",
                    not_an_employee=True,
                    not_disqualified=True,
                    actor=candidate,
                )
            )
        ned_services.move_vacancy(vacancy, VacancyStatus.CLOSED, actor=team)
        members = [create_account(person=create_person(organisation=elsewhere)) for _ in range(2)]
        ned_services.assign_panel_member(vacancy, members[0].person, panel_role=PanelRole.CHAIR, actor=team)
        ned_services.assign_panel_member(vacancy, members[1].person, panel_role=PanelRole.MEMBER, actor=team)
        ned_services.move_vacancy(vacancy, VacancyStatus.SHORTLISTING, actor=team)
        for member in members:
            for application in applications:
                scores = {criterion.id: (3, "Clear") for criterion in vacancy.criteria}
                ned_services.save_scores(application, scores, actor=member)
        db.session.commit()
        ids = {
            "vacancy": vacancy.id,
            "post": vacancy.post_id,
            "applications": [a.id for a in applications],
            "members": [m.id for m in members],
            "team": team.id,
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def _race(app, work, arguments):
    """Run ``work(argument)`` in one thread per argument, all starting together, each in its
    own app context and transaction; returns the errors raised."""
    start = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            with app.app_context():
                start.wait(timeout=10)
                with service_call():
                    work(argument)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (returned to the test)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def _slowly(function):
    def slowed(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(0.3)
        return result

    return slowed


def test_two_panel_members_submitting_at_once_both_land(shared_database, monkeypatch):
    app, ids = shared_database
    monkeypatch.setattr(ned_services, "scoring_problems", _slowly(ned_services.scoring_problems))

    def submit(account_id):
        vacancy = db.session.get(NedVacancy, ids["vacancy"])
        ned_services.submit_scores(vacancy, actor=db.session.get(Account, account_id))

    assert _race(app, submit, ids["members"]) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(ScoreSubmission.id))) == 2
        vacancy = db.session.get(NedVacancy, ids["vacancy"])
        seen = ned_services.visible_scores(
            vacancy, ScoringStage.SHORTLISTING, actor=db.session.get(Account, ids["members"][0])
        )
        assert len({score.panel_member_id for score in seen}) == 2


def test_one_member_submitting_twice_at_once_lands_once(shared_database, monkeypatch):
    app, ids = shared_database
    monkeypatch.setattr(ned_services, "scoring_problems", _slowly(ned_services.scoring_problems))

    def submit(account_id):
        vacancy = db.session.get(NedVacancy, ids["vacancy"])
        ned_services.submit_scores(vacancy, actor=db.session.get(Account, account_id))

    errors = _race(app, submit, [ids["members"][0]] * 2)
    assert len(errors) == 1
    assert isinstance(errors[0], RuleViolation)
    assert "already submitted" in errors[0].message
    with app.app_context():
        assert db.session.scalar(select(func.count(ScoreSubmission.id))) == 1


def test_two_appointments_to_one_vacancy_at_once_leave_one(shared_database, monkeypatch):
    app, ids = shared_database
    with app.app_context():
        vacancy = db.session.get(NedVacancy, ids["vacancy"])
        chair = db.session.get(Account, ids["members"][0])
        first, second = (db.session.get(NedApplication, i) for i in ids["applications"])
        ned_services.record_shortlist(vacancy, shortlisted=[first.id, second.id], reasons="Both", actor=chair)
        ned_services.record_final_decision(
            vacancy, preferred=first.id, reserve=second.id, reasons="Clearest", actor=chair
        )
        db.session.commit()
    monkeypatch.setattr(ned_services, "_board_history", _slowly(ned_services._board_history))

    def record(application_id):
        vacancy = db.session.get(NedVacancy, ids["vacancy"])
        team = db.session.get(Account, ids["team"])
        ned_services.appoint(
            vacancy,
            db.session.get(NedApplication, application_id),
            starts_on=date.today() + timedelta(days=30),
            principal=build_principal(team),
        )

    # The team records the preferred candidate while a colleague records the reserve.
    errors = _race(app, record, ids["applications"])
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict | RuleViolation)
    with app.app_context():
        appointments = db.session.scalars(select(BoardAppointment)).all()
        assert len(appointments) == 1
        post = db.session.get(Post, ids["post"])
        assert post.person_id == appointments[0].person_id
        assert db.session.get(NedVacancy, ids["vacancy"]).status is VacancyStatus.APPOINTED
