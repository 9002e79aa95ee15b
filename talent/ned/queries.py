"""Bounded reads for NED appointments. Nothing here reads `ned_monitoring`: candidates'
monitoring answers reach anyone only as suppressed counts through the insights service."""

from sqlalchemy import exists, false, func, or_, select, true, tuple_
from sqlalchemy.orm import joinedload, selectinload

from talent.errors import NotFound
from talent.extensions import db
from talent.ned.models import (
    ApplicationStatus,
    AppointmentStatus,
    BoardAppointment,
    BoardRole,
    BoardSkill,
    CandidateScheme,
    NedApplication,
    NedCandidate,
    NedVacancy,
    PanelConflict,
    PanelMember,
    PanelScore,
    ScoreChange,
    ScoreSubmission,
    ScoringStage,
    VacancyStatus,
)
from talent.orgs.models import Organisation
from talent.people.models import Person

_VACANCY_DETAIL = (
    joinedload(NedVacancy.organisation),
    selectinload(NedVacancy.panel).joinedload(PanelMember.person),
    selectinload(NedVacancy.criteria),
)


def get_vacancy(vacancy_id: int) -> NedVacancy:
    vacancy = db.session.get(NedVacancy, vacancy_id, options=_VACANCY_DETAIL)
    if vacancy is None:
        raise NotFound("No such vacancy")
    return vacancy


def get_application(application_id: int) -> NedApplication:
    application = db.session.get(
        NedApplication,
        application_id,
        options=[
            joinedload(NedApplication.person),
            joinedload(NedApplication.vacancy).selectinload(NedVacancy.panel),
            joinedload(NedApplication.vacancy).selectinload(NedVacancy.criteria),
        ],
    )
    if application is None:
        raise NotFound("No such application")
    return application


def _vacancy_scope(scope):
    if scope.everything:
        return true()
    conditions = []
    if scope.organisation_ids:
        conditions.append(NedVacancy.organisation_id.in_(scope.organisation_ids))
    if scope.region_ids:
        conditions.append(Organisation.region_id.in_(scope.region_ids))
    if scope.panel_person_ids:
        conditions.append(
            exists().where(PanelMember.vacancy_id == NedVacancy.id, PanelMember.person_id.in_(scope.panel_person_ids))
        )
    return or_(*conditions) if conditions else false()


def vacancies_in_scope(scope, limit: int = 100) -> list[tuple[NedVacancy, int]]:
    """Vacancies the principal may see (the appointments team all; a panel member their panels'),
    each with its number of applications, in one grouped query."""
    rows = db.session.execute(
        select(NedVacancy, func.count(NedApplication.id))
        .join(Organisation, Organisation.id == NedVacancy.organisation_id)
        .outerjoin(NedApplication, NedApplication.vacancy_id == NedVacancy.id)
        .where(_vacancy_scope(scope))
        .group_by(NedVacancy.id)
        .order_by(NedVacancy.closing_on.desc(), NedVacancy.id.desc())
        .limit(limit)
    ).all()
    return [(vacancy, int(count)) for vacancy, count in rows]


def open_vacancies(on, limit: int = 100) -> list[NedVacancy]:
    """Vacancies advertised now, soonest closing first: what candidates see."""
    return list(
        db.session.scalars(
            select(NedVacancy)
            .where(NedVacancy.status == VacancyStatus.OPEN, NedVacancy.closing_on >= on)
            .order_by(NedVacancy.closing_on, NedVacancy.id)
            .limit(limit)
        )
    )


def applications_of(person_id: int) -> list[NedApplication]:
    return list(
        db.session.scalars(
            select(NedApplication)
            .where(NedApplication.person_id == person_id)
            .order_by(NedApplication.submitted_at.desc())
            .limit(50)
        )
    )


def applications_to_score(vacancy: NedVacancy, stage: ScoringStage) -> list[NedApplication]:
    """The applications a stage scores: all submitted ones at shortlisting, the shortlisted ones
    at interview; in name order, with each candidate."""
    wanted = (
        [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.NOT_SHORTLISTED]
        if stage is ScoringStage.SHORTLISTING
        else [ApplicationStatus.SHORTLISTED, ApplicationStatus.PREFERRED, ApplicationStatus.RESERVE]
    )
    return list(
        db.session.scalars(
            select(NedApplication)
            .join(Person, Person.id == NedApplication.person_id)
            .where(NedApplication.vacancy_id == vacancy.id, NedApplication.status.in_(wanted))
            .options(joinedload(NedApplication.person))
            .order_by(Person.family_name, Person.given_name, Person.id)
        )
    )


