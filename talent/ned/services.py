"""NED appointments: the rules for vacancies, applications, panels and scoring.

The route's permission decides whether a vacancy is within reach (a panel member reaches only
their panels' vacancies); these services decide whether this actor may take this step: only a
panel member scores, never for a candidate they declared a conflict with, never after
submitting, and sees others' scores only once their own are all in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from talent.audit.services import record_event
from talent.auth.models import Account, Role, RoleAssignment
from talent.auth.policy import refuse_own_record
from talent.auth.queries import national_role_holders, role_holders
from talent.auth.services import grant_role
from talent.dates import add_months, nhs_date
from talent.errors import Conflict, Forbidden, RuleViolation
from talent.extensions import db
from talent.jobs.services import claim_reminder
from talent.ned import queries as ned_queries
from talent.ned.models import (
    SCORE_LABELS,
    ApplicationStatus,
    AppointingBody,
    AppointmentStatus,
    BoardAppointment,
    BoardRole,
    BoardSkill,
    CandidateScheme,
    NedApplication,
    NedCandidate,
    NedMonitoring,
    NedVacancy,
    PanelConflict,
    PanelMember,
    PanelRole,
    PanelScore,
    ScoreChange,
    ScoreSubmission,
    ScoringCriterion,
    ScoringStage,
    TermEnd,
    VacancyStatus,
)
from talent.notifications.services import link_to, notify
from talent.orgs.models import Organisation
from talent.people import services as people_services
from talent.people.models import Band, Person, Post
from talent.standards import queries as standard_queries
from talent.transactions import add_once

#: The 2019 alignment: one rate for every NED; chairs by trust size group (BRIEF 6.3).
NED_RATE = 13_000
CHAIR_RANGE = (40_000, 63_300)
#: Which stage each vacancy status scores.
STAGE_FOR_STATUS = {
    VacancyStatus.SHORTLISTING: ScoringStage.SHORTLISTING,
    VacancyStatus.INTERVIEWING: ScoringStage.INTERVIEW,
}


def _lcf_domains() -> dict[str, str]:
    framework = standard_queries.active_framework("lcf")
    return {domain.code: domain.title for domain in framework.domains} if framework else {}


# --- Vacancies ------------------------------------------------------------------------------


def create_vacancy(
    organisation: Organisation,
    *,
    role: BoardRole,
    title: str,
    role_description: str,
    lcf_domains: list[str],
    skills: list[BoardSkill],
    remuneration_pounds: int | None,
    time_commitment: str,
    term_months: int,
    closing_on: date,
    post: Post | None = None,
    actor: Account,
    today: date | None = None,
) -> NedVacancy:
    """A draft vacancy on ``organisation``'s board, with scoring criteria taken from the role
    description: one per LCF domain it names and one per required skill."""
    today = today or date.today()
    known = _lcf_domains()
    if not lcf_domains:
        raise RuleViolation(
            "Choose the Leadership Competency Framework domains the role description covers", field="lcf_domains"
        )
    if set(lcf_domains) - set(known):
        raise RuleViolation("Choose domains from the Leadership Competency Framework in use", field="lcf_domains")
    if not title.strip():
        raise RuleViolation("Enter the vacancy's title", field="title")
    if closing_on <= today:
        raise RuleViolation("The closing date must be in the future", field="closing_on")
    if not 12 <= term_months <= 48:
        raise RuleViolation("Terms are from 12 to 48 months", field="term_months")
    if remuneration_pounds is None:
        remuneration_pounds = CHAIR_RANGE[0] if role is BoardRole.CHAIR else NED_RATE
    if role is BoardRole.CHAIR and not CHAIR_RANGE[0] <= remuneration_pounds <= CHAIR_RANGE[1]:
        raise RuleViolation(
            f"A chair's remuneration is from £{CHAIR_RANGE[0]:,} to £{CHAIR_RANGE[1]:,} a year, by trust size",
            field="remuneration_pounds",
        )
    if role is not BoardRole.CHAIR and remuneration_pounds != NED_RATE:
        raise RuleViolation(
            f"Non-executive directors are paid the single rate of £{NED_RATE:,} a year; "
            "supplements for extra duties are agreed on appointment",
            field="remuneration_pounds",
        )
    if post is not None and (post.person_id is not None or post.organisation_id != organisation.id):
        raise RuleViolation("Choose a vacant board post of this organisation", field="post_id")
    vacancy = NedVacancy(
        organisation=organisation,
        post=post,
        role=role,
        appointing_body=AppointingBody.for_organisation(organisation.org_type),
        title=title.strip(),
        role_description=role_description.strip(),
        lcf_domains=",".join(code for code in known if code in lcf_domains),
        required_skills=",".join(skill.value for skill in BoardSkill if skill in skills),
        remuneration_pounds=remuneration_pounds,
        time_commitment=time_commitment.strip(),
        term_months=term_months,
        closing_on=closing_on,
    )
    position = 0
    for code in vacancy.lcf_domains.split(","):
        position += 1
        vacancy.criteria.append(ScoringCriterion(title=known[code], weight=2, position=position))
    for skill in vacancy.skills:
        position += 1
        vacancy.criteria.append(ScoringCriterion(title=skill.label, weight=1, position=position))
    db.session.add(vacancy)
    db.session.flush()
    record_event("ned_vacancy_created", actor=actor, subject=vacancy, title=vacancy.title)
    return vacancy


#: The moves the appointments team makes by hand, from → to.
_MOVES = {
    VacancyStatus.DRAFT: {VacancyStatus.OPEN, VacancyStatus.WITHDRAWN},
    VacancyStatus.OPEN: {VacancyStatus.CLOSED, VacancyStatus.WITHDRAWN},
    VacancyStatus.CLOSED: {VacancyStatus.SHORTLISTING, VacancyStatus.WITHDRAWN},
    VacancyStatus.SHORTLISTING: {VacancyStatus.WITHDRAWN},
    VacancyStatus.INTERVIEWING: {VacancyStatus.WITHDRAWN},
}


def next_statuses(vacancy: NedVacancy) -> list[VacancyStatus]:
    """The statuses the appointments team can move the vacancy to by hand, in order."""
    return [status for status in VacancyStatus if status in _MOVES.get(vacancy.status, set())]


def move_vacancy(
    vacancy: NedVacancy, to: VacancyStatus, *, actor: Account, expected_version: int | None = None
) -> NedVacancy:
    if expected_version is not None and vacancy.version != expected_version:
        raise Conflict("Someone else changed this vacancy since you opened it")
    if to not in _MOVES.get(vacancy.status, set()):
        raise RuleViolation(f"A vacancy that is {vacancy.status.label.lower()} cannot be made {to.label.lower()}")
    if to is VacancyStatus.SHORTLISTING and not vacancy.panel:
        raise RuleViolation("Add the panel before shortlisting starts")
    vacancy.status = to
    db.session.flush()
    record_event("ned_vacancy_moved", actor=actor, subject=vacancy, status=to.value)
    return vacancy


# --- Applications ---------------------------------------------------------------------------


@dataclass
class Monitoring:
    """Voluntary answers, stored apart from the application."""

    wres_group: str = "not_stated"
    disability: str = "not_stated"
    sex: str = "not_stated"
    age_band: str = "not_stated"


MONITORING_CHOICES = {
    "wres_group": ("white", "bme", "prefer_not_to_say", "not_stated"),
    "disability": ("yes", "no", "prefer_not_to_say", "not_stated"),
    "sex": ("female", "male", "prefer_not_to_say", "not_stated"),
    "age_band": ("under_45", "45_to_54", "55_to_64", "65_and_over", "prefer_not_to_say", "not_stated"),
}


def apply(
    vacancy: NedVacancy,
    person: Person,
    *,
    experience: str,
    skills: list[BoardSkill],
    interests_declared: str,
    not_an_employee: bool,
    not_disqualified: bool,
    scheme: CandidateScheme = CandidateScheme.NONE,
    monitoring: Monitoring | None = None,
    actor: Account,
    today: date | None = None,
) -> NedApplication:
    today = today or date.today()
    if actor.person_id != person.id:
        raise Forbidden("Candidates apply for themselves")
    if vacancy.status is not VacancyStatus.OPEN or vacancy.closing_on < today:
        raise RuleViolation(f"{vacancy.title} is not open for applications")
    if not experience.strip():
        raise RuleViolation("Describe the experience you bring to the board", field="experience")
    if not not_an_employee:
        raise RuleViolation(
            f"Employees of {vacancy.organisation.display_name} cannot be its non-executives", field="not_an_employee"
        )
    if not not_disqualified:
        raise RuleViolation(
            "You cannot apply if any of the grounds for disqualification apply to you", field="not_disqualified"
        )
    if any(member.person_id == person.id for member in vacancy.panel):
        raise RuleViolation("You sit on this vacancy's panel, so you cannot apply for it")
    if person.organisation_id == vacancy.organisation_id:
        raise RuleViolation(
            f"Your employer is {vacancy.organisation.display_name}: its employees cannot be its non-executives",
            field="not_an_employee",
        )
    monitoring = monitoring or Monitoring()
    for field_name, allowed in MONITORING_CHOICES.items():
        if getattr(monitoring, field_name) not in allowed:
            raise RuleViolation("Choose an answer from the list", field=field_name)
    application = NedApplication(
        vacancy_id=vacancy.id,
        person_id=person.id,
        scheme=scheme,
        experience=experience.strip(),
        skills_claimed=",".join(skill.value for skill in BoardSkill if skill in skills),
        interests_declared=interests_declared.strip(),
        not_an_employee=True,
        not_disqualified=True,
    )
    add_once(application, RuleViolation(f"You have already applied for {vacancy.title}"))
    db.session.add(NedMonitoring(application_id=application.id, **vars(monitoring)))
    db.session.flush()
    record_event("ned_application_made", actor=actor, subject=application)
    return application


# --- Panels ---------------------------------------------------------------------------------


def assign_panel_member(
    vacancy: NedVacancy, person: Person, *, panel_role: PanelRole, interests_declared: str = "", actor: Account
) -> PanelMember:
    """Put ``person`` on the vacancy's panel; their account is given the NED panel member role
    if it lacks it (which reaches only the panels they sit on)."""
    account = db.session.scalar(select(Account).where(Account.person_id == person.id))
    if account is None:
        raise RuleViolation(f"{person.full_name} has no Talent account: panel members need one", field="person_id")
    if vacancy.status in (VacancyStatus.DECIDED, VacancyStatus.APPOINTED, VacancyStatus.WITHDRAWN):
        raise RuleViolation(f"The panel for a {vacancy.status.label.lower()} vacancy cannot change")
    if db.session.scalar(
        select(NedApplication.id).where(NedApplication.vacancy_id == vacancy.id, NedApplication.person_id == person.id)
    ):
        raise RuleViolation(f"{person.full_name} has applied for this vacancy", field="person_id")
    if panel_role is PanelRole.CHAIR and any(member.panel_role is PanelRole.CHAIR for member in vacancy.panel):
        raise RuleViolation("The panel already has a chair", field="panel_role")
    if any(member.person_id == person.id for member in vacancy.panel):
        raise RuleViolation(f"{person.full_name} is already on the panel", field="person_id")
    member = PanelMember(
        vacancy=vacancy, person=person, panel_role=panel_role, interests_declared=interests_declared.strip()
    )
    db.session.add(member)
    db.session.flush()
    grant_role(account, Role.NED_PANEL, actor=actor)  # a no-op when they have it
    record_event(
        "ned_panel_member_added", actor=actor, subject=vacancy, person_id=person.id, panel_role=panel_role.value
    )
    return member


def panel_member_for(vacancy: NedVacancy, actor: Account) -> PanelMember:
    member = next((m for m in vacancy.panel if m.person_id == actor.person_id), None)
    if member is None:
        raise Forbidden("Only the vacancy's panel members can do this")
    return member


def declare_conflict(application: NedApplication, *, reason: str, actor: Account) -> PanelConflict:
    """A panel member declares a conflict of interest with one candidate: from then on they
    neither score that candidate nor see the candidate's scores, and any scores they had not
    yet submitted for them are removed."""
    member = panel_member_for(application.vacancy, actor)
    if not reason.strip():
        raise RuleViolation("Say what the conflict is", field="reason")
    if ned_queries.conflicted(member.id, application.id):
        raise RuleViolation("You have already declared a conflict with this candidate")
    conflict = PanelConflict(panel_member_id=member.id, application_id=application.id, reason=reason.strip())
    db.session.add(conflict)
    submitted = ned_queries.submitted_stages(member.id)
    db.session.execute(
        delete(PanelScore).where(
            PanelScore.panel_member_id == member.id,
            PanelScore.application_id == application.id,
            PanelScore.stage.not_in(submitted) if submitted else PanelScore.stage.is_not(None),
        )
    )
    db.session.flush()
    record_event("ned_conflict_declared", actor=actor, subject=application)
    return conflict


# --- Scoring --------------------------------------------------------------------------------


def stage_in_progress(vacancy: NedVacancy) -> ScoringStage:
    stage = STAGE_FOR_STATUS.get(vacancy.status)
    if stage is None:
        raise RuleViolation(f"Scoring is not open: the vacancy is {vacancy.status.label.lower()}")
    return stage


def save_scores(application: NedApplication, scores: dict[int, tuple[int, str]], *, actor: Account) -> list[PanelScore]:
    """Save the actor's scores for one application at the stage in progress, as a draft they
    can change until they submit. ``scores`` maps criterion id → (score 0 to 4, evidence)."""
    vacancy = application.vacancy
    member = panel_member_for(vacancy, actor)
    stage = stage_in_progress(vacancy)
    if ned_queries.conflicted(member.id, application.id):
        raise Forbidden("You declared a conflict of interest with this candidate, so you cannot score them")
    if stage in ned_queries.submitted_stages(member.id):
        raise RuleViolation("You have submitted your scores for this stage; they can no longer change")
    if stage is ScoringStage.INTERVIEW and application.status is not ApplicationStatus.SHORTLISTED:
        raise RuleViolation("Only shortlisted candidates are scored at interview")
    criteria = {criterion.id for criterion in vacancy.criteria}
    if set(scores) - criteria:
        raise RuleViolation("Score this vacancy's criteria only")
    for criterion_id, (score, _) in scores.items():
        if score not in SCORE_LABELS:
            raise RuleViolation("Scores are from 0 to 4", field=f"criterion_{criterion_id}")
    existing = {
        score.criterion_id: score
        for score in db.session.scalars(
            select(PanelScore).where(
                PanelScore.panel_member_id == member.id,
                PanelScore.application_id == application.id,
                PanelScore.stage == stage,
            )
        )
    }
    saved = []
    for criterion_id, (value, evidence) in scores.items():
        score = existing.get(criterion_id)
        if score is None:
            score = PanelScore(
                panel_member_id=member.id, application_id=application.id, criterion_id=criterion_id, stage=stage
            )
            db.session.add(score)
        score.score, score.evidence = value, evidence.strip()
        saved.append(score)
    db.session.flush()
    record_event("ned_scores_saved", actor=actor, subject=application, stage=stage.value)
    return saved


def scoring_problems(vacancy: NedVacancy, member: PanelMember, stage: ScoringStage) -> list[str]:
    """Every score still missing before ``member`` can submit ``stage``: one line per candidate."""
    applications = ned_queries.applications_to_score(vacancy, stage)
    conflicts = ned_queries.conflicts_of(member.id)
    counts = ned_queries.score_counts(member.id, stage)
    wanted = len(vacancy.criteria)
    return [
        f"{application.person.full_name}: {wanted - counts.get(application.id, 0)} of {wanted} criteria not scored"
        for application in applications
        if application.id not in conflicts and counts.get(application.id, 0) < wanted
    ]


def submit_scores(vacancy: NedVacancy, *, actor: Account) -> ScoreSubmission:
    """The member's scores for the stage in progress are complete: fix them, and from now on
    show them the rest of the panel's."""
    member = panel_member_for(vacancy, actor)
    stage = stage_in_progress(vacancy)
    if stage in ned_queries.submitted_stages(member.id):
        raise RuleViolation("You have already submitted your scores for this stage")
    problems = scoring_problems(vacancy, member, stage)
    if problems:
        raise RuleViolation("Score every candidate on every criterion first. " + "; ".join(problems))
    submission = ScoreSubmission(panel_member_id=member.id, stage=stage)
    add_once(submission, RuleViolation("You have already submitted your scores for this stage"))
    record_event("ned_scores_submitted", actor=actor, subject=vacancy, stage=stage.value)
    return submission


