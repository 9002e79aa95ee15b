"""The standard NHS appraisal: one form for every band, with a board variant.

An appraisal belongs to an organisation's cycle and moves through explicit states. Behaviour
ratings point at the behaviour statements of the framework version in use when the appraisal
was created, so a new version of the standards never changes an appraisal already written.
"""

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.orgs.models import Organisation
from talent.people.models import Person
from talent.programmes.models import Programme
from talent.standards.models import BehaviourStatement, Framework


class AppraisalCycle(db.Model):
    __tablename__ = "appraisal_cycles"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year"),
        CheckConstraint("due_on >= opens_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The year the cycle is named by, for example 2026 for 2026/27.
    year: Mapped[int]
    opens_on: Mapped[date]
    due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @property
    def name(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"


class AppraisalVariant(enum.Enum):
    STANDARD = "standard"
    #: Chairs and non-executive directors: Leadership Competency Framework domains and scale, an
    #: EDI objective, and a fit and proper person assessment within 12 months of sign-off.
    BOARD = "board"


class AppraisalStatus(enum.Enum):
    DRAFT = "draft"
    SELF_ASSESSED = "self_assessed"
    MANAGER_ASSESSED = "manager_assessed"
    DISCUSSED = "discussed"
    SIGNED_OFF = "signed_off"
    SUBMITTED = "submitted"
    ENDORSED = "endorsed"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "self_assessed": "Self-assessment submitted",
            "manager_assessed": "Manager assessment submitted",
            "discussed": "Discussed",
            "signed_off": "Signed off",
            "submitted": "Submitted to the region",
            "endorsed": "Endorsed by the region",
        }[self.value]

    @property
    def tag_class(self) -> str:
        """The design system's tag colour: green once finished, blue while with someone."""
        if self.value in ("signed_off", "endorsed"):
            return "nhsuk-tag--green"
        return "nhsuk-tag--grey" if self.value == "draft" else "nhsuk-tag--blue"


#: Programmes named in an appraisal as meeting the appraisee's development needs.
appraisal_development_programmes = Table(
    "appraisal_development_programmes",
    db.metadata,
    Column("appraisal_id", ForeignKey("appraisals.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programmes.id"), primary_key=True),
)


class Appraisal(db.Model):
    __tablename__ = "appraisals"
    __table_args__ = (UniqueConstraint("cycle_id", "appraisee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("appraisal_cycles.id"), index=True)
    appraisee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    appraiser_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    variant: Mapped[AppraisalVariant] = mapped_column(enum_column(AppraisalVariant, "appraisal_variant"))
    #: The framework version whose statements and scale this appraisal uses.
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"))
    status: Mapped[AppraisalStatus] = mapped_column(enum_column(AppraisalStatus, "appraisal_status"), index=True)
    wellbeing_conversation: Mapped[str] = mapped_column(Text, default="")
    #: Kept so that the regional talent pipeline can use it later.
    career_conversation: Mapped[str] = mapped_column(Text, default="")
    development_needs: Mapped[str] = mapped_column(Text, default="")
    #: One overall rating per section, as a position on the framework's scale.
    objectives_rating: Mapped[int | None]
    behaviours_rating: Mapped[int | None]
    appraisee_disagreement: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Whoever looked at an escalated disagreement (the next manager up or HR) and what they decided.
    escalation_outcome: Mapped[str | None] = mapped_column(Text)
    escalation_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalation_resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    #: Board variant: the date of the last fit and proper person assessment.
    fppt_assessed_on: Mapped[date | None]
    discussed_on: Mapped[date | None]
    appraisee_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appraiser_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Board members of trusts and ICBs: sent to the region once signed off, then endorsed there.
    submitted_to_region_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    cycle: Mapped[AppraisalCycle] = relationship()
    appraisee: Mapped[Person] = relationship(foreign_keys=[appraisee_id])
    appraiser: Mapped[Person] = relationship(foreign_keys=[appraiser_id])
    framework: Mapped[Framework] = relationship()
    objectives: Mapped[list["Objective"]] = relationship(
        order_by="Objective.position", cascade="all, delete-orphan", back_populates="appraisal"
    )
    ratings: Mapped[list["BehaviourRating"]] = relationship(cascade="all, delete-orphan", back_populates="appraisal")
    development_programmes: Mapped[list[Programme]] = relationship(
        secondary=appraisal_development_programmes, order_by=Programme.title
    )
    amendments: Mapped[list["AppraisalAmendment"]] = relationship(
        order_by="AppraisalAmendment.amended_at", cascade="all, delete-orphan", back_populates="appraisal"
    )
    escalation_resolved_by: Mapped[Person | None] = relationship(foreign_keys=[escalation_resolved_by_id])
    endorsed_by: Mapped[Person | None] = relationship(foreign_keys=[endorsed_by_id])

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        return self.appraisee.policy_target()


class Objective(db.Model):
    """A SMART objective: what, how it will be measured, by when; then progress and outcome."""

    __tablename__ = "appraisal_objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date]
    is_edi: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(40))

    appraisal: Mapped[Appraisal] = relationship(back_populates="objectives")


class BehaviourRating(db.Model):
    """The appraisee's and the appraiser's rating of one behaviour statement, with evidence.

    Where they disagree, the appraiser's rating stands; the appraisee's stays on record."""

    __tablename__ = "behaviour_ratings"
    __table_args__ = (UniqueConstraint("appraisal_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("behaviour_statements.id"))
    self_rating: Mapped[int | None]
    self_evidence: Mapped[str] = mapped_column(Text, default="")
    manager_rating: Mapped[int | None]
    manager_evidence: Mapped[str] = mapped_column(Text, default="")

    appraisal: Mapped[Appraisal] = relationship(back_populates="ratings")
    statement: Mapped[BehaviourStatement] = relationship()


class AppraisalAmendment(db.Model):
    """A correction to a signed-off appraisal. The appraisal shows the corrected value; this row
    keeps what it said before, who changed it and why."""

    __tablename__ = "appraisal_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    previous_value: Mapped[str] = mapped_column(Text)
    corrected_value: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    amended_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    appraisal: Mapped[Appraisal] = relationship(back_populates="amendments")
    amended_by: Mapped[Person] = relationship()


class FeedbackRequest(db.Model):
    """A colleague, named by email address, asked for multi-source (360) feedback on an appraisal.

    Whether they have answered is kept here, but not when, and nothing links their answers back
    to this row (see :class:`FeedbackResponse`). An address with no Talent account is kept as
    asked, with no respondent, so that asking says nothing about who has an account; nobody can
    answer it unless that person is given an account with the address."""

    __tablename__ = "feedback_requests"
    __table_args__ = (UniqueConstraint("appraisal_id", "respondent_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    respondent_email: Mapped[str] = mapped_column(String(254))
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date]
    answered: Mapped[bool] = mapped_column(default=False)

    appraisal: Mapped[Appraisal] = relationship()
    respondent: Mapped[Person | None] = relationship(foreign_keys=[respondent_id])
    requested_by: Mapped[Person] = relationship(foreign_keys=[requested_by_id])

    def policy_target(self) -> Target:
        # Only the colleague asked may open it.
        return Target(person_id=self.respondent_id)


def _random_id() -> str:
    return secrets.token_hex(16)


class FeedbackResponse(db.Model):
    """One colleague's anonymous answers. It has no respondent, no time and a random id, so that
    neither its columns nor the order rows were written in tie it to a request."""

    __tablename__ = "feedback_responses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: Answers join the summary only in groups of at least FEEDBACK_SHOWN_FROM: reading it before
    #: and after one colleague answered would otherwise isolate that colleague's answers.
    released: Mapped[bool] = mapped_column(default=False)

    answers: Mapped[list["FeedbackAnswer"]] = relationship(cascade="all, delete-orphan")


class FeedbackAnswer(db.Model):
    """A rating of one behaviour statement in a feedback response; keyed by the response, not by a
    sequence, for the same reason."""

    __tablename__ = "feedback_answers"

    response_id: Mapped[str] = mapped_column(ForeignKey("feedback_responses.id", ondelete="CASCADE"), primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("behaviour_statements.id"), primary_key=True)
    rating: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")


class CompletionCount(db.Model):
    """People in post in one organisation whose appraisal for a cycle year stands at one state:
    the completion report's summary for regions and England, so that those views do not join
    every post to its appraisal on each visit. Counted again every 15 minutes, for this cycle
    year and the last; only the appraisal reports read it."""

    __tablename__ = "appraisal_completion_counts"
    __table_args__ = (UniqueConstraint("year", "organisation_id", "state", name="uq_appraisal_completion_counts_cell"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    year: Mapped[int]
    #: A key of ``appraisals.queries.COMPLETION_STATES``.
    state: Mapped[str] = mapped_column(String(20))
    headcount: Mapped[int]
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FairnessCount(db.Model):
    """Appraisals in one organisation's cycle for a year given one overall rating (``measure``:
    behaviours or objectives), whose appraisees gave one answer to one equality question: the
    fairness report's summary for regions and England, so that those views do not join every
    rated appraisal to the equality answers on each visit. Counted with the completion summary
    every 15 minutes, for this cycle year and the last; only the appraisal reports read it, and
    disclosure control runs on its sums as it did on live counts."""

    __tablename__ = "appraisal_fairness_counts"
    __table_args__ = (
        UniqueConstraint(
            "year",
            "measure",
            "characteristic",
            "organisation_id",
            "rating",
            "answer",
            name="uq_appraisal_fairness_counts_cell",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    year: Mapped[int]
    #: A key of ``appraisals.queries.FAIRNESS_MEASURES``.
    measure: Mapped[str] = mapped_column(String(20))
    #: A key of ``appraisals.queries.FAIRNESS_BREAKDOWNS``.
    characteristic: Mapped[str] = mapped_column(String(20))
    #: The position on the Healthcare Leadership Model scale.
    rating: Mapped[int]
    answer: Mapped[str] = mapped_column(String(40))
    headcount: Mapped[int]
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
