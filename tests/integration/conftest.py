"""Fixtures shared by the NED appointment tests."""

from datetime import date, timedelta

import pytest

from talent.auth.models import Role
from talent.ned import services as ned_services
from talent.ned.models import BoardRole, BoardSkill, PanelRole, VacancyStatus
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person


@pytest.fixture
def process(db_session):
    """A North West trust's NED vacancy in shortlisting, two candidates (monitoring answered),
    a panel of two (the chair and a member who declared a conflict with the first candidate)
    and a second vacancy the panel is not on."""
    standard_services.seed_frameworks()
    trust = create_organisation(region_code="Y62")
    elsewhere = create_organisation(region_code="Y56")
    team = create_account(person=create_person(organisation=elsewhere), roles=[(Role.NED_TEAM, None)])

    def vacancy(title):
        created = ned_services.create_vacancy(
            trust,
            role=BoardRole.NED,
            title=title,
            role_description="Chair the audit committee.",
            lcf_domains=["D1", "D4"],
            skills=[BoardSkill.FINANCE_AUDIT],
            remuneration_pounds=None,
            time_commitment="2.5 days a month",
            term_months=36,
            closing_on=date.today() + timedelta(days=30),
            actor=team,
        )
        ned_services.move_vacancy(created, VacancyStatus.OPEN, actor=team)
        return created

    main, other = vacancy("Non-executive director (audit)"), vacancy("Non-executive director (quality)")
    candidates = []
    for given, answers in (
        ("Amara", ("bme", "yes", "female", "55_to_64")),
        ("Brian", ("white", "no", "male", "65_and_over")),
    ):
        person = create_person(organisation=elsewhere, given_name=given, band="9", title="Finance director")
        account = create_account(person=person)
        candidates.append(
            ned_services.apply(
                main,
                person,
                experience=f"{given}: twenty years in finance",
                skills=[BoardSkill.FINANCE_AUDIT],
                interests_declared="",
                not_an_employee=True,
                not_disqualified=True,
                monitoring=ned_services.Monitoring(*answers),
                actor=account,
            )
        )
    ned_services.move_vacancy(main, VacancyStatus.CLOSED, actor=team)
    chair = create_account(person=create_person(organisation=elsewhere, given_name="Chidi"))
    member = create_account(person=create_person(organisation=elsewhere, given_name="Dana"))
    ned_services.assign_panel_member(main, chair.person, panel_role=PanelRole.CHAIR, actor=team)
    ned_services.assign_panel_member(main, member.person, panel_role=PanelRole.MEMBER, actor=team)
    ned_services.move_vacancy(main, VacancyStatus.SHORTLISTING, actor=team)
    ned_services.declare_conflict(candidates[0], reason="A former colleague", actor=member)
    return {"main": main, "other": other, "candidates": candidates, "chair": chair, "member": member, "team": team}