def visible_scores(vacancy: NedVacancy, stage: ScoringStage, *, actor: Account) -> list[PanelScore]:
    """The scores ``actor`` may see at ``stage``: their own always; once they have submitted
    theirs, those of every member who has submitted too (drafts stay private), never for a
    candidate they declared a conflict with. The appointments team sees every submitted score.
    Each sight of others' scores is audited."""
    submitted = {member_id for member_id, done in ned_queries.submissions_in(vacancy) if done is stage}
    member = next((m for m in vacancy.panel if m.person_id == actor.person_id), None)
    if member is not None and member.id not in submitted:
        return ned_queries.scores_for(vacancy, stage, member_id=member.id)
    conflicts = ned_queries.conflicts_of(member.id) if member is not None else set()
    record_event("ned_scores_viewed", actor=actor, subject=vacancy, stage=stage.value)
    return [
        score
        for score in ned_queries.scores_for(vacancy, stage)
        if score.panel_member_id in submitted and score.application_id not in conflicts
    ]


def disagreement_gap() -> int:
    return current_app.config.get("NED_DISAGREEMENT_GAP", 2)


@dataclass
class Moderation:
    """For one candidate and criterion: the panel's lowest and highest score and whether they
    are far enough apart to talk about."""

    application_id: int
    criterion_id: int
    low: int
    high: int
    scores: int

    @property
    def spread(self) -> int:
        return self.high - self.low

    @property
    def disagreement(self) -> bool:
        return self.spread >= disagreement_gap()


