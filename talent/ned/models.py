"""Non-executive director appointments: vacancies on boards, applications, panels with their
declarations of interest, and independent scoring.

A panel member scores each application against each of the vacancy's criteria on their own;
until they have submitted every score for a stage they see no one else's. A member who
declares a conflict with a candidate neither scores nor sees that candidate's scores.
Candidates' voluntary diversity monitoring is a separate table nothing in the panel's queries
joins (`NedMonitoring`), reached only through the insights service.
"""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.models import Account
from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.models import Organisation, OrganisationType
from talent.people.models import Person, Post


class BoardRole(enum.Enum):
    CHAIR = "chair"
    NED = "ned"
    SENIOR_INDEPENDENT_DIRECTOR = "senior_independent_director"
    DEPUTY_CHAIR = "deputy_chair"
    ICB_NON_EXECUTIVE_MEMBER = "icb_non_executive_member"

    @property
    def label(self) -> str:
        return {
            "chair": "Chair",
            "ned": "Non-executive director",
            "senior_independent_director": "Senior independent director",
            "deputy_chair": "Deputy chair",
            "icb_non_executive_member": "ICB non-executive member",
        }[self.value]


class AppointingBody(enum.Enum):
    NHS_ENGLAND = "nhs_england"
    COUNCIL_OF_GOVERNORS = "council_of_governors"

    @property
    def label(self) -> str:
        return {"nhs_england": "NHS England", "council_of_governors": "The trust's council of governors"}[self.value]

    @classmethod
    def for_organisation(cls, organisation_type: OrganisationType) -> "AppointingBody":
        """Foundation trusts' governors appoint their chair and NEDs; NHS England appoints to
        NHS trusts and ICBs."""
        if organisation_type is OrganisationType.FOUNDATION_TRUST:
            return cls.COUNCIL_OF_GOVERNORS
        return cls.NHS_ENGLAND


class BoardSkill(enum.Enum):
    """Skills a board looks for in a non-executive (no NHS-mandated list exists)."""

    FINANCE_AUDIT = "finance_audit"
    CLINICAL = "clinical"
    LEGAL = "legal"
    DIGITAL = "digital"
    WORKFORCE = "workforce"
    ESTATES = "estates"
    EQUALITY = "equality"
    COMMERCIAL = "commercial"
    PUBLIC_HEALTH = "public_health"
    SOCIAL_CARE = "social_care"

    @property
    def label(self) -> str:
        return {
            "finance_audit": "Finance and audit",
            "clinical": "Clinical quality and safety",
            "legal": "Legal and governance",
            "digital": "Digital and data",
            "workforce": "Workforce and culture",
            "estates": "Estates and capital",
            "equality": "Equality, diversity and inclusion",
            "commercial": "Commercial and partnerships",
            "public_health": "Public health and population health",
            "social_care": "Social care and local government",
        }[self.value]


class VacancyStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    SHORTLISTING = "shortlisting"
    INTERVIEWING = "interviewing"
    DECIDED = "decided"
    APPOINTED = "appointed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def tag_class(self) -> str:
        return {
            "draft": "nhsuk-tag--grey",
            "open": "nhsuk-tag--green",
            "closed": "nhsuk-tag--yellow",
            "shortlisting": "nhsuk-tag--blue",
            "interviewing": "nhsuk-tag--blue",
            "decided": "nhsuk-tag--purple",
            "appointed": "nhsuk-tag--white",
            "withdrawn": "nhsuk-tag--grey",
        }[self.value]