def conflicted(member_id: int, application_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(PanelConflict.id).where(
                PanelConflict.panel_member_id == member_id, PanelConflict.application_id == application_id
            )
        )
    )


def conflicts_of(member_id: int) -> set[int]:
    """The applications ``member_id`` declared a conflict with."""
    return set(
        db.session.scalars(select(PanelConflict.application_id).where(PanelConflict.panel_member_id == member_id))
    )


def conflicts_in(vacancy: NedVacancy) -> list[PanelConflict]:
    member_ids = [member.id for member in vacancy.panel]
    if not member_ids:
        return []
    return list(db.session.scalars(select(PanelConflict).where(PanelConflict.panel_member_id.in_(member_ids))))


def conflicted_members(vacancy: NedVacancy) -> list[list[int]]:
    """(panel member's person id, application id) for every conflict on the panel, for the
    decision's record."""
    by_member = {member.id: member.person_id for member in vacancy.panel}
    return sorted([by_member[c.panel_member_id], c.application_id] for c in conflicts_in(vacancy))


def submitted_stages(member_id: int) -> list[ScoringStage]:
    return list(db.session.scalars(select(ScoreSubmission.stage).where(ScoreSubmission.panel_member_id == member_id)))


def submissions_in(vacancy: NedVacancy) -> set[tuple[int, ScoringStage]]:
    member_ids = [member.id for member in vacancy.panel]
    if not member_ids:
        return set()
    return set(
        db.session.execute(
            select(ScoreSubmission.panel_member_id, ScoreSubmission.stage).where(
                ScoreSubmission.panel_member_id.in_(member_ids)
            )
        ).all()
    )


def score_counts(member_id: int, stage: ScoringStage) -> dict[int, int]:
    """How many criteria ``member_id`` has scored for each application at ``stage``."""
    rows = db.session.execute(
        select(PanelScore.application_id, func.count())
        .where(PanelScore.panel_member_id == member_id, PanelScore.stage == stage)
        .group_by(PanelScore.application_id)
    )
    return dict(rows.all())


def scores_for(vacancy: NedVacancy, stage: ScoringStage, *, member_id: int | None = None) -> list[PanelScore]:
    member_ids = [member.id for member in vacancy.panel]
    if member_id is not None:
        member_ids = [member_id]
    if not member_ids:
        return []
    return list(
        db.session.scalars(
            select(PanelScore)
            .where(PanelScore.panel_member_id.in_(member_ids), PanelScore.stage == stage)
            .order_by(PanelScore.application_id, PanelScore.criterion_id, PanelScore.panel_member_id)
        )
    )


def own_scores(member_id: int, application_id: int, stage: ScoringStage) -> dict[int, PanelScore]:
    return {
        score.criterion_id: score
        for score in db.session.scalars(
            select(PanelScore).where(
                PanelScore.panel_member_id == member_id,
                PanelScore.application_id == application_id,
                PanelScore.stage == stage,
            )
        )
    }


def vacancy_applications(vacancy: NedVacancy, limit: int = 500) -> list[NedApplication]:
    """Every application for a vacancy with its candidate, in name order (a board vacancy draws
    tens of applications, not thousands)."""
    return list(
        db.session.scalars(
            select(NedApplication)
            .join(Person, Person.id == NedApplication.person_id)
            .where(NedApplication.vacancy_id == vacancy.id)
            .options(joinedload(NedApplication.person))
            .order_by(Person.family_name, Person.given_name, Person.id)
            .limit(limit)
        )
    )


def panels_of(person_id: int | None) -> list[NedVacancy]:
    """The vacancies whose panel ``person_id`` sits on, newest first."""
    if person_id is None:
        return []
    return list(
        db.session.scalars(
            select(NedVacancy)
            .join(PanelMember, PanelMember.vacancy_id == NedVacancy.id)
            .where(PanelMember.person_id == person_id)
            .order_by(NedVacancy.closing_on.desc())
            .limit(50)
        )
    )


# --- Appointments and terms -----------------------------------------------------------------


def get_appointment(appointment_id: int) -> BoardAppointment:
    appointment = db.session.get(
        BoardAppointment,
        appointment_id,
        options=[joinedload(BoardAppointment.post), joinedload(BoardAppointment.vacancy)],
    )
    if appointment is None:
        raise NotFound("No such appointment")
    return appointment