def moderation(scores: list[PanelScore]) -> dict[tuple[int, int], Moderation]:
    """Spread per (application, criterion) over the scores given (already filtered to what the
    reader may see)."""
    cells: dict[tuple[int, int], list[int]] = {}
    for score in scores:
        cells.setdefault((score.application_id, score.criterion_id), []).append(score.score)
    return {key: Moderation(key[0], key[1], min(values), max(values), len(values)) for key, values in cells.items()}


def weighted_totals(vacancy: NedVacancy, scores: list[PanelScore]) -> dict[int, float]:
    """Each candidate's mean weighted score across the members who scored them (out of 4)."""
    weights = {criterion.id: criterion.weight for criterion in vacancy.criteria}
    total_weight = sum(weights.values()) or 1
    by_member: dict[tuple[int, int], float] = {}
    for score in scores:
        key = (score.application_id, score.panel_member_id)
        by_member[key] = by_member.get(key, 0) + score.score * weights.get(score.criterion_id, 0)
    per_application: dict[int, list[float]] = {}
    for (application_id, _), total in by_member.items():
        per_application.setdefault(application_id, []).append(total / total_weight)
    return {key: round(sum(values) / len(values), 2) for key, values in per_application.items()}


def record_shortlist(
    vacancy: NedVacancy, *, shortlisted: list[int], reasons: str, actor: Account, today: date | None = None
) -> list[NedApplication]:
    """The panel's shortlisting decision, recorded by its chair (or the appointments team):
    the named applications go to interview, the rest are told they were not shortlisted."""
    if vacancy.status is not VacancyStatus.SHORTLISTING:
        raise RuleViolation("Shortlisting is not in progress for this vacancy")
    _check_decider(vacancy, actor)
    if not reasons.strip():
        raise RuleViolation("Give the panel's reasons", field="reasons")
    applications = ned_queries.applications_to_score(vacancy, ScoringStage.SHORTLISTING)
    chosen = set(shortlisted)
    if not chosen or chosen - {a.id for a in applications}:
        raise RuleViolation("Choose the candidates to shortlist from this vacancy's applications", field="shortlisted")
    for application in applications:
        refuse_own_record(actor.person_id, application.person_id, doing="decide on an application")
        application.status = (
            ApplicationStatus.SHORTLISTED if application.id in chosen else ApplicationStatus.NOT_SHORTLISTED
        )
    vacancy.status = VacancyStatus.INTERVIEWING
    db.session.flush()
    record_event(
        "ned_panel_decision",
        actor=actor,
        subject=vacancy,
        stage=ScoringStage.SHORTLISTING.value,
        chosen=sorted(chosen),
        conflicted=ned_queries.conflicted_members(vacancy),
        reasons=reasons.strip()[:2000],
    )
    return applications


