"""Demo NED appointments: open vacancies with applications in several regions, and one in
shortlisting whose panel includes the panel member demo account, another member's declared
conflict and scores part-submitted, so the panel account has work to do."""

import random
from datetime import date, timedelta

from sqlalchemy import bindparam, func, insert, select

from talent.auth.models import Account
from talent.extensions import db
from talent.ned import services as ned_services
from talent.ned.models import (
    AppointingBody,
    AppointmentStatus,
    BoardAppointment,
    BoardRole,
    BoardSkill,
    CandidateScheme,
    NedVacancy,
    PanelRole,
    ScoringStage,
    VacancyStatus,
)
from talent.ned.queries import applications_to_score
from talent.orgs.models import Organisation
from talent.people.models import Band, Person, Post
from talent.people.queries import current_post_filter

_DESCRIPTION = (
    "The board is looking for a non-executive director who will hold the executive to account for "
    "quality, money and people, chair or sit on its committees, and help it work with partners "
    "across the integrated care system."
)


def load(staffed_ids: list[int], demo_people: dict[str, int], today: date) -> bool:
    """Add the demo vacancies once; returns False if they were already there."""
    if db.session.scalar(select(func.count(NedVacancy.id))):
        return False
    team = _account(demo_people.get("ned.team"))
    panel_account = _account(demo_people.get("ned.panel"))
    if team is None:
        return False
    rng = random.Random("talent-demo-ned")
    trusts = list(
        db.session.scalars(select(Organisation).where(Organisation.id.in_(staffed_ids)).order_by(Organisation.ods_code))
    )
    candidates = _candidates(staffed_ids, demo_people, today)
    vacancies = []
    for index, trust in enumerate(trusts[:6]):
        vacancy = ned_services.create_vacancy(
            trust,
            role=BoardRole.CHAIR if index == 5 else BoardRole.NED,
            title=f"{'Chair' if index == 5 else 'Non-executive director'}, {trust.display_name}",
            role_description=_DESCRIPTION,
            lcf_domains=["D1", "D4", "D5"],
            skills=rng.sample(list(BoardSkill), 2),
            remuneration_pounds=None,
            time_commitment="3 days a week" if index == 5 else "2.5 days a month",
            term_months=36,
            closing_on=today + timedelta(days=20 + 5 * index),
            actor=team,
        )
        ned_services.move_vacancy(vacancy, VacancyStatus.OPEN, actor=team)
        vacancies.append(vacancy)
        applicants = [person for person in candidates if person.organisation_id != trust.id]
        for person in rng.sample(applicants, min(len(applicants), 6)):
            ned_services.apply(
                vacancy,
                person,
                experience="Board-level experience in finance and audit across two NHS trusts.",
                skills=vacancy.skills[:1],
                interests_declared="",
                not_an_employee=True,
                not_disqualified=True,
                monitoring=ned_services.Monitoring(
                    wres_group=rng.choice(["white", "white", "bme", "not_stated"]),
                    sex=rng.choice(["female", "male"]),
                    disability=rng.choice(["no", "no", "yes", "not_stated"]),
                    age_band=rng.choice(["45_to_54", "55_to_64", "65_and_over"]),
                ),
                actor=_account(person.id),
            )
    _join_pool(candidates[:12])
    colleague = _account(demo_people.get("talent.lead"))
    if panel_account is not None and colleague is not None and vacancies:
        _panel_in_progress(vacancies[0], team, panel_account, colleague, rng)
    db.session.flush()
    return True


def _join_pool(people: list[Person]) -> None:
    """The national candidate pool: some on the NExT Director scheme, some on the Aspirant Chair
    Programme, the rest on neither."""
    schemes = [CandidateScheme.NEXT_DIRECTOR, CandidateScheme.ASPIRANT_CHAIR, CandidateScheme.NONE]
    for index, person in enumerate(people):
        scheme = schemes[index % 3]
        ned_services.join_candidate_pool(
            person,
            scheme=scheme,
            summary="Senior NHS leader looking for a first non-executive role on a provider board.",
            skills=[BoardSkill.WORKFORCE, BoardSkill.CLINICAL] if index % 2 else [BoardSkill.FINANCE_AUDIT],
            interested_in_chair=scheme is CandidateScheme.ASPIRANT_CHAIR,
            actor=_account(person.id),
        )


def _account(person_id: int | None) -> Account | None:
    if person_id is None:
        return None
    return db.session.scalar(select(Account).where(Account.person_id == person_id))


def _candidates(staffed_ids, demo_people, today) -> list[Person]:
    """Senior demo staff who have accounts, as candidates: the demo accounts other than the
    panel member, the appointments team and the talent lead (who sits on the demo panel)."""
    excluded = {demo_people.get("ned.panel"), demo_people.get("ned.team"), demo_people.get("talent.lead")}
    people = db.session.scalars(
        select(Person)
        .join(Account, Account.person_id == Person.id)
        .join(Post, (Post.person_id == Person.id) & current_post_filter(Post, today))
        .where(Post.band.in_([Band.AFC_8A, Band.AFC_8B, Band.AFC_8C, Band.AFC_8D, Band.VSM]))
        .distinct()
    )
    return [person for person in people if person.id not in excluded]


