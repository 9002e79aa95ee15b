"""Programmes, their modules and accreditation, cohorts, enrolments, attendance, completion,
and the prerequisite rules that make completion count before a senior appointment."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.auth.targets import NATIONAL, Target
from talent.db import UTCDateTime, utcnow
from talent.enums import enum_column
from talent.extensions import db
from talent.people.models import Band, Person
from talent.standards.models import Standard


class ProgrammeKind(enum.Enum):
    INDUCTION = "induction"
    MID_CAREER = "mid_career"
    ACCREDITED_COURSE = "accredited_course"
    NATIONAL_LEADERSHIP = "national_leadership"

    @property
    def label(self) -> str:
        return {
            "induction": "National induction",
            "mid_career": "National mid-career programme",
            "accredited_course": "Accredited course",
            "national_leadership": "National leadership programme",
        }[self.value]


module_standards = Table(
    "module_standards",
    db.metadata,
    Column("module_id", ForeignKey("programme_modules.id", ondelete="CASCADE"), primary_key=True),
    Column("standard_id", ForeignKey("standards.id"), primary_key=True),
)


class Programme(db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short stable reference, for example "MID-CAREER".
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ProgrammeKind] = mapped_column(enum_column(ProgrammeKind, "programme_kind"))
    provider: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    modules: Mapped[list["ProgrammeModule"]] = relationship(
        back_populates="programme", order_by="ProgrammeModule.position", cascade="all, delete-orphan"
    )
    accreditations: Mapped[list["Accreditation"]] = relationship(
        back_populates="programme", order_by="Accreditation.valid_from", cascade="all, delete-orphan"
    )
    cohorts: Mapped[list["Cohort"]] = relationship(back_populates="programme", order_by="Cohort.starts_on")

    @property
    def needs_accreditation(self) -> bool:
        """National programmes count as they are; an accredited course counts only while accredited."""
        return self.kind is ProgrammeKind.ACCREDITED_COURSE

    def policy_target(self) -> Target:
        return NATIONAL


class ProgrammeModule(db.Model):
    __tablename__ = "programme_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]

    programme: Mapped[Programme] = relationship(back_populates="modules")
    #: The standards this module develops, in the framework version it was mapped against.
    standards: Mapped[list[Standard]] = relationship(secondary=module_standards, order_by=Standard.code)


class Accreditation(db.Model):
    """A programme accredited by a body for a period; ``valid_to`` is the last day it holds."""

    __tablename__ = "accreditations"
    __table_args__ = (CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    programme: Mapped[Programme] = relationship(back_populates="accreditations")

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Cohort(db.Model):
    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    capacity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="cohorts")

    def policy_target(self) -> Target:
        return NATIONAL


class EnrolmentStatus(enum.Enum):
    #: Given a programme (induction for new joiners) but not yet a place on a cohort.
    ASSIGNED = "assigned"
    ENROLLED = "enrolled"
    WAITING = "waiting"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"

    @property
    def label(self) -> str:
        return {
            "assigned": "To book",
            "enrolled": "Enrolled",
            "waiting": "On the waiting list",
            "deferred": "Deferred",
            "withdrawn": "Withdrawn",
            "completed": "Completed",
            "not_completed": "Did not complete",
        }[self.value]


#: Statuses that hold a person's one open enrolment on a programme.
OPEN_STATUSES = (EnrolmentStatus.ASSIGNED, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
_OPEN_SQL = "status IN ('assigned', 'enrolled', 'waiting')"


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        # One open enrolment per person and programme, enforced by the database itself.
        Index(
            "uq_enrolments_open",
            "person_id",
            "programme_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_enrolments_cohort_status", "cohort_id", "status"),
        CheckConstraint("status NOT IN ('enrolled', 'waiting') OR cohort_id IS NOT NULL", name="place_needs_cohort"),
        CheckConstraint("status <> 'completed' OR completed_on IS NOT NULL", name="completion_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(enum_column(EnrolmentStatus, "enrolment_status"))
    #: When the person joined the waiting list; the earliest is offered the next place.
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessment_result: Mapped[str | None] = mapped_column(String(100))
    completed_on: Mapped[date | None]
    evidence: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    programme: Mapped[Programme] = relationship()
    cohort: Mapped[Cohort | None] = relationship()
    person: Mapped[Person] = relationship()
    attendance: Mapped[list["Attendance"]] = relationship(
        order_by="Attendance.session_on", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def policy_target(self) -> Target:
        return self.person.policy_target()


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    session_on: Mapped[date]
    attended: Mapped[bool]


rule_programmes = Table(
    "prerequisite_rule_programmes",
    db.metadata,
    Column("rule_id", ForeignKey("prerequisite_rules.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programmes.id"), primary_key=True),
)


class PrerequisiteRule(db.Model):
    """ "To hold a post at ``min_band`` or above you need every programme listed and, if
    ``required_level`` is set, the management standards at that level, valid on the post's
    start date." Applies to moves into a post starting on or after ``effective_from``."""

    __tablename__ = "prerequisite_rules"
    __table_args__ = (
        CheckConstraint("required_level IS NULL OR (required_level BETWEEN 1 AND 5)", name="level_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Board roles (NED, chair) rank above VSM, so "8c or above" includes them.
    min_band: Mapped[Band] = mapped_column(enum_column(Band, "band"))
    required_level: Mapped[int | None]
    effective_from: Mapped[date]
    #: Rules are retired, not deleted, so past decisions can be explained.
    retired_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programmes: Mapped[list[Programme]] = relationship(secondary=rule_programmes, order_by=Programme.title)

    def policy_target(self) -> Target:
        return NATIONAL