def is_decider(vacancy: NedVacancy, actor: Account) -> bool:
    """The chair of the vacancy's panel or the appointments team: they record the panel's
    decisions and changes to submitted scores."""
    chair = next((m for m in vacancy.panel if m.panel_role is PanelRole.CHAIR), None)
    is_chair = chair is not None and actor.person_id is not None and chair.person_id == actor.person_id
    return is_chair or _is_appointments_team(actor)


def _check_decider(vacancy: NedVacancy, actor: Account) -> None:
    if not is_decider(vacancy, actor):
        raise Forbidden("The chair of the panel or the appointments team records the panel's decisions")


def record_final_decision(
    vacancy: NedVacancy, *, preferred: int | None, reserve: int | None, reasons: str, actor: Account
) -> list[NedApplication]:
    """After interview: the preferred candidate and, if the panel wants one, a reserve; the other
    interviewed candidates are unsuccessful. Recorded with reasons and the panel's conflicts."""
    if vacancy.status is not VacancyStatus.INTERVIEWING:
        raise RuleViolation("Interviews are not in progress for this vacancy")
    _check_decider(vacancy, actor)
    interviewed = {a.id: a for a in ned_queries.applications_to_score(vacancy, ScoringStage.INTERVIEW)}
    if preferred not in interviewed:
        raise RuleViolation("Choose the preferred candidate from those interviewed", field="preferred")
    if reserve is not None and (reserve not in interviewed or reserve == preferred):
        raise RuleViolation("Choose a reserve from the other candidates interviewed, or none", field="reserve")
    if not reasons.strip():
        raise RuleViolation("Give the panel's reasons", field="reasons")
    for application in interviewed.values():
        refuse_own_record(actor.person_id, application.person_id, doing="decide on an application")
        if application.id == preferred:
            application.status = ApplicationStatus.PREFERRED
        elif application.id == reserve:
            application.status = ApplicationStatus.RESERVE
        else:
            application.status = ApplicationStatus.UNSUCCESSFUL
    vacancy.status = VacancyStatus.DECIDED
    db.session.flush()
    record_event(
        "ned_panel_decision",
        actor=actor,
        subject=vacancy,
        stage=ScoringStage.INTERVIEW.value,
        chosen=[preferred] + ([reserve] if reserve else []),
        conflicted=ned_queries.conflicted_members(vacancy),
        reasons=reasons.strip()[:2000],
    )
    return list(interviewed.values())