class NedVacancy(db.Model):
    __tablename__ = "ned_vacancies"
    __table_args__ = (CheckConstraint("term_months BETWEEN 12 AND 48", name="term_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The vacant board post it fills, when there is one.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    role: Mapped[BoardRole] = mapped_column(enum_column(BoardRole, "board_role"))
    appointing_body: Mapped[AppointingBody] = mapped_column(enum_column(AppointingBody, "appointing_body"))
    title: Mapped[str] = mapped_column(String(200))
    role_description: Mapped[str] = mapped_column(Text, default="")
    #: The Leadership Competency Framework's domain codes the role description covers.
    lcf_domains: Mapped[str] = mapped_column(String(200), default="")
    #: Required skills, as BoardSkill values separated by commas.
    required_skills: Mapped[str] = mapped_column(String(400), default="")
    remuneration_pounds: Mapped[int]
    time_commitment: Mapped[str] = mapped_column(String(100))
    term_months: Mapped[int]
    closing_on: Mapped[date]
    status: Mapped[VacancyStatus] = mapped_column(
        enum_column(VacancyStatus, "vacancy_status"), default=VacancyStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    post: Mapped[Post | None] = relationship()
    panel: Mapped[list["PanelMember"]] = relationship(back_populates="vacancy", order_by="PanelMember.id")
    criteria: Mapped[list["ScoringCriterion"]] = relationship(
        back_populates="vacancy", order_by="ScoringCriterion.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def skills(self) -> list[BoardSkill]:
        return [BoardSkill(value) for value in self.required_skills.split(",") if value]

    def policy_target(self) -> Target:
        return Target(
            organisation_id=self.organisation_id,
            region_id=self.organisation.region_id,
            panel_person_ids=frozenset(member.person_id for member in self.panel),
        )


class ApplicationStatus(enum.Enum):
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    NOT_SHORTLISTED = "not_shortlisted"
    PREFERRED = "preferred"
    RESERVE = "reserve"
    UNSUCCESSFUL = "unsuccessful"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "submitted": "Submitted",
            "shortlisted": "Shortlisted",
            "not_shortlisted": "Not shortlisted",
            "preferred": "Preferred candidate",
            "reserve": "Reserve candidate",
            "unsuccessful": "Unsuccessful",
            "withdrawn": "Withdrawn",
        }[self.value]


class CandidateScheme(enum.Enum):
    """Development schemes a candidate may be on, recorded because the pipeline reports them."""

    NONE = "none"
    NEXT_DIRECTOR = "next_director"
    ASPIRANT_CHAIR = "aspirant_chair"

    @property
    def label(self) -> str:
        return {
            "none": "Neither",
            "next_director": "NExT Director scheme",
            "aspirant_chair": "Aspirant Chair Programme",
        }[self.value]


class NedApplication(db.Model):
    __tablename__ = "ned_applications"
    __table_args__ = (UniqueConstraint("vacancy_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("ned_vacancies.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    scheme: Mapped[CandidateScheme] = mapped_column(
        enum_column(CandidateScheme, "candidate_scheme"), default=CandidateScheme.NONE
    )
    experience: Mapped[str] = mapped_column(Text)
    #: Skills claimed against the vacancy's required skills, as BoardSkill values.
    skills_claimed: Mapped[str] = mapped_column(String(400), default="")
    interests_declared: Mapped[str] = mapped_column(Text, default="")
    #: Eligibility declarations: not employed by the organisation; no grounds for disqualification.
    not_an_employee: Mapped[bool]
    not_disqualified: Mapped[bool]
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"), default=ApplicationStatus.SUBMITTED
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    vacancy: Mapped[NedVacancy] = relationship(lazy="joined")
    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def claimed(self) -> list[BoardSkill]:
        return [BoardSkill(value) for value in self.skills_claimed.split(",") if value]

    def policy_target(self) -> Target:
        # Whoever may see the vacancy's process sees its applications; the candidate their own.
        vacancy = self.vacancy.policy_target()
        return Target(
            person_id=self.person_id,
            organisation_id=vacancy.organisation_id,
            region_id=vacancy.region_id,
            panel_person_ids=vacancy.panel_person_ids,
        )


class NedMonitoring(db.Model):
    """A candidate's voluntary diversity monitoring for one application, kept apart: nothing a
    panel reads joins this table, and it reaches anyone only as suppressed counts."""

    __tablename__ = "ned_monitoring"

    application_id: Mapped[int] = mapped_column(ForeignKey("ned_applications.id", ondelete="CASCADE"), primary_key=True)
    wres_group: Mapped[str] = mapped_column(String(20), default="not_stated")
    disability: Mapped[str] = mapped_column(String(20), default="not_stated")
    sex: Mapped[str] = mapped_column(String(20), default="not_stated")
    age_band: Mapped[str] = mapped_column(String(20), default="not_stated")


class PanelRole(enum.Enum):
    CHAIR = "chair"
    MEMBER = "member"
    INDEPENDENT = "independent"

    @property
    def label(self) -> str:
        return {"chair": "Chair of the panel", "member": "Panel member", "independent": "Independent member"}[
            self.value
        ]


class PanelMember(db.Model):
    __tablename__ = "ned_panel_members"
    __table_args__ = (UniqueConstraint("vacancy_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("ned_vacancies.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    panel_role: Mapped[PanelRole] = mapped_column(enum_column(PanelRole, "panel_role"))
    #: Their general declaration of interests, made on joining the panel.
    interests_declared: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    vacancy: Mapped[NedVacancy] = relationship(back_populates="panel")
    person: Mapped[Person] = relationship(lazy="joined")

    def policy_target(self) -> Target:
        return self.vacancy.policy_target()


class PanelConflict(db.Model):
    """A panel member's declared conflict of interest with one candidate."""

    __tablename__ = "ned_conflicts"
    __table_args__ = (UniqueConstraint("panel_member_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_member_id: Mapped[int] = mapped_column(ForeignKey("ned_panel_members.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ned_applications.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScoringStage(enum.Enum):
    SHORTLISTING = "shortlisting"
    INTERVIEW = "interview"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ScoringCriterion(db.Model):
    __tablename__ = "ned_scoring_criteria"
    __table_args__ = (CheckConstraint("weight BETWEEN 1 AND 10", name="weight_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("ned_vacancies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int]
    position: Mapped[int]

    vacancy: Mapped[NedVacancy] = relationship(back_populates="criteria")


#: The scoring scale: 0 no evidence to 4 strong evidence.
SCORE_LABELS = {
    0: "No evidence",
    1: "Limited evidence",
    2: "Some evidence",
    3: "Good evidence",
    4: "Strong evidence",
}


class PanelScore(db.Model):
    __tablename__ = "ned_panel_scores"
    __table_args__ = (
        UniqueConstraint("panel_member_id", "application_id", "criterion_id", "stage"),
        CheckConstraint("score BETWEEN 0 AND 4", name="score_in_range"),
        Index("ix_ned_panel_scores_application", "application_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_member_id: Mapped[int] = mapped_column(ForeignKey("ned_panel_members.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("ned_applications.id"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("ned_scoring_criteria.id"))
    stage: Mapped[ScoringStage] = mapped_column(enum_column(ScoringStage, "scoring_stage"))
    score: Mapped[int]
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped["PanelMember"] = relationship()

    def policy_target(self) -> Target:
        return self.member.vacancy.policy_target()


class ScoreSubmission(db.Model):
    """A member has submitted every score for a stage: their scores are fixed from then on, and
    they may see the others'."""

    __tablename__ = "ned_score_submissions"
    __table_args__ = (UniqueConstraint("panel_member_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_member_id: Mapped[int] = mapped_column(ForeignKey("ned_panel_members.id"))
    stage: Mapped[ScoringStage] = mapped_column(enum_column(ScoringStage, "scoring_stage"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppointmentStatus(enum.Enum):
    CURRENT = "current"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class TermEnd(enum.Enum):
    """Why a term of office ended."""

    END_OF_TERM = "end_of_term"
    REAPPOINTED = "reappointed"
    BECAME_CHAIR = "became_chair"
    RESIGNED = "resigned"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {
            "end_of_term": "Term ended",
            "reappointed": "Reappointed for a further term",
            "became_chair": "Appointed chair of the same board",
            "resigned": "Resigned",
            "removed": "Removed from office",
        }[self.value]


class BoardAppointment(db.Model):
    """One term of office on a board: who, which post, from when to when, on what pay.

    A reappointment is a new row (the next term number) carrying the date of first appointment
    on that board, from which the Code of Governance's six- and nine-year tenure rules count.
    """

    __tablename__ = "ned_appointments"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="term_dates_in_order"),
        CheckConstraint("term_number >= 1", name="term_number_positive"),
        CheckConstraint("supplement_pounds >= 0", name="supplement_not_negative"),
        # One appointment from a vacancy, however many people press the button at once.
        UniqueConstraint("vacancy_id", name="uq_ned_appointments_vacancy"),
        Index(
            "uq_ned_appointments_current_post",
            "post_id",
            unique=True,
            sqlite_where=text("status = 'current'"),
            postgresql_where=text("status = 'current'"),
        ),
        Index("ix_ned_appointments_current_end", "status", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("ned_vacancies.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("ned_appointments.id"))
    role: Mapped[BoardRole] = mapped_column(enum_column(BoardRole, "appointment_board_role"))
    appointing_body: Mapped[AppointingBody] = mapped_column(enum_column(AppointingBody, "appointment_appointing_body"))
    #: First appointment to this board in any non-executive role: tenure counts from here.
    first_appointed_on: Mapped[date]
    #: When the current role on this board began (a NED who became chair: the chair's start).
    role_since: Mapped[date]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    term_number: Mapped[int] = mapped_column(default=1)
    remuneration_pounds: Mapped[int]
    #: A supplement for designated extra responsibilities (BRIEF 6.3), with what it is for.
    supplement_pounds: Mapped[int] = mapped_column(default=0)
    supplement_for: Mapped[str] = mapped_column(String(200), default="")
    #: The rigorous review a term past six years needs, and the appointing body's approved
    #: extension a term past nine years needs (reference and summary).
    tenure_review: Mapped[str] = mapped_column(Text, default="")
    extension_approval: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_column(AppointmentStatus, "appointment_status"), default=AppointmentStatus.CURRENT
    )
    ended_on: Mapped[date | None]
    end_reason: Mapped[TermEnd | None] = mapped_column(enum_column(TermEnd, "term_end"))
    end_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    post: Mapped[Post] = relationship()
    vacancy: Mapped[NedVacancy | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def years_on_board(self, on: date) -> float:
        return round((on - self.first_appointed_on).days / 365.25, 1)

    def policy_target(self) -> Target:
        return Target(
            person_id=self.person_id,
            organisation_id=self.organisation_id,
            region_id=self.organisation.region_id,
        )


class ScoreChange(db.Model):
    """A submitted score changed at moderation: from what, to what, by whom and why."""

    __tablename__ = "ned_score_changes"
    __table_args__ = (CheckConstraint("to_score BETWEEN 0 AND 4", name="to_score_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("ned_panel_scores.id", ondelete="CASCADE"), index=True)
    from_score: Mapped[int]
    to_score: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[Account] = relationship(lazy="joined")


class NedCandidate(db.Model):
    """Someone in the national NED candidate pool: people with a Talent account who want board
    roles, including NExT Director placements and Aspirant Chair Programme participants."""

    __tablename__ = "ned_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    scheme: Mapped[CandidateScheme] = mapped_column(
        enum_column(CandidateScheme, "pool_candidate_scheme"), default=CandidateScheme.NONE
    )
    #: What they bring to a board, in their words.
    summary: Mapped[str] = mapped_column(Text)
    #: BoardSkill values separated by commas.
    skills: Mapped[str] = mapped_column(String(400), default="")
    interested_in_chair: Mapped[bool] = mapped_column(default=False)
    #: False once they leave the pool; kept so their history with the team stays readable.
    active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def skill_list(self) -> list[BoardSkill]:
        return [BoardSkill(value) for value in self.skills.split(",") if value]

    def policy_target(self) -> Target:
        return Target(self.person_id, self.person.organisation_id, self.person.organisation.region_id)