def board_terms(organisation_id: int) -> list[BoardAppointment]:
    """The board's current terms, chair first, then by when they end."""
    terms = db.session.scalars(
        select(BoardAppointment).where(
            BoardAppointment.organisation_id == organisation_id,
            BoardAppointment.status == AppointmentStatus.CURRENT,
        )
    ).all()
    return sorted(terms, key=lambda term: (term.role is not BoardRole.CHAIR, term.ends_on, term.id))


def term_history(appointment: BoardAppointment) -> list[BoardAppointment]:
    """Every term this person has held on this board, earliest first."""
    return list(
        db.session.scalars(
            select(BoardAppointment)
            .where(
                BoardAppointment.person_id == appointment.person_id,
                BoardAppointment.organisation_id == appointment.organisation_id,
            )
            .order_by(BoardAppointment.starts_on, BoardAppointment.id)
        )
    )


def expiring_terms(scope, *, until, after: int | None = None, limit: int = 50) -> list[BoardAppointment]:
    """Current terms within reach ending by ``until``, soonest first, a page at a time after the
    term id ``after`` (keyset on (ends_on, id))."""
    query = (
        select(BoardAppointment)
        .join(Organisation, Organisation.id == BoardAppointment.organisation_id)
        .where(
            scope.condition(
                organisation=BoardAppointment.organisation_id,
                region=Organisation.region_id,
                person=BoardAppointment.person_id,
            ),
            BoardAppointment.status == AppointmentStatus.CURRENT,
            BoardAppointment.ends_on <= until,
        )
        .order_by(BoardAppointment.ends_on, BoardAppointment.id)
        .limit(limit)
    )
    if after is not None:
        last = db.session.get(BoardAppointment, after)
        if last is not None:
            query = query.where(tuple_(BoardAppointment.ends_on, BoardAppointment.id) > tuple_(last.ends_on, last.id))
    return list(db.session.scalars(query))


def decided_applications(vacancy: NedVacancy) -> list[NedApplication]:
    """The preferred and reserve candidates, preferred first."""
    applications = db.session.scalars(
        select(NedApplication)
        .options(joinedload(NedApplication.person))
        .where(
            NedApplication.vacancy_id == vacancy.id,
            NedApplication.status.in_([ApplicationStatus.PREFERRED, ApplicationStatus.RESERVE]),
        )
    ).all()
    return sorted(applications, key=lambda a: a.status is not ApplicationStatus.PREFERRED)


def vacancy_appointment(vacancy_id: int) -> BoardAppointment | None:
    return db.session.scalar(select(BoardAppointment).where(BoardAppointment.vacancy_id == vacancy_id))


# --- Moderation changes and the candidate pool ----------------------------------------------


def get_score(score_id: int) -> PanelScore:
    score = db.session.get(
        PanelScore, score_id, options=[joinedload(PanelScore.member).joinedload(PanelMember.vacancy)]
    )
    if score is None:
        raise NotFound("No such score")
    return score


def score_changes(score_ids) -> dict[int, list[ScoreChange]]:
    """The moderation changes to these scores, oldest first, by score."""
    ids = list(score_ids)
    changes: dict[int, list[ScoreChange]] = {}
    if not ids:
        return changes
    for change in db.session.scalars(
        select(ScoreChange).where(ScoreChange.score_id.in_(ids)).order_by(ScoreChange.changed_at, ScoreChange.id)
    ):
        changes.setdefault(change.score_id, []).append(change)
    return changes


def candidate_of(person_id: int | None) -> NedCandidate | None:
    if person_id is None:
        return None
    return db.session.scalar(select(NedCandidate).where(NedCandidate.person_id == person_id))


def candidate_pool(
    *, scheme: CandidateScheme | None = None, skill: BoardSkill | None = None, after: int | None = None, limit=50
) -> list[NedCandidate]:
    """Active members of the national candidate pool, newest first, a page at a time after the
    candidate id ``after``."""
    query = (
        select(NedCandidate)
        .options(joinedload(NedCandidate.person).joinedload(Person.organisation))
        .where(NedCandidate.active.is_(True))
    )
    if scheme is not None:
        query = query.where(NedCandidate.scheme == scheme)
    if skill is not None:
        query = query.where(NedCandidate.skills.contains(skill.value))
    if after is not None:
        query = query.where(NedCandidate.id < after)
    return list(db.session.scalars(query.order_by(NedCandidate.id.desc()).limit(limit)))