def _is_appointments_team(actor: Account) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(RoleAssignment.id)).where(
                RoleAssignment.account_id == actor.id, RoleAssignment.role.in_([Role.NED_TEAM, Role.SYSTEM_ADMIN])
            )
        )
    )


# --- Appointments, terms and tenure ---------------------------------------------------------

#: Code of Governance for NHS Provider Trusts s4.3: past six years from first appointment a
#: further term needs a rigorous review; past nine, an extension agreed by the appointing body.
TENURE_REVIEW_YEARS = 6
TENURE_LIMIT_YEARS = 9
BOARD_BANDS = {BoardRole.CHAIR: Band.CHAIR}


def term_end(starts_on: date, term_months: int) -> date:
    """A term of 36 months from 1 April 2024 ends on 31 March 2027."""
    return add_months(starts_on, term_months) - timedelta(days=1)


def _check_term(term_months: int, supplement_pounds: int) -> None:
    if not 12 <= term_months <= 48:
        raise RuleViolation("Terms are from 12 to 48 months", field="term_months")
    if supplement_pounds < 0:
        raise RuleViolation("A supplement cannot be less than £0", field="supplement_pounds")


def _check_tenure(
    person: Person,
    *,
    appointing_body: AppointingBody,
    first_appointed_on: date,
    review_from: date,
    ends_on: date,
    tenure_review: str,
    extension_approval: str,
) -> None:
    """Refuse a term that takes someone past nine years on the board without the appointing
    body's approved extension, or past six without a recorded rigorous review, saying which
    rule and what to record."""
    limit = add_months(first_appointed_on, 12 * TENURE_LIMIT_YEARS)
    if ends_on > limit:
        if not extension_approval.strip():
            raise RuleViolation(
                f"This term would end on {nhs_date(ends_on)}, more than {TENURE_LIMIT_YEARS} years after "
                f"{person.full_name}'s first appointment to this board on {nhs_date(first_appointed_on)}. "
                f"The Code of Governance allows that only for a limited time with an extension approved by "
                f"{appointing_body.label}: record the approved extension (who approved it, when, and why) to go on",
                field="extension_approval",
            )
        return
    if ends_on > add_months(review_from, 12 * TENURE_REVIEW_YEARS) and not tenure_review.strip():
        raise RuleViolation(
            f"This term would end on {nhs_date(ends_on)}, more than {TENURE_REVIEW_YEARS} years after "
            f"{nhs_date(review_from)}. A term past six years needs a rigorous review: record who reviewed the "
            "reappointment, when, and what they found to go on",
            field="tenure_review",
        )


def _review_from(term: BoardAppointment) -> date:
    """Where the six years before a rigorous review count from: first appointment to the board,
    or for a NED who became chair, the chair's start (Code of Governance s4.3)."""
    return term.role_since if term.role is BoardRole.CHAIR else term.first_appointed_on


def _board_history(person_id: int, organisation_id: int) -> list[BoardAppointment]:
    return list(
        db.session.scalars(
            select(BoardAppointment)
            .where(BoardAppointment.person_id == person_id, BoardAppointment.organisation_id == organisation_id)
            .order_by(BoardAppointment.starts_on)
        )
    )