def _panel_in_progress(vacancy: NedVacancy, team: Account, panel_account: Account, colleague: Account, rng) -> None:
    """Close the first vacancy and start shortlisting: the panel demo account chairs it; the
    independent member has declared a conflict with one candidate and submitted the rest."""
    ned_services.move_vacancy(vacancy, VacancyStatus.CLOSED, actor=team)
    ned_services.assign_panel_member(vacancy, panel_account.person, panel_role=PanelRole.CHAIR, actor=team)
    ned_services.assign_panel_member(vacancy, colleague.person, panel_role=PanelRole.INDEPENDENT, actor=team)
    ned_services.move_vacancy(vacancy, VacancyStatus.SHORTLISTING, actor=team)
    applications = _applications(vacancy)
    if len(applications) < 2:
        return
    ned_services.declare_conflict(applications[0], reason="We worked together until last year", actor=colleague)
    for application in applications[1:]:
        ned_services.save_scores(
            application,
            {criterion.id: (rng.randint(1, 4), "From the application") for criterion in vacancy.criteria},
            actor=colleague,
        )
    ned_services.submit_scores(vacancy, actor=colleague)
    # The demo panel chair has started: one candidate scored, the rest to do.
    ned_services.save_scores(
        applications[-1],
        {criterion.id: (3, "Good examples of audit committee work") for criterion in vacancy.criteria},
        actor=panel_account,
    )


def _applications(vacancy):
    return applications_to_score(vacancy, ScoringStage.SHORTLISTING)


_REVIEW = "Nominations committee review of contribution and independence: reappointment supported"


def load_terms(organisation_ids: list[int], today: date) -> int:
    """Terms of office for every filled chair and NED post on the demo boards that have none
    yet: first appointed up to eight years ago in terms of three years, so some are past six
    years (with their review recorded) and one NED's third term ends nine years in, in five
    months, for the term reminders to find."""
    have = set(db.session.scalars(select(BoardAppointment.organisation_id).distinct()))
    wanted = [organisation_id for organisation_id in organisation_ids if organisation_id not in have]
    if not wanted:
        return 0
    posts = db.session.execute(
        select(Post.id, Post.organisation_id, Post.person_id, Post.band, Organisation.org_type)
        .join(Organisation, Organisation.id == Post.organisation_id)
        .where(
            Post.organisation_id.in_(wanted),
            Post.band.in_([Band.NED, Band.CHAIR]),
            Post.person_id.is_not(None),
            current_post_filter(Post, today),
        )
        .order_by(Post.organisation_id, Post.id)
    ).all()
    rng = random.Random("talent-demo-terms")
    terms, dates = [], []
    near_nine = not have
    for post_id, organisation_id, person_id, band, org_type in posts:
        if near_nine and band is Band.NED:
            first, near_nine = ned_services.add_months(today, 5 - 12 * ned_services.TENURE_LIMIT_YEARS), False
        else:
            first = today - timedelta(days=rng.randint(120, 8 * 365))
        served = (today.year - first.year) * 12 + today.month - first.month - (today.day < first.day)
        term_number = served // 36 + 1
        starts = ned_services.add_months(first, 36 * (term_number - 1))
        ends = ned_services.term_end(starts, 36)
        role = BoardRole.CHAIR if band is Band.CHAIR else BoardRole.NED
        pay = ned_services.CHAIR_RANGE[0] if role is BoardRole.CHAIR else ned_services.NED_RATE
        terms.append(
            {
                "person_id": person_id,
                "organisation_id": organisation_id,
                "post_id": post_id,
                "role": role,
                "appointing_body": AppointingBody.for_organisation(org_type),
                "first_appointed_on": first,
                "role_since": first,
                "starts_on": starts,
                "ends_on": ends,
                "term_number": term_number,
                "remuneration_pounds": pay,
                "supplement_pounds": 0,
                "supplement_for": "",
                "tenure_review": _REVIEW if ends > ned_services.add_months(first, 72) else "",
                "extension_approval": "",
                "status": AppointmentStatus.CURRENT,
                "end_note": "",
                "version": 1,
            }
        )
        dates.append({"post": post_id, "starts": first, "ends": ends})
    if terms:
        db.session.execute(insert(BoardAppointment), terms)
        posts_table = Post.__table__
        db.session.execute(
            posts_table.update()
            .where(posts_table.c.id == bindparam("post"))
            .values(start_date=bindparam("starts"), end_date=bindparam("ends")),
            dates,
        )
    return len(terms)