def appoint(
    vacancy: NedVacancy,
    application: NedApplication,
    *,
    starts_on: date,
    term_months: int | None = None,
    supplement_pounds: int = 0,
    supplement_for: str = "",
    tenure_review: str = "",
    extension_approval: str = "",
    override_reason: str | None = None,
    principal,
    expected_version: int | None = None,
) -> BoardAppointment:
    """Appoint the panel's preferred (or reserve) candidate to the vacancy's board post, through
    the same prerequisite check as any post; the vacancy is then appointed. Someone with earlier
    service on the board (a NED becoming chair) keeps their date of first appointment, and their
    current term there ends the day before."""
    actor = principal.account
    if expected_version is not None and vacancy.version != expected_version:
        raise Conflict("Someone else changed this vacancy since you opened it")
    if vacancy.status is not VacancyStatus.DECIDED:
        raise RuleViolation(
            f"Appointments follow the panel's final decision: this vacancy is {vacancy.status.label.lower()}"
        )
    if application.vacancy_id != vacancy.id or application.status not in (
        ApplicationStatus.PREFERRED,
        ApplicationStatus.RESERVE,
    ):
        raise RuleViolation("Appoint the panel's preferred or reserve candidate", field="application_id")
    person = application.person
    refuse_own_record(actor.person_id, person.id, doing="make an appointment")
    term_months = term_months or vacancy.term_months
    _check_term(term_months, supplement_pounds)
    history = _board_history(person.id, vacancy.organisation_id)
    current = next((a for a in history if a.status is AppointmentStatus.CURRENT), None)
    if current is not None and not (vacancy.role is BoardRole.CHAIR and current.role is not BoardRole.CHAIR):
        raise RuleViolation(
            f"{person.full_name} already holds a term on this board as {current.role.label.lower()}: "
            "reappoint them instead",
            field="application_id",
        )
    if current is not None and starts_on <= current.starts_on:
        raise RuleViolation("The chair's term must start after their current term began", field="starts_on")
    ends_on = term_end(starts_on, term_months)
    first_appointed_on = history[0].first_appointed_on if history else starts_on
    _check_tenure(
        person,
        appointing_body=vacancy.appointing_body,
        first_appointed_on=first_appointed_on,
        # A NED who becomes chair is not reviewed again three years into the chair's term
        # (Code of Governance s4.3): the six years count from the chair's appointment.
        review_from=starts_on if current is not None else first_appointed_on,
        ends_on=ends_on,
        tenure_review=tenure_review,
        extension_approval=extension_approval,
    )
    if current is not None:
        _end(current, TermEnd.BECAME_CHAIR, last_day=starts_on - timedelta(days=1), note="")
    band = BOARD_BANDS.get(vacancy.role, Band.NED)
    if vacancy.post is not None:
        post = people_services.fill_post(
            vacancy.post,
            person,
            start_date=starts_on,
            end_date=ends_on,
            principal=principal,
            override_reason=override_reason,
        )
    else:
        post = people_services.add_post(
            person,
            organisation=vacancy.organisation,
            title=vacancy.role.label,
            band=band,
            start_date=starts_on,
            end_date=ends_on,
            principal=principal,
            override_reason=override_reason,
        )
    appointment = BoardAppointment(
        person=person,
        organisation=vacancy.organisation,
        post=post,
        vacancy=vacancy,
        previous_id=current.id if current else None,
        role=vacancy.role,
        appointing_body=vacancy.appointing_body,
        first_appointed_on=first_appointed_on,
        role_since=starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
        term_number=1,
        remuneration_pounds=vacancy.remuneration_pounds,
        supplement_pounds=supplement_pounds,
        supplement_for=supplement_for.strip(),
        tenure_review=tenure_review.strip(),
        extension_approval=extension_approval.strip(),
    )
    add_once(appointment, Conflict("Someone has just recorded an appointment to this vacancy. Reload the page"))
    vacancy.status = VacancyStatus.APPOINTED
    db.session.flush()
    record_event(
        "ned_appointment_made",
        actor=actor,
        subject=appointment,
        vacancy_id=vacancy.id,
        person_id=person.id,
        ends_on=ends_on.isoformat(),
    )
    account = db.session.scalar(select(Account).where(Account.person_id == person.id))
    if account is not None:
        notify(
            account,
            kind="ned_appointment",
            title=f"Appointed {vacancy.role.label.lower()} of {vacancy.organisation.display_name}",
            body=(
                f"You are appointed {vacancy.role.label.lower()} of {vacancy.organisation.display_name} "
                f"from {nhs_date(starts_on)} to {nhs_date(ends_on)}."
            ),
            link=link_to("ned.view_appointment", appointment_id=appointment.id),
        )
    return appointment


def reappoint(
    appointment: BoardAppointment,
    *,
    term_months: int,
    supplement_pounds: int | None = None,
    supplement_for: str | None = None,
    tenure_review: str = "",
    extension_approval: str = "",
    actor: Account,
    expected_version: int | None = None,
) -> BoardAppointment:
    """A further term on the same board in the same role, starting the day after this one ends,
    subject to the tenure rules."""
    if expected_version is not None and appointment.version != expected_version:
        raise Conflict("Someone else changed this appointment since you opened it")
    if appointment.status is not AppointmentStatus.CURRENT:
        raise RuleViolation("Only a current term can be followed by a reappointment")
    refuse_own_record(actor.person_id, appointment.person_id, doing="reappoint someone")
    supplement_pounds = appointment.supplement_pounds if supplement_pounds is None else supplement_pounds
    _check_term(term_months, supplement_pounds)
    starts_on = appointment.ends_on + timedelta(days=1)
    ends_on = term_end(starts_on, term_months)
    _check_tenure(
        appointment.person,
        appointing_body=appointment.appointing_body,
        first_appointed_on=appointment.first_appointed_on,
        review_from=_review_from(appointment),
        ends_on=ends_on,
        tenure_review=tenure_review,
        extension_approval=extension_approval,
    )
    appointment.status = AppointmentStatus.ENDED
    appointment.ended_on = appointment.ends_on
    appointment.end_reason = TermEnd.REAPPOINTED
    db.session.flush()
    following = BoardAppointment(
        person_id=appointment.person_id,
        organisation_id=appointment.organisation_id,
        post_id=appointment.post_id,
        previous_id=appointment.id,
        role=appointment.role,
        appointing_body=appointment.appointing_body,
        first_appointed_on=appointment.first_appointed_on,
        role_since=appointment.role_since,
        starts_on=starts_on,
        ends_on=ends_on,
        term_number=appointment.term_number + 1,
        remuneration_pounds=appointment.remuneration_pounds,
        supplement_pounds=supplement_pounds,
        supplement_for=(appointment.supplement_for if supplement_for is None else supplement_for).strip(),
        tenure_review=tenure_review.strip(),
        extension_approval=extension_approval.strip(),
    )
    db.session.add(following)
    appointment.post.end_date = ends_on
    db.session.flush()
    record_event(
        "ned_reappointed",
        actor=actor,
        subject=following,
        previous_id=appointment.id,
        term_number=following.term_number,
        ends_on=ends_on.isoformat(),
        tenure_review=bool(following.tenure_review),
        extension_approval=bool(following.extension_approval),
    )
    return following


def _end(appointment: BoardAppointment, reason: TermEnd, *, last_day: date, note: str) -> None:
    appointment.status = AppointmentStatus.ENDED
    appointment.ended_on = last_day
    appointment.end_reason = reason
    appointment.end_note = note.strip()
    db.session.flush()
    people_services.vacate_post(appointment.post, last_day=last_day)


#: Ways a term ends that are recorded by hand; reappointment and becoming chair have their own steps.
ENDINGS = (TermEnd.RESIGNED, TermEnd.REMOVED, TermEnd.END_OF_TERM)


def end_appointment(
    appointment: BoardAppointment,
    *,
    reason: TermEnd,
    last_day: date,
    note: str,
    actor: Account,
    expected_version: int | None = None,
) -> BoardAppointment:
    """Record a resignation, a removal or the end of a term: the board post becomes vacant again
    from the next day, ready to advertise."""
    if expected_version is not None and appointment.version != expected_version:
        raise Conflict("Someone else changed this appointment since you opened it")
    if appointment.status is not AppointmentStatus.CURRENT:
        raise RuleViolation("This term has already ended")
    if reason not in ENDINGS:
        raise RuleViolation("Choose how the term ended", field="reason")
    refuse_own_record(actor.person_id, appointment.person_id, doing="end a term of office")
    if not appointment.starts_on <= last_day <= appointment.ends_on:
        raise RuleViolation(
            f"The last day must be within the term, {nhs_date(appointment.starts_on)} to "
            f"{nhs_date(appointment.ends_on)}",
            field="last_day",
        )
    if reason is TermEnd.REMOVED and not note.strip():
        raise RuleViolation("Say why they were removed and who decided it", field="note")
    _end(appointment, reason, last_day=last_day, note=note)
    record_event("ned_term_ended", actor=actor, subject=appointment, reason=reason.value, last_day=last_day.isoformat())
    return appointment


def end_finished_terms(today: date) -> int:
    """Terms whose end date has passed without a reappointment end; their posts become vacant."""
    finished = db.session.scalars(
        select(BoardAppointment)
        .where(BoardAppointment.status == AppointmentStatus.CURRENT, BoardAppointment.ends_on < today)
        .order_by(BoardAppointment.id)
        .limit(TERM_BATCH)
    ).all()
    for appointment in finished:
        _end(appointment, TermEnd.END_OF_TERM, last_day=appointment.ends_on, note="")
    return len(finished)


#: Notice given before a term ends, in months, longest first (each sent once).
TERM_NOTICES = (9, 6, 3)
TERM_BATCH = 2000


def send_term_reminders(today: date) -> dict:
    """Tell the appointments team and the board's secretaries that a term ends within 9, 6 or 3
    months, once each: a term first seen with five months left gets the six-month notice only.
    Each notice is claimed before anyone is told, so a second run sends nothing."""
    counts = {"ended": end_finished_terms(today), "reminded": 0, "already_reminded": 0}
    horizon = add_months(today, TERM_NOTICES[0])
    terms = db.session.scalars(
        select(BoardAppointment)
        .where(
            BoardAppointment.status == AppointmentStatus.CURRENT,
            BoardAppointment.ends_on >= today,
            BoardAppointment.ends_on <= horizon,
        )
        .order_by(BoardAppointment.ends_on, BoardAppointment.id)
        .limit(TERM_BATCH)
    ).all()
    team = national_role_holders(Role.NED_TEAM)
    secretaries = role_holders(Role.BOARD_SECRETARY, organisation_ids={term.organisation_id for term in terms})
    for term in terms:
        months = min(m for m in TERM_NOTICES if term.ends_on <= add_months(today, m))
        if not claim_reminder(f"ned_term_{months}_months", term, term.ends_on):
            counts["already_reminded"] += 1
            continue
        title = (
            f"{term.person.full_name}'s term as {term.role.label.lower()} of "
            f"{term.organisation.display_name} ends on {nhs_date(term.ends_on)}"
        )
        body = (
            f"{title}, in {months} months or less: term {term.term_number}, "
            f"{term.years_on_board(term.ends_on)} years on the board by then. "
            "Decide whether to reappoint (the tenure rules apply past six and nine years) or to advertise the post."
        )
        link = link_to("ned.view_appointment", appointment_id=term.id)
        for account in {a.id: a for a in team + secretaries.get(term.organisation_id, [])}.values():
            notify(account, kind="ned_term_ending", title=title, body=body, link=link)
        counts["reminded"] += 1
    return counts


def tenure_flag(term: BoardAppointment) -> str:
    """Where the term's end leaves the office-holder against the tenure rules, in words."""
    if term.ends_on > add_months(term.first_appointed_on, 12 * TENURE_LIMIT_YEARS):
        return "Past nine years: extension approved"
    if term.ends_on > add_months(_review_from(term), 12 * TENURE_REVIEW_YEARS):
        return "Past six years: reviewed"
    if term.ends_on > add_months(term.first_appointed_on, 12 * TENURE_REVIEW_YEARS):
        return "Past six years on the board (chair's own term not yet)"
    return "Within six years"


# --- Moderation changes ---------------------------------------------------------------------


def change_submitted_score(score: PanelScore, *, to: int, reason: str, actor: Account) -> ScoreChange:
    """After the panel has discussed a disagreement, a submitted score changes only this way:
    with a reason, by the member who gave it, the chair of the panel or the appointments team,
    and recorded (from, to, who, why) beside the score."""
    member = score.member
    vacancy = member.vacancy
    if score.stage is not STAGE_FOR_STATUS.get(vacancy.status):
        raise RuleViolation(f"The {score.stage.label.lower()} stage is over: its scores can no longer change")
    if score.stage not in ned_queries.submitted_stages(member.id):
        raise RuleViolation(
            f"{member.person.full_name} has not submitted these scores yet, so they can still change them themselves"
        )
    if actor.person_id != member.person_id:
        _check_decider(vacancy, actor)
    deciding_member = next((m for m in vacancy.panel if m.person_id == actor.person_id), None)
    if deciding_member is not None and ned_queries.conflicted(deciding_member.id, score.application_id):
        raise Forbidden("You declared a conflict of interest with this candidate, so you cannot change their scores")
    if to not in SCORE_LABELS:
        raise RuleViolation("Scores are from 0 to 4", field="to_score")
    if to == score.score:
        raise RuleViolation(f"The score is already {to}: choose the score agreed at moderation", field="to_score")
    if not reason.strip():
        raise RuleViolation("Say why the score changed, as agreed at moderation", field="reason")
    change = ScoreChange(
        score_id=score.id, from_score=score.score, to_score=to, reason=reason.strip(), changed_by_id=actor.id
    )
    db.session.add(change)
    score.score = to
    db.session.flush()
    record_event(
        "ned_score_moderated",
        actor=actor,
        subject=vacancy,
        score_id=score.id,
        from_score=change.from_score,
        to_score=to,
        reason=change.reason[:2000],
    )
    return change


# --- The national candidate pool ------------------------------------------------------------


def join_candidate_pool(
    person: Person,
    *,
    scheme: CandidateScheme,
    summary: str,
    skills: list[BoardSkill],
    interested_in_chair: bool,
    actor: Account,
    expected_version: int | None = None,
) -> NedCandidate:
    """Join (or update one's place in) the national NED candidate pool, which the appointments
    team searches when it looks for candidates; people join for themselves."""
    if actor.person_id != person.id:
        raise Forbidden("People join the candidate pool themselves")
    if not summary.strip():
        raise RuleViolation("Say what you would bring to a board", field="summary")
    candidate = ned_queries.candidate_of(person.id)
    values = {
        "scheme": scheme,
        "summary": summary.strip(),
        "skills": ",".join(skill.value for skill in BoardSkill if skill in skills),
        "interested_in_chair": interested_in_chair,
        "active": True,
    }
    if candidate is None:
        candidate = NedCandidate(person_id=person.id, **values)
        add_once(candidate, RuleViolation("You are already in the candidate pool"))
    else:
        if expected_version is not None and candidate.version != expected_version:
            raise Conflict("Your place in the pool changed since you opened this page")
        for name, value in values.items():
            setattr(candidate, name, value)
        db.session.flush()
    record_event("ned_candidate_pool_joined", actor=actor, subject=candidate, scheme=scheme.value)
    return candidate


def leave_candidate_pool(candidate: NedCandidate, *, actor: Account) -> NedCandidate:
    if actor.person_id != candidate.person_id:
        raise Forbidden("People leave the candidate pool themselves")
    candidate.active = False
    db.session.flush()
    record_event("ned_candidate_pool_left", actor=actor, subject=candidate)
    return candidate
